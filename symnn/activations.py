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

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Function, Matrix, MatrixBase, S, exp

from symnn.errors import SymnnError, did_you_mean
from symnn.numbers import no_strings


def _float_array(x: Any) -> np.ndarray:
    """x as a NumPy array of floats, keeping a float dtype it already has (float32 stays)."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def numpy_sigmoid(x: Any) -> np.ndarray:
    """Return 1/(1 + exp(-x)) on a float array, finite and silent for any x, dtype kept.

    For x below about -709 (float64), exp(-x) overflows to inf and 1/(1 + inf) is exactly 0,
    the right limit; that overflow is expected, so its warning is switched off.

    >>> numpy_sigmoid(np.array([-1000.0, 0.0, 1e4])).tolist()
    [0.0, 0.5, 1.0]
    """
    x = _float_array(x)
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def numpy_softmax(a: Any) -> np.ndarray:
    """Return softmax of each row, the row's max subtracted first so nothing overflows.

    >>> numpy_softmax(np.array([[1000.0, 1000.0]])).tolist()
    [[0.5, 0.5]]
    """
    a = _float_array(a)
    a = a.reshape(1, -1) if a.ndim == 1 else a
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def numpy_log_softmax(a: Any) -> np.ndarray:
    """Return log softmax of each row, shifted by the row's max (no overflow, no log(0))."""
    a = _float_array(a)
    a = a.reshape(1, -1) if a.ndim == 1 else a
    shifted = a - a.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def numpy_relu(x: Any) -> np.ndarray:
    """Return max(x, 0) on a float array, dtype kept.

    >>> numpy_relu(np.array([-1.0, 0.0, 2.0])).tolist()
    [0.0, 0.0, 2.0]
    """
    x = _float_array(x)
    return np.maximum(x, x.dtype.type(0))


