"""Gradient descent: the update rule derived from the lecture's cost (and why its rule has no
factor 2), and one exact step of the delta rule on a sigmoid neuron, where delta is named."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol

from symnn import SymnnError, arrays, parse_spec, train_step
from symnn.derivation import Derivation, Frame, Remark, Step, Text
from symnn.derive import Quotient, fraction

from .digits import approx, decimal, short

X = [1.0, 0.5]
W = [0.5, -0.5]
TARGET = 1
RATE = 0.5


def gradient_descent() -> Derivation:
    """Return dE/dw for E = (1/m) sum (w x_i - t_i)^2, why the lecture's rule is that of E/2,
    and one delta-rule step on one sigmoid neuron."""
    w, alpha, i = sympy.symbols("w alpha i")
    m = Symbol("m", positive=True, integer=True)
    x, t = sympy.IndexedBase("x"), sympy.IndexedBase("t")
    residual = sympy.Add(w * x[i], -t[i], evaluate=False)
    square = sympy.Pow(residual, 2, evaluate=False)
    E = Symbol("E")
    cost = sympy.Mul(fraction(1, m), sympy.Sum(square, (i, 1, m)), evaluate=False)
    board = sympy.Mul(fraction(2, m), sympy.Sum(sympy.Mul(residual, x[i], evaluate=False),
                                                 (i, 1, m)), evaluate=False)
    half_board = sympy.Mul(fraction(1, m), sympy.Sum(sympy.Mul(residual, x[i], evaluate=False),
                                                      (i, 1, m)), evaluate=False)
    plain = sympy.Sum((w * x[i] - t[i]) ** 2, (i, 1, m))
    checks = ((sympy.diff(plain / m, w), board), (sympy.diff(plain / (2 * m), w), half_board))
    for got, want in checks:
        if sympy.simplify((got - want.replace(lambda e: isinstance(e, Quotient),
                                              lambda e: e.doit())).doit()) != 0:
            raise SymnnError("the board form of the loss's derivative does not match SymPy's")
    return Derivation("gradient_descent", Text("Gradient descent", "경사하강법"), (
        Frame(Text("the update rule", "갱신 규칙"), (
            Text("The lecture's example: one weight $w$, $m$ samples $x_i$ with targets "
                 "$t_i$ ($i$ counts samples):",
                 "강의의 예: 가중치 하나 $w$, 표본 $m$개 $x_i$와 정답 $t_i$ ($i$는 표본 번호):"),
            Step(E, cost, Text("mean squared error over the data",
                               "데이터 전체의 평균제곱오차")),
            Step(Derivative(E, w), board,
                 Text("chain rule on each square: $2(w x_i - t_i) \\cdot x_i$",
                      "각 제곱항에 연쇄법칙: $2(w x_i - t_i) \\cdot x_i$")),
            Step(w, sympy.Add(w, sympy.Mul(-1, alpha, board, evaluate=False), evaluate=False),
                 Text("step against the slope; $\\alpha$ is the learning rate",
                      "기울기 반대로 이동, $\\alpha$는 학습률"), "←"),
            Remark(Text("The lecture's rule: $\\frac{1}{m}$, not $\\frac{2}{m}$",
                        "강의의 규칙: $\\frac{2}{m}$ 대신 $\\frac{1}{m}$"),
                   Text("$w \\leftarrow w - \\alpha \\frac{1}{m} \\sum_i (w x_i - t_i)\\, x_i$ "
                        "is the rule for $\\frac{1}{2} E$, whose gradient is half: the same "
                        "minimum, the 2 folded into $\\alpha$. A convention, not an error.",
                        "$w \\leftarrow w - \\alpha \\frac{1}{m} \\sum_i (w x_i - t_i)\\, x_i$는 "
                        "기울기가 절반인 $\\frac{1}{2} E$의 규칙이다: 최솟값은 같고 2는 "
                        "$\\alpha$에 들어간다. 오류가 아니라 관례이다.")),
        )),
        _delta_rule_frame(),
    ))


def _delta_rule_frame() -> Frame:
    spec = parse_spec({"input": X, "target": [TARGET], "loss": "half_sse",
                       "learning_rate": RATE,
                       "layer": [{"W": [[v] for v in W], "b": [0.0],
                                  "activation": "sigmoid"}]})
    step = train_step(spec)
    y_value = step.forward.layers[0].z[0, 0]
    grad = step.gradients["W1"][0, 0]
    delta_value = (y_value - TARGET) * y_value * (1 - y_value)
    x1, w1, t, a, yv, E, delta = sympy.symbols("x1 w1 t a y E delta")
    u = sympy.UnevaluatedExpr
    y_text = decimal(y_value)
    yn = short(y_value)
    rule = sympy.Mul(sympy.Add(yv, -t, evaluate=False), yv,
                     sympy.Add(1, -yv, evaluate=False), evaluate=False)
    chain = sympy.Mul(u(Derivative(E, yv)), u(Derivative(yv, a)), u(Derivative(a, w1)),
                      evaluate=False)
    numbers = sympy.Mul(sympy.Add(u(yn), -u(sympy.Integer(TARGET)), evaluate=False), u(yn),
                        sympy.Add(u(sympy.Integer(1)), -u(yn), evaluate=False),
                        evaluate=False)
    updated = step.updated["W1"][0, 0]
    return Frame(Text("one step of the delta rule", "델타 규칙 한 단계"), (
        Text("One sigmoid neuron: $x = (1, 0.5)$, $w = (0.5, -0.5)$, $b = 0$, $t = 1$, "
             "$\\alpha = 0.5$, one output, and the loss halved as in the rule above: "
             "$E = \\frac{1}{2}(y - t)^2$:",
             "시그모이드 뉴런 하나: $x = (1, 0.5)$, $w = (0.5, -0.5)$, $b = 0$, $t = 1$, "
             "$\\alpha = 0.5$, 출력은 하나이고, 손실은 위의 규칙처럼 절반을 취한 "
             "$E = \\frac{1}{2}(y - t)^2$:"),
        Step(a, (sympy.Add(sympy.Mul(u(sympy.Rational(1, 2)), u(1), evaluate=False),
                           sympy.Mul(u(-sympy.Rational(1, 2)), u(sympy.Rational(1, 2)),
                                     evaluate=False), u(0), evaluate=False),
                 arrays.matrix(step.forward.layers[0].a)[0, 0]),
             Text("$a = w_1 x_1 + w_2 x_2 + b$", "$a = w_1 x_1 + w_2 x_2 + b$")),
        approx(yv, y_value, Text("$y = \\sigma(0.25) = 1/(1 + e^{-0.25})$",
                                 "$y = \\sigma(0.25) = 1/(1 + e^{-0.25})$")),
        Step(delta, (sympy.Mul(u(Derivative(E, yv)), u(Derivative(yv, a)), evaluate=False),
                     rule), Text("the neuron's error $\\partial E / \\partial a$: "
                                 "$\\partial E / \\partial y = y - t$, $\\sigma' = y(1 - y)$",
                                 "뉴런의 오차 $\\partial E / \\partial a$: "
                                 "$\\partial E / \\partial y = y - t$, $\\sigma' = y(1 - y)$")),
        Step(delta, (numbers, short(delta_value)),
             Text(f"$y \\approx {y_text}$, $t = 1$", f"$y \\approx {y_text}$, $t = 1$"), "≈"),
        Step(Derivative(E, w1), (chain, sympy.Mul(delta, x1, evaluate=False),
                                 ("≈", short(grad))),
             Text("chain rule, $\\partial a / \\partial w_1 = x_1 = 1$",
                  "연쇄법칙, $\\partial a / \\partial w_1 = x_1 = 1$")),
        approx(r"w_1'", updated,
               Text(f"$w_1 - \\alpha \\delta x_1 \\approx 0.5 - 0.5 \\cdot "
                    f"({decimal(grad)})$",
                    f"$w_1 - \\alpha \\delta x_1 \\approx 0.5 - 0.5 \\cdot "
                    f"({decimal(grad)})$")),
        Text("Hence the name delta rule. $\\delta < 0$ ($y < t$): $w_1$ grows, $y$ moves "
             "toward 1.",
             "델타 규칙이라는 이름은 이 $\\delta$에서 왔다. 음수($y < t$)라 $w_1$이 커지고 "
             "$y$는 1에 가까워진다."),
    ))
