import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symnn import (
    SymnnError,
    check_expression,
    gradcheck,
    numerical_derivative,
    numerical_gradient,
    sigmoid,
)

x, y = sympy.symbols("x y")


def test_central_difference_of_the_lectures_example():
    # The book's example: f(x) = 0.01 x^2 + 0.1 x has f'(5) = 0.2 and f'(10) = 0.3.
    f = lambda v: 0.01 * v**2 + 0.1 * v  # noqa: E731
    assert numerical_derivative(f, 5) == pytest.approx(0.2, abs=1e-9)
    assert numerical_derivative(f, 10) == pytest.approx(0.3, abs=1e-9)


def test_numerical_gradient_works_on_integer_arrays_and_leaves_them_alone():
    params = np.array([3, 4])
    grad = numerical_gradient(lambda p: float(p[0] ** 2 + p[1] ** 2), params)
    assert grad == pytest.approx([6.0, 8.0])
    assert params.tolist() == [3, 4] and params.dtype.kind == "i"


def test_numerical_gradient_keeps_the_shape():
    W = np.arange(6).reshape(2, 3)
    assert numerical_gradient(lambda p: float((p**2).sum()), W).shape == (2, 3)


def test_symbolic_and_numeric_agree_on_sigmoid():
    check = check_expression(sigmoid(x * y), {"x": 0.5, "y": -2})
    assert check.ok
    assert [r.name for r in check.rows] == ["x", "y"]


def test_a_coarse_step_must_not_pass():
    coarse = check_expression(sympy.exp(3 * x), {"x": 1}, h=0.5)
    assert not coarse.ok
    assert "NO" in coarse.table() and "1 of 1 derivatives disagree" in coarse.table()


def test_the_check_reports_both_values_and_errors():
    check = gradcheck({"W": np.array([[1.0, 2.0]])}, {"W": np.array([[1.0, 2.5]])})
    rows = {r.name: r for r in check.rows}
    assert rows["W[0,0]"].ok and not rows["W[0,1]"].ok
    assert rows["W[0,1]"].abs_error == pytest.approx(0.5)
    assert rows["W[0,1]"].rel_error == pytest.approx(0.2)
    assert check.to_dict()["ok"] is False


def test_tolerances_are_the_users():
    assert gradcheck({"x": 1.0}, {"x": 1.01}, atol=0.02).ok
    assert not gradcheck({"x": 1.0}, {"x": 1.01}, atol=0.001, rtol=0.001).ok


@pytest.mark.parametrize("h", [0, -1e-4, float("nan")])
def test_step_size_must_be_positive(h):
    with pytest.raises(SymnnError, match="step size h must be a positive number"):
        numerical_derivative(lambda v: v, 1.0, h)


@settings(max_examples=30, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3))
def test_random_points_of_a_smooth_function(a, b):
    expr = sympy.tanh(x) * sympy.exp(y / 4) + sigmoid(x - y) ** 2
    assert check_expression(expr, {"x": a, "y": b}).ok
