"""Gradient descent: the update rule derived from the cost (and the lecture's factor 2), and one
exact step of the delta rule on a sigmoid neuron."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol

from symnn import SymnnError, arrays, parse_spec, train_step
from symnn.derivation import Derivation, Erratum, Frame, Step, Text
from symnn.derive import Quotient, decimal_step, fraction

X = [1.0, 0.5]
W = [0.5, -0.5]
TARGET = 1
RATE = 0.5


def gradient_descent() -> Derivation:
    """Return dcost/dW for cost = (1/m) sum (W x_i - y_i)^2, the lecture's 1/(2m) cost J, and
    one delta-rule step on one sigmoid neuron."""
    W_, alpha, i = sympy.symbols("W alpha i")
    m = Symbol("m", positive=True, integer=True)
    x, y = sympy.IndexedBase("x"), sympy.IndexedBase("y")
    residual = sympy.Add(W_ * x[i], -y[i], evaluate=False)
    square = sympy.Pow(residual, 2, evaluate=False)
    cost = sympy.Mul(fraction(1, m), sympy.Sum(square, (i, 1, m)), evaluate=False)
    board = sympy.Mul(fraction(2, m), sympy.Sum(sympy.Mul(residual, x[i], evaluate=False),
                                                 (i, 1, m)), evaluate=False)
    half = sympy.Mul(fraction(1, 2 * m), sympy.Sum(square, (i, 1, m)), evaluate=False)
    half_board = sympy.Mul(fraction(1, m), sympy.Sum(sympy.Mul(residual, x[i], evaluate=False),
                                                      (i, 1, m)), evaluate=False)
    plain = sympy.Sum((W_ * x[i] - y[i]) ** 2, (i, 1, m))
    checks = ((sympy.diff(plain / m, W_), board), (sympy.diff(plain / (2 * m), W_), half_board))
    for got, want in checks:
        if sympy.simplify((got - want.replace(lambda e: isinstance(e, Quotient),
                                              lambda e: e.doit())).doit()) != 0:
            raise SymnnError("the board form of the cost's derivative does not match SymPy's")
    C, J = Symbol("cost"), Symbol("J")
    return Derivation("gradient_descent", Text("Gradient descent", "경사하강법"), (
        Frame(Text("the update rule", "갱신 규칙"), (
            Step(C, cost, Text("the lecture's cost (mean squared error)",
                               "강의의 비용 (평균제곱오차)")),
            Step(Derivative(C, W_), board, Text("chain rule on each square",
                                                "각 제곱항에 연쇄법칙")),
            Step(W_, sympy.Add(W_, sympy.Mul(-1, alpha, board, evaluate=False),
                               evaluate=False),
                 Text("step against the slope; $\\alpha$ is the learning rate",
                      "기울기 반대로 이동, $\\alpha$는 학습률"), "←"),
            Erratum(Text("the update rule", "갱신 규칙"),
                    r"W - \alpha \frac{1}{m} \sum_{i=1}^{m} (W x_i - y_i)\, x_i",
                    r"W - \alpha \frac{2}{m} \sum_{i=1}^{m} (W x_i - y_i)\, x_i",
                    Text("For the lecture's cost the derivative has a factor 2. The printed "
                         "rule is the gradient of $J = \\frac{1}{2m}\\sum_i (W x_i - y_i)^2$ "
                         "(or the 2 folded into $\\alpha$):",
                         "강의의 비용을 미분하면 2가 붙는다. 출력된 규칙은 "
                         "$J = \\frac{1}{2m}\\sum_i (W x_i - y_i)^2$의 기울기이다 (또는 2를 "
                         "$\\alpha$에 포함한 것):")),
            Step(J, half, Text("the cost with $\\frac{1}{2m}$", "$\\frac{1}{2m}$을 붙인 비용")),
            Step(Derivative(J, W_), half_board, Text("$\\frac{1}{2m}$ cancels the 2",
                                                     "$\\frac{1}{2m}$이 2를 없앰")),
        )),
        _delta_rule_frame(),
    ), labels={"cost": Text("cost", "cost")})


def _delta_rule_frame() -> Frame:
    spec = parse_spec({"input": X, "target": [TARGET], "loss": "half_sse",
                       "learning_rate": RATE,
                       "layer": [{"W": [[w] for w in W], "b": [0.0],
                                  "activation": "sigmoid"}]})
    step = train_step(spec)
    y_value = step.forward.layers[0].z[0, 0]
    grad = step.gradients["W1"][0, 0]
    x1, w1, t, a, yv, E = sympy.symbols("x1 w1 t a y E")
    u = sympy.UnevaluatedExpr
    y_text = y_value.decimal(8)
    rule = sympy.Mul(sympy.Add(yv, -t, evaluate=False), yv,
                     sympy.Add(1, -yv, evaluate=False), x1, evaluate=False)
    chain = sympy.Mul(u(Derivative(E, yv)), u(Derivative(yv, a)), u(Derivative(a, w1)),
                      evaluate=False)
    numbers = sympy.Mul(sympy.Add(u(sympy.Float(y_text, 8)), -u(sympy.Integer(TARGET)),
                                  evaluate=False),
                        u(sympy.Float(y_text, 8)),
                        sympy.Add(u(sympy.Integer(1)), -u(sympy.Float(y_text, 8)),
                                  evaluate=False), u(sympy.Integer(1)), evaluate=False)
    updated = step.updated["W1"][0, 0]
    return Frame(Text("one step of the delta rule", "델타 규칙 한 단계"), (
        Text("One sigmoid neuron: $x = (1, 0.5)$, $w = (0.5, -0.5)$, $b = 0$, target $t = 1$, "
             "$E = \\frac{1}{2}(y - t)^2$, $\\alpha = 0.5$:",
             "시그모이드 뉴런 하나: $x = (1, 0.5)$, $w = (0.5, -0.5)$, $b = 0$, 정답 $t = 1$, "
             "$E = \\frac{1}{2}(y - t)^2$, $\\alpha = 0.5$:"),
        Step(a, sympy.Add(sympy.Mul(u(sympy.Rational(1, 2)), u(1), evaluate=False),
                          sympy.Mul(u(-sympy.Rational(1, 2)), u(sympy.Rational(1, 2)),
                                    evaluate=False), u(0), evaluate=False),
             Text("$a = w_1 x_1 + w_2 x_2 + b$", "$a = w_1 x_1 + w_2 x_2 + b$")),
        Step(a, arrays.matrix(step.forward.layers[0].a)[0, 0], Text("compute", "계산")),
        decimal_step(yv, y_value, 8, Text("$y = \\sigma(0.25)$", "$y = \\sigma(0.25)$")),
        Step(Derivative(E, w1), chain, "chain_rule"),
        Step(Derivative(E, w1), rule, Text("$y - t$, $\\sigma' = y(1 - y)$, $x_1$",
                                           "$y - t$, $\\sigma' = y(1 - y)$, $x_1$")),
        Step(Derivative(E, w1), numbers, Text(f"$y \\approx {y_text}$, $x_1 = 1$",
                                              f"$y \\approx {y_text}$, $x_1 = 1$"), "≈"),
        decimal_step(Derivative(E, w1), grad, 8, Text("compute", "계산")),
        decimal_step(r"w_1'", updated, 8,
                     Text("$w_1 - \\alpha\\, \\partial E/\\partial w_1$ with "
                          "$w_1 = 0.5$, $\\alpha = 0.5$",
                          "$w_1 = 0.5$, $\\alpha = 0.5$로 "
                          "$w_1 - \\alpha\\, \\partial E/\\partial w_1$")),
        Text("The error is negative ($y < t$), so $w_1$ grows and $y$ moves toward 1.",
             "오차가 음수($y < t$)라 $w_1$이 커지고 $y$는 1에 가까워진다."),
    ))
