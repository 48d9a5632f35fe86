"""Renderers: short exact LaTeX per case, every catalog entry in every format and language."""

import re

import pytest
import sympy
from sympy import Derivative, Matrix, Rational, Symbol

from symnn import RenderError, apples, relu, sigmoid, step
from symnn import catalog as derivations
from symnn.derivation import Derivation, Erratum, Frame, Step, Table, Text
from symnn.render import FORMATS, render
from symnn.render.beamer import frames
from symnn.render.inline import latex_text, plain
from symnn.render.printer import latex
from symnn.render.svg import graph_svg
from symnn.render.tikz import graph_tikz

z = Symbol("z")
u = sympy.UnevaluatedExpr


@pytest.mark.parametrize("expr,tex", [
    (sigmoid(z), r"\sigma\left(z\right)"),
    (relu(z), r"\operatorname{ReLU}\left(z\right)"),
    (step(z), r"h\left(z\right)"),
    (Symbol("a1_2"), "a^{(1)}_{2}"),
    (Symbol("W2_3_1"), "w^{(2)}_{13}"),          # row 3, column 1: into neuron 1 from input 3
    (Symbol("delta1_2"), r"\delta^{(1)}_{2}"),
    (Symbol("A1"), "A^{(1)}"),
    (Symbol("x1"), "x_{1}"),
    (Symbol("apple_price"), r"\mathrm{apple\ price}"),
    (Derivative(Symbol("L"), Symbol("w")), r"\frac{\partial L}{\partial w}"),
    (Rational(3, 10), "0.3"),                    # the lecture writes its weights as decimals
    (Rational(1, 3), r"\frac{1}{3}"),            # a decimal that does not end stays a fraction
    (sympy.exp(Rational(-37945201, 100000000)), "e^{-0.37945201}"),
    (sympy.Mul(u(Rational(1, 2)), u(1), evaluate=False), r"0.5 \cdot 1"),   # never "0.5 1"
    (sympy.Add(u(Rational(1, 2)), u(Rational(-7, 10)), evaluate=False), "0.5 - 0.7"),
    (sympy.Mul(u(Rational(1, 2)), u(-Symbol("b")), evaluate=False), r"0.5 \cdot \left(- b\right)"),
    (sympy.Mul(Symbol("count"), Symbol("price"), evaluate=False),
     r"\mathrm{count} \cdot \mathrm{price}"),
])
def test_latex_notation(expr, tex):
    assert latex(expr) == tex


def test_piecewise_reads_as_the_lecture_writes_h():
    h = sympy.Piecewise((0, sympy.Le(z, 0, evaluate=False)), (1, sympy.Gt(z, 0, evaluate=False)),
                        evaluate=False)
    assert latex(h) == r"\begin{cases} 0 & (z \leq 0) \\ 1 & (z > 0) \end{cases}"
    other = sympy.Piecewise((0, z <= 0), (1, True))
    assert r"(\text{그 외})" in latex(other, lang="ko") and "otherwise" not in latex(other,
                                                                                    lang="ko")


def test_labels_put_words_in_the_pages_language():
    labels = {"price": Text("apple price", "사과 가격")}
    assert latex(Symbol("price"), labels=labels, lang="ko") == r"\text{사과 가격}"
    assert latex(Symbol("price"), labels=labels) == r"\mathrm{apple\ price}"


@pytest.mark.parametrize("sentence,tex", [
    ("fires when $w \\cdot x + b > 0$", "fires when $w \\cdot x + b > 0$"),
    ("0 > 0 and |d|", r"0 \textgreater{} 0 and \textbar{}d\textbar{}"),  # never ¿ or —
    ("10 % of y_k", r"10 \% of y\_k"),
    ("`np.dot(X, W)`", r"\texttt{np.dot(X, W)}"),
])
def test_sentences_escape_text_and_keep_math(sentence, tex):
    assert latex_text(sentence) == tex


def test_sentences_in_the_terminal_write_math_in_unicode():
    assert plain(r"$a^{(1)}_1 = w^{(1)}_{11} x_1$, $\frac{\partial L}{\partial w}$") == \
        "a⁽¹⁾₁ = w⁽¹⁾₁₁ x₁, ∂L/∂w"


def test_a_chain_of_steps_prints_its_left_side_once():
    d = Derivation("d", Text("T", "제목"), (Step(Symbol("y"), 1, "definition"),
                                          Step(Symbol("y"), Rational(1, 2), "simplify")))
    tex = render(d, "latex")
    assert tex.count("y &=") == 1 and "&= 0.5" in tex
    assert render(d, "text").splitlines()[2].lstrip().startswith("= 0.5")


def test_a_step_may_be_a_chain_on_one_line():
    d = Derivation("d", Text("T", "제목"), (Step(Symbol("y"), (sympy.Mul(u(2), u(3),
                                                                       evaluate=False), 6),
                                               Text("multiply", "곱함")),))
    assert r"y &= 2 \cdot 3 = 6" in render(d, "latex")
    assert "y = 2 · 3 = 6" in render(d, "text")


