"""Activation functions h(z) of the lecture, each with its derivative beside it.

``step``, ``sigmoid`` and ``relu`` are SymPy functions, so ``sigmoid(z)`` stays a readable symbol
while ``z`` is symbolic and becomes its exact value once ``z`` is a number.  Every activation also
maps itself over the entries of a matrix.

**The kink convention.**  ``step`` is 0 for z <= 0 and 1 for z > 0, as the lecture's h(x).  Its
derivative is taken as 0 everywhere (it is 0 wherever it exists), and ``relu'`` is ``step``, so
``relu'(0) = 0``.  SymPy's own ``Heaviside(0) = 1/2`` never appears.

>>> z = sympy.Symbol("z")
>>> sigmoid(z).diff(z)
(1 - sigmoid(z))*sigmoid(z)
>>> relu(z).diff(z), relu(z).diff(z).subs(z, 0)
(step(z), 0)
>>> sigmoid(sympy.Matrix([[0, 0]]))
Matrix([[1/2, 1/2]])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy import Expr, Function, Matrix, MatrixBase, S, exp

from symnn.errors import SymnnError, did_you_mean


class _Elementwise(Function):
    """A SymPy function that applies itself to each entry when given a matrix."""

    def __new__(cls, *args: Any, **options: Any):
        if len(args) == 1 and isinstance(args[0], MatrixBase):
            return args[0].applyfunc(cls)
        return super().__new__(cls, *args, **options)


class step(_Elementwise):
    """Return the step function: 0 for z <= 0, 1 for z > 0 (the lecture's h).

    >>> step(sympy.Rational(-7, 10)), step(0), step(sympy.Rational(3, 10))
    (0, 0, 1)
    """

    @classmethod
    def eval(cls, z):
        if z.is_positive:
            return S.One
        if z.is_nonpositive:
            return S.Zero
        return None

    def fdiff(self, argindex=1):
        # Zero wherever the derivative exists; at z = 0 the stated convention gives 0 too.
        return S.Zero

    def _eval_rewrite_as_Piecewise(self, z, **kwargs):
        return sympy.Piecewise((S.Zero, z <= 0), (S.One, True))


class sigmoid(_Elementwise):
    """Return the logistic sigmoid 1 / (1 + exp(-z)); its derivative is sigmoid(1 - sigmoid).

    >>> sigmoid(0), sigmoid(sympy.Rational(3, 10))
    (1/2, 1/(exp(-3/10) + 1))
    """

    @classmethod
    def eval(cls, z):
        if z.is_number:
            return 1 / (1 + exp(-z))
        return None

    def fdiff(self, argindex=1):
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + exp(-z))


class relu(_Elementwise):
    """Return max(0, z); its derivative is ``step`` (so 0 at z = 0).

    >>> relu(sympy.Rational(-1, 2)), relu(3)
    (0, 3)
    """

    @classmethod
    def eval(cls, z):
        if z.is_nonpositive:
            return S.Zero
        if z.is_positive:
            return z
        return None

    def fdiff(self, argindex=1):
        return step(self.args[0])

    def _eval_rewrite_as_Piecewise(self, z, **kwargs):
        return sympy.Piecewise((z, z > 0), (S.Zero, True))

    def _eval_rewrite_as_Max(self, z, **kwargs):
        return sympy.Max(0, z)


def identity(z: Any) -> Any:
    """Return z unchanged (the identity activation of a regression output).

    >>> identity(sympy.Rational(1, 2))
    1/2
    """
    return z


def tanh(z: Any) -> Any:
    """Return tanh(z), entrywise on matrices; its derivative is 1 - tanh(z)**2.

    >>> tanh(sympy.Matrix([[0]]))
    Matrix([[0]])
    """
    if isinstance(z, MatrixBase):
        return z.applyfunc(sympy.tanh)
    return sympy.tanh(z)


ACTIVATIONS: dict[str, Callable[[Any], Any]] = {
    "step": step,
    "sigmoid": sigmoid,
    "relu": relu,
    "identity": identity,
    "tanh": tanh,
}


def activation(name: str, where: str = "activation") -> Callable[[Any], Any]:
    """Return the activation called ``name``, or raise an error that suggests close names.

    >>> activation("relu")(-1)
    0
    >>> activation("sigmod")
    Traceback (most recent call last):
    ...
    symnn.errors.SymnnError: activation: unknown activation 'sigmod' (did you mean 'sigmoid'?)
    """
    if name in ACTIVATIONS:
        return ACTIVATIONS[name]
    raise SymnnError(f"{where}: unknown activation {name!r}{did_you_mean(name, ACTIVATIONS)}")


def derivative(h: Callable[[Any], Any], z: Expr | None = None) -> Expr:
    """Return h'(z) as SymPy derives it, in terms of h itself where h is a symnn function.

    >>> z = sympy.Symbol("z")
    >>> derivative(tanh, z)
    1 - tanh(z)**2
    >>> derivative(identity, z)
    1
    """
    z = sympy.Symbol("z") if z is None else z
    return sympy.diff(h(z), z)


def sigmoid_derivative_check(z: Expr | None = None) -> tuple[Expr, Expr, bool]:
    """Return (direct derivative of 1/(1+exp(-z)), sigmoid(1 - sigmoid) in exp, are they equal).

    >>> direct, board, equal = sigmoid_derivative_check()
    >>> direct, equal
    (exp(-z)/(1 + exp(-z))**2, True)
    """
    z = sympy.Symbol("z") if z is None else z
    direct = sympy.diff(1 / (1 + exp(-z)), z)
    board = (sigmoid(z) * (1 - sigmoid(z))).rewrite(exp)
    return direct, board, sympy.simplify(direct - board) == 0


def _rows(a: Matrix) -> Matrix:
    if not isinstance(a, MatrixBase):
        a = Matrix([list(a)])
    return a


def softmax(a: Any) -> Matrix:
    """Return exp(a_k) / sum_i exp(a_i) for each row of ``a`` (a row vector or a batch of rows).

    >>> softmax(Matrix([[0, 0]]))
    Matrix([[1/2, 1/2]])
    """
    a = _rows(a)
    out = a.copy()
    for r in range(a.rows):
        total = sum(exp(v) for v in a.row(r))
        for c in range(a.cols):
            out[r, c] = exp(a[r, c]) / total
    return out


def softmax_shifted(a: Any) -> Matrix:
    """Return softmax in the overflow-safe form exp(a_k - max a) / sum_i exp(a_i - max a).

    >>> softmax_shifted(Matrix([[1000, 1000]]))
    Matrix([[1/2, 1/2]])
    """
    a = _rows(a)
    out = a.copy()
    for r in range(a.rows):
        top = sympy.Max(*a.row(r))
        total = sum(exp(v - top) for v in a.row(r))
        for c in range(a.cols):
            out[r, c] = exp(a[r, c] - top) / total
    return out


def softmax_forms_agree(a: Any) -> bool:
    """Return whether ``softmax`` and ``softmax_shifted`` are the same on ``a``, proved by SymPy.

    The shift cancels because exp(a - m) = exp(a) exp(-m) in numerator and denominator alike.

    >>> a1, a2, a3 = sympy.symbols("a1:4", real=True)
    >>> softmax_forms_agree(Matrix([[a1, a2, a3]]))
    True
    """
    difference = softmax(a) - softmax_shifted(a)
    return all(sympy.simplify(sympy.expand(d)) == 0 for d in difference)


def softmax_jacobian(a: Any) -> Matrix:
    """Return the Jacobian of softmax at the row ``a`` as diag(y) - y^T y, with y = softmax(a).

    >>> softmax_jacobian(Matrix([[0, 0]]))
    Matrix([
    [ 1/4, -1/4],
    [-1/4,  1/4]])
    """
    y = softmax(_rows(a))
    return sympy.diag(*y) - y.T * y
