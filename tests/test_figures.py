"""Network diagrams, the perceptron, the XOR network and the gates' planes, judged by their
geometry (no label on a label, a neuron or an edge it does not belong to), by what they say
(layers named in the page's language, the lecture's w^{(l)}_{ji}, the values computed), by
the slide and the notebook showing the same picture, and through the command line.
"""

import importlib
import re

import numpy as np
import pytest

import symnn
from symnn import catalog
from symnn.errors import RenderError
from symnn.network import Layer, Network
from symnn.perceptron import AND, NAND, OR
from symnn.render.figures import figure_drawing
from symnn.render.gate_figure import decision_drawing
from symnn.render.network_figure import (
    MAX_LAYERS,
    network_drawing,
    perceptron_drawing,
    xor_drawing,
)
from symnn.render.svg import SCALE, drawing_svg
from symnn.render.tikz import drawing_tikz
from tests import geometry
from tests.conftest import EXAMPLES, run_symnn

FORWARD_PASS = importlib.import_module("symnn.catalog.forward_pass")  # the module
LECTURE_NET = FORWARD_PASS.network()
ROWS = ((0, 0), (1, 0), (0, 1), (1, 1))


def on_own_or_faint_edge(label, line) -> bool:
    """A weight is written on its own edge (on a white patch); a faint edge is background."""
    return line.style == "faint" or (label.line is not None and label.line ==
                                     label_line_index(line))


def label_line_index(line):
    return _INDEX.get(id(line))


_INDEX: dict = {}


def clean(drawing) -> list:
    _INDEX.clear()
    _INDEX.update({id(line): k for k, line in enumerate(drawing.lines)})
    problems = geometry.label_overlaps(drawing, on_own_or_faint_edge)
    problems += [("through", *e) for e in geometry.edges_through_nodes(drawing)]
    return problems + [("missing", drawing.missing)] * bool(drawing.missing)


