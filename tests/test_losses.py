import sympy
from sympy import Matrix, Rational, log, simplify, symbols

from symnn import (
    cross_entropy,
    half_sse,
    loss,
    loss_gradient,
    mse,
    softmax,
    softmax_cross_entropy_gradient,
)
from symnn.errors import SymnnError

y1, y2, t1, t2 = symbols("y1 y2 t1 t2")
Y, T = Matrix([[y1, y2]]), Matrix([[t1, t2]])


def test_mse_is_the_lectures_one_over_n_sum_of_squares():
    assert mse(Y, T) == ((y1 - t1) ** 2 + (y2 - t2) ** 2) / 2
    assert mse(Matrix([[Rational(1, 10), Rational(9, 10)]]), Matrix([[0, 1]])) == Rational(1, 100)


def test_half_sse_and_cross_entropy():
    assert half_sse(Y, T) == ((y1 - t1) ** 2 + (y2 - t2) ** 2) / 2
    assert cross_entropy(Y, T) == -(t1 * log(y1) + t2 * log(y2))
    assert cross_entropy(Matrix([[Rational(1, 10), Rational(9, 10)]]), Matrix([[0, 1]])) \
        == -log(Rational(9, 10))


def test_gradients_with_respect_to_the_output():
    assert loss_gradient(mse, Y, T) == Matrix([[y1 - t1, y2 - t2]])
    assert loss_gradient(half_sse, Y, T) == Matrix([[y1 - t1, y2 - t2]])
    assert loss_gradient(cross_entropy, Y, T) == Matrix([[-t1 / y1, -t2 / y2]])
    three = Matrix([symbols("u1:4")])
    assert loss_gradient(mse, three, Matrix([[0, 0, 0]])) == 2 * three / 3


def test_softmax_then_cross_entropy_has_gradient_y_minus_t():
    for n in (2, 3, 4):
        g = softmax_cross_entropy_gradient(n)
        y = softmax(g.logits)
        assert g.reduced == y - g.targets
        # The raw derivative is the same as y - t once the targets sum to one.
        last = {g.targets[n - 1]: 1 - sum(g.targets[: n - 1])}
        for raw, reduced in zip(g.raw, g.reduced):
            assert simplify((raw - reduced).subs(last)) == 0
        # ... and without that constraint it is not, so the constraint is really used.
        assert any(simplify(r - e) != 0 for r, e in zip(g.raw, g.reduced))


def test_unknown_loss_and_shape_mismatch():
    try:
        loss("cross_entropi")
    except SymnnError as e:
        assert "did you mean 'cross_entropy'" in str(e)
    else:
        raise AssertionError("no error")
    try:
        mse(Matrix([[1, 2]]), Matrix([[1, 2, 3]]))
    except SymnnError as e:
        assert "shape (1, 2) but target has shape (1, 3)" in str(e)
    else:
        raise AssertionError("no error")


def test_batch_losses_average_over_rows():
    Yb, Tb = Matrix([[1, 0], [0, 1]]), Matrix([[0, 0], [0, 0]])
    assert mse(Yb, Tb) == Rational(1, 2)
    assert half_sse(Yb, Tb) == Rational(1, 2)
    assert sympy.N(cross_entropy(Matrix([[Rational(1, 2)], [Rational(1, 4)]]),
                                 Matrix([[1], [1]])) - (log(2) + log(4)) / 2) == 0
