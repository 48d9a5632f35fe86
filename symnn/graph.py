"""Computational graphs: exact forward values, local derivatives, and both sweeps of the chain rule.

Every operation keeps its forward rule and its local derivative side by side (in :data:`OPS`),
with the rule in words as the lecture gives it.  A graph runs forward once; ``backward`` then
sends the derivative of the output back through every node in one pass (reverse mode), while
``forward_mode`` needs one pass per input.  Both count their multiplications.

>>> price, count, tax = Node.input("price", 100), Node.input("count", 2), Node.input("tax", 1.1)
>>> g = Graph(price * count * tax)
>>> g.output.value
220
>>> sweep = g.backward()
>>> sweep.gradient["price"], sweep.gradient["count"], sweep.gradient["tax"]
(11/5, 110, 200)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sympy
from sympy import Expr, Symbol

from symnn import values
from symnn.activations import exp_of, log_of, relu, sigmoid, step, tanh
from symnn.display import Displayable
from symnn.errors import GraphError, SymnnError
from symnn.numbers import exact, terminating_decimal
from symnn.parse import Tree, by_name, parse


@dataclass(frozen=True)
class Op:
    """One operation: how it is drawn, its forward rule, its local derivatives, its rule in words.

    ``local(*inputs, out)`` gives d out / d input for each input.
    """

    label: str
    forward: Callable[..., Expr]
    local: Callable[..., tuple[Expr, ...]]
    rule: str
    rule_ko: str

    @property
    def arity(self) -> int:
        """Return how many inputs the operation takes."""
        return self.local.__code__.co_argcount - 1


OPS: dict[str, Op] = {
    "add": Op("+", lambda a, b: a + b,
              lambda a, b, out: (sympy.S.One, sympy.S.One),
              "an add node passes the upstream derivative on unchanged",
              "덧셈 노드는 상류의 미분값을 그대로 흘려보낸다"),
    "sub": Op("-", lambda a, b: a - b,
              lambda a, b, out: (sympy.S.One, -sympy.S.One),
              "a subtract node passes it on, negated towards the right input",
              "뺄셈 노드는 그대로, 오른쪽 입력으로는 부호를 바꿔 흘려보낸다"),
    "mul": Op("×", lambda a, b: a * b,
              lambda a, b, out: (b, a),
              "a multiply node multiplies it by the other input",
              "곱셈 노드는 입력신호를 바꾼 값을 곱한다"),
    "div": Op("÷", lambda a, b: a / b,
              lambda a, b, out: (1 / b, -a / b**2),
              "a divide node: d(a/b)/da = 1/b, d(a/b)/db = -a/b²",
              "나눗셈 노드: d(a/b)/da = 1/b, d(a/b)/db = -a/b²"),
    "neg": Op("−", lambda a: -a,
              lambda a, out: (-sympy.S.One,),
              "a negate node flips the sign",
              "부호 노드는 부호를 바꾼다"),
    "power": Op("^", lambda a, b: a**b,
                lambda a, b, out: (b * a ** (b - 1), out * log_of(a)),
                "a power node: d(a^b)/da = b a^(b-1), d(a^b)/db = a^b log a",
                "거듭제곱 노드: d(a^b)/da = b a^(b-1), d(a^b)/db = a^b log a"),
    "exp": Op("exp", exp_of,
              lambda a, out: (out,),
              "an exp node multiplies by its own output, exp(a)",
              "exp 노드는 자신의 출력 exp(a)를 곱한다"),
    "log": Op("log", log_of,
              lambda a, out: (1 / a,),
              "a log node multiplies by 1/a",
              "log 노드는 1/a를 곱한다"),
    "sigmoid": Op("σ", sigmoid,
                  lambda a, out: (out * (1 - out),),
                  "a sigmoid node multiplies by y(1 - y), y its output",
                  "시그모이드 노드는 y(1 - y)를 곱한다 (y는 출력)"),
    "relu": Op("ReLU", relu,
               lambda a, out: (step(a),),
               "a ReLU node passes it on where a > 0 and stops it where a <= 0",
               "ReLU 노드는 a > 0이면 그대로, a <= 0이면 0을 흘려보낸다"),
    "step": Op("step", step,
               lambda a, out: (sympy.S.Zero,),
               "a step node passes nothing back (its derivative is 0)",
               "계단 노드는 0을 흘려보낸다 (미분값이 0)"),
    "tanh": Op("tanh", tanh,
               lambda a, out: (1 - out**2,),
               "a tanh node multiplies by 1 - y², y its output",
               "tanh 노드는 1 - y²를 곱한다 (y는 출력)"),
}


def _pow_op(n: Expr) -> Op:
    label = {2: "^2", 3: "^3", sympy.Rational(1, 2): "√"}.get(n, f"^{n}")
    slope = n * Symbol("a") ** (n - 1)
    return Op(label, lambda a: a**n, lambda a, out: (n * a ** (n - 1),),
              f"a {label} node multiplies by d(a^{n})/da = {slope}",
              f"{label} 노드는 d(a^{n})/da = {slope}를 곱한다")


MAX_EXPONENT = 10_000
MAX_DIGITS = 4_000


def _check_power(base: values.Value, exponent: Expr) -> None:
    """Refuse a power whose exact value would have thousands of digits (9**9**9): the
    exponent's size and the base's magnitude are known before anything is computed."""
    if not exponent.is_Rational:
        return
    if abs(exponent.p) > MAX_EXPONENT:
        raise GraphError(f"exponent {exponent} is too large (the limit is {MAX_EXPONENT})")
    if base.exact is not None and base.exact != 0:
        digits = max(abs(base.exact.numerator).bit_length(),
                     base.exact.denominator.bit_length()) * 0.30103
        if digits * abs(exponent) > MAX_DIGITS:
            raise GraphError(f"the power would have over {MAX_DIGITS} digits")


def _rule_text(op: Op, parents: tuple) -> str:
    def shown(p: Node) -> str:
        if p.kind == "op":
            return "..."
        return p.number.decimal(6) if p.number is not None else str(p.value)

    return f"{op.label}(" + ", ".join(shown(p) for p in parents) + ")"


class Node:
    """A node of a computational graph: an input, a constant, or an operation on nodes.

    Build graphs with Python operators and :meth:`apply`; ``value`` is exact (symbolic for an
    input given no value).

    >>> x, y = Node.input("x"), Node.input("y")
    >>> t = (x + y).named("t")
    >>> (t ** 2).value
    (x + y)**2
    """

    def __init__(self, kind: str, parents: tuple[Node, ...] = (), value: Any = None,
                 name: str | None = None, op: Op | None = None):
        self.kind = kind
        self.parents = parents
        self.name = name
        self.op = op
        self.number: values.Value | None = None  # the value, computed once, when it is a number
        self._symbolic: Expr | None = None
        if kind == "input":
            if value is None:
                self._symbolic = Symbol(name)
            else:
                self.number = values.Value(exact(value, f"input {name}"))
        elif kind == "const":
            self.number = values.Value(exact(value, "constant"))
        elif all(p.number is not None for p in parents):
            inputs = [p.number for p in parents]
            if op.label.startswith("^") or op.label == "√":
                exponent = parents[1].value if len(parents) > 1 else \
                    sympy.sympify(op.label[1:] or "1/2")
                _check_power(parents[0].number, exponent)
            try:
                self.number = op.forward(*inputs)
            except SymnnError as e:
                raise GraphError(f"at the node {_rule_text(op, parents)}: {e}") from None
        else:
            self._symbolic = op.forward(*(p.value for p in parents))

    @property
    def value(self) -> Expr:
        """Return the node's exact value (a SymPy number or, with symbolic inputs, expression)."""
        if self.number is not None:
            return self.number.form()
        return self._symbolic

    @classmethod
    def input(cls, name: str, value: Any = None) -> Node:
        """Return an input node called ``name``, with an exact value or symbolic."""
        if not isinstance(name, str) or not name.isidentifier():
            raise GraphError(f"input name {name!r} must be a name like x or price")
        return cls("input", (), value, name)

    def named(self, name: str) -> Node:
        """Give this node a name (such as t, c or d) and return it."""
        self.name = name
        return self

    def apply(self, function: str) -> Node:
        """Return the node of ``function`` (exp, log, sigmoid, relu, step, tanh) of this node."""
        if function not in OPS or OPS[function].arity != 1:
            unary = [k for k, op in OPS.items() if op.arity == 1 and k != "neg"]
            raise GraphError(f"{function!r} is not a graph function (one of {', '.join(unary)})")
        return Node("op", (self,), op=OPS[function])

    def written(self, parts: list[Any]) -> Any:
        """Return this operation over ``parts`` (symbols or numbers) in the order written,
        not computed: x·x stays x·x, price·count stays price·count, 100·2 stays 100·2.

        >>> x = Node.input("x")
        >>> sympy.sstr((x * x).written([Symbol("x"), Symbol("x")]), order="none")
        'x*x'
        """
        label = self.op.label
        args = [sympy.UnevaluatedExpr(p) if isinstance(p, sympy.Number) else p for p in parts]
        if label == "+":
            return sympy.Add(*args, evaluate=False)
        if label == "×":
            return sympy.Mul(*args, evaluate=False)
        if label == "-":
            return sympy.Add(args[0], sympy.Mul(-1, args[1], evaluate=False), evaluate=False)
        if label == "÷":
            return sympy.Mul(args[0], sympy.Pow(args[1], -1, evaluate=False), evaluate=False)
        with sympy.evaluate(False):
            return self.op.forward(*args)

    def __repr__(self) -> str:
        label = self.name or (self.op.label if self.op else str(self.value))
        return f"Node({label} = {self.value})"

    def _binary(self, other: Any, key: str, reverse: bool = False) -> Node:
        other = other if isinstance(other, Node) else Node("const", value=other)
        parents = (other, self) if reverse else (self, other)
        return Node("op", parents, op=OPS[key])

    def __add__(self, other: Any) -> Node:
        return self._binary(other, "add")

    def __radd__(self, other: Any) -> Node:
        return self._binary(other, "add", reverse=True)

    def __sub__(self, other: Any) -> Node:
        return self._binary(other, "sub")

    def __rsub__(self, other: Any) -> Node:
        return self._binary(other, "sub", reverse=True)

    def __mul__(self, other: Any) -> Node:
        return self._binary(other, "mul")

    def __rmul__(self, other: Any) -> Node:
        return self._binary(other, "mul", reverse=True)

    def __truediv__(self, other: Any) -> Node:
        return self._binary(other, "div")

    def __rtruediv__(self, other: Any) -> Node:
        return self._binary(other, "div", reverse=True)

    def __neg__(self) -> Node:
        return Node("op", (self,), op=OPS["neg"])

    def __pow__(self, other: Any) -> Node:
        if isinstance(other, Node):
            if other.kind == "const":
                return Node("op", (self,), op=_pow_op(other.value))
            return self._binary(other, "power")
        return Node("op", (self,), op=_pow_op(exact(other, "exponent")))

    def __rpow__(self, other: Any) -> Node:
        return self._binary(other, "power", reverse=True)


