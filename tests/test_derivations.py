"""The catalog covers the lecture, and its numbers are the lecture's (or say why not)."""

import sympy
from sympy import Rational

import derivations
from symnn import agrees


def rhs(name, reason=None):
    return [s.rhs for s in derivations.derivation(name).steps()
            if reason is None or s.reason == reason]


def notes(name, lang="en"):
    return " ".join(s.note(lang) for s in derivations.derivation(name).steps() if s.note)


def test_catalog_is_the_lectures_table_of_contents():
    assert derivations.names() == [
        "perceptron", "gates", "xor_impossible", "xor_two_layers", "matrix_product",
        "activations", "forward_pass", "softmax", "losses", "gradient_descent",
        "numerical_vs_backprop", "apple_graph", "apples_oranges_graph", "chain_rule",
        "node_rules", "forward_reverse"]


def test_matrix_product_is_9_12_15():
    assert rhs("matrix_product")[-1] == sympy.Matrix([[9, 12, 15]])


def test_forward_pass_reaches_the_printed_digits():
    values = rhs("forward_pass")
    assert sympy.Matrix([[Rational(3, 10), Rational(7, 10), Rational(11, 10)]]) in values
    text = derivations.derivation("forward_pass").render("text")
    assert text.count("every printed digit agrees") == 4


def test_softmax_corrects_the_lectures_print():
    y = rhs("softmax", "numeric")[0]
    assert agrees(y[0], "0.40625907") and agrees(y[1], "0.59374093")
    assert "those are the values of A3 itself" in notes("softmax")


def test_graphs_reach_220_715_and_the_derivatives():
    assert 220 in rhs("apple_graph") and sympy.Float("2.2", 2) in rhs("apple_graph")
    assert 715 in rhs("apples_oranges_graph") and 650 in rhs("apples_oranges_graph")


def test_chain_rule_gives_2_x_plus_y():
    x, y = sympy.symbols("x y")
    last = rhs("chain_rule")[-1]
    assert sympy.expand(last) == 2 * x + 2 * y and str(last) == "2*(x + y)"


def test_forward_reverse_gives_the_true_values_and_explains_the_lectures():
    values = rhs("forward_reverse")
    assert 9 in values and 6 in values
    assert "a = 2, b = 1" in notes("forward_reverse")
    assert "a = 2, b = 1" in notes("forward_reverse", "ko")


def test_xor_certificate_sums_to_zero():
    assert 0 in rhs("xor_impossible", "sum")


def test_gradient_descent_names_the_missing_factor_two():
    assert "1/(2m)" in notes("gradient_descent")