def titles(drawing) -> list[str]:
    return [lb.tag.plain for lb in drawing.labels if lb.tag.style == "title"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_lectures_network_in_labelled_layers(lang):
    forward = LECTURE_NET.forward(FORWARD_PASS.X)
    drawing = network_drawing(LECTURE_NET, forward, lang)
    assert clean(drawing) == []
    words = {"en": ["input layer", "hidden layer 1", "hidden layer 2", "output layer"],
             "ko": ["입력층", "은닉층 1", "은닉층 2", "출력층"]}[lang]
    assert titles(drawing) == words
    neurons = [b for b in drawing.boxes if b.node.shape == "circle"]
    assert len(neurons) == 2 + 3 + 2 + 2
    assert sum(b.node.style == "bias" for b in drawing.boxes) == 3
    # Each hidden neuron shows σ and its value z = σ(a), computed, to three significant
    # digits, a trailing zero kept (σ(1.1) = 0.7503 is 0.750: 0.75 would read as exact).
    z1 = [b.node.plain for b in neurons if b.key[0] == 1]
    assert z1 == ["σ\n0.574", "σ\n0.668", "σ\n0.750"]
    assert [b.node.plain for b in neurons if b.key[0] == 3] == ["id\n0.317", "id\n0.696"]


def test_a_small_network_carries_its_weights_in_the_lectures_notation():
    spec = symnn.load_spec(EXAMPLES / "two_two_two.toml")
    drawing = network_drawing(spec.network)
    assert clean(drawing) == []
    weights = {lb.tag.plain for lb in drawing.labels if lb.tag.style == "weight"}
    layer = spec.network.layers[0]
    # w^{(1)}_{ji} is the weight into neuron j from input i: row i, column j of W.
    assert len(weights) >= 1 and len([lb for lb in drawing.labels if lb.tag.style == "weight"]) \
        == 8 + 4
    expected = {symnn.decimal(symnn.exact(layer.weights[i, j]), 4) for i in range(2)
                for j in range(2)}
    shown = {w.split("= ")[-1] for w in weights}
    assert expected <= shown


def test_names_only_label_the_edges_into_the_first_neuron_as_the_lecture_does():
    layer = Network([Layer(FORWARD_PASS.W1, FORWARD_PASS.B1, "sigmoid")])
    drawing = network_drawing(layer, weights="names")
    assert clean(drawing) == []
    names = sorted(lb.tag.plain for lb in drawing.labels if lb.tag.style == "weight")
    assert names == ["b⁽¹⁾₁", "w⁽¹⁾₁₁", "w⁽¹⁾₁₂"]
    assert sum(line.style == "faint" for line in drawing.lines) == 6  # into neurons 2 and 3
    assert r"w^{(1)}_{12}" in drawing_tikz(drawing)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_layer_drawn_as_part_of_a_network_is_titled_by_its_number_and_outputs_z(lang):
    """The notation page draws layer 1 of the three-layer network: not an output layer with
    outputs y (the review found "output layer", y1..y3 there)."""
    layer = Network([Layer(FORWARD_PASS.W1, FORWARD_PASS.B1, "sigmoid")])
    drawing = network_drawing(layer, lang=lang, weights="names", part=True)
    assert clean(drawing) == []
    titles = [lb.tag.plain for lb in drawing.labels if lb.tag.style == "title"]
    assert titles == (["input layer", "layer 1"] if lang == "en" else ["입력층", "1층"])
    outputs = sorted(b.node.tex for b in drawing.boxes if b.node.style == "leaf")
    assert outputs == [f"$z^{{(1)}}_{{{j}}}$" for j in (1, 2, 3)]
    whole = network_drawing(layer, lang=lang, weights="names")
    assert "$y_{1}$" in [b.node.tex for b in whole.boxes if b.node.style == "leaf"]


def test_a_wide_layer_is_drawn_with_an_ellipsis():
    net = Network([Layer(np.zeros((784, 50)), np.zeros(50), "sigmoid"),
                   Layer(np.zeros((50, 10)), np.zeros(10), "identity")], "softmax")
    drawing = network_drawing(net)
    assert clean(drawing) == []
    inputs = [b.node.plain for b in drawing.boxes if b.node.style == "input"]
    assert inputs == ["x₁", "x₂", "x₇₈₄"]
    assert sum(b.node.style == "dots" for b in drawing.boxes) == 3
    assert any("1, 2, …, n" in lb.tag.plain or "1, 2, ..., n" in lb.tag.plain
               for lb in drawing.labels if lb.tag.style == "note")
    assert "output layer\n(softmax)" in titles(drawing)


def test_ten_thousand_neurons_draw_as_quickly_as_ten():
    import time

    net = Network([Layer(np.zeros((10_000, 3)), np.zeros(3), "relu")])
    start = time.perf_counter()
    drawing = network_drawing(net)
    assert time.perf_counter() - start < 5
    assert len([b for b in drawing.boxes if b.node.shape == "circle"]) == 3 + 3


def test_a_network_too_deep_for_a_slide_says_so():
    deep = Network([Layer([[1]], [0], "relu")] * MAX_LAYERS)
    with pytest.raises(RenderError, match="use the text form"):
        network_drawing(deep)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_perceptron_and_the_xor_network(lang):
    for form in ("threshold", "bias"):
        drawing = perceptron_drawing(lang, form)
        assert clean(drawing) == []
        names = sorted(lb.tag.plain for lb in drawing.labels if lb.tag.style == "weight")
        assert names == (["w₁", "w₂"] if form == "threshold" else ["b", "w₁", "w₂"])
        assert ("θ" in [b.node.plain for b in drawing.boxes]) == (form == "threshold")
    drawing = perceptron_drawing(lang, "bias", AND)
    assert sorted(lb.tag.plain for lb in drawing.labels) == ["b = −0.7", "w₁ = 0.5",
                                                             "w₂ = 0.5"]
    xor = xor_drawing(lang)
    assert clean(xor) == []
    gates = {b.key: b.node.plain for b in xor.boxes if b.node.style == "gate"}
    assert gates == {(1, 1): "NAND", (1, 2): "OR", (2, 1): "AND"}
    # Each gate's weights and bias, as the lecture gives them, on its edges.
    weights = sorted(lb.tag.plain for lb in xor.labels if lb.tag.style == "weight")
    expected = sorted(symnn.decimal(v).replace("-", "−") for g in (NAND, OR, AND)
                      for v in (*g.weights, g.bias))
    assert weights == expected
    # s1 and s2 name the gates' outputs: each on its own gate's edge into AND, nearer it
    # than any other edge (the review found s1 floating over the layer's title)
    for name, gate in (("s₁", (1, 1)), ("s₂", (1, 2))):
        label = next(lb for lb in xor.labels if lb.tag.plain == name)
        own = next(k for k, line in enumerate(xor.lines) if line.source == gate)
        gaps = [min(geometry.segment_distance_to_point(p, q, (label.x, label.y))
                    for p, q in zip(line.points, line.points[1:])) for line in xor.lines]
        assert min(range(len(gaps)), key=gaps.__getitem__) == own, name


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("gate", [AND, NAND, OR, None])
def test_a_gates_plane_keeps_its_labels_clear(gate, lang):
    table = XOR if gate is None else [(x, gate(*x)) for x in ROWS]
    drawing = decision_drawing(table, gate, lang)
    assert clean(drawing) == []
    points = [b for b in drawing.boxes if b.key[0] == "point"]
    assert len(points) == 4
    # The ticks 0 and 1 stand outside the square of points, a clear gap from each point.
    ticks = [lb for lb in drawing.labels if lb.tag.style == "tick"]
    assert len(ticks) == 4
    for tick in ticks:
        for p in points:
            assert max(abs(tick.x - p.x) - tick.tag.width / 2,
                       abs(tick.y - p.y) - tick.tag.height / 2) > 0.3
    legend = [lb.tag.plain for lb in drawing.labels if lb.tag.style == "legend"]
    assert legend == (["output 1", "output 0"] if lang == "en" else ["출력 1", "출력 0"])
    filled = {b.key[1:] for b in points if b.node.style == "dot-1"}
    assert filled == {x for x, y in table if y}
    if gate is not None:
        (equation,) = [lb for lb in drawing.labels if lb.tag.style == "equation"]
        line = next(line for line in drawing.lines if line.style == "decision")
        assert not any(geometry.segment_meets_rect(p, q, equation.rect())
                       for p, q in zip(line.points, line.points[1:]))   # beside the line
        assert drawing.areas, "the side where the gate outputs 1 is shaded"


XOR = [((0, 0), 0), ((1, 0), 1), ((0, 1), 1), ((1, 1), 0)]


def test_the_shaded_side_is_where_the_gate_outputs_one():
    drawing = decision_drawing([(x, AND(*x)) for x in ROWS], AND)
    (area,) = drawing.areas
    xs, ys = zip(*area.points)
    # AND's line x1 + x2 = 1.4: the shaded corner is the upper right one, (1, 1) inside it.
    unit = drawing.box(("point", 1, 1)).x
    assert max(xs) > unit and max(ys) > unit and min(x + y for x, y in area.points) >= \
        1.4 * unit - 1e-6


def test_tikz_and_svg_draw_the_same_picture():
    g = symnn.sum_times_successor()
    from symnn.render.graph_figure import graph_drawing

    drawing = graph_drawing(g, g.backward())
    tikz, svg = drawing_tikz(drawing), drawing_svg(drawing)
    left, _, _, top = drawing.bounds()
    tikz_nodes = {(float(x), float(y)) for x, y in
                  re.findall(r"\\node\[circle[^]]*\] at \(([-\d.]+),([-\d.]+)\)", tikz)}
    svg_circles = {(round(float(cx) / SCALE + left - 0.25, 2), round(top + 0.25 -
                                                                  float(cy) / SCALE, 2))
                   for cx, cy in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)}
    assert len(tikz_nodes) == len(svg_circles) == 3
    for a, b in zip(sorted(tikz_nodes), sorted(svg_circles)):
        assert abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) < 0.01
    for label in drawing.labels:
        assert label.tag.tex in tikz


