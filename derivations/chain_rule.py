"""The chain rule on z = (x + y)^2 through t = x + y, and the add and multiply node rules."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol

from symnn import Graph, Node, chain_rule
from symnn.derivation import Derivation, Figure, Step, Text


def chain_rule_derivation() -> Derivation:
    """Return dz/dx = dz/dt · dt/dx = 2t · 1 = 2(x + y), by the graph's backward pass."""
    graph = chain_rule()
    sweep = graph.backward()
    x, y, t, z = sympy.symbols("x y t z")
    dz_dt = sweep.symbolic["t"]
    dt_dx = next(e.local for e in sweep.edges if e.node == "t" and e.parent == "x")
    return Derivation("chain_rule", Text("The chain rule", "연쇄법칙"), (
        Step(z, graph.definition(graph.output), "definition"),
        Step(t, graph.definition(graph.nodes[2]), "definition"),
        Step(Derivative(z, x), sympy.Mul(sympy.UnevaluatedExpr(Derivative(z, t)),
                                         sympy.UnevaluatedExpr(Derivative(t, x)),
                                         evaluate=False), "chain_rule"),
        Step(Derivative(z, t), dz_dt, "local"),
        Step(Derivative(t, x), dt_dx, "local"),
        Step(Derivative(z, x), sympy.Mul(dz_dt, sympy.UnevaluatedExpr(dt_dx), evaluate=False),
             "chain_rule"),
        Step(Derivative(z, x), sympy.factor(graph.in_inputs(sweep.symbolic["x"])), "substitution"),
        Figure("graph", (graph, sweep), Text("z = t², t = x + y; backward in red",
                                             "z = t², t = x + y; 역전파는 빨강"),
               name="chain-rule-graph"),
    ))


def node_rules() -> Derivation:
    """Return the backward rules of an add node (pass on) and a multiply node (swap inputs)."""
    x, y, z = sympy.symbols("x y z")
    L = Symbol("L")
    add = Graph(Node.input("x") + Node.input("y")).backward()
    mul = Graph(Node.input("x") * Node.input("y")).backward()
    return Derivation("node_rules", Text("Backward rules of add and multiply nodes",
                                          "덧셈 노드와 곱셈 노드의 역전파"), (
        Text("Add node z = x + y: the upstream derivative flows on unchanged, so the forward "
             "inputs are not needed.",
             "덧셈 노드 z = x + y: 상류의 미분값을 그대로 흘려보내므로 순방향 입력값이 필요 없다."),
        Step(Derivative(z, x), add.edges[0].local, "add_node"),
        Step(Derivative(L, x), Derivative(L, z) * add.edges[0].local, "chain_rule"),
        Text("Multiply node z = x y: the upstream derivative is multiplied by the other input, "
             "so the forward inputs must be kept.",
             "곱셈 노드 z = x y: 상류의 미분값에 입력을 바꾼 값을 곱하므로 순방향 입력값이 "
             "필요하다."),
        Step(Derivative(z, x), mul.edges[0].local, "mul_node"),
        Step(Derivative(z, y), mul.edges[1].local, "mul_node"),
        Step(Derivative(L, x), Derivative(L, z) * mul.edges[0].local, "chain_rule"),
    ))
