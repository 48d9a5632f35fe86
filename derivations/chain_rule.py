"""The chain rule on z = (x + y)^2 through t = x + y, and the add and multiply node rules."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol

from symnn import Graph, Node, SymnnError, chain_rule
from symnn.derivation import Derivation, Figure, Frame, Step, Text

from . import listings


def chain_rule_derivation() -> Derivation:
    """Return dz/dx = dz/dt · dt/dx = 2t · 1 = 2(x + y), by the graph's backward pass."""
    graph = chain_rule()
    sweep = graph.backward()
    x, y, t, z = sympy.symbols("x y t z")
    dz_dt = sweep.symbolic["t"]
    dt_dx = next(e.local for e in sweep.edges if e.node == "t" and e.parent == "x")
    result = sympy.factor(graph.in_inputs(sweep.symbolic["x"]))
    if sympy.expand(result - sympy.diff((x + y) ** 2, x)) != 0:
        raise SymnnError("the graph's backward pass does not give SymPy's derivative")
    u = sympy.UnevaluatedExpr
    one = sympy.Integer(1)
    return Derivation("chain_rule", Text("The chain rule", "연쇄법칙"), (
        Frame(None, (
            Text("A composite function: $z = t^2$ with $t = x + y$. Its derivative is the "
                 "product of the derivatives of its parts:",
                 "합성함수 $z = t^2$, $t = x + y$. 합성함수의 미분은 구성하는 각 함수의 "
                 "미분의 곱이다:"),
            Step(Derivative(z, x), sympy.Mul(u(Derivative(z, t)), u(Derivative(t, x)),
                                             evaluate=False), "chain_rule"),
            Step(Derivative(z, t), dz_dt, Text("$\\frac{d}{dt} t^2 = 2t$",
                                               "$\\frac{d}{dt} t^2 = 2t$")),
            Step(Derivative(t, x), dt_dx, Text("$t = x + y$", "$t = x + y$")),
            Step(Derivative(z, x), (sympy.Mul(dz_dt, u(dt_dx), evaluate=False), result),
                 Text("substitute $t = x + y$", "$t = x + y$ 대입")),
            Text("Backward through the graph, starting from $\\partial z / \\partial z = 1$:",
                 "그래프를 거꾸로, $\\partial z / \\partial z = 1$에서 시작하면:"),
            Step(Derivative(z, x), (
                sympy.Mul(u(sympy.Mul(u(Derivative(z, z)), u(Derivative(z, t)),
                                      evaluate=False)), u(Derivative(t, x)), evaluate=False),
                sympy.Mul(u(sympy.Mul(u(one), u(2 * t), evaluate=False)), u(one),
                          evaluate=False), result),
                 Text("each node multiplies by its local derivative",
                      "각 노드가 국소미분을 곱함")),
        ), side=(Figure("graph", (graph, sweep), Text("$z = t^2$, $t = x + y$; backward in red",
                                                      "$z = t^2$, $t = x + y$; 역전파는 빨강"),
                        name="chain-rule-graph"),)),
    ))


def node_rules() -> Derivation:
    """Return the backward rules of an add node (pass on) and a multiply node (swap inputs)."""
    x, y, z = sympy.symbols("x y z")
    L = Symbol("E")  # what the graph computes downstream, a loss: E, as everywhere
    add = Graph(Node.input("x") + Node.input("y")).backward()
    mul = Graph(Node.input("x") * Node.input("y")).backward()
    u = sympy.UnevaluatedExpr
    add_steps = (
        Step(Derivative(L, x), (sympy.Mul(u(Derivative(L, z)), u(Derivative(z, x)),
                                          evaluate=False),
                                sympy.Mul(u(Derivative(L, z)), u(add.edges[0].local),
                                          evaluate=False)), "add_node"),
        Step(Derivative(L, y), sympy.Mul(u(Derivative(L, z)), u(add.edges[1].local),
                                         evaluate=False), "add_node"))
    mul_steps = (
        Step(Derivative(L, x), (sympy.Mul(u(Derivative(L, z)), u(Derivative(z, x)),
                                          evaluate=False),
                                sympy.Mul(u(Derivative(L, z)), u(mul.edges[0].local),
                                          evaluate=False)), "mul_node"),
        Step(Derivative(L, y), sympy.Mul(u(Derivative(L, z)), u(mul.edges[1].local),
                                         evaluate=False), "mul_node"))
    return Derivation("node_rules", Text("Backward rules of add and multiply nodes",
                                          "덧셈 노드와 곱셈 노드의 역전파"), (
        Frame(Text("add node", "덧셈 노드"), (
            Text("Add node $z = x + y$: $\\partial z / \\partial x = \\partial z / \\partial y "
                 "= 1$, so it passes the derivative from above on unchanged; it needs no "
                 "inputs.",
                 "덧셈 노드 $z = x + y$: $\\partial z / \\partial x = \\partial z / \\partial y "
                 "= 1$이므로 위에서 온 미분을 그대로 흘려보낸다. 입력값이 필요 없다."),
            *add_steps,
        ), side=(listings.listing(listings.ADD_LAYER),)),
        Frame(Text("multiply node", "곱셈 노드"), (
            Text("Multiply node $z = x y$: $\\partial z / \\partial x = y$ and "
                 "$\\partial z / \\partial y = x$, so it multiplies by the other input; it "
                 "keeps its inputs from the forward pass.",
                 "곱셈 노드 $z = x y$: $\\partial z / \\partial x = y$, "
                 "$\\partial z / \\partial y = x$이므로 다른 쪽 입력을 곱한다. 순전파의 입력값을 "
                 "기억해야 한다."),
            *mul_steps,
        ), side=(listings.listing(listings.MUL_LAYER),)),
        Frame(Text("the apple graph with these layers", "이 계층으로 만든 사과 그래프"), (
            Text("Forward $100 \\cdot 2 \\cdot 1.1 = 220$; backward from 1, the multiply "
                 "nodes give $1.1$ and $200$, then $1.1 \\cdot 2 = 2.2$ for the price and "
                 "$1.1 \\cdot 100 = 110$ for the count: the numbers of the apple graph.",
                 "순전파 $100 \\cdot 2 \\cdot 1.1 = 220$, 1에서 시작한 역전파는 곱셈 노드에서 "
                 "$1.1$과 $200$, 그다음 가격에 $1.1 \\cdot 2 = 2.2$, 개수에 "
                 "$1.1 \\cdot 100 = 110$을 준다: 사과 그래프의 값과 같다."),
            Text("`round` hides the rounding error of floating-point products: in binary "
                 "$200 \\cdot 1.1$ is not exactly $220$.",
                 "`round`는 부동소수점 곱의 반올림 오차를 감춘다: 이진수에서 $200 \\cdot 1.1$은 "
                 "정확히 $220$이 아니다."),
        ), side=(listings.listing(listings.APPLES, listings.MUL_LAYER),)),
    ))
