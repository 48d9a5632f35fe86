"""The catalog covers the lecture, and its numbers are the lecture's (or say why not)."""

import re
import subprocess
import sys

import pytest
import sympy
from sympy import Rational

from symnn import agrees
from symnn import catalog as derivations
from symnn.derivation import Erratum, Remark, Step
from tests.conftest import run_symnn


def steps(name):
    return derivations.derivation(name).steps()


def values(name):
    """Every right-hand side of the derivation, chains opened."""
    out = []
    for s in steps(name):
        out.extend(s.rhs if isinstance(s.rhs, tuple) else [s.rhs])
    return out


def text(name, lang="en"):
    return derivations.derivation(name).render("text", lang)


def prose(name, lang="en"):
    """The text of a derivation without the lines of its programs."""
    code = {line.strip() for listing in derivations.derivation(name).listings()
            for line in (listing.code + "\n" + listing.output).splitlines() if line.strip()}
    return "\n".join(row for row in text(name, lang).splitlines() if row.strip() not in code)


def test_catalog_is_the_lectures_table_of_contents():
    assert derivations.names() == [
        "history", "perceptron", "gates", "xor_impossible", "xor_two_layers", "matrix_product",
        "notation", "activations", "forward_pass", "softmax", "learning", "losses",
        "gradient_descent", "numerical_diff", "apple_graph", "apples_oranges_graph",
        "chain_rule", "node_rules", "forward_reverse", "numerical_vs_backprop", "summary"]
    assert [len(s.derivations) for s in derivations.lecture().sections] == [1, 4, 5, 11]


def test_matrix_product_is_9_12_15():
    assert sympy.Matrix([[9, 12, 15]]) in values("matrix_product")


def test_gates_work_all_four_rows_with_the_lectures_weights():
    d = derivations.derivation("gates")
    # the lecture's code, run: y for (0, 0), (1, 0), (0, 1), (1, 1)
    assert [c.output for c in d.listings()] == ["0 0 0 1\n", "1 1 1 0\n", "0 1 1 1\n"]
    rows = [f.content[0] for f in d.figures()]
    assert [[y for _, y in r] for r in rows] == [[0, 0, 0, 1], [1, 1, 1, 0], [0, 1, 1, 1]]
    out = text("gates")
    assert "y = h(0.5 · 1 + 0.5 · 0 - 0.7) = h(-0.2) = 0 for x = (1, 0): -0.2 ≤ 0" in out
    lines = [f.content[1] for f in d.figures()]
    assert [(p.weights, p.bias) for p in lines] == [
        ((Rational(1, 2), Rational(1, 2)), Rational(-7, 10)),
        ((Rational(-1, 2), Rational(-1, 2)), Rational(7, 10)),
        ((Rational(1, 2), Rational(1, 2)), Rational(-4, 10))]


def test_xor_two_layers_works_a_row_through_h():
    out = text("xor_two_layers")
    assert "s₁ = NAND(1,0) = h(0.2) = 1    ((-0.5) · 1 + (-0.5) · 0 + 0.7 > 0)" in out


def test_forward_pass_reaches_the_printed_digits():
    assert sympy.Matrix([[Rational(3, 10), Rational(7, 10), Rational(11, 10)]]) in \
        values("forward_pass")
    out = text("forward_pass")
    # that every digit the lecture printed agrees is a speaker note, not on the students' page
    from symnn.derivation import Note

    d = derivations.derivation("forward_pass")
    notes = [p.text.en for frame in d.parts for p in (*frame.parts, *frame.side)
             if isinstance(p, Note)]
    assert sum("every printed digit agrees" in n for n in notes) == 3
    assert "every printed digit agrees" not in out
    assert "Z⁽¹⁾ ≈ [0.5744, 0.6682, 0.7503]" in out              # four digits on the page
    assert "[0.57444252 0.66818777 0.75026011]" in out            # the code's output: the lecture's
    assert "W⁽²⁾ = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]" in out   # every given on the page


