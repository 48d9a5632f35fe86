import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Heaviside, Matrix, Rational, Symbol, exp, simplify, symbols

from symnn import (
    activation,
    derivative,
    identity,
    relu,
    sigmoid,
    sigmoid_derivative_check,
    softmax,
    softmax_forms_agree,
    softmax_jacobian,
    softmax_shifted,
    step,
    tanh,
)
from symnn.errors import SymnnError

z = Symbol("z")


def test_step_is_the_lectures_h_zero_at_zero():
    assert [step(v) for v in (Rational(-7, 10), 0, Rational(1, 10))] == [0, 0, 1]


def test_sigmoid_of_zero_is_one_half_and_is_exact_elsewhere():
    assert sigmoid(0) == Rational(1, 2)
    assert sigmoid(Rational(3, 10)) == 1 / (1 + exp(-Rational(3, 10)))


def test_relu_and_identity_and_tanh():
    assert relu(Rational(-1, 2)) == 0 and relu(0) == 0 and relu(3) == 3
    assert identity(Rational(1, 2)) == Rational(1, 2)
    assert tanh(0) == 0


def test_activations_act_entry_by_entry_on_matrices():
    A = Matrix([[-1, 0, 2]])
    assert step(A) == Matrix([[0, 0, 1]])
    assert relu(A) == Matrix([[0, 0, 2]])
    assert sigmoid(Matrix([[0]])) == Matrix([[Rational(1, 2)]])
    assert tanh(Matrix([[0, 0]])) == Matrix([[0, 0]])


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    assert derivative(sigmoid, z) == sigmoid(z) * (1 - sigmoid(z))
    direct, board, equal = sigmoid_derivative_check(z)
    assert direct == exp(-z) / (1 + exp(-z)) ** 2
    assert equal
    assert simplify(direct - board) == 0


def test_relu_derivative_is_step_and_zero_at_the_kink():
    assert derivative(relu, z) == step(z)
    assert derivative(relu, z).subs(z, 0) == 0
    assert derivative(step, z) == 0


def test_no_heaviside_half_leaks_into_derivatives_at_zero():
    at_zero = {"step": 0, "relu": 0, "sigmoid": Rational(1, 4), "tanh": 1, "identity": 1}
    for name, value in at_zero.items():
        d = derivative(activation(name), z)
        assert not d.has(Heaviside)
        assert d.subs(z, 0) == value


def test_tanh_derivative():
    assert derivative(tanh, z) == 1 - sympy.tanh(z) ** 2


def test_unknown_activation_suggests_the_close_name():
    message = "layer 2, activation: unknown activation 'sigmod' (did you mean 'sigmoid'?)"
    with pytest.raises(SymnnError) as caught:
        activation("sigmod", "layer 2, activation")
    assert str(caught.value) == message


def test_softmax_of_the_lectures_a3_is_not_a3():
    # The lecture prints softmax(A3) as [0.31682708 0.69627909], the values of A3 itself.
    a3 = Matrix([[Rational(31682708, 10**8), Rational(69627909, 10**8)]])
    y = softmax(a3)
    assert simplify(y[0] + y[1]) == 1
    assert abs(sympy.N(y[0]) - 0.40625907) < 1e-8


def test_max_shift_changes_nothing_symbolically():
    a = Matrix([symbols("a1:4", real=True)])
    assert softmax_forms_agree(a)
    assert softmax_shifted(Matrix([[1000, 1000]])) == Matrix([[Rational(1, 2), Rational(1, 2)]])


def test_softmax_jacobian_is_diag_y_minus_y_yT():
    a = Matrix([symbols("a1:4", real=True)])
    J = softmax_jacobian(a)
    assert simplify(J - softmax(a).jacobian(a)) == sympy.zeros(3, 3)


small = st.fractions(min_value=-20, max_value=20, max_denominator=10)


@settings(max_examples=40, deadline=None)
@given(st.lists(small, min_size=2, max_size=4))
def test_softmax_sums_to_one_and_both_forms_agree(values):
    a = Matrix([[Rational(v.numerator, v.denominator) for v in values]])
    y = softmax(a)
    assert simplify(sum(y)) == 1
    assert softmax_forms_agree(a)
    assert all(sympy.N(v) > 0 for v in y)


@pytest.mark.parametrize("module", ["numpy", "math", "mpmath"])
def test_lambdify_knows_symnns_activations(module):
    x = sympy.Symbol("x")
    f = sympy.lambdify(x, sigmoid(x) + relu(x) + step(x), module)
    assert abs(float(f(0.5)) - (1 / (1 + math.exp(-0.5)) + 0.5 + 1)) < 1e-12
    assert float(f(-1000.0)) == 0.0  # no overflow in the stable sigmoid


def test_lambdified_numpy_keeps_float32_and_arrays_compute():
    x = sympy.Symbol("x")
    f = sympy.lambdify(x, sigmoid(x), "numpy")
    assert f(np.array([0.0, 1.0], dtype=np.float32)).dtype == np.float32
    assert sigmoid(np.array([0.0])).tolist() == [0.5]
