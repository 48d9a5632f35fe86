"""The catalog covers the lecture, and its numbers are the lecture's (or say why not)."""

import sympy
from sympy import Rational

from symnn import agrees
from symnn import catalog as derivations
from symnn.derivation import Erratum, Step


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


def test_catalog_is_the_lectures_table_of_contents():
    assert derivations.names() == [
        "history", "perceptron", "gates", "xor_impossible", "xor_two_layers", "matrix_product",
        "activations", "notation", "forward_pass", "softmax", "losses", "gradient_descent",
        "numerical_vs_backprop", "apple_graph", "apples_oranges_graph", "chain_rule",
        "node_rules", "forward_reverse"]
    assert [len(s.derivations) for s in derivations.lecture().sections] == [1, 4, 5, 8]


def test_matrix_product_is_9_12_15():
    assert sympy.Matrix([[9, 12, 15]]) in values("matrix_product")


def test_gates_work_all_four_rows_with_the_lectures_weights():
    d = derivations.derivation("gates")
    tables = [p for p in d.flat() if hasattr(p, "rows") and len(p.header) == 4]
    assert [[row[-1] for row in t.rows] for t in tables] == [[0, 0, 0, 1], [1, 1, 1, 0],
                                                            [0, 1, 1, 1]]
    assert [[row[2] for row in t.rows] for t in tables][0] == \
        [Rational(-7, 10), Rational(-2, 10), Rational(-2, 10), Rational(3, 10)]
    lines = [f.content[1] for f in d.figures()]
    assert [(p.weights, p.bias) for p in lines] == [
        ((Rational(1, 2), Rational(1, 2)), Rational(-7, 10)),
        ((Rational(-1, 2), Rational(-1, 2)), Rational(7, 10)),
        ((Rational(1, 2), Rational(1, 2)), Rational(-4, 10))]


def test_xor_two_layers_works_a_row_through_h():
    out = text("xor_two_layers")
    assert "s₁ = h((-0.5) · 1 + (-0.5) · 0 + 0.7) = h(0.2) = 1" in out


def test_forward_pass_reaches_the_printed_digits():
    assert sympy.Matrix([[Rational(3, 10), Rational(7, 10), Rational(11, 10)]]) in \
        values("forward_pass")
    out = text("forward_pass")
    assert out.count("every printed digit agrees") == 3
    assert "≈ [0.57444252, 0.66818777, 0.75026011]" in out
    assert "W⁽²⁾ = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]" in out   # every given on the page


def test_softmax_corrects_the_lectures_print():
    (erratum,) = derivations.derivation("softmax").errata()
    assert "0.31682708" in erratum.printed and "0.40625907" in erratum.correct
    ys = [s.rhs for s in steps("softmax") if s.relation == "≈" and not isinstance(s.rhs, tuple)]
    assert agrees(ys[0], "0.40625907") and agrees(ys[1], "0.59374093")


def test_losses_give_the_board_forms():
    out = text("losses")
    assert "y = [0.1 0.6 0.3]" in out and "t = [0 1 0]" in out
    assert "∂E/∂y₂ = (2 (y₂ - t₂))/3" in out
    assert "= yⱼ - tⱼ" in out
    assert "≈ 0.51082562" in out and "≈ 0.08666667" in out


def test_gradient_descent_names_the_half_cost_and_works_the_delta_rule():
    d = derivations.derivation("gradient_descent")
    assert len(d.errata()) == 1
    out = text("gradient_descent")
    assert "J = 1/(2 m)" in out and "(y - t) y (1 - y) x₁" in out
    assert "≈ 0.55388164" in out


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
    generic = {"definition", "substitution", "simplify"}
    reasons = [s.reason for n in derivations.names() for s in steps(n)]
    assert sum(r in generic for r in reasons if isinstance(r, str)) <= len(reasons) // 20


def test_korean_pages_carry_no_english_words():
    allowed = {"AND", "NAND", "OR", "XOR", "ReLU", "MSE", "SymPy", "symnn", "NumPy", "SVM",
               "PDP", "Perceptrons", "softmax", "cost", "log", "exp", "max", "np", "dot", "h",
               "separable"}
    import re

    for name in derivations.names():
        words = set(re.findall(r"[A-Za-z]{3,}", text(name, "ko"))) - allowed
        # Math such as x_i or ∂e/∂a leaves short symbols only; no word like "given" stays.
        assert not words, (name, words)


def test_steps_are_steps():
    assert all(isinstance(s, Step) for n in derivations.names() for s in steps(n))
