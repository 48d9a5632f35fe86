"""The perceptron, its bias form b = -θ, and the gates AND, NAND and OR of the lecture."""

from __future__ import annotations

import sympy
from sympy import Symbol

from symnn import AND, NAND, OR, Perceptron
from symnn.derivation import Derivation, Figure, Frame, Items, Step, Table, Text

from . import listings

x1, x2, w1, w2, theta, b = sympy.symbols("x1 x2 w1 w2 theta b")
INPUTS = [(0, 0), (1, 0), (0, 1), (1, 1)]


def _cases(s: sympy.Expr, bound: sympy.Expr) -> sympy.Piecewise:
    """0 when s <= bound, 1 when s > bound, both conditions written as the lecture does."""
    return sympy.Piecewise((0, sympy.Le(s, bound, evaluate=False)),
                           (1, sympy.Gt(s, bound, evaluate=False)), evaluate=False)


def perceptron() -> Derivation:
    """Return the threshold form of the perceptron and its rewriting with the bias b = -θ."""
    s = sympy.Add(w1 * x1, w2 * x2, evaluate=False)
    with_bias = sympy.Add(w1 * x1, w2 * x2, b, evaluate=False)
    y, h = Symbol("y"), sympy.Function("h")
    return Derivation("perceptron", Text("The perceptron", "퍼셉트론"), (
        Frame(Text("threshold", "임계값"), (
            Items((
                Text("many input signals, one output signal $y$: 1 (the signal flows) or 0 "
                     "(it does not)",
                     "여러 입력 신호를 받아 신호 하나 $y$를 출력: 1(흐른다) 또는 0(안 흐른다)"),
                Text("each input $x_i$ is multiplied by its weight $w_i$; a larger weight "
                     "lets a stronger signal through (the lecture likens it to a resistance; "
                     "it acts as a conductance)",
                     "입력 $x_i$에 가중치 $w_i$를 곱함: 가중치가 크면 더 강한 신호가 흐른다 "
                     "(강의는 전류의 저항에 비유하지만, 크면 더 흐르니 전도도에 가깝다)"),
                Text("the neuron outputs 1 when the weighted sum exceeds the threshold "
                     "$\\theta$",
                     "신호의 총합이 임계값 $\\theta$보다 크면 1을 출력(활성화)"),
            )),
            Step(y, _cases(s, theta), Text("Rosenblatt, 1957", "로젠블랫, 1957")),
        ), side=(
            Figure("perceptron", ("threshold", None),
                   Text("circles: neurons (nodes); arrows: signals",
                        "원: 뉴런(노드), 화살표: 신호"),
                   name="perceptron-threshold"),)),
        Frame(Text("bias", "편향"), (
            Step(sympy.Gt(s, theta, evaluate=False),
                 sympy.Gt(sympy.Add(w1 * x1, w2 * x2, -theta, evaluate=False), 0,
                          evaluate=False),
                 Text("subtract $\\theta$ from both sides", "양변에서 $\\theta$를 뺌"), "⇔"),
            Step(sympy.Gt(s, theta, evaluate=False), sympy.Gt(with_bias, 0, evaluate=False),
                 Text("write $b = -\\theta$ (the bias)", "$b = -\\theta$ (편향)로 씀"), "⇔"),
            Step(y, _cases(with_bias, 0), Text("the same rule with the bias",
                                               "편향으로 쓴 같은 규칙")),
            Step(y, h(with_bias), Text("with the step function $h(a) = 1$ for $a > 0$, else 0",
                                       "계단 함수 $h$: $a > 0$이면 1, 아니면 0")),
        ), side=(
            Figure("perceptron", ("bias", None),
                   Text("the bias $b = -\\theta$ on an input that is always 1, the step "
                        "function $h$ in the neuron",
                        "항상 1인 입력에 편향 $b = -\\theta$, 뉴런에 계단 함수 $h$"),
                   name="perceptron-bias"),)),
        Frame(Text("many parameters make AND", "AND를 만드는 매개변수는 무수히 많다"), (
            Text("Any $(w_1, w_2, \\theta)$ with $w_1, w_2 \\le \\theta < w_1 + w_2$ and "
                 "$\\theta \\ge 0$ makes AND; the lecture's three, with $b = -\\theta$ and the "
                 "output on each input:",
                 "$w_1, w_2 \\le \\theta < w_1 + w_2$, $\\theta \\ge 0$이면 모두 AND가 된다. "
                 "강의의 세 가지 예를 $b = -\\theta$와 각 입력의 출력으로 확인하면:"),
            Table(("$(w_1, w_2, \\theta)$", "$b = -\\theta$", "$(0,0)$", "$(1,0)$", "$(0,1)$",
                   "$(1,1)$"),
                  tuple(_threshold_row(*p) for p in [("0.5", "0.5", "0.7"),
                                                     ("0.5", "0.5", "0.8"),
                                                     ("1.0", "1.0", "1.0")])),
            Text("Every row gives 0, 0, 0, 1: the truth table of AND.",
                 "모든 행이 0, 0, 0, 1: AND의 진리표이다."),
        )),
    ))


