"""XOR: why one perceptron cannot draw it (an exact certificate), and how NAND, OR and AND can."""

from __future__ import annotations

import sympy

from symnn import AND, NAND, OR, parse_table, separate
from symnn.derivation import Derivation, Figure, Frame, Note, Step, Table, Text
from symnn.render.inline import particle
from symnn.render.printer import latex

from . import listings
from .perceptron import INPUTS, _decimals, _substituted

XOR = "00:0 01:1 10:1 11:0"


def xor_impossible() -> Derivation:
    """Return the certificate that no w1, w2, b realize XOR: the inequalities add up to 0 > 0."""
    s = separate(parse_table(XOR))
    by_input = dict(zip((x for x, _ in s.rows), zip(s.row_inequalities(), s.certificate)))
    labels = dict(s.rows)
    table = tuple((*x, labels[x], by_input[x][0]) for x in INPUTS)
    m = s.certificate[0]
    u = sympy.UnevaluatedExpr
    halves = sympy.Add(*[sympy.Mul(u(k), u(r.lhs), evaluate=False)
                         for r, k in (by_input[x] for x in INPUTS)], evaluate=False)
    total = sympy.expand(sum(k * r.lhs for r, k in by_input.values()))
    half = _decimals([m])[0]
    contradiction = sympy.StrictGreaterThan(total, 0, evaluate=False)
    figure = Figure("decision", (tuple((x, labels[x]) for x in INPUTS), None),
                    Text("no line puts (0,1), (1,0) on one side and (0,0), (1,1) on the other",
                         "(0,1), (1,0)과 (0,0), (1,1)을 나누는 직선은 없다"),
                    name="xor-points")
    return Derivation("xor_impossible", Text("Why XOR is not one perceptron",
                                             "XOR이 퍼셉트론 하나로 안 되는 이유"), (
        Frame(Text("four conditions", "네 가지 조건"), (
            Text("One perceptron would need $w \\cdot x + b > 0$ where $y = 1$ and "
                 "$-(w \\cdot x + b) \\ge 0$ where $y = 0$:",
                 "퍼셉트론 하나로 XOR을 만들려면 $y = 1$인 행에서 $w \\cdot x + b > 0$, "
                 "$y = 0$인 행에서 $-(w \\cdot x + b) \\ge 0$이어야 한다:"),
            Table(("$x_1$", "$x_2$", "$y$", Text("condition on $w_1, w_2, b$",
                                                  "$w_1, w_2, b$의 조건")), table),
        ), side=(figure,)),
        Frame(Text("they contradict each other", "조건들은 서로 모순"), (
            Text(f"Multiply each condition by ${half}$ (a positive number keeps each "
                 "inequality) and add them:",
                 f"각 조건에 ${half}${particle(half, '을/를')} 곱하고(양수를 곱해도 부등호는 "
                 "그대로) 모두 더하면:"),
            Step(halves, total, Text("every $w$ and $b$ cancels", "$w$와 $b$가 모두 사라짐")),
            Step(contradiction, Text("a contradiction", "모순"),
                 Text("two of the four are strict ($>$)", "네 식 중 둘이 $>$이므로"), "⇒"),
            Text("So no $w_1, w_2, b$ make XOR: one line cannot separate it (Minsky and "
                 "Papert, 1969).",
                 "따라서 XOR을 만드는 $w_1, w_2, b$는 없다. 직선 하나로는 나눌 수 없다 "
                 "(민스키와 페퍼트, 1969)."),
            Text("Any equal positive multipliers do the same (1 would too). For every table "
                 "that no line separates, some multipliers, none negative and not all zero, "
                 "make every weight and the bias cancel like this; for a table that a line "
                 "separates, none do.",
                 "같은 양수라면 무엇을 곱해도 (1이어도) 된다. 직선으로 나눌 수 없는 진리표에는 "
                 "언제나 이렇게 모든 가중치와 편향을 지우는 승수(음수가 없고 모두 0은 아닌)가 "
                 "있고, 나눌 수 있는 진리표에는 없다."),
            Note(Text("The multipliers were found by an exact linear program (symnn separable "
                      "prints the same certificate for any truth table).",
                      "곱할 수는 정확한 선형계획법으로 찾았다 (symnn separable이 어떤 진리표에도 "
                      "같은 증명을 출력한다).")),
        )),
    ))


def xor_two_layers() -> Derivation:
    """Return XOR as AND(NAND(x), OR(x)), a row worked out, and the lecture's S1/S2/Y table."""
    s1, s2, y = sympy.symbols("s1 s2 y")
    h = sympy.Function("h")
    x = (1, 0)
    a, o = NAND(*x), OR(*x)
    steps = []
    for name, gate, inputs in ((s1, NAND, x), (s2, OR, x), (y, AND, (a, o))):
        total = gate.weighted_sum(inputs)
        relation = ">" if total > 0 else r"\le"
        written = latex(_substituted(gate, inputs))
        steps.append(Step(name, (sympy.Function(gate.name)(*inputs), h(total), gate(*inputs)),
                          Text(f"${written} {relation} 0$", f"${written} {relation} 0$")))
    return Derivation("xor_two_layers", Text("XOR with two layers", "두 층으로 만든 XOR"), (
        Frame(None, (
            Text("First layer $s_1 = \\mathrm{NAND}(x_1, x_2)$, $s_2 = \\mathrm{OR}(x_1, x_2)$; "
                 "second layer $y = \\mathrm{AND}(s_1, s_2)$. For $x = (1, 0)$:",
                 "1층 $s_1 = \\mathrm{NAND}(x_1, x_2)$, $s_2 = \\mathrm{OR}(x_1, x_2)$, 2층 "
                 "$y = \\mathrm{AND}(s_1, s_2)$. $x = (1, 0)$이면:"),
            *steps,
            Text("A multi-layer perceptron is not linear: it draws what one line cannot.",
                 "다층 퍼셉트론은 비선형이라 직선 하나로 못 나누는 것을 나눈다."),
        ), side=(listings.listing(listings.XOR, listings.ALL_GATES),
                 Text("Each row prints $x$, $s_1$, $s_2$, $y$: the lecture's table, and "
                      "$y$ is XOR.",
                      "각 행은 $x$, $s_1$, $s_2$, $y$: 강의의 표이고, $y$는 XOR이다."),
                 Figure("xor-network", None, Text(
                     "the two-layer perceptron: NAND and OR, then AND, each with its weights "
                     "and its bias on the input 1",
                     "2층 퍼셉트론: NAND와 OR, 그 다음 AND. 간선에 가중치, 항상 1인 입력에 편향"),
                     name="xor-network"))),
    ))
