"""A teacher's own decks at a teacher's size: every kind of item, for networks of every shape
up to 8 neurons a layer and expressions up to 30 nodes, in both languages, compiled by a real
TeX engine and measured on the pages it made (no box too wide or tall, no frame broken by
TeX, no frame holding less than a third of a slide, no English activation names on Korean
pages); and the same frames checked against the estimates they were built with, for many
more shapes than are compiled.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symnn.derivation import Deck, Derivation, Frame, Section, Step, Text
from symnn.render import fit
from symnn.render.beamer import deck as beamer_deck
from symnn.spec import parse_spec
from symnn.worked_network import HEIGHT, forward_derivation, step_derivation

HAVE_TEX = shutil.which("pdflatex") is not None and shutil.which("pdftotext") is not None
needs_tex = pytest.mark.skipif(not HAVE_TEX, reason="needs pdflatex and pdftotext")
ACTIVATIONS = ("sigmoid", "relu", "identity", "tanh")
OUTPUTS = {"half_sse": "identity", "mse": "identity", "cross_entropy": "softmax",
           "binary_cross_entropy": "sigmoid"}


def spec_of(shape, activation="sigmoid", loss="half_sse", rows=1, seed=0):
    """A network of ``shape`` with weights of two decimals, ``rows`` input rows, a target."""
    rng = np.random.default_rng(seed)
    layers = [{"W": np.round(rng.uniform(-1, 1, (a, b)), 2).tolist(),
               "b": np.round(rng.uniform(-1, 1, b), 2).tolist(), "activation": activation}
              for a, b in zip(shape, shape[1:])]
    X = np.round(rng.uniform(-1, 1, (rows, shape[0])), 2).tolist()
    K = shape[-1]
    if loss in ("cross_entropy",):
        T = [[1 if k == r % K else 0 for k in range(K)] for r in range(rows)]
    else:
        T = np.round(rng.uniform(0, 1, (rows, K)), 1).tolist()
    return parse_spec({"input": X, "target": T, "loss": loss, "learning_rate": 0.1,
                       "output": OUTPUTS[loss], "layer": layers})


def frames_of(derivation: Derivation) -> list[Frame]:
    return [p for p in derivation.parts if isinstance(p, Frame)]


def check_estimates(derivation: Derivation) -> None:
    """Every frame built within a slide by the estimates; every row within the line."""
    for frame in frames_of(derivation):
        if frame.side or any(type(p).__name__ == "Figure" for p in frame.parts):
            continue  # laid out with a figure, whose size is TeX's own
        for lang in ("en", "ko"):
            tall = fit.parts_height(list(frame.parts), lang)
            assert tall <= HEIGHT + 0.01, (frame.title("en"), lang, tall)
        for step in frame.parts:
            if isinstance(step, Step):
                assert fit.step_size(step, "en")[0] <= fit.LINE, (frame.title("en"), step)


# ---- many shapes, by the estimates --------------------------------------------------------

@pytest.mark.parametrize("shape", [(a, b) for a, b in itertools.product(range(1, 9), repeat=2)
                                   if a in (1, 2, 5, 8) or b in (1, 8)])
def test_every_one_layer_network_fits_by_the_estimates(shape):
    spec = spec_of(shape, "sigmoid")
    check_estimates(step_derivation(spec))
    check_estimates(forward_derivation(spec))


widths = st.integers(1, 8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.lists(widths, min_size=2, max_size=4), activation=st.sampled_from(ACTIVATIONS),
       loss=st.sampled_from(list(OUTPUTS)), rows=st.integers(1, 3), seed=st.integers(0, 99),
       digits=st.integers(2, 9), data=st.data())
def test_any_network_up_to_8_a_layer_fits_by_the_estimates(shape, activation, loss, rows,
                                                           seed, digits, data):
    if loss == "cross_entropy" and shape[-1] < 2:
        shape = [*shape[:-1], 2]
    spec = spec_of(tuple(shape), activation, loss, rows, seed)
    names = [f"w{n}" for n in range(1, sum(a * b for a, b in zip(shape, shape[1:])) + 1)]
    show = data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    check_estimates(step_derivation(spec, digits=digits, show=show))


# ---- compiled: every kind of item, both languages ------------------------------------------

SHAPES = [((2, 2, 2), "sigmoid", "half_sse", 1), ((2, 3, 1), "relu", "half_sse", 1),
          ((4, 6, 3), "relu", "cross_entropy", 1), ((8, 8, 8), "sigmoid", "half_sse", 1),
          ((1, 8, 1), "tanh", "mse", 1), ((8, 1, 8), "relu", "binary_cross_entropy", 1),
          ((3, 5, 4, 2), "sigmoid", "cross_entropy", 2), ((8, 8), "identity", "mse", 3),
          ((1, 1), "sigmoid", "half_sse", 1), ((5, 7, 3), "relu", "half_sse", 2)]
# Expressions of up to 30 nodes: long sums, deep compositions, a variable used many times.
EXPRESSIONS = [
    ("sigmoid(w1*x1 + w2*x2 + w3*x3 + w4*x4 + b)", {"w1": 0.5, "x1": 1, "w2": -0.5, "x2": 2,
                                                   "w3": 0.25, "x3": -1, "w4": 1, "x4": 0.5,
                                                   "b": -0.7}),
    ("(a*b + c)*(a - d)*exp(-a)/(1 + b**2)", {"a": 1, "b": 2, "c": 3, "d": 0.5}),
    ("x*y*z + x*y + y*z + x*z + x + y + z", {"x": 1, "y": 2, "z": 3}),
    ("log(1 + exp(-(w*x + b))) + (w*x + b - t)**2/2", {"w": 0.5, "x": 2, "b": -1, "t": 1}),
]


def deck_items(tmp_path):
    """A deck file listing every kind of item, networks of every shape above included."""
    items = []
    for k, (shape, activation, loss, rows) in enumerate(SHAPES):
        spec = spec_of(shape, activation, loss, rows, seed=k)
        path = tmp_path / f"net{k}.toml"
        path.write_text(_toml(spec, activation, loss, shape, rows, k))
        items.append(f'[[section.item]]\nstep = "{path.name}"\nshow = ["w1"]\n')
        items.append(f'[[section.item]]\nforward = "{path.name}"\n')
    items.append('[[section.item]]\nstep = "net0.toml"\noptimizer = "adam"\nsteps = 2\n')
    for expression, at in EXPRESSIONS:
        point = ", ".join(f"{k} = {v}" for k, v in at.items())
        items.append(f'[[section.item]]\ngrad = "{expression}"\nat = {{ {point} }}\n')
        items.append(f'[[section.item]]\ngraph = "{expression}"\nat = {{ {point} }}\n')
    items.append('[[section.item]]\nseparable = "00:0 01:0 10:0 11:1"\nweights = [1, 1]\n'
                 'bias = -1.5\n')
    items.append('[[section.item]]\nseparable = "000:0 001:1 010:1 011:0 100:1 101:0 110:0 '
                 '111:1"\n')
    items.append('[[section.item]]\ncatalog = "chain_rule"\n')
    items.append('[[section.item]]\ntext = { en = "Questions?", ko = "질문?" }\n'
                 'title = { en = "The end", ko = "끝" }\n')
    return '[[section]]\ntitle = "All"\n\n' + "\n".join(items)


def _toml(spec, activation, loss, shape, rows, seed) -> str:
    rng = np.random.default_rng(seed)
    lines = []
    for a, b in zip(shape, shape[1:]):
        W = np.round(rng.uniform(-1, 1, (a, b)), 2).tolist()
        bias = np.round(rng.uniform(-1, 1, b), 2).tolist()
        lines.append(f'[[layer]]\nW = {W}\nb = {bias}\nactivation = "{activation}"\n')
    X = np.round(rng.uniform(-1, 1, (rows, shape[0])), 2).tolist()
    K = shape[-1]
    T = [[1 if k == r % K else 0 for k in range(K)] for r in range(rows)] \
        if loss == "cross_entropy" else np.round(rng.uniform(0, 1, (rows, K)), 1).tolist()
    return (f"input = {X}\ntarget = {T}\nloss = \"{loss}\"\nlearning_rate = 0.1\n"
            f"output = \"{OUTPUTS[loss]}\"\n\n" + "\n".join(lines))


def page_boxes(pdf):
    """Each page's words with their boxes (points from the top), as pdftotext reads them."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = [(float(y0), float(y1), w) for y0, y1, w in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)]
        pages.append((height, words))
    return pages


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from symnn.build import compile_tex
    from symnn.deck import load_deck

    folder = tmp_path_factory.mktemp("decks")
    (folder / "all.toml").write_text(deck_items(folder))
    deck = load_deck(folder / "all.toml")
    out = {}
    for lang in ("en", "ko"):
        source = beamer_deck(deck, lang)
        result = compile_tex(source, limit=600)
        pdf = folder / f"{lang}.pdf"
        if result.pdf is not None:
            pdf.write_bytes(result.pdf)
        out[lang] = (source, result, pdf)
    return deck, out


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_item_kind_compiles_with_no_box_too_wide_or_tall(built, lang):
    deck, out = built
    source, result, _ = out[lang]
    assert result.ok, result.error  # the build's check: no overfull box at all
    kinds = {d.name.split("-")[-1] for d in deck.derivations()}
    assert kinds >= {"step", "forward", "grad", "graph", "separable", "text"}


