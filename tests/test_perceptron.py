import pytest
from sympy import Rational, StrictGreaterThan, symbols

from symnn import AND, NAND, OR, Perceptron, xor, xor_table
from symnn.errors import SymnnError

x1, x2 = symbols("x1 x2")
INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def outputs(gate):
    return [gate(*x) for x in INPUTS]


def test_and_with_half_half_minus_seven_tenths():
    assert (AND.weights, AND.bias) == ((Rational(1, 2), Rational(1, 2)), Rational(-7, 10))
    assert outputs(AND) == [0, 0, 0, 1]


def test_nand_with_minus_half_minus_half_seven_tenths():
    assert outputs(NAND) == [1, 1, 1, 0]


def test_or_with_half_half_minus_four_tenths():
    assert outputs(OR) == [0, 1, 1, 1]


@pytest.mark.parametrize("w1,w2,theta", [(0.5, 0.5, 0.7), (0.5, 0.5, 0.8), (1.0, 1.0, 1.0)])
def test_the_lectures_other_and_parameters_in_threshold_form(w1, w2, theta):
    gate = Perceptron.from_threshold((w1, w2), theta)
    assert gate.bias == -gate.threshold
    assert outputs(gate) == [0, 0, 0, 1]


def test_the_inequality_is_w_x_plus_b_greater_than_zero():
    assert AND.inequality() == StrictGreaterThan(x1 / 2 + x2 / 2 - Rational(7, 10), 0)
    assert AND.weighted_sum((1, 1)) == Rational(3, 10)
    assert AND.weighted_sum((1, 0)) == Rational(-1, 5)


def test_truth_table_counts_up_in_binary():
    assert NAND.truth_table() == [((0, 0), 1), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]


def test_xor_is_and_of_nand_and_or_as_in_the_lectures_table():
    # x1, x2, s1 = NAND, s2 = OR, y = AND(s1, s2), in the lecture's row order.
    assert xor_table() == [
        (0, 0, 1, 0, 0),
        (1, 0, 1, 1, 1),
        (0, 1, 1, 1, 1),
        (1, 1, 0, 1, 0),
    ]
    assert outputs(xor) == [0, 1, 1, 0]


def test_bad_perceptrons_are_refused():
    with pytest.raises(SymnnError, match="at least one weight"):
        Perceptron((), 0)
    with pytest.raises(SymnnError, match="gate, w2: 'x' is not a number"):
        Perceptron((1, "x"), 0, "gate")
    with pytest.raises(SymnnError, match="expected 2 inputs, got 3"):
        AND(1, 1, 1)
