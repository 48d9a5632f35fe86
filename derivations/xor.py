"""XOR: why one perceptron cannot draw it (an exact certificate), and how NAND, OR and AND can."""

from __future__ import annotations

import sympy
from sympy import Symbol

from symnn import AND, NAND, OR, parse_table, separate, xor_table
from symnn.derivation import Derivation, Figure, Step, Table, Text

XOR = "00:0 01:1 10:1 11:0"


def xor_impossible() -> Derivation:
    """Return the certificate that no w1, w2, b realize XOR: the inequalities add up to 0 > 0."""
    s = separate(parse_table(XOR))
    parts: list = [Text("One perceptron would need w·x + b > 0 on the rows labelled 1 and "
                        "-(w·x + b) ≥ 0 on the rows labelled 0:",
                        "퍼셉트론 하나로 XOR을 만들려면 1인 행에서 w·x + b > 0, 0인 행에서 "
                        "-(w·x + b) ≥ 0이어야 한다:")]
    total = 0
    for (x, _), rel, m in zip(s.rows, s.row_inequalities(), s.certificate):
        parts.append(Step(Symbol(f"x={x[0]}{x[1]}"), rel, "definition", "⇒"))
        total += m * rel.lhs
    parts.append(Text(f"Multiply each by {s.certificate[0]} and add them: every w and b cancels.",
                      f"각각에 {s.certificate[0]}를 곱해 더하면 w와 b가 모두 사라진다."))
    halves = sympy.Add(*[sympy.Mul(m, r.lhs, evaluate=False)
                         for m, r in zip(s.certificate, s.row_inequalities())], evaluate=False)
    parts.append(Step(halves, sympy.expand(total), "sum"))
    contradiction = sympy.StrictGreaterThan(sympy.expand(total), 0, evaluate=False)
    parts.append(Step(contradiction, sympy.S.false, "sum", "⇒",
                      Text("The sum of two strict and two non-strict inequalities would say "
                           "0 > 0: a contradiction, so no single line separates XOR.",
                           "두 개의 강한 부등식과 두 개의 약한 부등식을 더하면 0 > 0이 되어 "
                           "모순이다. 따라서 직선 하나로는 XOR을 나눌 수 없다.")))
    rows = tuple(s.rows)
    parts.append(Figure("decision", (rows, None),
                        Text("XOR: no line puts (0,1) and (1,0) on one side and (0,0), (1,1) "
                             "on the other",
                             "XOR: (0,1), (1,0)과 (0,0), (1,1)을 나누는 직선은 없다"),
                        name="xor-points"))
    return Derivation("xor_impossible", Text("Why XOR is not one perceptron",
                                             "XOR이 퍼셉트론 하나로 안 되는 이유"), tuple(parts))


def xor_two_layers() -> Derivation:
    """Return XOR as AND(NAND(x), OR(x)), with the lecture's S1/S2/Y table."""
    s1, s2, x1, x2 = sympy.symbols("s1 s2 x1 x2")
    h = sympy.Function("h")
    parts: list = [
        Text("Two layers: s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2).",
             "두 층: s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2)."),
        Step(s1, h(NAND.weighted_sum((x1, x2))), "definition"),
        Step(s2, h(OR.weighted_sum((x1, x2))), "definition"),
        Step(Symbol("y"), h(AND.weighted_sum((s1, s2))), "definition"),
        Table(("x1", "x2", "s1 (NAND)", "s2 (OR)", "y (AND)"), tuple(xor_table()),
              Text("the lecture's table, row for row", "강의의 표와 같다")),
    ]
    for x1v, x2v, a, o, y in xor_table()[1:2]:
        parts.append(Step(s1, NAND.weighted_sum((x1v, x2v)), "substitution"))
        parts.append(Step(s1, a, "activation"))
        parts.append(Step(s2, o, "activation"))
        parts.append(Step(Symbol("y"), AND.weighted_sum((a, o)), "substitution"))
        parts.append(Step(Symbol("y"), y, "activation"))
    return Derivation("xor_two_layers", Text("XOR with two layers", "두 층으로 만든 XOR"),
                      tuple(parts))


__all__ = ["OR", "xor_impossible", "xor_two_layers"]
