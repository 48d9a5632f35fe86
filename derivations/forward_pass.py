"""The lecture's three-layer network, layer by layer: the mathematics beside the lecture's code,
its numbers to four digits, and the lecture's printed digits checked."""

from __future__ import annotations

import sympy
from sympy import Matrix, Symbol

from symnn import Layer, Network, agrees
from symnn.derivation import Derivation, Figure, Frame, Note, Step, Text
from symnn.numbers import exact_matrix

from . import listings
from .digits import approx, decimal, short

W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
B1 = [0.1, 0.2, 0.3]
W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]
B2 = [0.1, 0.2]
W3 = [[0.1, 0.3], [0.2, 0.4]]
B3 = [0.1, 0.2]
X = [1.0, 0.5]
PRINTED = {  # what the lecture's slides print (NumPy's eight decimals)
    "A1": ["0.3", "0.7", "1.1"],
    "Z1": ["0.57444252", "0.66818777", "0.75026011"],
    "A2": ["0.51615984", "1.21402696"],
    "Z2": ["0.62624937", "0.7710107"],
    "A3": ["0.31682708", "0.69627909"],
}
CODE = {1: (listings.LAYER_1, ""), 2: (listings.LAYER_2, listings.LAYER_1),
        3: (listings.LAYER_3, listings.LAYER_1 + listings.LAYER_2)}


def network() -> Network:
    """Return the lecture's 2-3-2-2 network: sigmoid, sigmoid, identity."""
    return Network([Layer(W1, B1, "sigmoid"), Layer(W2, B2, "sigmoid"),
                    Layer(W3, B3, "identity")])


def _shape(value: list) -> str:
    """The shape of a given, rows × columns (a vector is one row)."""
    rows, columns = (len(value), len(value[0])) if isinstance(value[0], list) else \
        (1, len(value))
    return f"${rows} \\times {columns}$"


def _m(name: str) -> Symbol:
    """A symbol for a whole vector or matrix; products of them keep their order."""
    return Symbol(name, commutative=False)


def _check(checked: dict) -> Note:
    """Whether every digit the lecture prints for these names agrees (its output is beside):
    for the lecturer, a speaker note."""
    ok = all(agrees(v, p) for name, values in checked.items()
             for v, p in zip(values.ravel(), PRINTED[name]))
    names = " and ".join(f"${n[0]}^{{({n[1]})}}$" for n in checked)
    names_ko = ", ".join(f"${n[0]}^{{({n[1]})}}$" for n in checked)
    if ok:
        return Note(Text(f"The lecture prints {names} as the code beside: every printed digit "
                         "agrees.",
                         f"강의 자료의 {names_ko}는 옆의 코드 출력과 같다: 출력된 모든 자릿수가 "
                         "일치한다."))
    return Note(Text(f"The lecture prints {names}, which does not agree.",
                     f"강의 자료의 {names_ko}는 일치하지 않는다."))


def _first_sum(k: int, inputs: list, layer: Layer, a: sympy.Expr) -> list[Step]:
    """a_1 of layer k as the sum it is: its letters, then the numbers, then the value."""
    u = sympy.UnevaluatedExpr
    src = "x" if k == 1 else f"z{k - 1}_"
    terms = [sympy.Mul(Symbol(f"{src}{i + 1}"), Symbol(f"W{k}_{i + 1}_1"))
             for i in range(len(inputs))]
    letters = sympy.Add(*terms, Symbol(f"b{k}_1"), evaluate=False)
    numbers = sympy.Add(*[sympy.Mul(u(short(layer.W[i, 0])), u(short(v)), evaluate=False)
                          for i, v in enumerate(inputs)], u(short(layer.b[0, 0])),
                        evaluate=False)
    lhs = Symbol(f"a{k}_1")
    row = "X" if k == 1 else f"Z^{{({k - 1})}}"
    exact = all(getattr(v, "exact", 1) is not None for v in inputs)
    return [Step(lhs, letters, Text(f"${row}$ times column 1 of $W^{{({k})}}$",
                                    f"${row}$ × $W^{{({k})}}$의 1열")),
            Step(lhs, numbers, Text("the values", "값을 대입"), "=" if exact else "≈")]


