"""The lecture's three-layer network, layer by layer, exactly and against its printed digits."""

from __future__ import annotations

import sympy
from sympy import MatAdd, MatMul, Matrix, Symbol

from symnn import Layer, Network, agrees, sigmoid
from symnn.derivation import Derivation, Figure, Frame, Step, Text
from symnn.derive import decimal_step, number, rounded
from symnn.numbers import exact_matrix

W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
B1 = [0.1, 0.2, 0.3]
W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]
B2 = [0.1, 0.2]
W3 = [[0.1, 0.3], [0.2, 0.4]]
B3 = [0.1, 0.2]
X = [1.0, 0.5]
PRINTED = {
    "A1": ["0.3", "0.7", "1.1"],
    "Z1": ["0.57444252", "0.66818777", "0.75026011"],
    "A2": ["0.51615984", "1.21402696"],
    "Z2": ["0.62624937", "0.7710107"],
    "A3": ["0.31682708", "0.69627909"],
}
DIGITS = 8  # the lecture prints eight decimals (NumPy's default)


def network() -> Network:
    """Return the lecture's 2-3-2-2 network: sigmoid, sigmoid, identity."""
    return Network([Layer(W1, B1, "sigmoid"), Layer(W2, B2, "sigmoid"),
                    Layer(W3, B3, "identity")])


def _m(name: str) -> Symbol:
    """A symbol for a whole vector or matrix; products of them keep their order."""
    return Symbol(name, commutative=False)


def _check(checked: dict) -> Text:
    """What the lecture prints for these names, and whether every printed digit agrees."""
    ok = all(agrees(v, p) for name, values in checked.items()
             for v, p in zip(values.ravel(), PRINTED[name]))
    shown = ", ".join(f"${n[0]}^{{({n[1]})}} = [" + "\\ ".join(PRINTED[n]) + "]$"
                      for n in checked)
    if ok:
        return Text(f"The lecture prints {shown}: every printed digit agrees.",
                    f"강의 자료의 {shown}: 출력된 모든 자릿수가 일치한다.")
    return Text(f"The lecture prints {shown}, which does not agree.",
                f"강의 자료의 {shown}는 일치하지 않는다.")


def _decimals(values) -> Matrix:
    return Matrix(values.shape[0], values.shape[1],
                  [number(rounded(v, DIGITS)) for v in values.ravel()])


def forward_pass() -> Derivation:
    """Return the givens, then A = X W + B and Z = h(A) for each of the three layers."""
    net = network()
    result = net.forward(X)
    givens = (("X", X), ("W1", W1), ("B1", B1), ("W2", W2), ("B2", B2), ("W3", W3), ("B3", B3))
    given = [Step(_m(name), exact_matrix(value), "given") for name, value in givens]
    frames = [Frame(Text("the network", "신경망"), (
        Figure("network", (net, None), Text(
            "input layer, two hidden layers, output layer: $\\sigma$ the sigmoid, id the "
            "identity, 1 the input of the biases",
            "입력층, 은닉층 둘, 출력층: $\\sigma$는 시그모이드, id는 항등함수, 1은 편향의 입력"),
            name="three-layer-network"),
        Text("Two inputs, two hidden layers of 3 and 2 sigmoid neurons, an output layer of 2 "
             "with the identity. Each layer computes $A = X W + B$, then $Z = h(A)$:",
             "입력 2개, 시그모이드 뉴런 3개와 2개의 은닉층, 항등함수를 쓰는 출력층 2개. "
             "각 층은 $A = X W + B$를 구한 뒤 $Z = h(A)$를 계산한다:"),
        *given[:3]), side=tuple(given[3:]))]
    previous, previous_name = result.X, "X"
    names = {1: Text("layer 1", "1층"), 2: Text("layer 2", "2층"),
             3: Text("output layer", "출력층")}
    for k, (layer, values) in enumerate(zip(net.layers, result.layers), start=1):
        A, Z = _m(f"A{k}"), _m(f"Z{k}")
        parts: list = [Step(A, sympy.Add(_m(previous_name) * _m(f"W{k}"), _m(f"B{k}"),
                                         evaluate=False),
                            Text(f"weighted sums of layer {k}", f"{k}층의 가중합"))]
        product = MatMul(previous.as_immutable(), layer.W.as_immutable(), evaluate=False)
        parts.append(Step(A, MatAdd(product, layer.b.as_immutable(), evaluate=False),
                          Text(f"substitute ${'X' if k == 1 else f'Z^{{({k - 1})}}'}$, "
                               f"$W^{{({k})}}$, $B^{{({k})}}$",
                               f"${'X' if k == 1 else f'Z^{{({k - 1})}}'}$, $W^{{({k})}}$, "
                               f"$B^{{({k})}}$ 대입"),
                          "=" if k == 1 else "≈"))
        parts.append(decimal_step(A, values.a, DIGITS, Text("matrix product, then add",
                                                            "행렬의 곱, 덧셈")))
        if layer.activation == "sigmoid":
            entries = Matrix([[sigmoid(v, evaluate=False) for v in
                               _decimals(values.a)]])
            parts.append(Step(Z, sigmoid(A), Text("apply the sigmoid $\\sigma$",
                                                  "시그모이드 $\\sigma$ 적용")))
            parts.append(Step(Z, entries, Text("entry by entry", "원소마다"),
                              "=" if k == 1 else "≈"))
            parts.append(decimal_step(Z, values.z, DIGITS,
                                      Text("$\\sigma(a) = 1/(1 + e^{-a})$",
                                           "$\\sigma(a) = 1/(1 + e^{-a})$")))
            parts.append(_check({f"A{k}": values.a, f"Z{k}": values.z}))
        else:
            parts.append(_check({f"A{k}": values.a}))
            parts.append(Text("The output layer uses the identity: $Y = A^{(3)}$.",
                              "출력층은 항등함수를 쓴다: $Y = A^{(3)}$."))
        frames.append(Frame(names[k], tuple(parts)))
        previous, previous_name = _decimals(values.z), f"Z{k}"
    frames.append(Frame(Text("the whole pass", "순전파 전체"), (Figure(
        "network", (net, result, "none"), Text(
            "every neuron with its value $z = h(a)$ for $X = [1.0\\ 0.5]$",
            "$X = [1.0\\ 0.5]$일 때 각 뉴런의 값 $z = h(a)$"),
        name="three-layer-values"),)))
    return Derivation("forward_pass", Text("Three-layer forward pass", "3층 신경망의 순전파"),
                      tuple(frames))