def numpy_step(x: Any) -> np.ndarray:
    """Return the lecture's step on a float array: 1 for x > 0, else 0 (0 at the kink).

    >>> numpy_step(np.array([-1.0, 0.0, 2.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    x = _float_array(x)
    return np.greater(x, 0).astype(x.dtype)


def math_sigmoid(x: float) -> float:
    """Return 1/(1 + exp(-x)) for one float, without overflow for any x.

    >>> math_sigmoid(-1000.0), math_sigmoid(0.0), math_sigmoid(1000.0)
    (0.0, 0.5, 1.0)
    """
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def math_relu(x: float) -> float:
    """Return max(x, 0) for one float.

    >>> math_relu(-2.0), math_relu(3.0)
    (0.0, 3.0)
    """
    return x if x > 0 else 0.0


def math_step(x: float) -> float:
    """Return the lecture's step for one float (0 at the kink).

    >>> math_step(0.0), math_step(0.5)
    (0.0, 1.0)
    """
    return 1.0 if x > 0 else 0.0


NUMPY: dict[str, Callable[[Any], np.ndarray]] = {
    "sigmoid": numpy_sigmoid,
    "relu": numpy_relu,
    "step": numpy_step,
    "tanh": lambda x: np.tanh(_float_array(x)),
    "identity": lambda x: x,
    "exp": lambda x: np.exp(_float_array(x)),
    "log": lambda x: np.log(_float_array(x)),
    "sqrt": lambda x: np.sqrt(_float_array(x)),
    "softmax": numpy_softmax,
}


def apply(name: str, x: Any, symbolic: Callable[[Any], Any]) -> Any:
    """Return the function ``name`` of x, for whatever x is.

    A SymPy matrix maps ``symbolic`` over its entries; a NumPy array of numbers gets the
    NumPy kernel of :data:`NUMPY` (its dtype kept); a NumPy array of objects maps entry by
    entry; a number type that computes symnn's functions itself (it has a method
    ``__symnn_function__(name)``, as :class:`symnn.values.Value` does) computes it; anything
    else goes to ``symbolic``.
    """
    if isinstance(x, MatrixBase):
        return x.applyfunc(symbolic)
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            out = np.empty(x.shape, dtype=object)
            for index, v in np.ndenumerate(x):
                out[index] = apply(name, v, symbolic)
            return out
        if x.dtype.kind in "biuf":
            return NUMPY[name](x)
        raise SymnnError(f"{name}: cannot take an array of {x.dtype}")
    own = getattr(x, "__symnn_function__", None)
    if own is not None:
        return own(name)
    return symbolic(x)


class _Elementwise(Function):
    """A SymPy function that also maps itself over matrices and arrays, and leaves numbers
    that compute symnn's functions themselves to do so (see :func:`apply`).

    ``lambdify`` prints it for each module: NumPy calls symnn's stable kernels
    (``numpy_sigmoid``, dtype kept), ``math`` the scalar ones, mpmath its closed form (any
    precision), JAX ``jax.nn``'s functions.
    """

    _jax = ""  # the JAX function, as module.name

    def __new__(cls, *args: Any, **options: Any):
        args = tuple(no_strings(a, cls.__name__) for a in args)
        if len(args) == 1 and (isinstance(args[0], (MatrixBase, np.ndarray))
                               or hasattr(args[0], "__symnn_function__")):
            return apply(cls.__name__, args[0], cls)
        return super().__new__(cls, *args, **options)

    def _call(self, printer: Any, function: str) -> str:
        return f"{printer._module_format(function)}({printer._print(self.args[0])})"

    def _numpycode(self, printer: Any) -> str:
        return self._call(printer, f"symnn.activations.numpy_{self.func.__name__}")

    def _pythoncode(self, printer: Any) -> str:
        return self._call(printer, f"symnn.activations.math_{self.func.__name__}")

    def _mpmathcode(self, printer: Any) -> str:
        return printer._print(self.rewrite(sympy.Piecewise).rewrite(exp))

    def _jaxcode(self, printer: Any) -> str:
        return self._call(printer, self._jax)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        # sympy.latex(sigmoid(x)) reads as the lecture writes it (σ, ReLU, h), not
        # \operatorname{sigmoid}; symnn's own printer says the same (render/printer.py).
        out = rf"{self._tex}\left({printer._print(self.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out


class step(_Elementwise):
    """Return the step function: 0 for z <= 0, 1 for z > 0 (the lecture's h).

    >>> step(sympy.Rational(-7, 10)), step(0), step(sympy.Rational(3, 10))
    (0, 0, 1)
    >>> print(sympy.latex(step(sympy.Symbol("x"))))
    h\\left(x\\right)
    """

    _tex = "h"

    def _jaxcode(self, printer: Any) -> str:
        z = printer._print(self.args[0])
        return f"{printer._module_format('jax.numpy.heaviside')}({z}, 0.0)"

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
    >>> print(sympy.latex(sigmoid(sympy.Symbol("x"))))
    \\sigma\\left(x\\right)
    """

    _jax = "jax.nn.sigmoid"
    _tex = r"\sigma"

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
    >>> print(sympy.latex(relu(sympy.Symbol("x"))))
    \\operatorname{ReLU}\\left(x\\right)
    """

    _jax = "jax.nn.relu"
    _tex = r"\operatorname{ReLU}"

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


DEFAULT_SLOPE = sympy.Rational(1, 100)  # PyTorch's and Keras' default negative slope


def numpy_leaky_relu(x: Any, slope: float = 0.01) -> np.ndarray:
    """Return x for x > 0 and slope·x otherwise, on a float array, dtype kept.

    >>> numpy_leaky_relu(np.array([-2.0, 0.0, 3.0]), 0.1).tolist()
    [-0.2, 0.0, 3.0]
    """
    x = _float_array(x)
    return np.where(x > 0, x, x.dtype.type(slope) * x)


def math_leaky_relu(x: float, slope: float = 0.01) -> float:
    """Return x for x > 0 and slope·x otherwise, for one float.

    >>> math_leaky_relu(-2.0, 0.1), math_leaky_relu(3.0, 0.1)
    (-0.2, 3.0)
    """
    return x if x > 0 else slope * x


def _slope(slope: Any) -> Expr:
    """The slope of a leaky ReLU for negative inputs: an exact number from 0 up to 1."""
    from symnn.numbers import exact

    if slope is None:
        return DEFAULT_SLOPE
    s = exact(slope, "slope")
    if not s.is_Rational or s < 0 or s >= 1:
        raise SymnnError(f"slope: the leaky ReLU's slope is a number from 0 up to (not "
                         f"including) 1, got {slope}")
    return s


class leaky_relu(_Elementwise):
    """Return z for z > 0 and slope·z for z <= 0 (slope 0.01 unless given, as in PyTorch);
    its derivative is 1 for z > 0 and the slope for z <= 0 (so the slope at 0, as PyTorch).

    >>> z = sympy.Symbol("z")
    >>> leaky_relu(-2), leaky_relu(-2, 0.1), leaky_relu(3, 0.1)
    (-1/50, -1/5, 3)
    >>> leaky_relu(z, 0.1).diff(z)
    9*step(z)/10 + 1/10
    >>> print(sympy.latex(leaky_relu(z)))
    \\operatorname{LeakyReLU}\\left(z\\right)
    """

    nargs = (1, 2)
    _tex = r"\operatorname{LeakyReLU}"

    def __new__(cls, z: Any, slope: Any = None, **options: Any):
        s = _slope(slope)
        if isinstance(z, (MatrixBase, np.ndarray)) or hasattr(z, "__symnn_function__"):
            return _leaky_apply(z, s)
        return Function.__new__(cls, z, s, **options)

    @classmethod
    def eval(cls, z, slope):
        if z.is_positive:
            return z
        if z.is_nonpositive:
            return slope * z
        return None

    def fdiff(self, argindex=1):
        z, slope = self.args
        if argindex == 1:
            return slope * (1 - step(z)) + step(z)
        return z * (1 - step(z))

    def _numpycode(self, printer: Any) -> str:
        z, slope = (printer._print(a) for a in self.args)
        return f"{printer._module_format('symnn.activations.numpy_leaky_relu')}({z}, {slope})"

    def _pythoncode(self, printer: Any) -> str:
        z, slope = (printer._print(a) for a in self.args)
        return f"{printer._module_format('symnn.activations.math_leaky_relu')}({z}, {slope})"

    def _jaxcode(self, printer: Any) -> str:
        z, slope = (printer._print(a) for a in self.args)
        return f"{printer._module_format('jax.nn.leaky_relu')}({z}, {slope})"

    def _latex(self, printer: Any, exp: Any = None) -> str:
        # The slope shows as a subscript unless it is the default 0.01: LeakyReLU_{0.2}(z).
        z, slope = self.args
        below = "" if slope == DEFAULT_SLOPE else f"_{{{printer._print(slope)}}}"
        out = rf"{self._tex}{below}\left({printer._print(z)}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _sympystr(self, printer: Any) -> str:
        z, slope = self.args  # as typed: leaky_relu(z) for the default slope
        if slope == DEFAULT_SLOPE:
            return f"leaky_relu({printer._print(z)})"
        return f"leaky_relu({printer._print(z)}, {printer._print(slope)})"

    def _eval_rewrite_as_Piecewise(self, z, slope, **kwargs):
        return sympy.Piecewise((z, z > 0), (slope * z, True))

    def _eval_rewrite_as_Max(self, z, slope, **kwargs):
        return sympy.Max(z, slope * z)


def _leaky_apply(x: Any, slope: Expr) -> Any:
    """leaky_relu of a matrix, an array (of numbers or of Values) or a Value."""
    if isinstance(x, MatrixBase):
        return x.applyfunc(lambda v: leaky_relu(v, slope))
    if isinstance(x, np.ndarray):
        if x.dtype.kind in "biuf":
            return numpy_leaky_relu(x, float(slope))
        out = np.empty(x.shape, dtype=object)
        for index, v in np.ndenumerate(x):
            out[index] = _leaky_apply(v, slope)
        return out
    if hasattr(x, "__symnn_function__"):  # a Value: x itself above 0, else slope times x
        return x if x.sign("the input of leaky_relu") > 0 else x * slope
    return leaky_relu(x, slope)


def leaky_slope(name: str) -> Expr | None:
    """Return the slope an activation name gives a leaky ReLU (``leaky_relu`` is 0.01,
    ``leaky_relu(0.2)`` is 1/5), or None for another activation.

    >>> leaky_slope("leaky_relu"), leaky_slope("leaky_relu(0.2)"), leaky_slope("relu")
    (1/100, 1/5, None)
    """
    if name == "leaky_relu":
        return DEFAULT_SLOPE
    if isinstance(name, str) and name.startswith("leaky_relu(") and name.endswith(")"):
        return _slope(name[len("leaky_relu("):-1].strip())
    return None


def leaky_name(slope: Any) -> str:
    """Return the activation name of a leaky ReLU with this slope: ``leaky_relu`` for the
    default 0.01, else ``leaky_relu(0.2)`` (the slope exactly, as a decimal where it ends).

    >>> leaky_name(0.01), leaky_name("0.2"), leaky_name("1/3")
    ('leaky_relu', 'leaky_relu(0.2)', 'leaky_relu(1/3)')
    """
    from symnn.numbers import terminating_decimal

    s = _slope(slope)
    if s == DEFAULT_SLOPE:
        return "leaky_relu"
    return f"leaky_relu({terminating_decimal(s, 30) or s})"


def kind(name: str) -> str:
    """Return the activation's kind: its name without a leaky ReLU's slope.

    >>> kind("leaky_relu(0.2)"), kind("sigmoid")
    ('leaky_relu', 'sigmoid')
    """
    return "leaky_relu" if leaky_slope(name) is not None else name


def identity(z: Any) -> Any:
    """Return z unchanged (the identity activation of a regression output).

    >>> identity(sympy.Rational(1, 2))
    1/2
    """
    return no_strings(z, "identity")


def tanh(z: Any) -> Any:
    """Return tanh(z), entrywise on matrices and arrays; its derivative is 1 - tanh(z)**2.

    >>> tanh(sympy.Matrix([[0]])), tanh(np.array([0.0]))
    (Matrix([[0]]), array([0.]))
    """
    return apply("tanh", no_strings(z, "tanh"), sympy.tanh)


def exp_of(z: Any) -> Any:
    """Return exp(z) for a SymPy value, a matrix, an array or a symnn Value."""
    return apply("exp", z, sympy.exp)


def log_of(z: Any) -> Any:
    """Return log(z) for a SymPy value, a matrix, an array or a symnn Value."""
    return apply("log", z, sympy.log)


ACTIVATIONS: dict[str, Callable[[Any], Any]] = {
    "step": step,
    "sigmoid": sigmoid,
    "relu": relu,
    "identity": identity,
    "tanh": tanh,
    "leaky_relu": leaky_relu,
}


def activation(name: str, where: str = "activation") -> Callable[[Any], Any]:
    """Return the activation called ``name``, or raise an error that suggests close names.

    >>> activation("relu")(-1)
    0
    >>> activation("leaky_relu(0.2)")(-1)
    -1/5
    >>> activation("sigmod")
    Traceback (most recent call last):
    ...
    symnn.errors.SymnnError: activation: unknown activation 'sigmod' (did you mean 'sigmoid'?)
    """
    if not isinstance(name, str):
        raise SymnnError(f"{where}: expected the name of an activation (a string), "
                         f"got {type(name).__name__}")
    if name in ACTIVATIONS:
        return ACTIVATIONS[name]
    if name.startswith("leaky_relu(") and name.endswith(")"):
        try:
            slope = leaky_slope(name)
        except SymnnError as e:
            raise SymnnError(f"{where}: {e}") from None
        return lambda z: leaky_relu(z, slope)
    raise SymnnError(f"{where}: unknown activation {name!r}{did_you_mean(name, ACTIVATIONS)}")


def derivative(h: Callable[[Any], Any], z: Expr | None = None) -> Expr:
    """Return h'(z) as SymPy derives it, in terms of h itself where h is a symnn function.

    >>> z = sympy.Symbol("z")
    >>> derivative(tanh, z)
    1 - tanh(z)**2
    >>> derivative(identity, z)
    1
    """
    z = sympy.Symbol("z") if z is None else no_strings(z, "derivative")
    return sympy.diff(h(z), z)


def sigmoid_derivative_check(z: Expr | None = None) -> tuple[Expr, Expr, bool]:
    """Return (direct derivative of 1/(1+exp(-z)), sigmoid(1 - sigmoid) in exp, are they equal).

    >>> direct, board, equal = sigmoid_derivative_check()
    >>> direct, equal
    (exp(-z)/(1 + exp(-z))**2, True)
    """
    z = sympy.Symbol("z") if z is None else no_strings(z, "sigmoid_derivative_check")
    direct = sympy.diff(1 / (1 + exp(-z)), z)
    board = (sigmoid(z) * (1 - sigmoid(z))).rewrite(exp)
    return direct, board, sympy.simplify(direct - board) == 0


def _rows(a: Matrix) -> Matrix:
    a = no_strings(a, "softmax")
    if not isinstance(a, MatrixBase):
        a = Matrix([list(a)])
    return a


class SoftmaxEntry(sympy.Mul):
    """One entry exp(a_k) / sum_i exp(a_i) of a softmax of symbols: a product like any other
    (it prints, differentiates and simplifies as exp(a_k)/(...), and equals that product), but
    ``lambdify`` prints it in the stable form exp(a_k - m) / sum_i exp(a_i - m), m = max_i a_i,
    so the generated function is finite at inputs of 1000 where the naive form gives NaN.

    >>> a1, a2 = sympy.symbols("a1 a2")
    >>> y = softmax(Matrix([[a1, a2]]))
    >>> y[0] == exp(a1) / (exp(a1) + exp(a2))
    True
    >>> sympy.lambdify([a1, a2], y)(1000, 1000).tolist()
    [[0.5, 0.5]]
    """

    def __eq__(self, other: Any) -> bool:
        return sympy.Mul._from_args(self.args) == other

    def __hash__(self) -> int:
        return hash(sympy.Mul._from_args(self.args))

    def shifted(self) -> Expr | None:
        """Return the same entry with every exponent shifted by the row's max, or None when
        SymPy has rewritten the product into another shape (then it prints as it is)."""
        top, inverse = (self.args if len(self.args) == 2 else (None, None))
        if isinstance(top, sympy.Pow):
            top, inverse = inverse, top
        if not (isinstance(inverse, sympy.Pow) and inverse.exp == -1 and
                isinstance(inverse.base, sympy.Add) and isinstance(top, sympy.exp)):
            return None
        terms = inverse.base.args
        if top not in terms or not all(isinstance(t, sympy.exp) for t in terms):
            return None
        xs = [t.args[0] for t in terms]
        m = sympy.Max(*xs)
        return sympy.Mul(exp(top.args[0] - m, evaluate=False),
                         sympy.Pow(sympy.Add(*[exp(x - m, evaluate=False) for x in xs],
                                             evaluate=False), -1, evaluate=False),
                         evaluate=False)

    def _stable(self, printer: Any) -> str:
        form = self.shifted()
        return printer._print(form) if form is not None else printer._print_Mul(self)

    _numpycode = _pythoncode = _mpmathcode = _jaxcode = _stable


def softmax(a: Any) -> Matrix:
    """Return exp(a_k) / sum_i exp(a_i) for each row of ``a`` (a row vector or a batch of rows).

    A NumPy array of numbers gets the max-shifted NumPy kernel; an array of Values, Values;
    a row of symbols gives :class:`SoftmaxEntry` products, which ``lambdify`` prints in the
    max-shifted form.

    >>> softmax(Matrix([[0, 0]])), softmax(np.array([0.0, 0.0]))
    (Matrix([[1/2, 1/2]]), array([[0.5, 0.5]]))
    """
    a = no_strings(a, "softmax")
    if isinstance(a, np.ndarray):
        if a.dtype != object:
            return numpy_softmax(a)
        a = a.reshape(1, -1) if a.ndim == 1 else a
        e = apply("exp", a, sympy.exp)
        out = np.empty(a.shape, dtype=object)
        for r in range(a.shape[0]):
            total = e[r, 0]
            for v in e[r, 1:]:
                total = total + v
            for c in range(a.shape[1]):
                out[r, c] = e[r, c] / total
        return out
    a = _rows(a)
    out = a.copy()
    for r in range(a.rows):
        total = sum(exp(v) for v in a.row(r))
        symbolic = any(getattr(v, "free_symbols", None) for v in a.row(r))
        for c in range(a.cols):
            out[r, c] = SoftmaxEntry(exp(a[r, c]), 1 / total) if symbolic else \
                exp(a[r, c]) / total
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
    a = no_strings(a, "softmax_forms_agree")
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
