"""MSE and cross-entropy: definitions, an example, gradients, and softmax with cross-entropy."""

from __future__ import annotations

import sympy
from sympy import Derivative, Matrix, Rational, Symbol, log

from symnn import cross_entropy, loss_gradient, mse, softmax_cross_entropy_gradient
from symnn.derivation import Derivation, Step, Text
from symnn.derive import decimal_step


def losses() -> Derivation:
    """Return E = (1/n) sum (y - t)^2 and E = -sum t log y on y = [0.1, 0.6, 0.3], t = [0, 1, 0]."""
    Y = Matrix([sympy.symbols("y1:4")])
    T = Matrix([sympy.symbols("t1:4")])
    y = Matrix([[Rational(1, 10), Rational(6, 10), Rational(3, 10)]])
    t = Matrix([[0, 1, 0]])
    E = Symbol("E")
    g = softmax_cross_entropy_gradient(3)
    return Derivation("losses", Text("Loss functions", "손실함수"), (
        Step(E, mse(Y, T), "definition"),
        Step(E, mse(y, t), "substitution"),
        Step(Derivative(E, Symbol("y1")), loss_gradient(mse, Y, T)[0], "derivative"),
        Step(E, cross_entropy(Y, T), "definition"),
        Step(E, cross_entropy(y, t), "substitution"),
        decimal_step(E, cross_entropy(y, t), 6),
        Step(Derivative(E, Symbol("y2")), loss_gradient(cross_entropy, Y, T)[1], "derivative"),
        Text("A sure right answer costs nothing; a sure wrong one costs without bound:",
             "정답을 확신하면 비용은 0, 오답을 확신하면 비용은 한없이 커진다:"),
        Step(sympy.Subs(-log(Symbol("y")), Symbol("y"), 1), Rational(0), "substitution"),
        Step(sympy.Limit(-log(Symbol("y")), Symbol("y"), 0, "+"),
             sympy.limit(-log(Symbol("y")), Symbol("y"), 0, "+"), "simplify"),
        Text("After softmax, cross-entropy's gradient by the logits a is y - t (using t1 + t2 + t3 "
             "= 1):",
             "소프트맥스 뒤의 교차 엔트로피를 a로 미분하면 (t1 + t2 + t3 = 1을 쓰면) y - t이다:"),
        Step(Derivative(E, Symbol("a1")), g.raw[0], "derivative"),
        Step(Derivative(E, Symbol("a1")), g.reduced[0], "simplify"),
    ))