def test_softmax_corrects_the_lectures_print():
    (erratum,) = derivations.derivation("softmax").errata()
    assert "0.31682708" in erratum.printed and "0.4063" in erratum.correct
    ys = [s.rhs for s in steps("softmax") if s.relation == "≈" and not isinstance(s.rhs, tuple)]
    assert agrees(ys[0], "0.4063") and agrees(ys[1], "0.5937")
    (code,) = derivations.derivation("softmax").listings()
    assert code.output == "[0.40625907 0.59374093]\n"  # what running the lecture's code prints


def test_losses_give_the_board_forms():
    out = text("losses")
    assert "y = [0.1 0.6 0.3]" in out and "t = [0 1 0]" in out
    assert "∂E/∂y₂ = (2 (y₂ - t₂))/3 = - 4/15 ≈ -0.2667" in out
    assert "= yⱼ - tⱼ" in out
    assert "≈ 0.5108" in out and "≈ 0.08667" in out
    assert "= yₖ (δ_(j k) - yⱼ)" in out  # the softmax's derivative, by the quotient rule


def test_gradient_descent_names_the_half_cost_and_works_the_delta_rule():
    d = derivations.derivation("gradient_descent")
    assert not d.errata()  # the lecture's 1/m is a convention: a remark, not an erratum
    assert [r for r in d.flat() if isinstance(r, Remark)]
    out = text("gradient_descent")
    assert "∂E/∂w = 2/m Σᵢ₌₁ᵐ (w xᵢ - tᵢ) xᵢ" in out and "= (y - t) y (1 - y)" in out
    assert "δ = ∂E/∂y · ∂y/∂a" in out and "≈ 0.5539" in out


def test_graphs_reach_220_715_and_the_derivatives():
    assert 220 in values("apple_graph") and sympy.Float("2.2", 2) in values("apple_graph")
    assert 715 in values("apples_oranges_graph") and 650 in values("apples_oranges_graph")
    assert "사과 가격" in text("apple_graph", "ko") and "price" not in text("apple_graph", "ko")


def test_chain_rule_gives_2_x_plus_y():
    x, y = sympy.symbols("x y")
    last = values("chain_rule")[-1]
    assert sympy.expand(last) == 2 * x + 2 * y and str(last) == "2*(x + y)"


def test_forward_reverse_names_each_paths_part_and_corrects_the_lecture():
    d = derivations.derivation("forward_reverse")
    assert all(isinstance(e, Erratum) for e in d.errata()) and len(d.errata()) == 2
    out = text("forward_reverse")
    assert "∂e/∂b = ∂e/∂c · ∂c/∂b + ∂e/∂d · ∂d/∂b = 3 · 1 + 3 · 1 = 6" in out


def test_every_step_has_a_reason_that_says_what_is_used():
    generic = {"definition", "substitution", "simplify", "numeric"}
    reasons = [s.reason_text(lang) for n in derivations.names() for s in steps(n)
               for lang in ("en", "ko")]
    assert sum(r in generic for r in reasons) == 0
    # words that say nothing about the rule or the value used
    for empty in ("compute", "divide", "계산", "나눗셈", "칠판에 쓰는 꼴", "the board form",
                  "기울기가 있는 곳은 모두 평평함", "곱셈 노드: 다른 입력\u0029"):
        assert empty not in reasons, empty
    multiply = [r for r in reasons if r.startswith("곱셈 노드: 다른 입력(")]
    assert multiply and all(re.search(r"\(.*\d.*\)", r) for r in multiply)  # the value


def test_korean_pages_carry_no_english_words():
    allowed = {"AND", "NAND", "OR", "XOR", "ReLU", "MSE", "SVM", "PDP", "Perceptrons", "cost",
               "log", "exp", "max", "lim", "round", "varepsilon", "softmax"}

    for name in derivations.names():
        words = set(re.findall(r"[A-Za-z]{3,}", prose(name, "ko"))) - allowed
        # Math such as x_i or ∂e/∂a leaves short symbols only; no word like "given" stays.
        assert not words, (name, words)


