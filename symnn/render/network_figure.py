r"""Networks drawn as textbooks draw them, as :class:`~symnn.layout.Drawing` s: neurons as
circles in columns headed input / hidden / output layer (in the page's language), the
activation's symbol in each neuron, a bias node "1" under each column that feeds the next,
and the weights on the edges in the lecture's notation, w^{(l)}_{ji} from neuron i of the
layer before to neuron j of layer l, with their values when there is room to read them
(otherwise the edges stay bare and a note says where the weights are).  A layer wider than
:data:`WIDE` is drawn x1, x2, ⋮, x784.  The perceptron and the two-layer XOR network of gates
are drawn the same way.

>>> from symnn.network import Layer, Network
>>> net = Network([Layer([[0.1, 0.3], [0.2, 0.4]], [0.1, 0.2], "sigmoid")])
>>> d = network_drawing(net)
>>> sorted(lb.tag.plain for lb in d.labels if lb.tag.style == "title"), d.missing
(['input layer', 'output layer'], 0)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from symnn.drawing import (
    Ask,
    Box,
    Drawing,
    Line,
    Node,
    Tag,
    along,
    around,
    clip,
    own_nearest,
    place,
    text_size,
)
from symnn.errors import RenderError
from symnn.render.graph_figure import number_text
from symnn.render.inline import plain_math

POINTS = 9.0
WIDE = 8  # neurons drawn in one column; a wider layer is drawn 1, 2, ⋮, n
MAX_LAYERS = 8  # columns of neurons a slide holds side by side
MAX_LABELLED = 40  # edges whose labels could fit on a slide (more are drawn bare at once)
ROOM = (13.8, 6.0)  # cm a labelled network may take; a larger one keeps its edges bare
SPOTS = (0.75, 0.68, 0.82, 0.6, 0.52, 0.44, 0.36, 0.28, 0.2, 0.88)  # where a weight goes
GEOMETRIES = ((2.6, 1.2), (3.0, 1.2), (3.0, 1.35), (3.6, 1.35), (3.6, 1.5), (4.2, 1.35),
              (4.2, 1.5), (4.2, 1.7), (4.8, 1.5), (4.8, 1.7))  # cm between columns, rows
SYMBOLS = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "step": r"\mathrm{step}",
           "tanh": r"\tanh", "identity": r"\mathrm{id}"}
WORDS = {
    "input": ("input layer", "입력층"), "hidden": ("hidden layer", "은닉층"),
    "output": ("output layer", "출력층"),
    "bare": ("too many edges to label them; the weights are the entries of $W^{(1)}$, ...",
             "간선이 많아 가중치는 생략; 가중치는 $W^{(1)}$, ...의 원소"),
    "first": ("$w^{(l)}_{ji}$: layer $l$, from input $i$ to neuron $j$",
              "$w^{(l)}_{ji}$: $l$층, 입력 $i$에서 뉴런 $j$로"),
    "layer": ("layer", "층"),
    "elided": ("a layer of over 8 neurons is drawn 1, 2, $\\dots$, $n$",
               "뉴런이 8개보다 많은 층은 1, 2, $\\dots$, $n$만 그림"),
}


def word(key: str, lang: str) -> str:
    """Return one of the figure's words in ``lang``."""
    en, ko = WORDS[key]
    return ko if lang == "ko" else en


@dataclass(frozen=True)
class Neuron:
    """One circle (or the bias node, or the dots of an elided layer): its key, its lines of
    text (LaTeX, plain) and its style."""

    key: Any
    tex: tuple[str, ...]
    plain: tuple[str, ...]
    style: str = "neuron"


def _tag(tex: str, style: str, plain: str | None = None) -> Tag:
    # In math a hyphen is a minus sign: −0.7 in the plain text too.
    plain = plain_math(tex.strip("$")).replace("-", "−") if plain is None else plain
    w, h = text_size(plain, POINTS)
    if style == "weight":  # drawn on a white patch that hides its edge under it
        w, h = w + 0.08, h + 0.04
    return Tag(tex, plain, w, h, style)


def _node(n: Neuron) -> Node:
    if n.style == "dots":
        return Node(n.key, 0.3, 0.6, "text", r"$\vdots$", "⋮", "dots")
    w, h = text_size("\n".join(n.plain), POINTS)
    if n.style == "bias":
        return Node(n.key, max(w, h) + 0.16, max(w, h) + 0.16, "square",
                           n.tex[0], n.plain[0], "bias")
    size = max(0.72, (w ** 2 + h ** 2) ** 0.5 + 0.04)
    tex = n.tex[0] if len(n.tex) == 1 else r"\shortstack{" + r"\\".join(n.tex) + "}"
    return Node(n.key, size, size, "circle", tex, "\n".join(n.plain), n.style)


