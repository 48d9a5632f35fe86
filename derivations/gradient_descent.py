"""Gradient descent: the update rule derived from the cost, and one exact step of the delta rule."""

from __future__ import annotations

import sympy
from sympy import Derivative, Rational, Symbol

from symnn import parse_spec, sigmoid, train_step
from symnn.derivation import Derivation, Step, Text
from symnn.derive import decimal_step


def gradient_descent() -> Derivation:
    """Return dcost/dW for cost = (1/m) sum (W x_i - y_i)^2 and one delta-rule step."""
    W, alpha, i = sympy.symbols("W alpha i")
    m = Symbol("m", positive=True, integer=True)
    x, y = sympy.IndexedBase("x"), sympy.IndexedBase("y")
    cost = sympy.Sum((W * x[i] - y[i]) ** 2, (i, 1, m)) / m
    gradient = sympy.diff(cost, W)
    half = sympy.Sum((W * x[i] - y[i]) ** 2, (i, 1, m)) / (2 * m)
    spec = parse_spec({"input": [1.0, 0.5], "target": [1], "loss": "half_sse",
                       "learning_rate": 0.5,
                       "layer": [{"W": [[0.5], [-0.5]], "b": [0.0], "activation": "sigmoid"}]})
    step = train_step(spec)
    w1 = Symbol("w1")
    x1, x2, w2, b, t = sympy.symbols("x1 x2 w2 b t")
    error = (sigmoid(w1 * x1 + w2 * x2 + b) - t) ** 2 / 2
    return Derivation("gradient_descent", Text("Gradient descent", "경사하강법"), (
        Step(Symbol("cost"), cost, "definition"),
        Step(Derivative(Symbol("cost"), W), gradient, "derivative"),
        Step(W, W - alpha * gradient, "update",
             note=Text("The lecture writes W - α (1/m) Σ (W x - y) x: that is the derivative of "
                       "the cost with 1/(2m) in front (or the factor 2 folded into α).",
                       "강의의 W - α (1/m) Σ (W x - y) x는 비용 앞에 1/(2m)을 둔 경우의 미분이다 "
                       "(또는 2를 α에 포함한 것).")),
        Step(Derivative(Symbol("cost"), W), sympy.diff(half, W), "derivative"),
        Text("The delta rule on one sigmoid neuron, x = (1, 0.5), w = (0.5, -0.5), b = 0, t = 1, "
             "E = (y - t)²/2, α = 0.5:",
             "시그모이드 뉴런 하나에 델타 규칙: x = (1, 0.5), w = (0.5, -0.5), b = 0, t = 1, "
             "E = (y - t)²/2, α = 0.5:"),
        Step(Symbol("a"), step.forward.layers[0].A[0], "forward"),
        Step(Symbol("y"), sigmoid(step.forward.layers[0].A[0]), "activation"),
        Step(Derivative(Symbol("E"), w1), sympy.diff(error, w1), "chain_rule"),
        Step(Derivative(Symbol("E"), w1), step.gradients["W1"][0, 0], "substitution"),
        Step(w1, Rational(1, 2) - step.learning_rate * step.gradients["W1"][0, 0], "update"),
        decimal_step(w1, step.updated["W1"][0, 0], 10),
    ))
