"""Step, sigmoid and ReLU: definitions beside their plot, and their derivatives in the forms
written on a board."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol, exp

from symnn import SymnnError, relu, sigmoid, sigmoid_derivative_check, step
from symnn.derivation import Derivation, Figure, Frame, Step, Text

z = Symbol("z")


def _cases(value_if_positive: sympy.Expr) -> sympy.Piecewise:
    return sympy.Piecewise((0, sympy.Le(z, 0, evaluate=False)),
                           (value_if_positive, sympy.Gt(z, 0, evaluate=False)), evaluate=False)


def activations() -> Derivation:
    """Return h(z) for step, sigmoid and ReLU, and their derivatives (kink convention h'(0) = 0)."""
    if not sigmoid_derivative_check(z)[2]:
        raise SymnnError("SymPy could not show sigmoid' = sigmoid(1 - sigmoid)")
    direct = sympy.diff(1 / (1 + exp(-z)), z)
    u = sympy.UnevaluatedExpr
    split = sympy.Mul(u(1 / (1 + exp(-z))), u(exp(-z) / (1 + exp(-z))), evaluate=False)
    one_minus = sympy.Mul(u(1 / (1 + exp(-z))), u(1 - 1 / (1 + exp(-z))), evaluate=False)
    board = sympy.Mul(sigmoid(z), u(1 - sigmoid(z)), evaluate=False)
    if sympy.simplify(direct - board.doit().rewrite(exp)) != 0:
        raise SymnnError("the board form of sigmoid' does not equal SymPy's derivative")
    at_zero = sympy.diff(sigmoid(z), z).subs(z, 0)
    plot = Figure("plot", {Text("step", "계단"): "step", Text("sigmoid", "시그모이드"): "sigmoid",
                           "ReLU": "relu"},
                  Text("step, sigmoid and ReLU on $[-5, 5]$",
                       "$[-5, 5]$에서의 계단, 시그모이드, ReLU"), name="activations-plot")
    return Derivation("activations", Text("Activation functions", "활성함수"), (
        Frame(Text("definitions", "정의"), (
            Text("A neuron computes $y = h(w_1x_1 + w_2x_2 + b)$; the activation $h$ decides "
                 "what it passes on.",
                 "뉴런은 $y = h(w_1x_1 + w_2x_2 + b)$를 계산하고, 활성함수 $h$가 무엇을 "
                 "내보낼지 정한다."),
            Step(step(z), _cases(1), Text("step function (the perceptron's $h$)",
                                          "계단 함수 (퍼셉트론의 $h$)")),
            Step(sigmoid(z), sigmoid(z).rewrite(exp), Text("sigmoid", "시그모이드")),
            Step(relu(z), _cases(z), Text("ReLU", "ReLU")),
        ), side=(plot,)),
        Frame(Text("derivative of the sigmoid", "시그모이드의 미분"), (
            Step(Derivative(sigmoid(z), z), direct,
                 Text("derivative of $(1 + e^{-z})^{-1}$", "$(1 + e^{-z})^{-1}$의 미분")),
            Step(Derivative(sigmoid(z), z), split, Text("split into two factors",
                                                        "두 인수로 나눔")),
            Step(Derivative(sigmoid(z), z), one_minus,
                 Text("$\\frac{e^{-z}}{1 + e^{-z}} = 1 - \\frac{1}{1 + e^{-z}}$",
                      "$\\frac{e^{-z}}{1 + e^{-z}} = 1 - \\frac{1}{1 + e^{-z}}$")),
            Step(Derivative(sigmoid(z), z), board, Text("the board form",
                                                        "칠판에 쓰는 꼴")),
            Step(sympy.Subs(Derivative(sigmoid(z), z), z, 0), at_zero,
                 Text("$\\sigma(0) = 0.5$: $0.5 \\cdot 0.5$", "$\\sigma(0) = 0.5$: "
                      "$0.5 \\cdot 0.5$")),
            Text("The slope needs only the output $\\sigma(z)$ itself: backpropagation reuses "
                 "the value of the forward pass.",
                 "기울기는 출력 $\\sigma(z)$만 있으면 된다. 역전파는 순전파의 값을 다시 쓴다."),
        )),
        Frame(Text("derivatives of ReLU and step", "ReLU와 계단 함수의 미분"), (
            Step(Derivative(relu(z), z), sympy.diff(relu(z), z),
                 Text("1 where $z > 0$, 0 where $z < 0$", "$z > 0$이면 1, $z < 0$이면 0"),
                 note=Text("At the kink $z = 0$ symnn takes the derivative from the left, 0, "
                           "as the lecture's $h(0) = 0$.",
                           "꺾이는 점 $z = 0$에서는 강의의 $h(0) = 0$처럼 미분값을 0으로 둔다.")),
            Step(Derivative(step(z), z), sympy.diff(step(z), z),
                 Text("flat wherever it has a slope", "기울기가 있는 곳은 모두 평평함"),
                 note=Text("So a perceptron with the step function cannot learn by gradient "
                           "descent: every gradient is 0.",
                           "그래서 계단 함수를 쓰는 퍼셉트론은 경사하강법으로 학습할 수 없다: "
                           "기울기가 모두 0이다.")),
        )),
    ))