def columns_drawing(columns: list[list[Neuron]], titles: list[Tag | None],
                    edges: list[tuple], outputs: list[tuple[Any, Tag]],
                    gap: float, note: Tag | None = None, row: float | None = None) -> Drawing:
    """Return neurons in columns ``gap`` cm apart and ``row`` cm between centres, each
    column centred on one line and the bias nodes on one row below them all; ``edges``
    (source, target, label or None[, style]) with their labels on them where they fit (a
    "faint" edge is background: labels may lie over it), ``outputs``
    as arrows from a neuron to a word on the right, the titles above the columns, ``note``
    below."""
    if row is None:
        row = 1.15 if max(len(n.tex) for c in columns for n in c) == 1 else 1.3
    boxes: dict[Any, Box] = {}
    tallest = max(sum(n.style != "bias" for n in c) for c in columns)
    floor = -(tallest - 1) * row / 2 - row * 0.95
    for k, column in enumerate(columns):
        x = k * gap
        neurons = [n for n in column if n.style != "bias"]
        top = (len(neurons) - 1) * row / 2
        for i, n in enumerate(neurons):
            boxes[n.key] = Box(_node(n), round(x, 3), round(top - i * row, 3))
        for n in column:
            if n.style == "bias":
                boxes[n.key] = Box(_node(n), round(x, 3), round(floor, 3))
    right = (len(columns) - 1) * gap
    lines, tags = [], []
    for source, target, tag, *style in edges:
        a, b = boxes[source], boxes[target]
        lines.append(Line((clip(a, (b.x, b.y)), clip(b, (a.x, a.y))),
                          source, target, True, style[0] if style else ""))
        tags.append(tag)
    faint = frozenset(i for i, line in enumerate(lines) if line.style == "faint")
    for source, tag in outputs:
        a = boxes[source]
        end = Box(Node(("out", source), tag.width, tag.height, "text", tag.tex,
                              tag.plain, "leaf"), round(right + 1.0 + tag.width / 2, 3), a.y)
        boxes[end.key] = end
        lines.append(Line((clip(a, (end.x, end.y)), clip(end, (a.x, a.y))),
                          source, end.key))
        tags.append(None)
    drawing = Drawing(tuple(boxes.values()), tuple(lines))
    top = max(b.rect()[3] for b in boxes.values())
    bottom = min(b.rect()[1] for b in boxes.values())
    asks = []
    for k, title in enumerate(titles):
        if title is not None:
            asks.append(Ask((title,), [((k * gap, top + 0.25 + title.height / 2),)]))
    if note is not None:
        asks.append(Ask((note,), [((right / 2, bottom - 0.3 - note.height / 2),)]))
    for i, tag in enumerate(tags):
        if tag is not None:
            spots = along(lines[i], (tag,), SPOTS, inline=True) + \
                along(lines[i], (tag,), SPOTS, sides=(1, -1))
            asks.append(Ask((tag,), spots, frozenset({i}), line=i))
    # Off the faint edges where there is room; over them where there is not.
    labels, failed = place(drawing, asks)
    labels, failed = place(Drawing(drawing.boxes, drawing.lines, labels),
                           [replace(a, ignore=a.ignore | faint) for a in failed])
    # A weight read off the wrong edge is worse than none: a label nearer another edge than
    # its own counts as not placed.
    segments = [(i, p, q) for i, line in enumerate(drawing.lines) for p, q in line.segments()]
    unclear = sum(1 for label in labels if label.line is not None and
                  not own_nearest(((label.x, label.y),), label.line, segments, faint, 1.0))
    return Drawing(drawing.boxes, drawing.lines, labels, missing=len(failed) + unclear,
                   layer_of=tuple((b.key, round(b.x / gap) if gap else 0)
                                  for b in boxes.values()))


def _shown(n: int, wide: int = WIDE) -> list[int | None]:
    """The neurons drawn of a layer of n (1-based), None for the dots: 1, 2, ⋮, n (or 1, ⋮, n
    when at most 3 are drawn)."""
    if n <= wide:
        return list(range(1, n + 1))
    return [1, 2, None, n] if wide >= 4 else [1, None, n]


