"""e = (a + b)(b + 1): forward-mode against reverse-mode differentiation, and the lecture's
printed values."""

from __future__ import annotations

from symnn import sum_times_successor
from symnn.derivation import Derivation, Erratum, Figure, Frame, Table, Text
from symnn.derive import backward_steps, forward_steps, tangent_steps
from symnn.graph import Sweep
from symnn.render.inline import particle, times_ko


def forward_reverse() -> Derivation:
    """Return e at a = 1, b = 2 (c = 3, d = 3, e = 9), both sweeps, and the lecture's numbers:
    forward mode carries d/da and then d/db from the inputs forward (two passes), reverse
    mode carries de/d(every node) back from e (one pass)."""
    graph = sum_times_successor(1, 2)
    reverse, forward = graph.backward(), graph.forward_mode()
    by_a, by_b = graph.tangents("a"), graph.tangents("b")
    values = graph.values()
    lecture = sum_times_successor(2, 1)
    printed = lecture.values()
    lecture_da = lecture.backward().gradient["a"]
    point = Text("$e = (a + b)(b + 1)$ at $a = 1$, $b = 2$",
                 "$a = 1$, $b = 2$에서 $e = (a + b)(b + 1)$")
    shape = Figure("graph", (graph, None), point, name="forward-reverse-values")

    def tangent_figure(x: str) -> Figure:
        return Figure("graph", (graph, by_a if x == "a" else by_b), Text(
            f"forward mode by ${x}$, from $\\partial {x}/\\partial {x} = 1$: below each edge "
            f"(blue) the local derivative times its source's derivative by ${x}$, summed at "
            "the node it enters (the constant 1 adds 0)",
            f"${x}$에 대한 순방향 미분, $\\partial {x}/\\partial {x} = 1$에서 시작: 간선 "
            f"아래(파랑)는 국소미분 × 출발 노드의 ${x}$에 대한 미분, 들어가는 노드에서 "
            "더함 (상수 1은 0을 더함)"),
            name=f"forward-mode-{x}")

    backward = Figure("graph", (graph, reverse), Text(
        "reverse mode: below each edge (red) the derivative of $e$ that flows back along it "
        "(the constant 1 needs none)",
        "역방향 미분: 간선 아래(빨강)는 그 간선을 따라 거꾸로 흐르는 $e$의 미분 (상수 1은 "
        "필요 없음)"),
        name="reverse-mode")
    return Derivation("forward_reverse", Text("Forward and reverse mode",
                                              "순방향과 역방향 미분"), (
        Frame(Text("the graph", "계산 그래프"), (
            Text("$c = a + b$, $d = b + 1$, $e = c \\cdot d$ at the lecture's $a = 1$, $b = 2$:",
                 "강의의 $a = 1$, $b = 2$에서 $c = a + b$, $d = b + 1$, $e = c \\cdot d$:"),
            *forward_steps(graph),
        ), side=(shape, Erratum(
                    "(c,\\ d,\\ e)", f"({printed['c']},\\ {printed['d']},\\ {printed['e']})",
                    f"({values['c']},\\ {values['d']},\\ {values['e']})",
                    Text("With $b = 2$, $d = b + 1 = 3$. The printed numbers are those of "
                         "$a = 2$, $b = 1$.",
                         "$b = 2$이면 $d = b + 1 = 3$이다. 강의 자료의 값은 "
                         "$a = 2$, $b = 1$일 때의 값이다.")))),
        Frame(Text("forward mode, pass 1: $\\partial/\\partial a$",
                   "순방향 미분, 첫 번째: $\\partial/\\partial a$"), (
            Text("Forward mode starts at one input with $\\partial a/\\partial a = 1$ and "
                 "carries the derivative forward: each node adds, over its inputs, its local "
                 "derivative times what the input carries.",
                 "순방향 미분은 입력 하나에서 $\\partial a/\\partial a = 1$로 시작해 미분을 "
                 "앞으로 나른다. 각 노드는 입력마다 국소미분 × 입력이 나르는 값을 더한다."),
            tangent_figure("a"), *tangent_steps(graph, by_a)[1:],
            Erratum(r"\partial e / \partial a", f"2 \\cdot 1 = {lecture_da}",
                    f"3 \\cdot 1 = {reverse.gradient['a']}",
                    Text("The lecture's forward-mode page takes "
                         "$\\partial e / \\partial c = d = 2$, the $d$ of $b = 1$; with $b = 2$, "
                         "$d = 3$ and "
                         "$\\partial e / \\partial a = 3 \\cdot 1 = 3$, as the figure and the "
                         "reverse mode give.",
                         "강의 자료의 순방향 미분 예에서는 $b = 1$일 때의 $d = 2$를 "
                         "$\\partial e / \\partial c$로 썼다. $b = 2$이면 $d = 3$이고 "
                         "$\\partial e / \\partial a = 3 \\cdot 1 = 3$: 그림과 역방향 미분이 "
                         "주는 값과 같다.")),
        )),
        Frame(Text("forward mode, pass 2: $\\partial/\\partial b$",
                   "순방향 미분, 두 번째: $\\partial/\\partial b$"), (
            Text("A second pass, from $\\partial b/\\partial b = 1$, for the second input. "
                 f"Forward mode needs one pass per input: {forward.passes} passes here, a "
                 "million for a million inputs.",
                 "두 번째 입력을 위해 $\\partial b/\\partial b = 1$에서 다시 한 번. 순방향 "
                 f"미분은 입력마다 한 번: 여기서는 {times_ko(forward.passes)}, 입력이 100만 개라면 "
                 "100만 번."),
            tangent_figure("b"), *tangent_steps(graph, by_b)[1:],
            Table((Text("pass", "계산"), Text("starts from", "시작"), Text("gives", "얻는 값")),
                  tuple(_pass_row(*row) for row in (
                      (Text("forward, by $a$", "순방향, $a$에 대해"), by_a, "a"),
                      (Text("forward, by $b$", "순방향, $b$에 대해"), by_b, "b"),
                      (Text("reverse (next page)", "역방향 (다음 쪽)"), reverse, "e")))),
        )),
        Frame(Text("reverse mode", "역방향 미분"), (
            Text(f"One pass from $e$ back gives the derivative by every node "
                 f"({reverse.passes} pass):",
                 f"$e$에서 거꾸로 {times_ko(reverse.passes)} 계산하면 모든 노드에 대한 미분을 "
                 "얻는다:"),
            backward,
            *backward_steps(graph, reverse),
            Text(f"The same $\\partial e / \\partial a = {reverse.gradient['a']}$ and "
                 f"$\\partial e / \\partial b = {reverse.gradient['b']}$ as the "
                 f"{forward.passes} forward passes, in {reverse.passes} pass, with "
                 "$\\partial e / \\partial c$, $\\partial e / \\partial d$ besides.",
                 f"{times_ko(forward.passes)}의 순방향 미분과 같은 "
                 f"$\\partial e / \\partial a = {reverse.gradient['a']}$, "
                 f"$\\partial e / \\partial b = {reverse.gradient['b']}$"
                 f"{particle(str(reverse.gradient['b']), '을/를')} "
                 f"{times_ko(reverse.passes)}에, $\\partial e / \\partial c$, "
                 "$\\partial e / \\partial d$까지 함께 얻는다."),
        )),
    ))


def _pass_row(name: Text, sweep: Sweep, start: str) -> tuple:
    """One pass of the comparison: where it starts and the derivatives of e it gives."""
    if start == "e":
        seeds = "$\\partial e/\\partial e = 1$"
        both = ", ".join(f"$\\partial e/\\partial {n} = {sweep.gradient[n]}$"
                         for n in ("a", "b"))
        gives = Text(f"{both}, and by $c$, $d$", f"{both}, $c$, $d$에 대한 것까지")
    else:
        seeds = ", ".join(f"$\\partial {n}/\\partial {start} = {sweep.gradient[n]}$"
                          for n in ("a", "b"))
        gives = f"$\\partial e/\\partial {start} = {sweep.gradient['e']}$"
    return (name, seeds, gives)