def forward_pass() -> Derivation:
    """Return the network and its givens, then for each layer A = X W + B, its first sum
    worked, Z = h(A), beside the lecture's code and what that prints."""
    net = network()
    result = net.forward(X)
    givens = (("X", X), ("W1", W1), ("B1", B1), ("W2", W2), ("B2", B2), ("W3", W3), ("B3", B3))
    # each given with its shape: what the products A = Z W need to agree on
    given = [Step(_m(name), exact_matrix(value), Text(_shape(value), _shape(value)))
             for name, value in givens]
    frames = [Frame(Text("the network", "신경망"), (
        Figure("network", (net, None), Text(
            "input layer, two hidden layers, output layer: $\\sigma$ the sigmoid, id the "
            "identity, 1 the input of the biases",
            "입력층, 은닉층 둘, 출력층: $\\sigma$는 시그모이드, id는 항등함수, 1은 편향의 입력"),
            name="three-layer-network"),
        Text("Two inputs, two hidden layers of 3 and 2 sigmoid neurons, an output layer of 2 "
             "with the identity. Layer $l$ computes $A^{(l)} = Z^{(l-1)} W^{(l)} + B^{(l)}$ "
             "($Z^{(0)} = X$), then $Z^{(l)} = h(A^{(l)})$:",
             "입력 2개, 시그모이드 뉴런이 3개와 2개인 은닉층 둘, 항등함수 뉴런 2개인 출력층. "
             "$l$층은 $A^{(l)} = Z^{(l-1)} W^{(l)} + B^{(l)}$ ($Z^{(0)} = X$)를 구한 뒤 "
             "$Z^{(l)} = h(A^{(l)})$를 계산한다:"),
        *given[:3]), side=tuple(given[3:]))]
    inputs = list(result.X)
    names = {1: Text("layer 1", "1층"), 2: Text("layer 2", "2층"),
             3: Text("output layer", "출력층")}
    for k, (layer, values) in enumerate(zip(net.layers, result.layers), start=1):
        A, Z = _m(f"A{k}"), _m(f"Z{k}")
        previous = "X" if k == 1 else f"Z{k - 1}"
        parts: list = [Step(A, sympy.Add(_m(previous) * _m(f"W{k}"), _m(f"B{k}"),
                                         evaluate=False),
                            Text(f"weighted sums of layer {k}", f"{k}층의 가중합")),
                       *_first_sum(k, inputs, layer, values.a[0, 0]),
                       approx(Symbol(f"a{k}_1"), values.a[0, 0],
                              Text("multiply, then add", "곱한 뒤 더함")),
                       approx(A, values.a, Text("each neuron alike", "뉴런마다 같이"))]
        if layer.activation == "sigmoid":
            first = decimal(values.a[0, 0])
            parts.append(approx(Z, values.z, Text(
                f"entry by entry, e.g. $\\sigma({first}) = 1/(1 + e^{{-{first}}})$",
                f"원소마다, 예: $\\sigma({first}) = 1/(1 + e^{{-{first}}})$")))
            parts.append(_check({f"A{k}": values.a, f"Z{k}": values.z}))
        else:
            parts.append(Text("The output layer uses the identity: $Y = A^{(3)}$.",
                              "출력층은 항등함수를 쓴다: $Y = A^{(3)}$."))
            parts.append(_check({f"A{k}": values.a}))
        code, before = CODE[k]
        frames.append(Frame(names[k], tuple(parts), side=(listings.listing(code, before),)))
        inputs = list(values.z.ravel())
    frames.append(Frame(Text("the whole pass", "순전파 전체"), (Figure(
        "network", (net, result, "none"), Text(
            "every neuron with its value $z = h(a)$ for $X = [1.0\\ 0.5]$",
            "$X = [1.0\\ 0.5]$일 때 각 뉴런의 값 $z = h(a)$"),
        name="three-layer-values"),)))
    return Derivation("forward_pass", Text("Three-layer forward pass", "3층 신경망의 순전파"),
                      tuple(frames))


__all__ = ["Matrix", "forward_pass", "network"]
