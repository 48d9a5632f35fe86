"""Numerical differentiation, defined before it is used, and then set against backpropagation
on the lecture's network: the same numbers, at very different cost."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy
from sympy import Derivative, Symbol

from symnn import arrays, backprop, parse_spec, softmax, values
from symnn.derivation import Derivation, Frame, Items, Note, Step, Table, Text
from symnn.derive import fraction
from symnn.network import Layer, Network

from . import listings
from .digits import approx, decimal
from .forward_pass import B1, B2, B3, W1, W2, W3, X

EPS = Fraction(1, 10_000)  # the step of numerical_diff, 1e-4
TARGET = [0, 1]


def _spec():
    return parse_spec({"input": X, "target": TARGET, "loss": "cross_entropy",
                       "output": "softmax", "layer": [
                           {"W": W1, "b": B1, "activation": "sigmoid"},
                           {"W": W2, "b": B2, "activation": "sigmoid"},
                           {"W": W3, "b": B3, "activation": "identity"}]})


def loss(w1: list[list[Fraction]]) -> values.Value:
    """Return E = -log y_2 of the lecture's network (softmax, cross-entropy, t = [0 1]) with
    W^(1) replaced by ``w1`` (exact numbers)."""
    net = Network([Layer(w1, B1, "sigmoid"), Layer(W2, B2, "sigmoid"),
                   Layer(W3, B3, "identity")])
    y = softmax(net.forward(X).layers[2].a)
    return -sum(t * values.log(v) for t, v in zip(TARGET, y.ravel()) if t)


def central_differences() -> np.ndarray:
    """Return (E(w + ε) - E(w - ε)) / 2ε for every entry w of W^(1), ε = 1e-4, exactly."""
    base = [[Fraction(str(v)) for v in row] for row in W1]
    out = np.empty((len(base), len(base[0])), dtype=object)
    for i, j in np.ndindex(out.shape):
        up, down = [list(r) for r in base], [list(r) for r in base]
        up[i][j] += EPS
        down[i][j] -= EPS
        out[i, j] = (loss(up) - loss(down)) / values.Value(2 * EPS)
    return out


def numerical_diff() -> Derivation:
    """Return the definition of the derivative, the central difference that approximates it,
    the lecture's numerical_diff on f(x) = 0.01 x^2 + 0.1 x, and a network's gradient."""
    x, eps = Symbol("x"), Symbol("varepsilon")
    f = sympy.Function("f")
    E, w = Symbol("E"), Symbol("w")
    u = sympy.UnevaluatedExpr
    forward = fraction(sympy.Add(f(sympy.Add(x, eps, evaluate=False)), -f(x), evaluate=False),
                       eps)
    central = fraction(sympy.Add(f(sympy.Add(x, eps, evaluate=False)),
                                 -f(sympy.Add(x, -eps, evaluate=False)), evaluate=False),
                       sympy.Mul(2, eps, evaluate=False))
    g = sympy.Rational(1, 100) * x**2 + sympy.Rational(1, 10) * x
    at = sympy.Integer(5)
    e = sympy.Rational(1, 10_000)
    exact_central = (g.subs(x, at + e) - g.subs(x, at - e)) / (2 * e)
    slope = sympy.diff(g, x).subs(x, at)
    code = listings.listing(listings.NUMERICAL_DIFF, "import numpy as np")
    n = sum(np.size(v) for v in (W1, B1, W2, B2, W3, B3))
    gradient = central_differences()
    Ew = sympy.Function("E")
    return Derivation("numerical_diff", Text("Numerical differentiation", "수치미분"), (
        Frame(Text("the definition", "정의"), (
            Text("Numerical differentiation keeps a small step $\\varepsilon$ instead of the "
                 "limit; for example $f(x) = 0.01x^2 + 0.1x$:",
                 "수치미분은 극한 대신 작은 간격 $\\varepsilon$을 그대로 쓴다. 예를 들어 "
                 "$f(x) = 0.01x^2 + 0.1x$:"),
            Step(Derivative(f(x), x), sympy.Limit(forward, eps, 0, dir="+-"),
                 Text("definition of the derivative", "미분의 정의")),
            Step(Derivative(f(x), x), central,
                 Text("central difference", "중앙차분"), "≈"),
            Step(sympy.Subs(Derivative(f(x), x), x, 5), (
                sympy.Add(sympy.Mul(u(sympy.Rational(2, 100)), u(5), evaluate=False),
                          u(sympy.Rational(1, 10)), evaluate=False), slope),
                 Text("$f'(x) = 0.02x + 0.1$", "$f'(x) = 0.02x + 0.1$")),
        ), side=(code, Text(f"The code takes $\\varepsilon = 10^{{-4}}$; the central "
                            f"difference's error shrinks like $\\varepsilon^2$, and for a "
                            f"parabola it is exact, ${decimal(exact_central)}$: the last digits "
                            "are floating-point rounding.",
                            f"코드의 $\\varepsilon$은 $10^{{-4}}$이다. 중앙차분의 오차는 "
                            f"$\\varepsilon^2$처럼 줄고, 포물선에서는 정확히 "
                            f"${decimal(exact_central)}$이다. 끝자리는 부동소수점의 반올림 "
                            "오차이다."))),
        Frame(Text("the gradient of a network", "신경망의 기울기"), (
            Text("One partial derivative per parameter: move one weight by "
                 "$\\pm\\varepsilon$, run the network twice:",
                 "매개변수마다 편미분이 하나: 가중치 하나만 $\\pm\\varepsilon$ 움직여 신경망을 "
                 "두 번 계산한다:"),
            Step(Derivative(E, w), fraction(sympy.Add(Ew(sympy.Add(w, eps, evaluate=False)),
                                                      -Ew(sympy.Add(w, -eps, evaluate=False)),
                                                      evaluate=False),
                                            sympy.Mul(2, eps, evaluate=False)),
                 Text("central difference for one weight", "가중치 하나의 중앙차분"), "≈"),
            approx(Derivative(E, Symbol("W1_1_1")), gradient[0, 0],
                   Text("the lecture's network, cross-entropy, $t = [0\\ 1]$",
                        "강의의 신경망, 교차 엔트로피, $t = [0\\ 1]$")),
            Text(f"With {n} parameters, one whole gradient takes {2 * n} passes of the network, "
                 "and gradient descent needs one at every step.",
                 f"매개변수가 {n}개이면 기울기 전체를 한 번 구하는 데 신경망을 {2 * n}번 "
                 "계산하고, 경사하강법은 이것을 단계마다 반복한다."),
        ), side=(listings.listing(listings.NUMERICAL_GRADIENT, "import numpy as np"),)),
    ))


def numerical_vs_backprop() -> Derivation:
    """Return the backward pass's gradient of W^(1) beside the numerical one (what the
    lecture's code prints), and what each costs."""
    bp = backprop(_spec())
    exact = bp.values()["W1"]
    numeric = central_differences()
    n = len(bp.check().rows)
    rows, gaps = [], []
    for i, j in np.ndindex(numeric.shape):
        gaps.append(abs(arrays.value_of(exact[i, j]) - numeric[i, j]))
        rows.append((f"$w^{{(1)}}_{{{j + 1}{i + 1}}}$", f"${decimal(exact[i, j])}$",
                     f"${decimal(numeric[i, j])}$"))
    mantissa, _, power = max(gaps, key=float).decimal(2).partition("e")
    largest = f"{mantissa} \\cdot 10^{{{int(power)}}}" if power else mantissa
    code = listings.listing(listings.NETWORK_LOSS, listings.FORWARD + listings.SOFTMAX +
                            listings.NUMERICAL_GRADIENT)
    return Derivation("numerical_vs_backprop",
                      Text("Backpropagation and numerical differentiation",
                           "오차역전파와 수치미분"), (
        Frame(Text("the same numbers", "같은 값"), (
            Text("Backpropagation: $\\partial E / \\partial w^{(1)}_{ji} = \\delta^{(1)}_j "
                 "x_i$ (the delta rule). Numerical: the code beside.",
                 "오차역전파: $\\partial E / \\partial w^{(1)}_{ji} = \\delta^{(1)}_j x_i$ "
                 "(델타 규칙). 수치미분: 옆의 코드."),
            Table((Text("weight", "가중치"), Text("backprop", "역전파"),
                   Text("numerical", "수치미분")), tuple(rows)),
            Text("They agree to about $10^{-12}$: the central difference's $\\varepsilon^2$ "
                 "error and rounding.",
                 "약 $10^{-12}$까지 같다: 중앙차분의 $\\varepsilon^2$ 오차와 반올림 오차."),
            Note(Text(f"Computed exactly, the central differences are off by at most "
                      f"${largest}$; the code's floating point adds rounding of the same size.",
                      f"정확히 계산한 중앙차분의 오차는 많아야 ${largest}$이고, 코드의 "
                      "부동소수점이 같은 크기의 반올림 오차를 더한다.")),
        ), side=(code,)),
        Frame(Text("what each costs", "계산 비용"), (
            Text(f"All {n} derivatives agree (the comparison before shows those of "
                 "$W^{(1)}$). "
                 "Numerical differentiation runs the network twice "
                 "per parameter; backpropagation runs it forward once and back once, however "
                 "many parameters there are:",
                 f"{n}개의 미분이 모두 일치한다 (앞의 비교는 $W^{{(1)}}$의 미분). "
                 "수치미분은 매개변수마다 신경망을 두 번 "
                 "계산하고, 오차역전파는 매개변수가 몇 개든 순전파 한 번, 역전파 한 번이다:"),
            Table((Text("parameters", "매개변수"), Text("numerical: passes", "수치미분: 계산 횟수"),
                   Text("backprop: passes", "역전파: 계산 횟수")),
                  ((str(n), str(2 * n), "2"), ("$10^{6}$", "$2 \\cdot 10^{6}$", "2"))),
            Items((
                Text("Numerical differentiation stays useful to check a backward pass: "
                     "the two must agree, as above.",
                     "수치미분은 역전파가 맞는지 확인하는 데 쓴다: 위처럼 두 값이 일치해야 한다."),
                Text("Backpropagation shares the middle results: each node's derivative is "
                     "computed once and passed back.",
                     "오차역전파는 중간 결과를 공유한다: 각 노드의 미분을 한 번만 계산해 "
                     "거꾸로 넘긴다."),
            )),
        )),
    ))


__all__ = ["central_differences", "loss", "numerical_diff", "numerical_vs_backprop"]