def network_drawing(network: Any, forward: Any = None, lang: str = "en",
                    weights: str = "auto", bias: bool = True, numbered: bool = False,
                    part: bool = False) -> Drawing:
    """Return the drawing of a :class:`~symnn.network.Network`, with the forward values of
    the first input row in the neurons when ``forward`` (its ForwardPass) is given.

    ``weights``: "names" (w^{(1)}_{12}), "values", "both" (w^{(1)}_{12} = 0.2), "none", or
    "auto": both, else the values, else none, whichever fits without a label touching
    another label, neuron or edge.  ``numbered`` names the weights w_1, w_2, ... layer by
    layer, neuron by neuron, input by input, as the step-by-step examples do (then "auto"
    tries both, then the names).  ``bias`` False leaves out the bias nodes (a layer of
    weights alone, as in X W).  A drawing too tall for a slide draws its wide layers
    1, 2, ⋮, n.  ``part``: the network is the first layers of a larger one, so its last
    layer is titled by its number and its outputs are z^{(l)}_j, not y_j.
    """
    widths = network.shape
    if len(widths) > MAX_LAYERS:
        raise RenderError(f"the network has {len(widths) - 1} layers; a figure holds "
                          f"{MAX_LAYERS - 1}: use the text form (symnn forward SPEC)")
    if weights not in ("auto", "both", "values", "names", "none"):
        raise RenderError(f"weights: {weights!r} is not one of auto, both, values, names, none")
    choices = [("both", False), ("values", False)] if weights == "auto" else [(weights, False)]
    if numbered and weights == "auto":
        choices = [("both", False), ("names", False)]
    elif weights in ("auto", "names"):
        choices.append(("names", True))
    edges = sum(a * b for a, b in zip(widths, widths[1:]))
    if weights != "none" and all(n <= WIDE for n in widths) and edges <= MAX_LABELLED:
        # The most compact drawing on which every label fits, the labels richest first; at
        # last, as the lecture's notation figure does, only the edges into each first neuron.
        for choice, first in choices:
            for gap, row in GEOMETRIES:
                drawing = _network(network, forward, lang, choice, gap, row, bias, first,
                                   numbered=numbered, part=part)
                width, height = drawing.size
                if drawing.missing == 0 and width <= ROOM[0] and height <= ROOM[1]:
                    return drawing
    # Numbered, the figure shares its slide with what the network is given: kept lower.
    tallest = ROOM[1] - (0.6 if numbered else 0.0)
    for wide in (WIDE, 5, 4, 3) if numbered else (WIDE, 5, 4):
        for row in (None, 0.95) if forward is None else (None,):
            drawing = _network(network, forward, lang, "none", row=row, bias=bias,
                               bare_note=weights != "none" and not numbered, wide=wide,
                               part=part)
            if drawing.size[1] <= tallest:
                return drawing
    return drawing


