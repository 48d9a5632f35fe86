"""Steps from library results: a graph's forward and backward sweeps, decimals of values.

These turn what the core computed into :class:`~symnn.derivation.Step` lists, so derivations
are built from the mathematics rather than typed in.  Each step's reason says which rule and
which values it uses.

>>> from symnn.lecture_graphs import apples
>>> from symnn.render.printer import text
>>> [[text(r) for r in s.rhs] for s in forward_steps(apples())]
[['price*count', '100*2', '200'], ['subtotal*tax', '200*1.1', '220']]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import Derivative, Symbol

from symnn import arrays, rounding, values
from symnn.derivation import Step, Text
from symnn.graph import Graph, Sweep
from symnn.numbers import terminating_decimal

SHOWN_DIGITS = 4  # significant digits of a value not asked to a number of decimals
SHORT_FORM = 4  # operations in an exact form shown beside its decimal (e^{-3}, not a long one)

_RULES = {
    "+": Text("add node", "덧셈 노드"),
    "×": Text("multiply node", "곱셈 노드"),
}


def _back_reason(op: str, upstream: Any, other: str | None, local: Any) -> Text:
    """The rule a node applies backward, with the values it uses: an add node passes the
    upstream gradient on; a multiply node multiplies it by its other input."""
    if op == "+":
        return Text(f"add node: passes {upstream} on", f"덧셈 노드: 상류 값({upstream})을 그대로")
    if op == "×":
        named = f"${other} = {local}$" if other else f"{local}"
        return Text(f"multiply node: times the other input, {named}",
                    f"곱셈 노드: 다른 입력({named})을 곱함")
    return Text("local derivative", "국소미분")


def _other_input(graph: Graph, node_name: str, parent: str) -> str | None:
    """The name of the other input of a two-input node, when it is a letter (c, d) rather
    than a word that the page shows in its own language."""
    for node in graph.nodes:
        if node.kind == "op" and graph.name(node) == node_name:
            others = [graph.name(p) for p in node.parents
                      if p.kind != "const" and graph.name(p) != parent]
            if len(others) == 1 and len(others[0]) == 1:
                return others[0]
    return None


def shown(value: Any, places: int = 8) -> Any:
    """A number as the lecture writes it: 2.2 rather than 11/5 (a Value that is not rational
    to ``places`` decimals), as a SymPy value to print."""
    if isinstance(value, values.Value):
        if value.exact is None:
            return number(rounded(value, places))
        value = sympy.Rational(value.exact.numerator, value.exact.denominator)
    value = sympy.sympify(value)
    text = None if value.is_Integer else terminating_decimal(value, 15)
    if text is not None:
        digits = len(text.replace("-", "").replace(".", "").lstrip("0"))
        return sympy.Float(text, max(digits, 1))
    return value


def forward_steps(graph: Graph) -> list[Step]:
    """Return, for every operation node, name = rule = rule with the values = value."""
    steps = []
    for node in graph.nodes:
        if node.kind != "op":
            continue
        name = Symbol(graph.name(node))
        symbols = [graph.symbol(p) for p in node.parents]
        rule = _RULES.get(node.op.label, Text("the node's rule", "노드의 규칙"))
        if node.number is None:
            steps.append(Step(name, node.written(symbols), rule))
            continue
        numbers = [shown(p.number) for p in node.parents]
        steps.append(Step(name, (node.written(symbols), node.written(numbers),
                                 shown(node.number)), rule))
    return steps


def backward_steps(graph: Graph, sweep: Sweep) -> list[Step]:
    """Return, for every node of the reverse sweep, d out/d node by the chain rule: the sum
    over the nodes it feeds of d out/d child · d child/d node, then those numbers, then the
    value.  A node reached along two paths shows both contributions, named."""
    out = Symbol(graph.name(graph.output))
    steps = [Step(Derivative(out, out), sympy.S.One, Text("start the backward pass with 1",
                                                           "역전파는 1에서 시작"))]
    by_parent: dict[str, list] = {}
    for edge in sweep.edges:
        by_parent.setdefault(edge.parent, []).append(edge)
    labels = {graph.name(n): n.op.label for n in graph.nodes if n.kind == "op"}
    for parent, edges in by_parent.items():
        lhs = Derivative(out, Symbol(parent))
        chain = [sympy.Mul(sympy.UnevaluatedExpr(Derivative(out, Symbol(e.node))),
                           sympy.UnevaluatedExpr(Derivative(Symbol(e.node), Symbol(parent))),
                           evaluate=False) if Symbol(e.node) != out else
                 sympy.UnevaluatedExpr(Derivative(out, Symbol(parent))) for e in edges]
        numbers = [sympy.Mul(sympy.UnevaluatedExpr(shown(e.upstream_value)),
                             sympy.UnevaluatedExpr(shown(e.local_value)), evaluate=False)
                   for e in edges]
        if len(edges) == 1:
            edge = edges[0]
            from symnn.render.printer import text as _text  # a number as the page writes it

            reason = _back_reason(labels.get(edge.node, ""), _text(shown(edge.upstream_value)),
                                  _other_input(graph, edge.node, parent),
                                  _text(shown(edge.local_value)))
            chain_part = chain[0]
        else:
            through = ", ".join(e.node for e in edges)
            reason = Text(f"add the paths through ${through}$",
                          f"${through}$를 거치는 경로의 합")
            chain_part = sympy.Add(*chain, evaluate=False)
        number_part = sympy.Add(*numbers, evaluate=False) if len(numbers) > 1 else numbers[0]
        rhs = (number_part, shown(sweep.numbers[parent])) \
            if Symbol(edges[0].node) == out and len(edges) == 1 else \
            (chain_part, number_part, shown(sweep.numbers[parent]))
        steps.append(Step(lhs, rhs, reason))
    return steps


def tangent_steps(graph: Graph, sweep: Sweep) -> list[Step]:
    """Return, for every operation node of a forward-mode pass (:meth:`Graph.tangents`),
    d node/d x as the sum over its inputs of d node/d input · d input/d x, then those
    numbers, then the value: the derivative carried forward from the input x.

    >>> from symnn.lecture_graphs import sum_times_successor
    >>> from symnn.render.printer import text
    >>> g = sum_times_successor()
    >>> [text(s.rhs[-1]) for s in tangent_steps(g, g.tangents("b"))[1:]]
    ['1', '1', '6']
    """
    x = Symbol(sweep.wrt)
    into: dict[str, list] = {}
    for edge in sweep.edges:
        into.setdefault(edge.node, []).append(edge)
    u = sympy.UnevaluatedExpr
    steps = [Step(Derivative(x, x), sympy.S.One, Text("start the forward pass with 1",
                                                      "순방향 미분은 1에서 시작"))]
    for node in graph.nodes:
        name = graph.name(node)
        if node.kind != "op" or name not in into:
            continue
        edges = into[name]
        chain = sympy.Add(*[sympy.Mul(u(Derivative(Symbol(name), Symbol(e.parent))),
                                      u(Derivative(Symbol(e.parent), x)), evaluate=False)
                            for e in edges], evaluate=False)
        numbers = sympy.Add(*[sympy.Mul(u(shown(e.local_value)), u(shown(e.upstream_value)),
                                        evaluate=False) for e in edges], evaluate=False)
        reason = Text("local derivative times the input's derivative", "국소미분 × 입력의 미분") \
            if len(edges) == 1 else Text("add what flows in along each edge",
                                         "들어오는 간선마다 더함")
        steps.append(Step(Derivative(Symbol(name), x), (chain, numbers,
                                                        shown(sweep.numbers[name])), reason))
    return steps


class Quotient(sympy.Expr):
    """numerator / denominator written as it is, never simplified: C e^a / (C Σ e^a) stays.

    >>> from symnn.render.printer import latex
    >>> C, a = sympy.symbols("C a")
    >>> print(latex(Quotient(C * sympy.exp(a), C * (1 + sympy.exp(a)))))
    \\frac{C\\,e^{a}}{C\\,\\left(1 + e^{a}\\right)}
    """

    def _latex(self, printer: Any) -> str:
        top, bottom = (printer._print(a) for a in self.args)
        return rf"\frac{{{top}}}{{{bottom}}}"

    def _sympystr(self, printer: Any) -> str:
        top, bottom = (printer._print(a) for a in self.args)
        return f"({top})/({bottom})"

    def doit(self, **hints: Any) -> sympy.Expr:
        return self.args[0] / self.args[1]


def fraction(numerator: Any, denominator: Any) -> sympy.Expr:
    """numerator / denominator written as it is (a :class:`Quotient`)."""
    return Quotient(sympy.sympify(numerator), sympy.sympify(denominator))


def number(text: str) -> sympy.Expr:
    """A decimal string as a SymPy Float that prints exactly as written (0.7710107, not
    0.77101070).

    >>> str(number("0.7710107")), str(number("1.21402696"))
    ('0.7710107', '1.21402696')
    """
    if "." not in text and "e" not in text:
        return sympy.Integer(text)
    digits = len(text.lstrip("-").split("e")[0].replace(".", "").lstrip("0")) or 1
    return sympy.Float(text, digits)


def rounded(value: Any, places: int) -> str:
    """A value to ``places`` decimals, zeros at the end dropped (as NumPy prints it); past
    1e15, to ``places`` significant digits in scientific notation (1.970071114e+434).

    >>> rounded(sympy.Rational(1, 3), 4), rounded(sympy.exp(1000), 4)
    ('0.3333', '1.97e+434')
    """
    v = arrays.value_of(value)
    if abs(float(v)) >= 1e15:
        return v.decimal(max(places, 1))
    text = rounding.fixed(v, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_step(lhs: Any, value: Any, places: int = 8, reason: Any = "numeric",
                 note: Text | None = None) -> Step:
    """Return ``lhs ≈ value`` with the value (a Value, array of Values, or SymPy number or
    matrix) to ``places`` decimals, as NumPy prints it; ``=`` when that decimal is exact."""
    return written_step(lhs, value, lambda v: rounded(v, places), reason, note)


def written_step(lhs: Any, value: Any, write: Any, reason: Any = "numeric",
                 note: Text | None = None) -> Step:
    """Return ``lhs ≈ value`` with each entry of the value (a Value, array of Values, or SymPy
    number or matrix) as ``write`` writes it (a decimal string); ``=`` when every written
    decimal is the exact value.

    >>> written_step(sympy.Symbol("y"), sympy.Rational(1, 4), lambda v: v.decimal(2)).relation
    '='
    """
    if isinstance(value, sympy.MatrixBase):
        value = arrays.array(value)
    entries = list(value.ravel()) if hasattr(value, "shape") else [arrays.value_of(value)]
    texts = [write(v) for v in entries]
    exact = all(v.exact is not None and Fraction(t) == v.exact for v, t in zip(entries, texts))
    numbers = [sympy.Rational(t) if v.exact is not None and Fraction(t) == v.exact
               else number(t) for v, t in zip(entries, texts)]
    shown = sympy.Matrix(value.shape[0], value.shape[1], numbers) \
        if hasattr(value, "shape") else numbers[0]
    return Step(lhs, shown, reason, "=" if exact else "≈", note)


def line_chain(line: Any, places: int | None = None, width: int | None = None) -> tuple:
    """Return ``formula = numbers = value (≈ decimal)`` for a hand calculation's line
    (:class:`symnn.handcalc.Line`): the value exact where it is short, its decimal to
    ``places`` decimals when given (zeros kept: 0.0420), else to 4 significant digits; the
    numbers put in only when they and the formula take at most ``width`` characters, if
    given."""
    from symnn.render.printer import text

    parts: list[Any] = [line.formula]
    if line.substituted is not None and (width is None or len(text(line.formula)) +
                                         len(text(line.substituted)) <= width):
        parts.append(line.substituted)  # numbers put in, where they fit on the line
    exact, approx = value_links(line.value, places)
    if exact is not None and exact != parts[-1]:
        parts.append(exact)
    if approx is not None:
        parts.append(("≈", approx))
    return tuple(parts)


def value_links(v: Any, places: int | None = None) -> tuple[Any, Any]:
    """Return (exact form or None, decimal form or None) of a Value or an array of Values,
    as a derivation shows it: the exact form where it is short (0.25, 1/3, e^{-3}); the
    decimal where the exact form is not a decimal within ``places``.

    >>> value_links(values.Value("0.25")), value_links(values.exp(values.Value(-3)))
    ((0.25, None), (exp(-3), 0.04979))
    """
    entries = list(v.ravel()) if isinstance(v, np.ndarray) else [v]
    forms = [_exact(x) for x in entries]
    exact_all = all(f is not None for f in forms)
    # An exact decimal within the places asked needs no decimal beside it: 0.05, not
    # 0.05 ≈ 0.050000.
    written = [None if x.exact is None else terminating_decimal(
        sympy.Rational(x.exact.numerator, x.exact.denominator), 15) for x in entries]
    done = all(t is not None and (places is None or "." not in t or
                                  len(t.split(".")[1]) <= places) for t in written)
    approx = None
    if not done:
        approx = [number(rounding.fixed(x, places)) if places is not None else
                  number(x.decimal(SHOWN_DIGITS)) for x in entries]
    if isinstance(v, np.ndarray):
        shape = v.shape
        return (sympy.ImmutableMatrix(*shape, forms) if exact_all else None,
                None if approx is None else sympy.ImmutableMatrix(*shape, approx))
    return (forms[0], None if approx is None else approx[0])


def _exact(x: Any) -> Any:
    """A value's exact form when short: a terminating decimal (0.25), a small fraction
    (1/3) or a short closed form (e^{-3}); else None."""
    if x.exact is not None:
        q = sympy.Rational(x.exact.numerator, x.exact.denominator)
        text = terminating_decimal(q, 15)
        if text is not None:
            return number(text)
        return q if len(str(q.p)) <= 3 and len(str(q.q)) <= 3 else None
    return x.form(SHORT_FORM)