@dataclass(frozen=True)
class Edge:
    """One use of the chain rule: the derivative flowing from ``node`` back to ``parent``.

    ``upstream`` is d output / d node, ``local`` is d node / d parent; their product is what
    reaches the parent along this edge.  Each is given symbolically and at the point.
    """

    node: str
    parent: str
    upstream: Expr
    local: Expr
    product: Expr
    upstream_value: Expr
    local_value: Expr
    product_value: Expr
    rule: str
    rule_ko: str


@dataclass(frozen=True)
class Sweep:
    """The result of one sweep of the chain rule over a graph.

    ``numbers`` maps node names to d output / d node at the point (reverse mode: every node;
    forward mode: every input; one pass of :meth:`Graph.tangents`: d node / d ``wrt`` for
    every node), as :class:`~symnn.values.Value` numbers when the graph has
    values (``gradient`` gives them exactly in SymPy), ``symbolic`` the same in the nodes'
    symbols.  ``products`` counts the chain rule's products (upstream × local derivative,
    one per edge in reverse mode, one per edge a nonzero tangent crosses in forward mode);
    ``multiplications`` those of them by a number other than 0 or 1, the ones that cost work.
    """

    mode: str
    numbers: dict[str, Any]
    symbolic: dict[str, Expr]
    edges: tuple[Edge, ...]
    passes: int
    multiplications: int
    products: int = 0
    wrt: str | None = None  # the input a one-pass forward sweep differentiates by

    @cached_property
    def gradient(self) -> dict[str, Expr]:
        """Return each derivative exactly (SymPy); ``numbers`` holds them as Values."""
        return {k: v.form() if isinstance(v, values.Value) else v
                for k, v in self.numbers.items()}


