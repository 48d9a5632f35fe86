"""Steps from library results: a graph's forward and backward sweeps, a layer's forward pass.

These turn what the core computed into :class:`~symnn.derivation.Step` lists, so the catalog's
derivations are built from the mathematics rather than typed in.

>>> from symnn.lecture_graphs import apples
>>> [str(s.rhs) for s in forward_steps(apples())]
['count*price', '100*2', '200', 'subtotal*tax', '200*(11/10)', '220']
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Derivative, Symbol

from symnn.derivation import Step, Text, equation
from symnn.graph import Graph, Sweep
from symnn.numbers import evaluate, terminating_decimal


def forward_steps(graph: Graph) -> list[Step]:
    """Return, for every operation node, name = rule (with values) = value."""
    steps = []
    for node in graph.nodes:
        if node.kind != "op":
            continue
        name = Symbol(graph.name(node))
        definition = graph.definition(node)
        steps.append(Step(name, definition, "definition"))
        with_values = _unevaluated(node.op.forward, [p.value for p in node.parents])
        if with_values.doit() != definition:
            steps.append(Step(name, with_values, "substitution"))
            if node.value != with_values.doit() or node.value.is_number:
                steps.append(_exact_or_decimal(name, node.value, "simplify"))
    return steps


def _unevaluated(rule: Any, values: list) -> Any:
    """The rule with the values written in, not yet computed: 100 · 2, not 200."""
    dummies = [sympy.Dummy() for _ in values]
    expr = rule(*dummies)
    with sympy.evaluate(False):
        return expr.xreplace({d: sympy.UnevaluatedExpr(v) for d, v in zip(dummies, values)})


def _exact_or_decimal(lhs: Any, value: Any, reason: str) -> Step:
    """lhs = value, written as a decimal when that is exact (2.2 rather than 11/5)."""
    text = None if value.is_Integer else terminating_decimal(value, 15)
    if text is not None:
        digits = len(text.replace("-", "").replace(".", "").lstrip("0"))
        return Step(lhs, sympy.Float(text, max(digits, 1)), reason, "=")
    return Step(lhs, value, reason)


def backward_steps(graph: Graph, sweep: Sweep) -> list[Step]:
    """Return, for every edge of the backward sweep, d out/d parent = upstream × local."""
    out = Symbol(graph.name(graph.output))
    steps = []
    for edge in sweep.edges:
        parent = Symbol(edge.parent)
        node = Symbol(edge.node)
        reason = {"+": "add_node", "×": "mul_node"}.get(_label(graph, edge.node), "local")
        if node != out:
            chain = sympy.Mul(sympy.UnevaluatedExpr(Derivative(out, node)),
                              sympy.UnevaluatedExpr(Derivative(node, parent)), evaluate=False)
            steps.append(Step(Derivative(out, parent), chain, "chain_rule"))
        product = sympy.Mul(sympy.UnevaluatedExpr(edge.upstream_value),
                            sympy.UnevaluatedExpr(edge.local_value), evaluate=False)
        steps.append(Step(Derivative(out, parent), product, reason))
        steps.append(_exact_or_decimal(Derivative(out, parent), edge.product_value, "simplify"))
    by_parent: dict[str, list] = {}
    for edge in sweep.edges:
        by_parent.setdefault(edge.parent, []).append(edge.product_value)
    for parent, products in by_parent.items():
        if len(products) > 1:
            lhs = Derivative(out, Symbol(parent))
            steps.append(Step(lhs, sympy.Add(*products, evaluate=False), "paths"))
            steps.append(_exact_or_decimal(lhs, sweep.gradient[parent], "simplify"))
    return steps


def _label(graph: Graph, name: str) -> str:
    for node in graph.nodes:
        if graph.name(node) == name and node.kind == "op":
            return node.op.label
    return ""


def decimal_step(lhs: Any, value: Any, digits: int = 8, note: Text | None = None) -> Step:
    """Return ``lhs ≈ value`` with ``value`` to ``digits`` significant digits (a Matrix too)."""
    if isinstance(value, sympy.MatrixBase):
        approx = value.applyfunc(lambda v: evaluate(v, digits))
    else:
        approx = evaluate(value, digits)
    if approx == value:
        return equation(lhs, value, "numeric", note)
    return Step(lhs, approx, "numeric", "≈", note)
