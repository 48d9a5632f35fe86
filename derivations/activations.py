"""Step, sigmoid and ReLU: definitions, derivatives in the forms written on a board, and plots."""

from __future__ import annotations

import sympy
from sympy import Derivative, Symbol, exp

from symnn import SymnnError, relu, sigmoid, sigmoid_derivative_check, step
from symnn.derivation import Derivation, Figure, Step, Text

z = Symbol("z")


def activations() -> Derivation:
    """Return h(z) for step, sigmoid and ReLU, and their derivatives (kink convention h'(0) = 0)."""
    direct = sympy.diff(1 / (1 + exp(-z)), z)
    # sigmoid' written the way a teacher does: split exp(-z)/(1+exp(-z))^2 into two factors.
    split = sympy.Mul(1 / (1 + exp(-z)), sympy.UnevaluatedExpr(exp(-z) / (1 + exp(-z))),
                      evaluate=False)
    one_minus = sympy.Mul(sigmoid(z), sympy.UnevaluatedExpr(1 - sigmoid(z)), evaluate=False)
    if not sigmoid_derivative_check(z)[2]:
        raise SymnnError("SymPy could not show sigmoid' = sigmoid(1 - sigmoid)")
    return Derivation("activations", Text("Activation functions", "활성함수"), (
        Step(step(z), step(z).rewrite(sympy.Piecewise), "definition"),
        Step(sigmoid(z), sigmoid(z).rewrite(exp), "definition"),
        Step(relu(z), relu(z).rewrite(sympy.Piecewise), "definition"),
        Figure("plot", {"step": "step", "sigmoid": "sigmoid", "ReLU": "relu"},
               Text("step, sigmoid and ReLU on [-5, 5]", "[-5, 5]에서의 계단, 시그모이드, ReLU"),
               name="activations-plot"),
        Text("The derivative of the sigmoid, computed directly and then rearranged:",
             "시그모이드의 미분을 직접 계산한 뒤 정리하면:"),
        Step(Derivative(sigmoid(z), z), direct, "derivative"),
        Step(Derivative(sigmoid(z), z), split, "simplify"),
        Step(Derivative(sigmoid(z), z), one_minus, "same",
             note=Text("since exp(-z)/(1 + exp(-z)) = 1 - 1/(1 + exp(-z)) = 1 - σ(z)",
                       "exp(-z)/(1 + exp(-z)) = 1 - 1/(1 + exp(-z)) = 1 - σ(z)이므로")),
        Step(Derivative(sigmoid(z), z).subs(z, 0), sympy.diff(sigmoid(z), z).subs(z, 0),
             "substitution"),
        Step(Derivative(relu(z), z), sympy.diff(relu(z), z), "derivative",
             note=Text("At the kink z = 0 symnn takes the derivative from the left, 0, as the "
                       "lecture's step h(0) = 0 does.",
                       "꺾이는 점 z = 0에서는 강의의 h(0) = 0처럼 미분값을 0으로 둔다.")),
        Step(Derivative(step(z), z), sympy.diff(step(z), z), "derivative",
             note=Text("The step function is flat wherever it has a derivative, which is why "
                       "a perceptron cannot learn by gradient descent.",
                       "계단 함수는 미분값이 거의 모든 곳에서 0이므로 경사하강법으로 학습할 수 "
                       "없다.")),
    ))
