"""Step, sigmoid and ReLU: definitions beside their plot, their derivatives, and the sigmoid's
derivative by the quotient rule in the form written on a board, sigma (1 - sigma)."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol, exp

from symnn import SymnnError, relu, sigmoid, sigmoid_derivative_check, step
from symnn.derivation import Derivation, Figure, Frame, Note, Step, Text
from symnn.derive import fraction

a = Symbol("a")  # the activation's input (the lecture writes x or z)


def _cases(value_if_positive: sympy.Expr) -> sympy.Piecewise:
    return sympy.Piecewise((0, sympy.Le(a, 0, evaluate=False)),
                           (value_if_positive, sympy.Gt(a, 0, evaluate=False)), evaluate=False)


def activations() -> Derivation:
    """Return h(a) for step, sigmoid and ReLU, and their derivatives (kink convention h'(0) = 0)."""
    if not sigmoid_derivative_check(a)[2]:
        raise SymnnError("the sigmoid's derivative is not sigma (1 - sigma)")
    u = sympy.UnevaluatedExpr
    v = sympy.Add(1, exp(-a), evaluate=False)
    direct = sympy.diff(1 / (1 + exp(-a)), a)
    quotient = fraction(sympy.Add(sympy.Mul(0, u(v), evaluate=False),
                                  sympy.Mul(-1, u(1), u(-exp(-a)), evaluate=False),
                                  evaluate=False), sympy.Pow(v, 2, evaluate=False))
    split = sympy.Mul(u(1 / (1 + exp(-a))), u(exp(-a) / (1 + exp(-a))), evaluate=False)
    board = sympy.Mul(sigmoid(a), u(1 - sigmoid(a)), evaluate=False)
    if sympy.simplify(direct - board.doit().rewrite(exp)) != 0 or \
            sympy.simplify(direct - quotient.doit().doit()) != 0:
        raise SymnnError("the board form of sigmoid' does not equal its derivative")
    at_zero = sympy.diff(sigmoid(a), a).subs(a, 0)
    plot = Figure("plot", {Text("step", "계단"): "step", Text("sigmoid", "시그모이드"): "sigmoid",
                           "ReLU": "relu"},
                  Text("step, sigmoid and ReLU for $a$ in $[-5, 5]$ (ReLU rises on past the top)",
                       "$a$가 $[-5, 5]$일 때의 계단, 시그모이드, ReLU (ReLU는 위로 계속 "
                       "올라감)"), name="activations-plot")
    return Derivation("activations", Text("Activation functions", "활성함수"), (
        Frame(Text("definitions", "정의"), (
            Text("A neuron passes on $h(a)$ of its weighted sum $a = w_1x_1 + w_2x_2 + b$:",
                 "뉴런은 가중합 $a = w_1x_1 + w_2x_2 + b$에 활성함수를 적용한 $h(a)$를 내보낸다:"),
            Step(step(a), _cases(1), Text("step function (the perceptron's $h$)",
                                          "계단 함수 (퍼셉트론의 $h$)")),
            Step(sigmoid(a), sigmoid(a).rewrite(exp), Text("sigmoid $\\sigma$",
                                                           "시그모이드 $\\sigma$")),
            Step(relu(a), _cases(a), Text("ReLU: $a$ itself where $a > 0$",
                                          "ReLU: $a > 0$이면 $a$ 그대로")),
            Step(Derivative(relu(a), a), sympy.diff(relu(a), a),
                 Text("slope 1 where $a > 0$, 0 where $a < 0$; at the kink $a = 0$ taken as 0",
                      "$a > 0$이면 기울기 1, $a < 0$이면 0, 꺾이는 점 $a = 0$에서는 0으로 둠")),
            Step(Derivative(step(a), a), sympy.diff(step(a), a),
                 Text("$h$ is constant on each side of 0, so its slope is 0 for every $a \\ne 0$",
                      "$h$는 0의 양쪽에서 상수이므로 $a \\ne 0$이면 기울기가 0")),
            Text("So a step-function perceptron cannot learn by gradient descent: every "
                 "gradient is 0.",
                 "그래서 계단 함수 퍼셉트론은 경사하강법으로 학습할 수 없다: 기울기가 모두 0이다."),
        )),
        Frame(Text("the three functions", "세 함수"), (plot,)),
        Frame(Text("derivative of the sigmoid", "시그모이드의 미분"), (
            Step(Derivative(sigmoid(a), a), quotient,
                 Text("quotient rule $(u/v)' = (u'v - uv')/v^2$, $u = 1$, $v = 1 + e^{-a}$, "
                      "$v' = -e^{-a}$",
                      "몫의 미분 $(u/v)' = (u'v - uv')/v^2$, $u = 1$, $v = 1 + e^{-a}$, "
                      "$v' = -e^{-a}$")),
            Step(Derivative(sigmoid(a), a), direct, Text("$0 \\cdot v = 0$, $-1 \\cdot "
                                                          "(-e^{-a}) = e^{-a}$",
                                                          "$0 \\cdot v = 0$, $-1 \\cdot "
                                                          "(-e^{-a}) = e^{-a}$")),
            Step(Derivative(sigmoid(a), a), split, Text("split into two factors",
                                                        "두 인수로 나눔")),
            Step(Derivative(sigmoid(a), a), board,
                 Text("$e^{-a}/(1 + e^{-a}) = 1 - 1/(1 + e^{-a}) = 1 - \\sigma(a)$",
                      "$e^{-a}/(1 + e^{-a}) = 1 - 1/(1 + e^{-a}) = 1 - \\sigma(a)$")),
            Step(sympy.Subs(Derivative(sigmoid(a), a), a, 0), at_zero,
                 Text("$\\sigma(0) = 0.5$: $0.5 \\cdot (1 - 0.5)$", "$\\sigma(0) = 0.5$: "
                      "$0.5 \\cdot (1 - 0.5)$")),
            Text("The slope needs only the output $\\sigma(a)$ itself: backpropagation reuses "
                 "the value of the forward pass.",
                 "기울기는 출력 $\\sigma(a)$만 있으면 된다. 역전파는 순전파의 값을 다시 쓴다."),
            Note(Text("Each form is checked against the derivative SymPy computes.",
                      "각 식은 SymPy가 구한 미분과 같은지 확인했다.")),
        )),
    ))
