"""The lecture's three-layer network, layer by layer, exactly and against its printed digits."""

from __future__ import annotations

from sympy import MatAdd, MatMul, Matrix, Symbol

from symnn import Layer, Network, agrees
from symnn.derivation import Derivation, Step, Text
from symnn.derive import decimal_step

W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
B1 = [0.1, 0.2, 0.3]
W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]
B2 = [0.1, 0.2]
W3 = [[0.1, 0.3], [0.2, 0.4]]
B3 = [0.1, 0.2]
PRINTED = {
    "Z1": ["0.57444252", "0.66818777", "0.75026011"],
    "A2": ["0.51615984", "1.21402696"],
    "Z2": ["0.62624937", "0.7710107"],
    "A3": ["0.31682708", "0.69627909"],
}


def network() -> Network:
    """Return the lecture's 2-3-2-2 network: sigmoid, sigmoid, identity."""
    return Network([Layer(W1, B1, "sigmoid"), Layer(W2, B2, "sigmoid"),
                    Layer(W3, B3, "identity")])


def _check(name: str, value: Matrix) -> Text:
    printed = PRINTED[name]
    ok = all(agrees(v, p) for v, p in zip(value, printed))
    shown = "[" + " ".join(printed) + "]"
    if ok:
        return Text(f"The lecture prints {name} = {shown}: every printed digit agrees.",
                    f"강의 자료의 {name} = {shown}: 출력된 모든 자릿수가 일치한다.")
    return Text(f"The lecture prints {name} = {shown}, which does not agree.",
                f"강의 자료의 {name} = {shown}는 일치하지 않는다.")


def forward_pass() -> Derivation:
    """Return A = X W + B, Z = h(A) for all three layers at X = [1.0, 0.5]."""
    net = network()
    result = net.forward([1.0, 0.5])
    parts: list = [Text("X = [1.0, 0.5]; each layer computes A = X W + B, then Z = h(A).",
                        "X = [1.0, 0.5]. 각 층은 A = X W + B를 계산한 뒤 Z = h(A)를 구한다.")]
    previous = result.X
    for k, (layer, values) in enumerate(zip(net.layers, result.layers), start=1):
        A, Z = Symbol(f"A{k}"), Symbol(f"Z{k}")
        inputs = _matrix("X" if k == 1 else f"Z{k - 1}")
        parts.append(Step(A, inputs * _matrix(f"W{k}") + _matrix(f"B{k}"), "definition"))
        if k == 1:
            product = MatMul(previous.as_immutable(), layer.W.as_immutable(), evaluate=False)
            parts.append(Step(A, MatAdd(product, layer.b.as_immutable(), evaluate=False),
                              "substitution"))
            parts.append(Step(A, values.A, "simplify"))
        else:
            parts.append(decimal_step(A, values.A, 10))
            if f"A{k}" in PRINTED:
                parts.append(_check(f"A{k}", values.A))
        if layer.activation != "identity":
            parts.append(Step(Z, _apply(layer.activation, A), "activation"))
            if k == 1:
                parts.append(Step(Z, values.Z, "substitution"))
            parts.append(decimal_step(Z, values.Z, 10))
            if f"Z{k}" in PRINTED:
                parts.append(_check(f"Z{k}", values.Z))
        previous = values.Z
    return Derivation("forward_pass", Text("Three-layer forward pass", "3층 신경망의 순전파"),
                      tuple(parts))


def _matrix(name: str) -> Symbol:
    """A symbol for a whole vector or matrix; products of them keep their order."""
    return Symbol(name, commutative=False)


def _apply(activation: str, A: Symbol):
    from symnn.activations import activation as named

    return named(activation)(A)