def _is(v: Any, k: int) -> bool:
    """Whether v (a Value or SymPy number) is exactly k."""
    if isinstance(v, values.Value):
        return v.exact is not None and v.exact == k
    return v == k


class Graph(Displayable):
    """The graph that computes ``output``, its nodes in topological order (inputs first).

    >>> a, b = Node.input("a", 1), Node.input("b", 2)
    >>> g = Graph(((a + b).named("c") * (b + 1).named("d")).named("e"))
    >>> g.values()
    {'a': 1, 'b': 2, 'c': 3, 'd': 3, 'e': 9}
    """

    def __init__(self, output: Node):
        if not isinstance(output, Node):
            raise GraphError("a graph is built from the Node of its output")
        self.output = output
        self.nodes: list[Node] = []
        seen: set[int] = set()
        stack = [(output, False)]
        while stack:  # iterative depth-first search, so deep graphs need no recursion
            node, expanded = stack.pop()
            if expanded:
                self.nodes.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents) if id(p) not in seen)
        self.inputs = [n for n in self.nodes if n.kind == "input"]
        names = [n.name for n in self.inputs]
        duplicate = {x for x in names if names.count(x) > 1}
        if duplicate:
            raise GraphError(f"two different inputs are called {sorted(duplicate)[0]!r}")
        used = {n.name for n in self.nodes if n.name}
        self._names: dict[int, str] = {}
        counter = 0
        for node in self.nodes:
            if node.name:
                self._names[id(node)] = node.name
            elif node.kind == "const":  # 1.1 as typed, not 11/10
                self._names[id(node)] = terminating_decimal(node.value, 15) or str(node.value)
            else:
                counter += 1
                while f"v{counter}" in used:
                    counter += 1
                self._names[id(node)] = f"v{counter}"

    def __repr__(self) -> str:
        operations = sum(n.kind == "op" for n in self.nodes)
        inputs = ", ".join(self.name(n) for n in self.inputs)
        return (f"Graph({self.name(self.output)}: {operations} operation"
                f"{'s' * (operations != 1)}, inputs {inputs or 'none'})")

    def name(self, node: Node) -> str:
        """Return the name of ``node`` in this graph (given, or v1, v2, ... for the unnamed)."""
        return self._names[id(node)]

    def symbol(self, node: Node) -> Expr:
        """Return the symbol that stands for ``node`` (the number itself for a constant)."""
        return node.value if node.kind == "const" else Symbol(self.name(node))

    def definition(self, node: Node) -> Expr:
        """Return the node's rule in its parents' symbols, computed: t = x + y gives ``x + y``
        (x·x gives x**2; :meth:`rule` keeps it as written)."""
        if node.kind != "op":
            return node.value
        return node.op.forward(*(self.symbol(p) for p in node.parents))

    def rule(self, node: Node) -> Expr:
        """Return the node's rule in its parents' symbols as written, operands in order.

        >>> x = Node.input("x", 3)
        >>> g = Graph(x * x)
        >>> sympy.sstr(g.rule(g.output), order="none"), g.definition(g.output)
        ('x*x', x**2)
        """
        if node.kind != "op":
            return node.value
        return node.written([Symbol(self.name(p)) if p.kind == "const" else self.symbol(p)
                             for p in node.parents])

    def values(self) -> dict[str, Expr]:
        """Return the exact forward value of every named or numbered node (not constants)."""
        return {self.name(n): n.value for n in self.nodes if n.kind != "const"}

    def _locals(self, node: Node) -> tuple[tuple[Expr, ...], tuple[Any, ...]]:
        symbolic = node.op.local(*(self.symbol(p) for p in node.parents), self.symbol(node))
        if node.number is not None:
            # At the point the local derivatives are Values, from the values of the forward
            # pass: nothing is substituted into an expression.
            at_point = tuple(values.value(v) if not isinstance(v, sympy.Basic) or v.is_number
                             else v for v in node.op.local(*(p.number for p in node.parents),
                                                           node.number))
            at_point = tuple(values.value(values.to_fraction(v)) if isinstance(v, sympy.Basic)
                             else v for v in at_point)
        else:
            at_point = tuple(map(sympy.sympify, node.op.local(*(p.value for p in node.parents),
                                                              node.value)))
        return tuple(map(sympy.sympify, symbolic)), at_point

    def backward(self) -> Sweep:
        """Return d output / d node for every node, from one reverse pass of the chain rule.

        Each node's upstream derivative is computed once and shared by all its parents.
        """
        one = values.ONE if self.output.number is not None else sympy.S.One
        grad = {id(self.output): one}
        sym = {id(self.output): sympy.S.One}
        edges, multiplications, products = [], 0, 0
        for node in reversed(self.nodes):
            if node.kind != "op" or id(node) not in grad:
                continue
            symbolic, at_point = self._locals(node)
            for parent, ls, lv in zip(node.parents, symbolic, at_point):
                if parent.kind == "const":
                    continue
                up, up_sym = grad[id(node)], sym[id(node)]
                product, product_sym = up * lv, up_sym * ls
                products += 1
                multiplications += int(not any(_is(v, k) for v in (up, lv) for k in (0, 1)))
                grad[id(parent)] = product if id(parent) not in grad else \
                    grad[id(parent)] + product
                sym[id(parent)] = sym.get(id(parent), 0) + product_sym
                edges.append(Edge(self.name(node), self.name(parent), up_sym, ls, product_sym,
                                  up, lv, product, node.op.rule, node.op.rule_ko))
        names = {id(n): self.name(n) for n in self.nodes if n.kind != "const"}
        return Sweep("reverse",
                     {names[k]: v for k, v in grad.items() if k in names},
                     {names[k]: v for k, v in sym.items() if k in names},
                     tuple(edges), 1, multiplications, products)

    def tangents(self, wrt: str) -> Sweep:
        """Return d node / d ``wrt`` for every node, from one forward pass (forward mode).

        Each node's tangent is the sum, over its inputs, of the local derivative times the
        input's tangent; ``edges`` holds each of those products (``upstream`` is the input's
        tangent), zeros included, so a figure can show what flows along every edge.

        >>> a, b = Node.input("a", 1), Node.input("b", 2)
        >>> g = Graph(((a + b).named("c") * (b + 1).named("d")).named("e"))
        >>> t = g.tangents("b")
        >>> t.gradient["c"], t.gradient["d"], t.gradient["e"]
        (1, 1, 6)
        """
        x = next((n for n in self.inputs if n.name == wrt), None)
        if x is None:
            raise GraphError(f"no input called {wrt!r} (the inputs are "
                             f"{', '.join(n.name for n in self.inputs) or 'none'})")
        numeric = self.output.number is not None
        one, zero = (values.ONE, values.ZERO) if numeric else (sympy.S.One, sympy.S.Zero)
        tangent = {id(n): zero for n in self.inputs}
        tangent[id(x)] = one
        tangent_sym = {id(n): sympy.S.Zero for n in self.inputs}
        tangent_sym[id(x)] = sympy.S.One
        edges, multiplications, products = [], 0, 0
        for node in self.nodes:
            if node.kind != "op":
                continue
            ls, lv = self._locals(node)
            total, total_sym = zero, sympy.S.Zero
            for parent, s, v in zip(node.parents, ls, lv):
                if parent.kind == "const":
                    continue
                dt, dt_sym = tangent[id(parent)], tangent_sym[id(parent)]
                edges.append(Edge(self.name(node), self.name(parent), dt_sym, s, s * dt_sym,
                                  dt, v, v * dt, node.op.rule, node.op.rule_ko))
                if _is(dt, 0):
                    continue
                products += 1
                multiplications += int(not any(_is(w, k) for w in (dt, v) for k in (0, 1)))
                total = total + v * dt
                total_sym += s * dt_sym
            tangent[id(node)], tangent_sym[id(node)] = total, total_sym
        names = {id(n): self.name(n) for n in self.nodes if n.kind != "const"}
        return Sweep("forward", {names[k]: v for k, v in tangent.items()},
                     {names[k]: v for k, v in tangent_sym.items()}, tuple(edges), 1,
                     multiplications, products, wrt)

    def forward_mode(self) -> Sweep:
        """Return d output / d input for every input, from one forward pass per input."""
        out = self.name(self.output)
        passes = [self.tangents(x.name) for x in self.inputs]
        zero = values.ZERO if self.output.number is not None else sympy.S.Zero
        return Sweep("forward", {x.name: t.numbers.get(out, zero)
                                 for x, t in zip(self.inputs, passes)},
                     {x.name: t.symbolic.get(out, sympy.S.Zero)
                      for x, t in zip(self.inputs, passes)}, (),
                     len(self.inputs), sum(t.multiplications for t in passes),
                     sum(t.products for t in passes))

    def in_inputs(self, expr: Expr) -> Expr:
        """Return ``expr`` with every intermediate symbol replaced by its definition.

        >>> x, y = Node.input("x"), Node.input("y")
        >>> g = Graph(((x + y).named("t")) ** 2)
        >>> g.in_inputs(g.backward().symbolic["x"])
        2*x + 2*y
        """
        for node in reversed(self.nodes):
            if node.kind == "op":
                expr = expr.subs(self.symbol(node), self.definition(node))
        return sympy.expand(expr) if expr.free_symbols else expr

    @classmethod
    def from_text(cls, text: str, values: Mapping[str, Any] | None = None) -> Graph:
        """Return the graph of an expression string, read by the whitelist parser.

        >>> g = Graph.from_text("(a + b) * (b + 1)", {"a": 2, "b": 1})
        >>> g.output.value, g.backward().gradient["a"], g.backward().gradient["b"]
        (6, 2, 5)
        """
        tree = parse(text)
        values = by_name(values)
        inputs = {n: Node.input(n, values.get(n)) for n in sorted(tree.names())}
        unknown = set(values) - set(inputs)
        if unknown:
            raise GraphError(f"a value is given for {sorted(unknown)[0]!r}, which the "
                             "expression does not use")
        output = _node_of(tree, inputs)
        if output.kind == "op" and output.name is None and "f" not in inputs:
            output.named("f")
        return cls(output)

    @classmethod
    def from_expr(cls, expr: Expr, values: Mapping[str, Any] | None = None) -> Graph:
        """Return the graph of a SymPy expression (its tree, sums and products as chains).

        >>> x = sympy.Symbol("x")
        >>> Graph.from_expr(sympy.exp(2 * x), {"x": 0}).backward().gradient["x"]
        2
        """
        values = by_name(values)
        inputs = {s.name: Node.input(s.name, values.get(s.name))
                  for s in sorted(expr.free_symbols, key=str)}
        return cls(_node_of_expr(sympy.sympify(expr), inputs))