def _network(network: Any, forward: Any, lang: str, weights: str, gap: float | None = None,
             row: float | None = None, bias: bool = True, first: bool = False,
             bare_note: bool = False, numbered: bool = False, wide: int = WIDE,
             part: bool = False) -> Drawing:
    widths = network.shape
    layers = network.layers
    values = None
    if forward is not None and forward.X.rows >= 1:
        values = [[forward.X[0, i] for i in range(widths[0])]] + \
            [list(v.z[0]) for v in forward.layers]
    columns: list[list[Neuron]] = []
    for k, n in enumerate(widths):
        column = []
        for i in _shown(n, wide):
            if i is None:
                column.append(Neuron((k, "dots"), (), (), "dots"))
                continue
            if k == 0:
                tex, plain = f"$x_{{{i}}}$", f"x{_sub(i)}"
                style = "input"
            else:
                symbol = SYMBOLS.get(layers[k - 1].activation, "h")
                if layers[k - 1].activation == "step" and lang == "ko":
                    symbol = r"\text{계단}"
                tex, plain = f"${symbol}$", plain_math(symbol)
                style = "neuron"
            texts, plains = [tex], [plain]
            if values is not None:
                t, p = number_text(values[k][i - 1])
                texts.append(f"${t}$")
                plains.append(p)
            column.append(Neuron((k, i), tuple(texts), tuple(plains), style))
        if k < len(layers) and bias:
            column.append(Neuron((k, "bias"), ("$1$",), ("1",), "bias"))
        columns.append(column)
    edges = []
    before = 0  # weights of the layers before (w_n numbering)
    for k, layer in enumerate(layers, start=1):
        for j in _shown(layer.outputs, wide):
            if j is None:
                continue
            for i in _shown(layer.inputs, wide):
                if i is None:
                    continue
                w = layer.weights[i - 1, j - 1]
                shown, style = (weights, "") if j == 1 or not first else ("none", "faint")
                name = f"w_{{{before + (j - 1) * layer.inputs + i}}}" if numbered else \
                    f"w^{{({k})}}_{{{j}{i}}}"
                edges.append(((k - 1, i), (k, j), _weight(name, w, shown), style))
            if bias:
                b = layer.biases[0, j - 1]
                if numbered:  # the numbers name the weights; the biases are given apart
                    edges.append(((k - 1, "bias"), (k, j), None, "faint"))
                    continue
                shown, style = (weights, "") if j == 1 or not first else ("none", "faint")
                edges.append(((k - 1, "bias"), (k, j), _weight(f"b^{{({k})}}_{{{j}}}", b,
                                                               shown), style))
        before += layer.inputs * layer.outputs
    hidden = len(widths) - 2
    titles = []
    for k in range(len(widths)):
        if k == 0:
            words = word("input", lang)
        elif part:
            words = f"{k}{word('layer', lang)}" if lang == "ko" else f"{word('layer', lang)} {k}"
        elif k == len(widths) - 1:
            words = word("output", lang)
        else:
            words = word("hidden", lang) + (f" {k}" if hidden > 1 else "")
        if network.output == "softmax" and k == len(widths) - 1:
            titles.append(_lines(words, "(softmax)"))
            continue
        titles.append(_tag(words, "title", words))
    last = len(widths) - 1
    outputs = []
    for j in _shown(widths[-1], wide):
        if j is None:
            continue
        if part:
            outputs.append(((last, j), _tag(f"$z^{{({last})}}_{{{j}}}$", "leaf",
                                            f"z{_sub(j)}")))
        elif forward is not None and network.output != "identity":
            t, p = number_text(forward.y[0, j - 1])
            outputs.append(((last, j), _tag(f"$y_{{{j}}} = {t}$", "leaf", f"y{_sub(j)} = {p}")))
        else:
            outputs.append(((last, j), _tag(f"$y_{{{j}}}$", "leaf", f"y{_sub(j)}")))
    notes = []
    if weights == "none" and bare_note:
        notes.extend(word("bare", lang).split("; "))
    elif first:
        notes.extend(word("first", lang).split("; "))
    if any(n > wide for n in widths):
        notes.append(word("elided", lang).replace("8", str(wide)).replace(
            "1, 2, $\\dots$", "1, 2, $\\dots$" if wide >= 4 else "1, $\\dots$"))
    note = _lines(*notes, style="note") if notes else None
    widest = max(t.width for t in titles)
    gap = max(gap or 2.4, widest + 0.4)
    return columns_drawing(columns, titles, edges, outputs, gap, note, row)


def _lines(*rows: str, style: str = "title") -> Tag:
    """A label of several lines (math between $...$ written in Unicode in the plain text)."""
    plain = "\n".join(plain_text([r]) for r in rows)
    w, h = text_size(plain, POINTS)
    return Tag(r"\shortstack{" + r"\\".join(rows) + "}", plain, w, h, style)


def plain_text(sentences: list[str]) -> str:
    """Sentences with $math$ written in Unicode."""
    from symnn.render.inline import plain

    return "; ".join(plain(s) for s in sentences)


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _weight(name: str, value: Any, weights: str) -> Tag | None:
    if weights == "none":
        return None
    number = number_text(value)[0] if value is not None else None
    if weights == "names" or number is None:
        return _tag(f"${name}$", "weight")
    if weights == "values":
        return _tag(f"${number}$", "weight")
    return _tag(f"${name} = {number}$", "weight")