def test_every_lecture_figure_is_clean_in_both_languages():
    for name in catalog.names():
        d = catalog.derivation(name)
        for figure in d.figures():
            for lang in ("en", "ko"):
                drawing = figure_drawing(figure, lang, d.labels)
                if drawing is None:
                    continue
                assert clean(drawing) == [], (name, figure.name, lang)
                if figure.kind == "graph":
                    assert geometry.crossings(drawing) == 0, (name, figure.name)


def test_the_network_shows_itself_as_svg_in_a_notebook():
    spec = symnn.load_spec(EXAMPLES / "one_step.toml")
    svg = spec.network._repr_svg_()
    assert svg.startswith("<svg") and svg.count("<circle") == 2 + 3 + 2 + 2
    assert spec.network._repr_latex_().startswith("$$")


def test_symnn_forward_draws_the_network_with_its_values():
    spec = str(EXAMPLES / "three_layer.toml")
    svg = run_symnn("forward", spec, "--format", "svg")
    assert svg.returncode == 0 and svg.stdout.startswith("<svg")
    assert ">0.574<" in svg.stdout and "y₁ = 0.406" in svg.stdout  # z and the softmax
    tikz = run_symnn("forward", spec, "--format", "tikz", "--lang", "ko").stdout
    assert tikz.startswith(r"\begin{tikzpicture}") and "은닉층 1" in tikz
    step = run_symnn("step", str(EXAMPLES / "two_two_two.toml"), "--format", "svg")
    assert step.returncode == 0 and step.stdout.count("<circle") == 6


