from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sympy import Matrix, Rational, exp, pi

from symnn import NumberError, agrees, decimal, exact, exact_matrix, show, to_data


@pytest.mark.parametrize("typed,value", [
    (0.1, Rational(1, 10)),
    (-0.7, Rational(-7, 10)),
    (1.1, Rational(11, 10)),
    ("0.5", Rational(1, 2)),
    ("1e-7", Rational(1, 10**7)),
    ("3/10", Rational(3, 10)),
    (Decimal("0.25"), Rational(1, 4)),
    (Fraction(2, 3), Rational(2, 3)),
    (np.float64(0.1), Rational(1, 10)),
    (2, 2),
])
def test_a_typed_decimal_is_the_rational_it_shows(typed, value):
    assert exact(typed) == value


@pytest.mark.parametrize("bad", ["abc", "", "1/0", float("nan"), float("inf"), True, None, [1],
                                 "1e5000", Decimal("1e-5000")])
def test_non_numbers_are_refused_with_the_place_named(bad):
    with pytest.raises(NumberError, match="^W\\[0\\]: "):
        exact(bad, where="W[0]")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_round_trips_through_its_exact_value(x):
    assert float(exact(x)) == x


def test_a_flat_list_is_one_row_and_ragged_rows_are_named():
    assert exact_matrix([1.0, 0.5]) == Matrix([[1, Rational(1, 2)]])
    assert exact_matrix([[1, 2], [3, 4]]).shape == (2, 2)
    with pytest.raises(NumberError, match="row 1 has 1 entries but row 0 has 2"):
        exact_matrix([[1, 2], [3]], "W")
    with pytest.raises(NumberError, match="W\\[1\\]\\[0\\]: 'x' is not a number"):
        exact_matrix([[1], ["x"]], "W")


def test_results_show_exactly_and_as_decimals():
    assert decimal(Rational(3, 10)) == "0.3"
    assert decimal(exp(1), 5) == "2.7183"
    assert show(Rational(1, 3), 4) == "1/3 ≈ 0.3333"
    assert show(Rational(11, 10)) == "11/10 = 1.1"
    assert show(pi, 3) == "pi ≈ 3.14"


def test_agreement_is_within_half_a_unit_of_the_last_written_digit():
    z = 1 / (1 + exp(-Rational(3, 10)))  # 0.574442516...
    assert agrees(z, "0.5744")
    assert agrees(z, "0.57444252")
    assert not agrees(z, "0.5745")
    assert agrees(Rational(5, 100), "0.1")       # exactly half a unit still agrees
    assert not agrees(Rational(151, 1000), "0.1")


def test_json_data_keeps_the_users_shape():
    assert to_data(Matrix([[Rational(3, 10), 1]])) == [0.3, 1.0]
    assert to_data(Matrix([[1], [2]])) == [[1.0], [2.0]]
    assert to_data(Matrix([[Rational(3, 10)]]), exact_strings=True) == ["3/10"]