def test_an_erratum_shows_the_printed_value_beside_the_right_one():
    e = Erratum(r"\operatorname{softmax}(A^{(3)})", "[0.31682708\\ 0.69627909]",
                "[0.40625907\\ 0.59374093]", Text("those are A3 itself", "A3 그 자체"))
    d = Derivation("d", Text("T", "제목"), (e,))
    beamer = render(d, "beamer", "ko")
    assert r"\begin{alertblock}{강의 자료의 오류: $\operatorname{softmax}(A^{(3)})$}" in beamer
    assert "0.31682708" in beamer and "0.40625907" in beamer
    assert "lecture notes [0.31682708 0.69627909], correct [0.40625907 0.59374093]" in \
        render(d, "text")
    # in a narrow box the line is ragged, never stretched, and "올바른 값" never split
    assert r"\raggedright" in beamer and "올바른~값:" in beamer


def test_a_korean_particle_stays_on_the_line_of_its_number():
    # the review found "정확히 220 / 이 아니다" broken across two lines
    assert latex_text("정확히 $220$이 아니다") == r"정확히 $220$\nobreak 이 아니다"
    assert latex_text("$x$ and $y$") == "$x$ and $y$"


def test_a_function_of_one_variable_has_an_ordinary_derivative():
    x, y = Symbol("x"), Symbol("y")
    f = sympy.Function("f")
    assert latex(Derivative(f(x), x)) == r"\frac{d f{\left(x \right)}}{d x}"
    assert latex(Derivative(f(x, y), x)).startswith(r"\frac{\partial f")
    assert latex(Derivative(Symbol("E"), Symbol("w"))) == r"\frac{\partial E}{\partial w}"


@pytest.mark.parametrize("name", derivations.names())
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_entry_renders_in_every_format_and_language(name, fmt, lang):
    out = derivations.derivation(name).render(fmt, lang)
    assert out.strip()
    if lang == "ko":
        assert re.search("[가-힣]", out)
    assert "Matrix(" not in out and "Sum(" not in out   # SymPy's repr never reaches a reader


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


def test_notebook_display_and_svg():
    d = derivations.derivation("chain_rule")
    md = d._repr_markdown_()
    assert md.startswith("## The chain rule") and "$$" in md
    svg = apples()._repr_svg_()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert ">220<" in svg and 'fill="#bf0000" font-weight="bold">2.2<' in svg


def _nodes(tikz: str) -> dict[str, list[tuple[float, float, str]]]:
    """Every node of a tikzpicture: text -> [(x, y, options)]."""
    found: dict[str, list] = {}
    for options, x, y, body in re.findall(r"\\node\[([^]]*)\] at \(([-\d.]+),([-\d.]+)\) "
                                          r"\{(.*)\};", tikz):
        found.setdefault(body, []).append((float(x), float(y), options))
    return found


def test_graph_tikz_has_forward_values_above_and_backward_below_in_red():
    g = apples()
    nodes = _nodes(graph_tikz(g, g.backward()))
    (vx, vy, _), = nodes["$100$"]                       # the apple price, 100, above its edge
    (gx, gy, ink), = nodes["$2.2$"]                     # and 2.2 flowing back, below it
    assert abs(vx - gx) < 0.01 and vy > gy and "red" in ink and "boldmath" in ink
    circles = [body for body, at in nodes.items() for _, _, o in at if o.startswith("circle")]
    assert circles == [r"$\times$", r"$\times$"]
    assert graph_svg(g).count("<circle") == 2


def test_a_frame_with_a_column_beside_it_splits_when_too_tall():
    steps = tuple(Step(Symbol("y"), Matrix([[i] * 3]), "definition") for i in range(20))
    figure = derivations.derivation("perceptron").figures()[0]  # narrow enough to stand beside
    slides = frames(Derivation("d", Text("T", "제목"), (Frame(None, steps, (figure,)),)), "en")
    assert slides.count(r"\begin{frame}") >= 2 and r"\begin{columns}" in slides


def test_a_frame_without_a_column_lets_beamer_continue_it():
    steps = tuple(Step(Symbol("y"), i, "definition") for i in range(40))
    slides = frames(Derivation("d", Text("T", "제목"), steps), "en")
    assert slides.count(r"\begin{frame}") == 1 and "allowframebreaks" in slides


def test_tables_wrap_long_sentences():
    t = Table(("year", "event"), (("1969", "a sentence long enough that it must wrap in its "
                                            "column on a slide"),))
    tex = render(Derivation("d", Text("T", "T"), (t,)), "latex")
    # wrapped in a paragraph column as wide as the line leaves, ragged right and never
    # hyphenated (a history table's words stay whole)
    assert r"\begin{tabularx}{\linewidth}{c>{\raggedright\arraybackslash" \
           r"\hyphenpenalty=10000\hsize=1.00\hsize}X}" in tex


def test_two_wrapping_columns_share_the_line_by_their_lengths():
    long, longer = "a sentence long enough to wrap " * 2, "a sentence long enough to wrap " * 3
    t = Table(("pass", "from", "gives"), (("one", long, longer),))
    tex = render(Derivation("d", Text("T", "T"), (t,)), "latex")
    shares = [float(v) for v in re.findall(r"\\hsize=([0-9.]+)\\hsize", tex)]
    # tabularx's X columns: their \hsize factors sum to the number of X columns
    assert shares == pytest.approx([0.8, 1.2], abs=0.02) and sum(shares) == pytest.approx(2)


def test_unknown_format_and_language():
    d = derivations.derivation("chain_rule")
    with pytest.raises(RenderError, match="unknown format 'pdf'"):
        d.render("pdf")
    with pytest.raises(RenderError, match="unknown language 'fr'"):
        d.render("text", "fr")
