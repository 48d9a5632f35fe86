"""Why a network learns from data, and why its objective is a loss, not its accuracy: the
accuracy's derivative is 0 almost everywhere."""

from __future__ import annotations

import numpy as np
import sympy
from sympy import Symbol

from symnn import values
from symnn.derivation import Derivation, Frame, Items, Step, Table, Text

from .digits import decimal
from .forward_pass import B1, B2, B3, W1, W2, W3
from .gradient_descent import TARGET, W, X

SHIFT = values.Value(0.01)  # how far w_1 moves


def _neuron(w1: values.Value) -> tuple[values.Value, values.Value, int]:
    """y, E = ½(y - t)² and whether the answer y > 0.5 is right, for the delta rule's neuron
    with its first weight set to ``w1``."""
    a = w1 * values.Value(X[0]) + values.Value(W[1]) * values.Value(X[1])
    y = values.sigmoid(a)
    E = (y - values.Value(TARGET)) ** 2 / 2
    right = int((y - values.Value(0.5)).sign("y - 0.5") > 0) == TARGET
    return y, E, int(right)


def learning() -> Derivation:
    """Return learning from data (how many parameters there are), and accuracy against a loss
    on the delta rule's neuron with w_1 moved by ±0.01."""
    n = sum(np.size(v) for v in (W1, B1, W2, B2, W3, B3))
    count = Symbol("parameters")
    rows = []
    for label, shift in ((Text("$w_1 - 0.01$", "$w_1 - 0.01$"), -1), ("$w_1 = 0.5$", 0),
                         (Text("$w_1 + 0.01$", "$w_1 + 0.01$"), 1)):
        y, E, right = _neuron(values.Value(W[0]) + SHIFT * shift)
        rows.append((label, f"${decimal(y)}$", f"${right}$", f"${decimal(E)}$"))
    return Derivation("learning", Text("Learning from data", "데이터에서 학습하기"), (
        Frame(Text("why learn", "학습의 필요성"), (
            Items((
                Text("A neural network learns from data: its weights and biases are set "
                     "automatically from examples, not by hand.",
                     "신경망은 데이터를 보고 학습한다: 가중치와 편향을 사람이 아니라 입력된 "
                     "데이터로 자동으로 정한다."),
                Text("The perceptron's gates have 3 parameters, set by hand "
                     "(AND: $w = (0.5, 0.5)$, $b = -0.7$).",
                     "퍼셉트론의 논리회로는 매개변수가 3개로, 손으로 정했다 "
                     "(AND: $w = (0.5, 0.5)$, $b = -0.7$)."),
            )),
            Step(count, _count_expr(n), Text(
                "$W^{(1)}, B^{(1)}, W^{(2)}, B^{(2)}, W^{(3)}, B^{(3)}$ of the lecture's network",
                "강의의 신경망의 $W^{(1)}, B^{(1)}, W^{(2)}, B^{(2)}, W^{(3)}, B^{(3)}$")),
            Items((
                Text("Deep networks have thousands to billions: the parameters must be found "
                     "automatically.",
                     "딥러닝의 신경망은 매개변수가 수천에서 수억 개 이상이다: 값을 자동으로 "
                     "정해야 한다."),
                Text("How: a loss $E$ says how wrong the network is on the data; gradient "
                     "descent moves every parameter a little against its derivative "
                     "$\\partial E / \\partial w$, again and again, until the derivatives are "
                     "near 0.",
                     "방법: 손실함수 $E$가 신경망이 데이터에서 얼마나 틀리는지 나타내고, "
                     "경사하강법이 각 매개변수를 미분 $\\partial E / \\partial w$의 반대쪽으로 "
                     "조금씩, 미분이 0에 가까워질 때까지 반복해서 옮긴다."),
            )),
        )),
        Frame(Text("why not accuracy", "왜 정확도가 아닌가"), (
            Text("Accuracy is what we want, but a bad objective. One sigmoid neuron (the "
                 "delta rule's, ahead): $x = (1, 0.5)$, $w = (0.5, -0.5)$, $b = 0$, $t = 1$, "
                 "answer 1 when $y > 0.5$; $E$ its squared error. Move $w_1$ by "
                 "$\\pm 0.01$:",
                 "정확도가 목표이지만 지표로는 나쁘다. 시그모이드 뉴런 하나(뒤에 나올 델타 "
                 "규칙의 뉴런): $x = (1, 0.5)$, $w = (0.5, -0.5)$, $b = 0$, $t = 1$, "
                 "$y > 0.5$이면 답 1, $E$는 제곱오차. $w_1$을 $\\pm 0.01$ 움직이면:"),
            Table(("", "$y = \\sigma(a)$", Text("right answers", "맞은 개수"),
                   "$E = \\frac{1}{2}(y - t)^2$"), tuple(rows)),
            Items((
                Text("The accuracy does not move: like the step function it is flat almost "
                     "everywhere, its derivative is 0 and says nothing about which way to go.",
                     "정확도는 변하지 않는다: 계단 함수처럼 거의 모든 곳에서 평평해서 미분이 "
                     "0이고, 어느 쪽으로 가야 할지 알려 주지 않는다."),
                Text("The loss moves smoothly: it falls as $w_1$ grows, so its derivative "
                     "points the way. Hence MSE or cross-entropy as the objective.",
                     "손실은 매끄럽게 변한다: $w_1$이 커지면 줄어드므로 미분이 방향을 알려 준다. "
                     "그래서 MSE나 교차 엔트로피를 지표로 쓴다."),
            )),
        )),
    ), labels={"parameters": Text("parameters", "매개변수 수")})


def _count_expr(n: int) -> tuple:
    """2·3 + 3 + 3·2 + 2 + 2·2 + 2 = n, as written."""
    u = sympy.UnevaluatedExpr
    terms = []
    for W_, B_ in ((W1, B1), (W2, B2), (W3, B3)):
        rows, cols = np.shape(W_)
        terms += [sympy.Mul(u(rows), u(cols), evaluate=False), u(len(B_))]
    return (sympy.Add(*terms, evaluate=False), sympy.Integer(n))