def test_steps_are_steps():
    assert all(isinstance(s, Step) for n in derivations.names() for s in steps(n))


def listings():
    return [(name, listing) for name in derivations.names()
            for listing in derivations.derivation(name).listings()]


@pytest.mark.parametrize("name,listing", listings(),
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(listings())])
def test_every_listing_runs_and_prints_what_the_slide_shows(name, listing):
    """Each program on a slide runs in a fresh Python with NumPy (after the code of the
    slides before it) and prints exactly the output the slide shows."""
    driver = ("import contextlib, io\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    exec({listing.before!r})\n"
              f"exec({listing.code!r})\n")
    done = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == listing.output
    assert all(len(line) <= 40 for line in listing.code.splitlines())  # fits half a slide


def test_the_lectures_code_is_on_its_slides():
    shown = {n for n, _ in listings()}
    assert {"gates", "xor_two_layers", "matrix_product", "forward_pass", "softmax", "losses",
            "numerical_diff", "node_rules", "numerical_vs_backprop"} <= shown
    code = "\n".join(listing.code for _, listing in listings())
    for name in ("def AND", "def NAND", "def OR", "def XOR", "np.dot", "def sigmoid",
                 "def softmax", "def mean_squared_error", "def cross_entropy_error",
                 "def numerical_diff", "def numerical_gradient", "class MulLayer",
                 "class AddLayer"):
        assert name in code, name


# Letters of the notation table (and indices, constants and the perceptron's threshold);
# the computational graphs name their nodes with the lecture's letters (said on the notation
# page) and are left out.
LETTERS = set("xXwWbBaAhzZyYtEnmkijlsSC") | {"alpha", "theta", "delta", "sigma",
                                             "varepsilon", "Y", "f"}
GRAPHS = {"apple_graph", "apples_oranges_graph", "chain_rule", "node_rules", "forward_reverse",
          "history", "learning"}


def _letter(symbol):
    name = symbol.name if hasattr(symbol, "name") else str(symbol)
    m = re.match(r"^([A-Za-z]+?)(\d|_|$)", name)
    return m.group(1) if m else name


def test_every_step_keeps_to_the_notation_table():
    for name in derivations.names():
        if name in GRAPHS:
            continue
        for step in steps(name):
            sides = [step.lhs, *(step.rhs if isinstance(step.rhs, tuple) else (step.rhs,))]
            for side in sides:
                side = side[1] if isinstance(side, tuple) else side
                if not isinstance(side, sympy.Basic):
                    continue
                for atom in side.atoms(sympy.Symbol, sympy.Indexed):
                    if str(atom) in ("+-", "+", "-"):
                        continue  # a limit's direction
                    base = atom.base.label if isinstance(atom, sympy.Indexed) else atom
                    assert _letter(base) in LETTERS, (name, atom)


def test_fractions_on_the_pages_are_short():
    """An exact fraction is shown only when short (at most two digits over two digits);
    longer ones are shown as decimals."""
    for name in derivations.names():
        for value in values(name):
            if isinstance(value, sympy.Basic):
                for q in value.atoms(sympy.Rational):
                    if q.q != 1 and len(str(q).replace("-", "")) > 5:
                        from symnn.render.printer import decimal_of
                        assert decimal_of(q) is not None, (name, q)


def test_digits_option_changes_the_pages_numbers():
    six = run_symnn("show", "losses", "--digits", "6")
    assert six.returncode == 0 and "≈ 0.0866667" in six.stdout
    four = run_symnn("show", "losses")
    assert "≈ 0.08667" in four.stdout and "0.0866667" not in four.stdout
    bad = run_symnn("show", "losses", "--digits", "40")
    assert bad.returncode == 2 and "between 2 and 12" in bad.stderr
