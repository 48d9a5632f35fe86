"""e = (a + b)(b + 1): forward-mode against reverse-mode differentiation, and the lecture's
printed values."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol

from symnn import sum_times_successor
from symnn.derivation import Derivation, Erratum, Figure, Frame, Step, Text
from symnn.derive import backward_steps, forward_steps, shown


def forward_reverse() -> Derivation:
    """Return e at a = 1, b = 2 (c = 3, d = 3, e = 9), both sweeps, and the lecture's numbers."""
    graph = sum_times_successor(1, 2)
    reverse, forward = graph.backward(), graph.forward_mode()
    values = graph.values()
    e, a, b, c, d = (Symbol(n) for n in "eabcd")
    lecture = sum_times_successor(2, 1)
    printed = lecture.values()
    lecture_da = lecture.backward().gradient["a"]
    u = sympy.UnevaluatedExpr
    figure = Figure("graph", (graph, reverse), Text("$e = (a + b)(b + 1)$ at $a = 1$, $b = 2$",
                                                    "$a = 1$, $b = 2$에서 $e = (a + b)(b + 1)$"),
                    name="forward-reverse-graph")
    local = {(edge.node, edge.parent): shown(edge.local_value) for edge in reverse.edges}
    da = sympy.Mul(u(Derivative(e, c)), u(Derivative(c, a)), evaluate=False)
    db = sympy.Add(sympy.Mul(u(Derivative(e, c)), u(Derivative(c, b)), evaluate=False),
                   sympy.Mul(u(Derivative(e, d)), u(Derivative(d, b)), evaluate=False),
                   evaluate=False)
    return Derivation("forward_reverse", Text("Forward and reverse mode",
                                              "순방향과 역방향 미분"), (
        Frame(Text("the graph", "계산 그래프"), (
            Text("$c = a + b$, $d = b + 1$, $e = c \\cdot d$ at the lecture's $a = 1$, $b = 2$:",
                 "강의의 $a = 1$, $b = 2$에서 $c = a + b$, $d = b + 1$, $e = c \\cdot d$:"),
            *forward_steps(graph),
        ), side=(figure, Erratum(
                    "(c,\\ d,\\ e)", f"({printed['c']},\\ {printed['d']},\\ {printed['e']})",
                    f"({values['c']},\\ {values['d']},\\ {values['e']})",
                    Text("With $b = 2$, $d = b + 1 = 3$. The printed numbers are those of "
                         "$a = 2$, $b = 1$.",
                         "$b = 2$이면 $d = b + 1 = 3$이다. 출력된 값은 $a = 2$, $b = 1$일 때의 "
                         "값이다.")))),
        Frame(Text("forward mode", "순방향 미분"), (
            Text(f"One pass per input: {forward.passes} passes for "
                 "$\\partial e / \\partial a$ and $\\partial e / \\partial b$; with a million "
                 "inputs, a million passes.",
                 f"입력마다 한 번: $\\partial e / \\partial a$와 $\\partial e / \\partial b$에 "
                 f"{forward.passes}번. 입력이 100만 개라면 100만 번."),
            Step(Derivative(e, a), (da, sympy.Mul(u(local[("e", "c")]), u(local[("c", "a")]),
                                                  evaluate=False), forward.gradient["a"]),
                 Text("$\\partial e/\\partial c = d = 3$", "$\\partial e/\\partial c = d = 3$")),
            Step(Derivative(e, b), (db, sympy.Add(
                sympy.Mul(u(local[("e", "c")]), u(local[("c", "b")]), evaluate=False),
                sympy.Mul(u(local[("e", "d")]), u(local[("d", "b")]), evaluate=False),
                evaluate=False), forward.gradient["b"]),
                 Text("$b$ reaches $e$ through $c$ and $d$", "$b$는 $c$와 $d$를 거쳐 $e$에 "
                      "닿음")),
            Erratum(r"\partial e / \partial a", f"2 \\cdot 1 = {lecture_da}",
                    f"3 \\cdot 1 = {reverse.gradient['a']}",
                    Text("The lecture uses $d = 2$, from $b = 1$.",
                         "강의는 $b = 1$일 때의 $d = 2$를 썼다.")),
        )),
        Frame(Text("reverse mode", "역방향 미분"), (
            Text(f"One pass from $e$ back gives the derivative by every node "
                 f"({reverse.passes} pass):",
                 f"$e$에서 거꾸로 한 번({reverse.passes}번)에 모든 노드에 대한 미분을 얻는다:"),
            *backward_steps(graph, reverse),
            Text(f"The same $\\partial e / \\partial a = {reverse.gradient['a']}$ and "
                 f"$\\partial e / \\partial b = {reverse.gradient['b']}$ as forward mode, and "
                 "$\\partial e / \\partial c$, $\\partial e / \\partial d$ with them.",
                 f"순방향 미분과 같은 $\\partial e / \\partial a = {reverse.gradient['a']}$, "
                 f"$\\partial e / \\partial b = {reverse.gradient['b']}$에 "
                 "$\\partial e / \\partial c$, $\\partial e / \\partial d$까지 함께 얻는다."),
        )),
    ))