_FUNCTIONS = {"exp", "log", "sigmoid", "relu", "step", "tanh"}


def _node_of(tree: Tree, inputs: dict[str, Node], seen: dict | None = None) -> Node:
    """The node of a parsed expression; a subexpression written twice (w*x in
    log(1 + exp(-(w*x + b))) + (1 - t)*(w*x)) is one node that feeds both places."""
    seen = {} if seen is None else seen
    kind = tree.kind
    if kind == "number":
        return Node("const", value=tree.value)
    if kind == "name":
        return inputs[tree.value]
    if kind == "call" and (tree.value not in _FUNCTIONS | {"sqrt"} or len(tree.args) != 1):
        raise GraphError(f"column {tree.column}: {tree.value}() cannot be a graph node "
                         f"(one of {', '.join(sorted(_FUNCTIONS | {'sqrt'}))})")
    if kind not in ("neg", "call", "+", "-", "*", "/", "**"):
        raise GraphError(f"column {tree.column}: {kind!r} cannot be part of a graph of scalars")
    args = [_node_of(a, inputs, seen) for a in tree.args]
    # The same operation on the same nodes (constants by value) is the same node.
    key = (kind, str(tree.value), tuple(("const", str(a.value)) if a.kind == "const" else id(a)
                                        for a in args))
    if key not in seen:
        if kind == "neg":
            seen[key] = -args[0]
        elif kind == "call":
            seen[key] = args[0] ** sympy.Rational(1, 2) if tree.value == "sqrt" else \
                args[0].apply(tree.value)
        else:
            left, right = args
            seen[key] = {"+": left.__add__, "-": left.__sub__, "*": left.__mul__,
                         "/": left.__truediv__, "**": left.__pow__}[kind](right)
    return seen[key]