def perceptron_drawing(lang: str = "en", form: str = "bias", perceptron: Any = None
                       ) -> Drawing:
    """Return the perceptron of the lecture: inputs x1, x2, weights w1, w2 on the edges and
    the output y; ``form`` "threshold" puts θ in the neuron, "bias" adds the node 1 with b
    and the step function h in the neuron.  Given a :class:`~symnn.perceptron.Perceptron`,
    its numbers stand beside the names.

    >>> sorted(lb.tag.plain for lb in perceptron_drawing().labels if lb.tag.style == "weight")
    ['b', 'w₁', 'w₂']
    """
    def name(tex: str, value: Any) -> Tag:
        if value is None:
            return _tag(f"${tex}$", "weight")
        return _tag(f"${tex} = {number_text(value)[0]}$", "weight")

    ws = perceptron.weights if perceptron is not None else (None, None)
    inputs = [Neuron((0, i), (f"$x_{{{i}}}$",), (f"x{_sub(i)}",), "input") for i in (1, 2)]
    if form == "threshold":
        theta = -perceptron.bias if perceptron is not None else None
        t = r"\theta" if theta is None else rf"\theta = {number_text(theta)[0]}"
        neuron = Neuron((1, 1), (f"${t}$",), (plain_math(t),), "neuron")
        extra, bias_edge = [], []
    else:  # h, the step function, as the lecture writes y = h(w1 x1 + w2 x2 + b)
        neuron = Neuron((1, 1), ("$h$",), ("h",), "neuron")
        extra = [Neuron((0, "bias"), ("$1$",), ("1",), "bias")]
        b = perceptron.bias if perceptron is not None else None
        bias_edge = [((0, "bias"), (1, 1), name("b", b))]
    edges = [((0, i), (1, 1), name(f"w_{{{i}}}", ws[i - 1])) for i in (1, 2)] + bias_edge
    for gap in (3.0, 3.6, 4.2):
        drawing = columns_drawing([inputs + extra, [neuron]], [None, None], edges,
                                  [((1, 1), _tag("$y$", "leaf", "y"))], gap, row=1.15 + (
                                      gap - 3.0) / 3)
        if drawing.missing == 0:
            break
    return drawing


def xor_drawing(lang: str = "en") -> Drawing:
    """Return XOR as two layers of gates: NAND and OR of x1, x2, then AND of the two.

    >>> sorted(b.node.plain for b in xor_drawing().boxes if b.node.style == "gate")
    ['AND', 'NAND', 'OR']
    """
    from symnn.perceptron import AND, NAND, OR

    words = {"en": ("inputs", "layer 1", "layer 2"), "ko": ("입력", "1층", "2층")}[lang]

    def gate(key: Any, name: str) -> Neuron:
        return Neuron(key, (rf"$\mathrm{{{name}}}$",), (name,), "gate")

    bias = [Neuron((k, "bias"), ("$1$",), ("1",), "bias") for k in (0, 1)]
    columns = [[Neuron((0, i), (f"$x_{{{i}}}$",), (f"x{_sub(i)}",), "input") for i in (1, 2)]
               + bias[:1], [gate((1, 1), "NAND"), gate((1, 2), "OR"), bias[1]],
               [gate((2, 1), "AND")]]
    edges = []

    def weight(v: Any) -> Tag:
        return _tag(f"${number_text(v)[0]}$", "weight")

    for k, gates in ((1, ((1, NAND), (2, OR))), (2, ((1, AND),))):
        for j, g in gates:
            for i in (1, 2):
                edges.append(((k - 1, i), (k, j), weight(g.weights[i - 1])))
            edges.append(((k - 1, "bias"), (k, j), weight(g.bias)))
    titles = [_tag(w, "title", w) for w in words]
    outputs = [((2, 1), _tag("$y$", "leaf", "y"))]
    names = {(1, 1): "s_1", (1, 2): "s_2"}
    for gap in (3.2, 3.8, 4.4):
        drawing = columns_drawing(columns, titles, edges, outputs, gap, row=1.3)
        asks = []
        for key, tex in names.items():
            # on the gate's output, near the gate (the weight is near the AND end)
            tag = _tag(f"${tex}$", "name")
            k = next(i for i, line in enumerate(drawing.lines) if line.source == key)
            # the upper gate's name above its edge, the lower's below: away from each other
            sides = (1, -1) if key == (1, 1) else (-1, 1)
            spots = along(drawing.lines[k], (tag,), (0.25, 0.35, 0.15, 0.45), sides=sides)
            asks.append(Ask((tag,), spots + around(drawing.box(key), tag), node=key))
        labels, failed = place(drawing, asks)
        drawing = Drawing(drawing.boxes, drawing.lines, labels,
                          missing=drawing.missing + len(failed), layer_of=drawing.layer_of)
        if drawing.missing == 0:
            break
    return drawing


__all__ = ["MAX_LAYERS", "WIDE", "Neuron", "columns_drawing", "network_drawing",
           "perceptron_drawing", "xor_drawing"]