def _threshold_row(a: str, c: str, t: str) -> tuple:
    p = Perceptron.from_threshold((a, c), t)
    return (f"$({a}, {c}, {t})$", p.bias, *(p(*x) for x in INPUTS))


def _substituted(gate: Perceptron, x: tuple[int, int]) -> sympy.Expr:
    """w1 x1 + w2 x2 + b with the numbers written in, not computed: 0.5·1 + 0.5·0 - 0.7."""
    u = sympy.UnevaluatedExpr
    terms = [sympy.Mul(u(w), u(v), evaluate=False) for w, v in zip(gate.weights, x)]
    return sympy.Add(*terms, u(gate.bias), evaluate=False)


def gate_frame(gate: Perceptron, worked: tuple[int, int], name: Text) -> Frame:
    """One gate: a row worked out and the lecture's code with what it prints for all four
    rows, its line beside them."""
    h = sympy.Function("h")
    y = Symbol("y")
    total = gate.weighted_sum(worked)
    relation = ">" if total > 0 else r"\le"
    sum_text = _decimals([total])[0]
    figure = Figure("decision", (tuple((x, gate(*x)) for x in INPUTS), gate),
                    Text("the line $w \\cdot x + b = 0$; output 1 on the shaded side",
                         "직선 $w \\cdot x + b = 0$, 색칠한 쪽에서 1을 출력"),
                    name=f"{gate.name.lower()}-line")
    code = listings.gate(gate.name, *listings.GATES[gate.name]) + "\n" + \
        listings.truth_table(gate.name)
    from symnn.render.printer import latex

    row = latex(sympy.Eq(y, h(_substituted(gate, worked)), evaluate=False))
    return Frame(name, (
        # a sentence, not a step: one line above the figure, so both fit beside the code
        Text(f"${row} = h({sum_text}) = {gate(*worked)}$ for $x = ({worked[0]}, {worked[1]})$: "
             f"${sum_text} {relation} 0$",
             f"$x = ({worked[0]}, {worked[1]})$이면 ${row} = h({sum_text}) = {gate(*worked)}$: "
             f"${sum_text} {relation} 0$"),
        figure,
    ), side=(listings.listing(code, "import numpy as np"),  # the import: the deck's first line
             Text("the $y$ of $x = (0, 0), (1, 0), (0, 1), (1, 1)$",
                  "네 입력의 $y$ (코드의 순서대로)")))


def _title(gate: Perceptron) -> str:
    """AND: w = (0.5, 0.5), b = -0.7 (the weights and the bias, not the threshold)."""
    w1, w2, b = _decimals([*gate.weights, gate.bias])
    return f"{gate.name}: $w = ({w1}, {w2})$, $b = {b}$"


def _decimals(numbers) -> list[str]:
    from symnn.render.printer import decimal_of

    return [decimal_of(sympy.Rational(v)) or str(v) for v in numbers]


def gates() -> Derivation:
    """Return AND (0.5, 0.5, -0.7), NAND (-0.5, -0.5, 0.7), OR (0.5, 0.5, -0.4), all rows."""
    return Derivation("gates", Text("Logic gates from one perceptron",
                                    "퍼셉트론으로 만든 논리회로"), (
        *(gate_frame(g, x, Text(_title(g), _title(g)))
          for g, x in ((AND, (1, 0)), (NAND, (1, 1)), (OR, (1, 0)))),
    ))
