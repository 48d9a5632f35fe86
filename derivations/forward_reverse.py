"""e = (a + b)(b + 1): forward-mode against reverse-mode differentiation, and the lecture's
printed values."""

from __future__ import annotations

from sympy import Derivative, Matrix, Symbol

from symnn import sum_times_successor
from symnn.derivation import Derivation, Figure, Step, Text
from symnn.derive import backward_steps, forward_steps


def forward_reverse() -> Derivation:
    """Return e at a = 1, b = 2 (c = 3, d = 3, e = 9), both sweeps, and the lecture's numbers."""
    graph = sum_times_successor(1, 2)
    reverse, forward = graph.backward(), graph.forward_mode()
    e, a, b = Symbol("e"), Symbol("a"), Symbol("b")
    lecture = sum_times_successor(2, 1)
    lecture_sweep = lecture.backward()
    return Derivation("forward_reverse", Text("Forward and reverse mode", "순방향과 역방향 미분"), (
        Text("c = a + b, d = b + 1, e = c · d at the lecture's a = 1, b = 2:",
             "강의의 a = 1, b = 2에서 c = a + b, d = b + 1, e = c · d:"),
        *forward_steps(graph),
        Figure("graph", (graph, reverse), Text("e = (a + b)(b + 1) at a = 1, b = 2",
                                               "a = 1, b = 2에서 e = (a + b)(b + 1)"),
               name="forward-reverse-graph"),
        Text(f"Forward mode: one pass per input, {forward.passes} passes for de/da and de/db.",
             f"순방향 미분: 입력마다 한 번, de/da와 de/db에 {forward.passes}번."),
        Step(Derivative(e, a), forward.gradient["a"], "forward"),
        Step(Derivative(e, b), forward.gradient["b"], "forward"),
        Text(f"Reverse mode: {reverse.passes} pass gives the derivative by every node.",
             f"역방향 미분: {reverse.passes}번으로 모든 노드에 대한 미분을 얻는다."),
        *backward_steps(graph, reverse),
        Step(Matrix([[Symbol("c"), Symbol("d"), e]]),
             Matrix([[graph.values()[n] for n in ("c", "d", "e")]]), "check",
             note=Text("The lecture prints c = 3, d = 2, e = 6 and de/da = 2 for a = 1, b = 2. "
                       "With b = 2, d = b + 1 = 3; the printed values are those of a = 2, b = 1 "
                       f"(c = {lecture.values()['c']}, d = {lecture.values()['d']}, "
                       f"e = {lecture.values()['e']}, de/da = {lecture_sweep.gradient['a']}, "
                       f"de/db = {lecture_sweep.gradient['b']}).",
                       "강의 자료는 a = 1, b = 2에서 c = 3, d = 2, e = 6, de/da = 2라고 하지만 "
                       "b = 2이면 d = b + 1 = 3이다. 출력된 값은 a = 2, b = 1일 때의 값이다 "
                       f"(c = {lecture.values()['c']}, d = {lecture.values()['d']}, "
                       f"e = {lecture.values()['e']}, de/da = {lecture_sweep.gradient['a']}, "
                       f"de/db = {lecture_sweep.gradient['b']}).")),
    ))