def test_symnn_graph_draws_values_only_or_tangents():
    values = run_symnn("graph", "(a + b) * (b + 1)", "--at", "a=1", "b=2", "--format", "svg",
                       "--values-only").stdout
    assert ">9<" in values and "#bf0000" not in values
    forward = run_symnn("graph", "(a + b) * (b + 1)", "--at", "a=1", "b=2", "--format", "tikz",
                        "--tangent", "b").stdout
    assert "blue!70!black" in forward and "$3 + 3 = 6$" in forward
    bad = run_symnn("graph", "a * b", "--format", "svg", "--tangent", "c")
    assert bad.returncode == 2 and "no input called 'c'" in bad.stderr


def test_a_graph_too_large_to_draw_is_one_line():
    text = " + ".join(f"x{i}*y{i}" for i in range(130))
    out = run_symnn("graph", text, "--format", "svg")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert "too" not in out.stdout and "readable up to 60" in out.stderr
    d = symnn.graph_derivation(symnn.Graph.from_text(text))
    assert d.figures() == [] and "too many to draw" in d.render("text")


def test_the_png_of_a_gate_has_its_legend_in_the_pages_language():
    pytest.importorskip("matplotlib")
    from matplotlib import font_manager

    from symnn.derivation import Figure, Text
    from symnn.render import png

    rows = tuple((x, AND(*x)) for x in ROWS)
    figure = Figure("decision", (rows, AND), Text("AND", "AND"))
    assert png.figure_png_bytes(figure, "ko")[:8] == b"\x89PNG\r\n\x1a\n"
    installed = {f.name for f in font_manager.fontManager.ttflist}
    # Korean words need a Korean font behind DejaVu Sans, when one is installed.
    assert png._fonts("ko")[1:] == [n for n in png.KOREAN if n in installed]
    graph = symnn.apples()
    assert png.figure_png_bytes(Figure("graph", (graph, None), Text("g", "g"))) is None
