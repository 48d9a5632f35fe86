"""Derivations of a teacher's own examples: a spec's forward pass and one training step, an
expression's gradient and graph, a truth table's separation, a worksheet's verdicts.

Each is built from what the library computed (every number a Value, exact where it is
rational), with the same parts as the lecture's catalog, so it renders as text, LaTeX, a
document, Markdown or Beamer frames in English or Korean.

>>> from symnn.spec import parse_spec
>>> spec = parse_spec({"input": [1, 2], "layer": [{"W": [[1], [1]], "b": [0],
...                                                 "activation": "relu"}]})
>>> print(forward_derivation(spec).render("text"))
Forward pass of a 2-1 network
  -- the network --
  [figure: the network with each neuron's value z = h(a)]
  A 2-1 network: each layer computes A = X W + b, then Z = h(A) with its activation h.
  X = [1, 2]    (given)
  W⁽¹⁾ = [[1], [1]]    (given)
  b⁽¹⁾ = [0]    (given)
  -- layer 1 --
  A⁽¹⁾ = X W⁽¹⁾ + b⁽¹⁾    (weighted sums of layer 1)
       = [1, 2] [[1], [1]] + [0]    (substitute X, W⁽¹⁾, b⁽¹⁾)
       = [3]    (matrix product, then add)
  Z⁽¹⁾ = ReLU(A⁽¹⁾)    (apply the relu)
       = [3]    (entry by entry)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy
from sympy import Derivative, MatAdd, MatMul, Symbol

from symnn import arrays
from symnn.activations import activation as activation_named
from symnn.activations import sigmoid
from symnn.backprop import TrainingStep, local_values, train_step
from symnn.check import Report, answer_text
from symnn.derivation import Derivation, Figure, Frame, Step, Table, Text
from symnn.derive import (
    backward_steps,
    decimal_step,
    forward_steps,
    line_chain,
    shown,
    value_links,
)
from symnn.display import register
from symnn.errors import SpecError, SymnnError, visible
from symnn.grad import Gradient
from symnn.graph import Graph
from symnn.network import ForwardPass
from symnn.separability import Separation
from symnn.spec import Spec

SMALL = 16  # a layer of at most this many weights shows its matrices with the numbers in
WORKED = 8  # weights worked one by one through the chain rule when --show names none


def _m(name: str) -> Symbol:
    """A symbol for a whole matrix: products keep their order."""
    return Symbol(name, commutative=False)


def _sup(name: str, k: int) -> Symbol:
    """A^(k) as a matrix symbol that prints with its layer as a superscript."""
    return _m(f"{name}^{{({k})}}")


def _matrix(values: np.ndarray, digits: int) -> sympy.Matrix:
    """Values as a SymPy matrix, exact where rational and short, else decimals."""
    return decimal_step(Symbol("_"), values, digits).rhs


def network_figure(spec: Spec, forward: ForwardPass | None = None) -> tuple[Figure, ...]:
    """The spec's network as a figure (with the first row's forward values in the neurons,
    given the forward pass), or none for a network too deep to draw on a slide."""
    from symnn.render.network_figure import MAX_LAYERS

    shape = spec.network.shape
    if len(shape) > MAX_LAYERS:
        return ()
    if forward is None:
        caption = Text("the network: weights on the edges, biases from the input 1",
                       "신경망: 간선에 가중치, 항상 1인 입력에서 편향")
    else:
        rows = "" if forward.X.rows == 1 else (" (the first input row)", " (입력의 첫 행)")
        caption = Text(f"the network with each neuron's value $z = h(a)${rows[0] if rows else ''}",
                       f"각 뉴런의 값 $z = h(a)${rows[1] if rows else ''}")
    return (Figure("network", (spec.network, forward), caption, name="network"),)


def _layer_frames(spec: Spec, forward: ForwardPass, digits: int,
                  figure: tuple[Figure, ...] = ()) -> list[Frame]:
    network = spec.network
    X = arrays.array(forward.X)
    givens = [Step(_m("X"), _matrix(X, digits), "given")]
    for k, layer in enumerate(network.layers, start=1):
        if layer.inputs * layer.outputs <= SMALL:
            givens.append(Step(_sup("W", k), layer.W, "given"))
            givens.append(Step(_sup("b", k), layer.b, "given"))
    shape = "-".join(str(n) for n in network.shape)
    frames = [Frame(Text("the network", "신경망"), (*figure, Text(
        f"A {shape} network: each layer computes $A = X W + b$, then $Z = h(A)$ with its "
        "activation $h$" + (", and the output is $Y = \\mathrm{softmax}(Z)$." if
                            network.output == "softmax" else "."),
        f"{shape} 신경망: 각 층은 $A = X W + b$를 구한 뒤 활성함수 $h$로 $Z = h(A)$를 "
        "계산한다" + (", 출력은 $Y = \\mathrm{softmax}(Z)$." if network.output == "softmax"
                     else ".")), *givens[:3]), side=tuple(givens[3:]))]
    previous, previous_values = _m("X"), X
    for k, (layer, values) in enumerate(zip(network.layers, forward.layers), start=1):
        A, Z = _sup("A", k), _sup("Z", k)
        parts: list[Any] = [Step(A, sympy.Add(previous * _sup("W", k), _sup("b", k),
                                              evaluate=False),
                                 Text(f"weighted sums of layer {k}", f"{k}층의 가중합"))]
        if layer.inputs * layer.outputs <= SMALL and previous_values.shape[0] <= 2:
            product = MatMul(_matrix(previous_values, digits).as_immutable(),
                             layer.W.as_immutable(), evaluate=False)
            name = "X" if k == 1 else f"Z^{{({k - 1})}}"
            # b is added to every row: a batch of two rows shows it twice (a MatAdd of a
            # 2-row product and a 1-row b has no meaning).
            bias = (sympy.ones(previous_values.shape[0], 1) * layer.b).as_immutable()
            parts.append(Step(A, MatAdd(product, bias, evaluate=False),
                              Text(f"substitute ${name}$, $W^{{({k})}}$, $b^{{({k})}}$",
                                   f"${name}$, $W^{{({k})}}$, $b^{{({k})}}$ 대입"),
                              "=" if k == 1 else "≈"))
        parts.append(decimal_step(A, values.a, digits, Text("matrix product, then add",
                                                            "행렬의 곱, 덧셈")))
        if layer.activation != "identity":
            h = activation_named(layer.activation)
            applied = h(Symbol("A"))
            parts.append(Step(Z, applied.func(A, *applied.args[1:]),
                              Text(f"apply the {layer.activation}",
                                   f"{layer.activation} 적용")))
            parts.append(decimal_step(Z, values.z, digits, Text("entry by entry", "원소마다")))
        else:
            parts.append(Step(Z, A, Text("the identity", "항등함수")))
        frames.append(Frame(Text(f"layer {k}", f"{k}층"), tuple(parts)))
        previous, previous_values = Z, values.z
    if network.output == "softmax":
        last = _sup("Z", len(network.layers))
        frames.append(Frame(Text("output", "출력"), (
            Step(_m("Y"), sympy.Function("softmax")(last),
                 Text("softmax of each row, its max subtracted first",
                      "각 행의 최댓값을 뺀 뒤 softmax")),
            decimal_step(_m("Y"), forward.y, digits, "numeric"))))
    elif network.output == "sigmoid":
        last = _sup("Z", len(network.layers))
        frames.append(Frame(Text("output", "출력"), (
            Step(_m("Y"), sigmoid(last), Text("the sigmoid of each entry: a probability",
                                             "원소마다 시그모이드: 확률")),
            decimal_step(_m("Y"), forward.y, digits, "numeric"))))
    return frames


LOSS_FORMULAS = {
    "mse": ("mean squared error", "평균제곱오차", "\\frac{1}{N K} \\sum (y - t)^2"),
    "half_sse": ("half the sum of squared errors", "오차제곱합의 절반",
                 "\\frac{1}{2 N} \\sum (y - t)^2"),
    "cross_entropy": ("cross-entropy", "교차 엔트로피", "-\\frac{1}{N} \\sum t \\log y"),
    "binary_cross_entropy": ("binary cross-entropy", "이진 교차 엔트로피",
                             "-\\frac{1}{N K} \\sum [t \\log y + (1 - t) \\log(1 - y)]"),
}


def _loss_frame(spec: Spec, forward: ForwardPass, loss: Any, digits: int) -> Frame:
    en, ko, formula = LOSS_FORMULAS[spec.loss]
    return Frame(Text("the loss", "손실"), (
        Step(_m("T"), spec.target, "given"),
        Text(f"The loss: {en}, over the $N$ rows and $K$ outputs, $L = {formula}$.",
             f"손실함수는 {ko} ($N$개 행, $K$개 출력): $L = {formula}$."),
        decimal_step(Symbol("L"), loss, digits, "numeric")))


def forward_derivation(spec: Spec, digits: int = 6) -> Derivation:
    """Return the spec's forward pass: the givens, then each layer's A = X W + b and Z = h(A),
    with the numbers, the output, and the loss when the spec has a target."""
    forward = spec.network.forward(spec.input)
    frames = _layer_frames(spec, forward, digits, network_figure(spec, forward))
    if spec.target is not None:
        frames.append(_loss_frame(spec, forward, spec.loss_value(forward.y), digits))
    shape = "-".join(str(n) for n in spec.network.shape)
    return Derivation("forward", Text(f"Forward pass of a {shape} network",
                                      f"{shape} 신경망의 순전파"), tuple(frames))


def weight_names(spec: Spec) -> dict[str, tuple[int, int, int]]:
    """Return the weights numbered as the step-by-step examples number them: layer by layer,
    neuron by neuron, input by input: w1 is input 1 to neuron 1 of layer 1, w2 input 2 to
    neuron 1, ... (name -> (layer, input row i, neuron column j), all 1-based but i, j).

    >>> from symnn.spec import load_spec
    >>> names = weight_names(load_spec("examples/two_two_two.toml"))
    >>> names["w2"], names["w5"], len(names)
    ((1, 1, 0), (2, 0, 0), 8)
    """
    names, n = {}, 0
    for k, layer in enumerate(spec.network.layers, start=1):
        for j in range(layer.outputs):
            for i in range(layer.inputs):
                n += 1
                names[f"w{n}"] = (k, i, j)
    return names


def _chain(spec: Spec, step: TrainingStep, name: str, where: tuple[int, int, int],
           digits: int) -> list[Any]:
    """dL/dw through the chain rule, one factor per link, with the numbers (one input row)
    or summed over the rows (a batch), then the update of w."""
    k, i, j = where
    back, forward = step.backward, step.forward
    layer = spec.network.layers[k - 1]
    previous = arrays.array(forward.X) if k == 1 else forward.layers[k - 2].z
    w, L = Symbol(name), Symbol("L")
    tex = sympy.latex(w)  # w_{5}
    z, a = Symbol(f"z^{{({k})}}_{j + 1}"), Symbol(f"a^{{({k})}}_{j + 1}")
    source = Symbol(f"x_{i + 1}") if k == 1 else Symbol(f"z^{{({k - 1})}}_{i + 1}")
    local = local_values(layer.activation, forward.layers[k - 1].a, forward.layers[k - 1].z)
    factors = sympy.Mul(*(sympy.UnevaluatedExpr(d) for d in
                          (Derivative(L, z), Derivative(z, a), Derivative(a, w))),
                        evaluate=False)
    reason = Text(f"chain rule; $\\partial {sympy.latex(a)}/\\partial {tex} = "
                  f"{sympy.latex(source)}$",
                  f"연쇄법칙; $\\partial {sympy.latex(a)}/\\partial {tex} = "
                  f"{sympy.latex(source)}$")
    parts: list[Any] = []
    if previous.shape[0] == 1:
        numbers = sympy.Mul(*(sympy.UnevaluatedExpr(shown(v, digits)) for v in (
            back.g[k - 1][0, j], local if not isinstance(local, np.ndarray) else local[0, j],
            previous[0, i])), evaluate=False)
        parts.append(Step(Derivative(L, w), (factors, numbers), reason))
    else:
        parts.append(Step(Derivative(L, w), factors, Text(
            f"{reason.en}, summed over the {previous.shape[0]} rows of the batch",
            f"{reason.ko}, 배치의 {previous.shape[0]}개 행에 대해 더함")))
    parts.append(decimal_step(Derivative(L, w), back.gradients[f"W{k}"][i, j], digits,
                              "numeric"))
    rate = sympy.latex(step.learning_rate)
    parts.append(decimal_step(Symbol(f"{name}^+"), step.updated[f"W{k}"][i, j], digits,
                              Text(f"${tex} - {rate}\\,\\partial L/\\partial {tex}$",
                                   f"${tex} - {rate}\\,\\partial L/\\partial {tex}$")))
    return parts


def backward_frames(spec: Spec, back: Any, digits: int) -> list[Frame]:
    """Return the backward pass layer by layer, last layer first: G = ∂L/∂Z, δ = G ∘ h'(A),
    ∂L/∂W = Z^T δ and ∂L/∂b, the column sums of δ (``back`` a backward pass of Values)."""
    frames = []
    layers = len(spec.network.layers)
    for k in range(layers, 0, -1):
        delta, g = _sup("\\delta", k), _sup("G", k)
        layer = spec.network.layers[k - 1]
        rule = (Text("$G = \\partial L/\\partial Z$ at the output",
                     "출력에서 $G = \\partial L/\\partial Z$") if k == layers else
                Text(f"$G^{{({k})}} = \\delta^{{({k + 1})}} {{W^{{({k + 1})}}}}^{{\\top}}$",
                     f"$G^{{({k})}} = \\delta^{{({k + 1})}} {{W^{{({k + 1})}}}}^{{\\top}}$"))
        parts = [decimal_step(g, back.g[k - 1], digits, rule),
                 decimal_step(delta, back.delta[k - 1], digits,
                              Text(f"$\\delta = G \\circ h'(A)$, $h$ = {layer.activation}",
                                   f"$\\delta = G \\circ h'(A)$, $h$ = {layer.activation}")),
                 decimal_step(Derivative(Symbol("L"), _sup("W", k)),
                              back.gradients[f"W{k}"], digits,
                              Text(f"${{Z^{{({k - 1})}}}}^{{\\top}} \\delta^{{({k})}}$" if k > 1
                                   else "$X^{\\top} \\delta^{(1)}$",
                                   f"${{Z^{{({k - 1})}}}}^{{\\top}} \\delta^{{({k})}}$" if k > 1
                                   else "$X^{\\top} \\delta^{(1)}$")),
                 decimal_step(Derivative(Symbol("L"), _sup("b", k)),
                              back.gradients[f"b{k}"], digits,
                              Text("column sums of $\\delta$", "$\\delta$의 열 합"))]
        frames.append(Frame(Text(f"backward: layer {k}", f"역전파: {k}층"), tuple(parts)))
    return frames


def step_derivation(spec: Spec, learning_rate: Any = None, digits: int = 6,
                    show: Sequence[str] | None = None) -> Derivation:
    """Return one full backpropagation step: forward layer by layer, the loss, each layer's
    δ = ∂L/∂A and gradients in matrix form, the chosen weights (``show``, named w1, w2, ...
    as :func:`weight_names` numbers them; by default every weight of a small network) worked
    through the chain rule, and the updated parameters.

    >>> from symnn.spec import load_spec
    >>> d = step_derivation(load_spec("examples/two_two_two.toml"), show=["w5"], digits=9)
    >>> [s.rhs for s in d.steps() if str(s.lhs) == "w5^+"]
    [0.35891648]
    """
    step = train_step(spec, learning_rate)
    names = weight_names(spec)
    if show is None:
        show = list(names) if len(names) <= WORKED else []
    unknown = [n for n in show if n not in names]
    if unknown:
        raise SpecError(f"--show: no weight {unknown[0]!r}; this network has w1 to "
                        f"w{len(names)} (numbered layer by layer, neuron by neuron)")
    frames = _layer_frames(spec, step.forward, digits, network_figure(spec))
    frames.append(_loss_frame(spec, step.forward, step.loss, digits))
    frames += backward_frames(spec, step.backward, digits)
    for name in show:
        frames.append(Frame(Text(f"the weight {name}", f"가중치 {name}"),
                            tuple(_chain(spec, step, name, names[name], digits))))
    updated = [decimal_step(_sup(p[0], int(p[1:])), v, digits, "update")
               for p, v in step.updated.items()]
    frames.append(Frame(Text("the update", "갱신"), (Text(
        f"Every parameter moves against its gradient: $p \\leftarrow p - "
        f"{sympy.latex(step.learning_rate)}\\,\\partial L/\\partial p$.",
        f"모든 매개변수를 기울기의 반대 방향으로: $p \\leftarrow p - "
        f"{sympy.latex(step.learning_rate)}\\,\\partial L/\\partial p$."), *updated)))
    shape = "-".join(str(n) for n in spec.network.shape)
    return Derivation("step", Text(f"One backpropagation step of a {shape} network",
                                   f"{shape} 신경망의 역전파 한 단계"), tuple(frames))


def grad_derivation(gradient: Gradient, digits: int = 6) -> Derivation:
    """Return f at the point, each partial derivative (SymPy's), its value and the
    central-difference check beside it.

    >>> from symnn.grad import grad
    >>> [str(s.rhs) for s in grad_derivation(grad("x*y", {"x": 2, "y": 3})).steps()][-2:]
    ['x', '2']
    """
    f = Symbol("f")
    point = [Step(Symbol(name), value, "given") for name, value in gradient.point.items()]
    value = [Step(f, gradient.shown(gradient.expression), "definition"),
             decimal_step(f, gradient.value, digits, "substitution")]
    frames = [Frame(Text("the function", "함수"), (*point, *value))]
    rows = {row.name: row for row in gradient.check.rows}
    for name, derivative in gradient.symbolic.items():
        x = Symbol(name)
        row = rows.get(name)
        note = None if row is None else _check_note(row)
        frames.append(Frame(Text(f"with respect to {name}", f"{name}에 대해"), (
            Step(Derivative(f, x), gradient.shown(derivative), "derivative"),
            decimal_step(Derivative(f, x), gradient.exact[name], digits, "substitution",
                         note))))
    return Derivation("grad", Text("Gradient", "기울기"), tuple(frames))


def _check_note(row: Any) -> Text:
    """The central-difference check of one derivative, in words."""
    h = row.h_text.replace("e", "\\times 10^{") + "}" if "e" in row.h_text else row.h_text
    if row.note:
        en = f"fine at a {row.note}" if row.ok else f"disagrees at a {row.note}"
        ko = f"꺾이는 점: {row.note}"
    elif row.ok:
        en = f"agrees (error {row.error_text})"
        ko = f"일치 (오차 {row.error_text})"
    else:
        en = f"DISAGREES (error {row.error_text})"
        ko = f"불일치 (오차 {row.error_text})"
    return Text(f"Central difference with $h = {h}$: {row.numeric_text}, {en}.",
                f"중심차분 ($h = {h}$): {row.numeric_text}, {ko}.")


def graph_derivation(graph: Graph) -> Derivation:
    """Return the graph's forward sweep node by node with the figure of its values, and its
    backward sweep by the chain rule with the figure of the derivatives along each edge.

    >>> d = graph_derivation(Graph.from_text("x*y", {"x": 2, "y": 3}))
    >>> [f.kind for f in d.figures()], len(d.steps())
    (['graph', 'graph'], 4)
    """
    from symnn.render.graph_figure import MAX_NODES

    sweep = graph.backward()
    values = Figure("graph", (graph, None), Text(
        "the forward pass: above each edge the value flowing along it",
        "순전파: 간선 위는 그 간선을 따라 흐르는 값"), name="graph-values")
    figure = Figure("graph", (graph, sweep), Text(
        "value above each edge, the derivative flowing back along it below (red)",
        "간선 위는 값, 아래(빨강)는 그 간선을 따라 거꾸로 흐르는 미분"), name="graph")
    if len(graph.nodes) > MAX_NODES:  # said in one sentence instead of drawn unreadably
        words = Text(f"The graph has {len(graph.nodes)} nodes, too many to draw readably "
                     f"(at most {MAX_NODES}): the steps give every value.",
                     f"노드가 {len(graph.nodes)}개라 읽을 수 있게 그릴 수 없다 (최대 "
                     f"{MAX_NODES}개): 모든 값은 풀이 단계에 있다.")
        values = figure = words
    return Derivation("graph", Text("Computational graph", "계산 그래프"), (
        Frame(Text("forward", "순전파"), (values, *forward_steps(graph))),
        Frame(Text("backward", "역전파"), (figure, *backward_steps(graph, sweep)))))


def _line(separation: Separation) -> tuple[Figure, ...]:
    """For two inputs, the four points and the separating line (or none that exists)."""
    if len(separation.rows[0][0]) != 2 or len(separation.rows) != 4:
        return ()
    caption = (Text("the line $w \\cdot x + b = 0$; output 1 on the shaded side",
                    "직선 $w \\cdot x + b = 0$, 색칠한 쪽에서 1을 출력")
               if separation.perceptron is not None else
               Text("no line puts the filled points on one side and the others on the other",
                    "직선 하나로는 나눌 수 없다"))
    return (Figure("decision", (separation.rows, separation.perceptron), caption,
                   name="line"),)


def separation_derivation(separation: Separation) -> Derivation:
    """Return the truth table with a line that separates it (each row's w·x + b), or the
    multipliers whose weighted sum of the rows' inequalities reads 0 > 0; with a teacher's
    perceptron, its check on every row first.

    >>> from symnn.separability import parse_table, separate
    >>> separation_derivation(separate(parse_table("00:0 01:1 10:1 11:0"))).title("en")
    'Not separable'
    >>> and_table = parse_table("00:0 01:0 10:0 11:1")
    >>> separation_derivation(separate(and_table, [1, 1], -1.5)).title("ko")
    '주어진 퍼셉트론: 모든 행이 맞다'
    """
    rows = separation.rows
    n = len(rows[0][0])
    header = tuple(f"$x_{i + 1}$" for i in range(n)) + (Text("label", "레이블"),)
    frames = []
    if separation.perceptron is not None:
        p = separation.perceptron
        source = "given" if separation.given else Text(
            "found: the widest margin", "찾은 값: 여백이 가장 넓다")
        weights = [Step(Symbol(f"w_{i + 1}"), w, source) for i, w in enumerate(p.weights)]
        outputs = [p(*x) for x, _ in rows]
        columns = header + ("$w \\cdot x + b$", "$y = h(w \\cdot x + b)$")
        body = [(*x, y, p.weighted_sum(x), out) for (x, y), out in zip(rows, outputs)]
        if separation.given:
            columns += (Text("right?", "맞는가?"),)
            body = [(*r, Text("yes", "예") if r[-1] == y else Text("no", "아니오"))
                    for r, (_, y) in zip(body, rows)]
        wrong = separation.wrong_rows
        if not separation.given:
            words = Text("One perceptron realizes the table: $w \\cdot x + b > 0$ exactly on "
                         "the rows labelled 1, and no row lies on the line.",
                         "퍼셉트론 하나로 된다: 레이블이 1인 행에서만 $w \\cdot x + b > 0$이고, "
                         "직선 위에 놓인 행은 없다.")
            title = Text("Separable", "선형 분리 가능")
        elif not wrong:
            words = Text("The given perceptron outputs every label: $h(w \\cdot x + b)$ is 1 "
                         "exactly on the rows labelled 1.",
                         "주어진 퍼셉트론은 모든 레이블을 낸다: 레이블이 1인 행에서만 "
                         "$h(w \\cdot x + b) = 1$.")
            title = Text("The given perceptron realizes the table",
                         "주어진 퍼셉트론: 모든 행이 맞다")
        else:
            words = Text(f"The given perceptron gets {len(wrong)} of {len(rows)} rows wrong: "
                         "there its output $h(w \\cdot x + b)$ is not the label.",
                         f"주어진 퍼셉트론은 {len(rows)}개 행 중 {len(wrong)}개가 틀린다: "
                         "그 행에서 출력 $h(w \\cdot x + b)$가 레이블과 다르다.")
            title = Text("The given perceptron gets rows wrong", "주어진 퍼셉트론: 틀린 행이 있다")
        on_line = [x for x, _ in rows if p.weighted_sum(x) == 0]
        note = () if not on_line or not separation.given else (Text(
            f"{len(on_line)} row{'s' * (len(on_line) > 1)} lie on the line "
            "$w \\cdot x + b = 0$, where the step gives 0.",
            f"{len(on_line)}개 행이 직선 $w \\cdot x + b = 0$ 위에 있고, 거기서 계단 함수는 "
            "0이다."),)
        frames.append(Frame(title, (words, *weights, Step(Symbol("b"), p.bias, source),
                                    Table(columns, tuple(body)), *note),
                            side=_line(separation)))
    if separation.certificate is not None:
        inequalities = separation.row_inequalities()
        table = Table(header + (Text("inequality", "부등식"), Text("multiplier", "승수")),
                      tuple((*x, y, ineq, m) for (x, y), ineq, m in
                            zip(rows, inequalities, separation.certificate)))
        total = sum(m * ineq.lhs for m, ineq in zip(separation.certificate, inequalities))
        proof = (
            Text("Each row asks $w \\cdot x + b > 0$ (label 1) or $\\le 0$ (label 0). "
                 "Multiply each by its multiplier and add:",
                 "각 행은 $w \\cdot x + b > 0$ (레이블 1) 또는 $\\le 0$ (레이블 0)을 요구한다. "
                 "각 승수를 곱해 모두 더하면:"), table,
            Step(sympy.expand(total), 0, "sum", ">"),
            Text("Every weight and the bias cancel and $0 > 0$ is false: no perceptron does it.",
                 "모든 가중치와 편향이 지워지고 $0 > 0$은 거짓이다: 어떤 퍼셉트론도 안 된다."))
        if not frames:
            title = Text("Not separable", "선형 분리 불가능")
        frames.append(Frame(Text("not separable", "선형 분리 불가능"), proof,
                            side=() if frames else _line(separation)))
    return Derivation("separable", title, tuple(frames))


def _literal(text: str) -> str:
    """A student's text shown as it is (typewriter), never read as math or LaTeX."""
    return "`" + " ".join(visible(text).split()).replace("`", "'") + "`"


CLAIMS_PER_FRAME = 3  # claims, each with its note, on one slide
GIVENS_PER_FRAME = 6  # given values or definitions on one slide


def check_derivation(report: Report, digits: int = 6) -> Derivation:
    """Return a worksheet's check as a teacher shows it: the givens and each definition worked
    out (formula, numbers put in, value), then each claim: its expression and right value,
    what was written, and the verdict with its reason, the first wrong step marked.

    >>> from symnn.check import check_worksheet
    >>> d = check_derivation(check_worksheet("examples/lecture.toml"))
    >>> d.render("text").splitlines()[-1].strip()
    '20 correct, 4 wrong, 0 with an error.'
    """
    from symnn.handcalc import work

    sheet = report.sheet
    given = sheet.get("values", {}) if isinstance(sheet.get("values"), dict) else {}
    defined = sheet.get("define", {}) if isinstance(sheet.get("define"), dict) else {}
    frames: list[Frame] = []
    steps: list[Any] = []
    try:
        calc = work(given, [(n, t) for n, t in defined.items() if isinstance(t, str)], 4)
        for name in given:
            steps.append(Step(Symbol(name), _given(calc.values[name]), "given"))
        steps += [Step(Symbol(line.name), line_chain(line, width=50), "definition")
                  for line in calc.lines]
    except SymnnError:  # a malformed definition: its claims say so; show the givens alone
        steps = []
    for n in range(0, len(steps), GIVENS_PER_FRAME):
        frames.append(Frame(Text("the worksheet", "풀이지") if n == 0 else None,
                            tuple(steps[n:n + GIVENS_PER_FRAME])))
    claims = sheet.get("claim", []) if isinstance(sheet.get("claim"), list) else []
    first = {name for v in report.verdicts for name in v.first_wrong}
    parts = [_claim_step(v, c if isinstance(c, dict) else {}, v.name in first, digits)
             for v, c in zip(report.verdicts, [*claims, *[{}] * len(report.verdicts)])]
    s = report.summary
    parts.append(Text(  # the count closes the last frame of claims, never a frame of its own
        f"{s['correct']} correct, {s['wrong']} wrong, {s['error']} with an error.",
        f"맞음 {s['correct']}, 틀림 {s['wrong']}, 오류 {s['error']}."))
    for n in range(0, len(parts) - 1, CLAIMS_PER_FRAME):
        chunk = parts[n:n + CLAIMS_PER_FRAME]
        if n + CLAIMS_PER_FRAME >= len(parts) - 1:
            chunk = parts[n:]
        frames.append(Frame(Text("the claims", "답") if n == 0 else None, tuple(chunk)))
    return Derivation("check", Text("Worksheet check", "풀이 확인"), tuple(frames))


def _given(v: Any) -> Any:
    exact, approx = value_links(v)
    return exact if exact is not None else approx


def _claim_step(v: Any, claim: dict, first_wrong: bool, digits: int) -> Step:
    """One claim: its expression = the right value, the verdict and why as the reason, what
    the student wrote (and the first wrong step) as the note."""
    from symnn.handcalc import written_expression

    try:
        lhs = written_expression(str(claim.get("expr", "")))
    except SymnnError:
        lhs = Symbol("?")
    words = {"correct": Text("correct", "맞음"), "wrong": Text("wrong", "틀림"),
             "error": Text("error", "오류")}[v.status]
    if first_wrong:
        words = Text("wrong: the first wrong step", "틀림: 처음 틀린 단계")
    name = _literal(v.name)
    reason = Text(f"{name}: {words.en}", f"{name}: {words.ko}")
    written = claim.get("equals")
    note_en, note_ko = [], []
    if written is not None:
        shown = _literal(answer_text(written))
        note_en.append(f"written {shown}")
        note_ko.append(f"쓴 값 {shown}")
    if v.status == "wrong" and v.shape_problem:
        note_en.append("the numbers are right but not the shape" if "right numbers" in
                       v.message else "a shape problem: " + _literal(v.message))
        note_ko.append("모양이 다르다: " + _literal(v.message))
    elif v.status == "wrong" and v.wrong_entries:
        entries = ", ".join(str(list(i)) for i in v.wrong_entries)
        note_en.append(f"entries {entries} are off")
        note_ko.append(f"{entries}번째 값이 다르다")
    elif v.status == "error" and v.message:
        note_en.append(_literal(v.message))
        note_ko.append("계산할 수 없다: " + _literal(v.message))
    if v.first_wrong:
        steps = ", ".join(_literal(n) for n in v.first_wrong)
        note_en.append(f"it uses {steps}, wrong first")
        note_ko.append(f"먼저 틀린 {steps}를 쓴다")
    note = Text("; ".join(note_en) + ".", "; ".join(note_ko) + ".") if note_en else None
    if v.expected is None:
        return Step(lhs, Symbol("?"), reason, note=note)
    exact, approx = value_links(v.expected, None)
    if approx is None:
        return Step(lhs, exact, reason, note=note)
    if exact is None:
        return Step(lhs, approx, reason, "≈", note)
    return Step(lhs, (exact, ("≈", approx)), reason, note=note)


def register_all() -> None:
    """Give the results their ``.derivation()`` (see :class:`symnn.display.Displayable`);
    ``import symnn`` calls it.

    >>> from symnn.grad import grad
    >>> grad("x**2", {"x": 3}).derivation().title("ko")
    '기울기'
    """
    register(Spec, "derivation", forward_derivation)
    register(TrainingStep, "derivation",
             lambda step, **options: step_derivation(step.spec, step.learning_rate, **options))
    register(Gradient, "derivation", grad_derivation)
    register(Graph, "derivation", graph_derivation)
    register(Separation, "derivation", separation_derivation)
    register(Report, "derivation", check_derivation)


def derivation_of(result: Any, **options: Any) -> Derivation:
    """Return the derivation of a result: a Spec (its forward pass), a Gradient, a Graph, a
    Separation or a worksheet Report.

    >>> derivation_of(Graph.from_text("a + b", {"a": 1, "b": 2})).name
    'graph'
    """
    builders = [(Spec, forward_derivation), (Gradient, grad_derivation),
                (Graph, graph_derivation), (Separation, separation_derivation),
                (Report, check_derivation)]
    for kind, build in builders:
        if isinstance(result, kind):
            return build(result, **options)
    raise SymnnError(f"no derivation for a {type(result).__name__}")


__all__ = ["check_derivation", "derivation_of", "forward_derivation", "grad_derivation",
           "graph_derivation", "network_figure", "register_all", "separation_derivation",
           "step_derivation", "weight_names"]