@needs_tex
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_frame_is_broken_by_tex_or_holds_less_than_a_third(built, lang):
    deck, out = built
    source, result, pdf = out[lang]
    assert result.ok
    # A teacher's own words ("Questions?") fill what the teacher chose to write.
    own = {d.title(lang) for d in deck.derivations() if d.name.endswith("text")}
    assert own
    texts = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True).stdout.split("\f")
    outline = "목차" if lang == "ko" else "Outline"
    for k, ((height, words), text) in enumerate(zip(page_boxes(pdf), texts), start=1):
        if k == 1 or outline in text[:200]:
            continue
        # beamer's own continuation, " (1)", " (2)": a frame TeX had to break (a
        # superscript such as b⁽¹⁾ reads "b(1)", with no space)
        title = text.strip().splitlines()[0]
        assert not re.search(r"\s\(\d+\)\s*$", title), (k, title)
        body = [(y0, y1) for y0, y1, w in words if 0.12 * height < y0 < 0.93 * height]
        assert body, (k, title)
        if title.strip() in own:
            continue
        filled = (max(y1 for _, y1 in body) - 0.1 * height) / (0.83 * height)
        assert filled >= 1 / 3, (k, title, round(filled, 2))


@needs_tex
def test_korean_pages_name_activations_as_the_lecture_does(built):
    _, out = built
    text = subprocess.run(["pdftotext", str(out["ko"][2]), "-"], capture_output=True,
                          text=True).stdout
    for word in ("relu", "identity", "sigmoid", "step", "entry", "given", "numerically"):
        assert not re.search(rf"\b{word}\b", text), word
    assert "ReLU" in text and "항등함수" in text


def test_the_deck_has_every_derivation_it_lists(tmp_path):
    from symnn.deck import load_deck

    (tmp_path / "all.toml").write_text(deck_items(tmp_path))
    deck = load_deck(tmp_path / "all.toml")
    assert len(deck.derivations()) == 2 * len(SHAPES) + 1 + 2 * len(EXPRESSIONS) + 4
    for d in deck.derivations():
        for frame in frames_of(d):
            assert frame.parts or frame.side, (d.name, frame.title("en"))


def test_a_deck_of_one_section_still_builds(tmp_path):
    spec = spec_of((2, 2), "sigmoid")
    deck = Deck(Text("T", "T"), (Section(Text("S", "S"), (step_derivation(spec),)),))
    assert r"\begin{frame}" in beamer_deck(deck, "ko")
