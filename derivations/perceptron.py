"""The perceptron, its bias form b = -θ, and the gates AND, NAND and OR of the lecture."""

from __future__ import annotations

import sympy
from sympy import Symbol

from symnn import AND, NAND, OR, Perceptron, parse_table, separate, step
from symnn.derivation import Derivation, Figure, Step, Table, Text

x1, x2, w1, w2, theta, b = sympy.symbols("x1 x2 w1 w2 theta b")
INPUTS = [(0, 0), (1, 0), (0, 1), (1, 1)]


def perceptron() -> Derivation:
    """Return the threshold form of the perceptron and its rewriting with the bias b = -θ."""
    s = w1 * x1 + w2 * x2
    return Derivation("perceptron", Text("The perceptron and its bias", "퍼셉트론과 편향"), (
        Text("A perceptron fires (outputs 1) when the weighted sum of its inputs exceeds the "
             "threshold θ.",
             "퍼셉트론은 입력의 가중합이 임계값 θ보다 크면 1을 출력한다."),
        Step(Symbol("y"), sympy.Piecewise((0, s <= theta), (1, True)), "definition"),
        Step(s > theta, s - theta > 0, "simplify", "⇔"),
        Step(s - theta > 0, (s - theta).subs(theta, -b) > 0, "bias_form", "⇔"),
        Step(Symbol("y"), step(s + b), "definition"),
        Text("The lecture's other AND parameters in the threshold form (w1, w2, θ) work too:",
             "강의의 다른 AND 매개변수 (w1, w2, θ)도 성립한다:"),
        Table(("(w1, w2, θ)", "b = -θ", "(0,0)", "(1,0)", "(0,1)", "(1,1)"),
              tuple(_threshold_row(*p) for p in [("0.5", "0.5", "0.7"), ("0.5", "0.5", "0.8"),
                                                 ("1.0", "1.0", "1.0")])),
    ))


def _threshold_row(a: str, c: str, t: str) -> tuple:
    p = Perceptron.from_threshold((a, c), t)
    return (f"({a}, {c}, {t})", p.bias, *(p(*x) for x in INPUTS))


def gates() -> Derivation:
    """Return AND (0.5, 0.5, -0.7), NAND (-0.5, -0.5, 0.7), OR (0.5, 0.5, -0.4), row by row."""
    parts: list = [Text("Each gate is one perceptron y = h(w1 x1 + w2 x2 + b); every row of its "
                        "truth table, exactly:",
                        "각 게이트는 퍼셉트론 y = h(w1 x1 + w2 x2 + b) 하나이다. 진리표의 각 행:")]
    for gate in (AND, NAND, OR):
        w = gate.weights
        parts.append(Text(f"{gate.name} (w1, w2, b) = ({w[0]}, {w[1]}, {gate.bias})",
                          f"{gate.name} (w1, w2, b) = ({w[0]}, {w[1]}, {gate.bias})"))
        for x in (INPUTS[0], INPUTS[3]):
            terms = [sympy.Mul(wi, xi, evaluate=False) for wi, xi in zip(w, x)]
            written = sympy.Function("h")(sympy.Add(*terms, gate.bias, evaluate=False))
            parts.append(Step(Symbol("y"), written, "substitution"))
            parts.append(Step(Symbol("y"), step(gate.weighted_sum(x)), "activation"))
        table = tuple((*x, gate.weighted_sum(x), gate(*x)) for x in INPUTS)
        parts.append(Table(("x1", "x2", "w·x + b", "y"), table))
        rows = tuple((x, gate(*x)) for x in INPUTS)
        parts.append(Figure("decision", (rows, separate(rows)),
                            Text(f"{gate.name}: the line w·x + b = 0 separates the 1s (filled)",
                                 f"{gate.name}: 직선 w·x + b = 0이 1(채운 점)을 나눈다"),
                            name=f"{gate.name.lower()}-line"))
    return Derivation("gates", Text("AND, NAND and OR gates", "AND, NAND, OR 게이트"),
                      tuple(parts))


__all__ = ["gates", "parse_table", "perceptron"]
