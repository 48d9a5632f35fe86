"""Renderers: short exact LaTeX per case, every catalog entry in every format and language."""

import re

import pytest
import sympy
from sympy import Derivative, Matrix, Rational, Symbol

import derivations
from symnn import RenderError, apples, relu, sigmoid, step
from symnn.derivation import Derivation, Step, Text
from symnn.render import FORMATS, render
from symnn.render.printer import latex
from symnn.render.svg import graph_svg
from symnn.render.tikz import graph_tikz

z = Symbol("z")


@pytest.mark.parametrize("expr,tex", [
    (sigmoid(z), r"\sigma\left(z\right)"),
    (relu(z), r"\operatorname{ReLU}\left(z\right)"),
    (step(z), r"h\left(z\right)"),
    (Symbol("a1_2"), "a^{(1)}_{2}"),
    (Symbol("W2_3_1"), "w^{(2)}_{31}"),
    (Symbol("delta1_2"), r"\delta^{(1)}_{2}"),
    (Symbol("A1"), "A^{(1)}"),
    (Symbol("x1"), "x_{1}"),
    (Symbol("apple_price"), r"\mathrm{apple\ price}"),
    (Derivative(Symbol("L"), Symbol("w")), r"\frac{\partial L}{\partial w}"),
    (Rational(3, 10), r"\frac{3}{10}"),
    (sigmoid(z) * (1 - sigmoid(z)), r"\left(1 - \sigma\left(z\right)\right)\,\sigma\left(z\right)"),
])
def test_latex_notation(expr, tex):
    assert latex(expr) == tex


def test_sigmoid_derivative_is_shown_as_sigma_one_minus_sigma_not_cosh():
    d = derivations.derivation("activations")
    rhs = [s.rhs for s in d.steps() if s.reason == "same"]
    assert rhs and sympy.simplify(rhs[0] - sigmoid(z) * (1 - sigmoid(z))) == 0
    assert "cosh" not in render(d, "latex")
    assert r"\sigma\left(z\right)" in render(d, "latex")


@pytest.mark.parametrize("name", derivations.names())
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_entry_renders_in_every_format_and_language(name, fmt, lang):
    out = derivations.derivation(name).render(fmt, lang)
    assert out.strip()
    if lang == "ko":
        assert re.search("[가-힣]", out)


@pytest.mark.parametrize("name", derivations.names())
def test_markdown_has_only_balanced_math_blocks(name):
    md = derivations.derivation(name).render("markdown", "en")
    lines = md.splitlines()
    fences = [i for i, line in enumerate(lines) if line == "$$"]
    assert len(fences) % 2 == 0
    for start, end in zip(fences[::2], fences[1::2]):
        block = "\n".join(lines[start + 1:end])
        assert block.count("{") == block.count("}")
        assert "$" not in block


def test_notebook_latex_and_svg():
    d = derivations.derivation("chain_rule")
    assert d._repr_latex_().startswith(r"\begin{align*}")
    assert "tikz" not in d._repr_latex_()
    svg = apples()._repr_svg_()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert ">220<" in svg and 'fill="red">2.2<' in svg


def test_graph_tikz_has_forward_values_above_and_backward_below_in_red():
    g = apples()
    tikz = graph_tikz(g, g.backward())
    assert r"node[above, sloped] {$100$} node[below, sloped, red] {$2.2$}" in tikz
    assert tikz.count(r"\node[op]") == 2 and r"{$\times$}" in tikz
    assert graph_svg(g).count("<circle") == 2


def test_beamer_groups_steps_into_frames():
    steps = tuple(Step(Symbol("y"), Matrix([[i] * 3]), "definition") for i in range(10))
    slides = render(Derivation("d", Text("T", "제목"), steps), "beamer")
    assert slides.count(r"\begin{frame}{T}") == 3
    assert r"\fitwidth" in slides


def test_unknown_format_and_language():
    d = derivations.derivation("chain_rule")
    with pytest.raises(RenderError, match="unknown format 'pdf'"):
        d.render("pdf")
    with pytest.raises(RenderError, match="unknown language 'fr'"):
        d.render("text", "fr")