def _node_of_expr(expr: Expr, inputs: dict[str, Node]) -> Node:
    if expr.is_Symbol:
        return inputs[expr.name]
    if expr.is_Number:
        return Node("const", value=expr)
    if expr.is_Add:
        terms = list(expr.as_ordered_terms())
        node = _node_of_expr(terms[0], inputs)
        for term in terms[1:]:
            coefficient, rest = term.as_coeff_Mul()
            if coefficient.is_negative:
                node = node - _node_of_expr(-term, inputs)
            else:
                node = node + _node_of_expr(term, inputs)
        return node
    if expr.is_Mul:
        numerator, denominator = sympy.fraction(expr)
        if denominator != 1:
            return _node_of_expr(numerator, inputs) / _node_of_expr(denominator, inputs)
        factors = list(expr.as_ordered_factors())
        if factors[0] == -1:
            return -_node_of_expr(sympy.Mul(*factors[1:]), inputs)
        node = _node_of_expr(factors[0], inputs)
        for factor in factors[1:]:
            node = node * _node_of_expr(factor, inputs)
        return node
    if expr.is_Pow:
        base, exponent = expr.as_base_exp()
        if exponent.is_Number:
            return _node_of_expr(base, inputs) ** exponent
        return _node_of_expr(base, inputs) ** _node_of_expr(exponent, inputs)
    name = type(expr).__name__
    if name in _FUNCTIONS and len(expr.args) == 1:
        return _node_of_expr(expr.args[0], inputs).apply(name)
    raise GraphError(f"{expr} cannot be a graph node ({name} is not a graph operation)")
