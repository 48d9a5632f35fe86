"""Arrays of Values, and Values to and from SymPy and JSON.

Vectors and matrices of :class:`~symnn.values.Value` numbers are NumPy arrays of objects (a
vector is one row), so NumPy's operators work entry by entry and ``@`` is the matrix product.
SymPy expressions become Values by computing each distinct subexpression once; Values become
SymPy matrices of their exact forms, or JSON numbers.

>>> X = array([[1, 2]])
>>> W = array([[1, 2, 3], [4, 5, 6]])
>>> matrix(X @ W)
Matrix([[9, 12, 15]])
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from symnn import intervals
from symnn.errors import NumberError, SymnnError
from symnn.values import (
    ONE,
    Value,
    cos,
    dot,
    exp,
    log,
    power,
    relu,
    sigmoid,
    sin,
    step,
    tanh,
    value,
)


def value_of(number: Any) -> Value:
    """Return a number, a Value or a SymPy closed form (exp(1/2), say) as a Value.

    >>> value_of(sympy.exp(sympy.Rational(1, 2))).decimal(5)
    '1.6487'
    """
    if isinstance(number, sympy.Expr) and not number.is_Rational and not number.is_Float:
        if number.free_symbols:
            raise NumberError(f"{number} is not a number (it has symbols)")
        return from_expr(number, {})
    return value(number)


def array(rows: Any) -> np.ndarray:
    """Return a 2-D NumPy array of Values (dtype object) from numbers, rows or a SymPy Matrix.

    NumPy's operators then work entry by entry and ``@`` is the matrix product, each entry a
    Value computed once.

    >>> X = array([[1, 2]])
    >>> W = array([[1, 2, 3], [4, 5, 6]])
    >>> [v.exact for v in (X @ W).ravel()]
    [Fraction(9, 1), Fraction(12, 1), Fraction(15, 1)]
    """
    if isinstance(rows, sympy.MatrixBase):
        rows = rows.tolist()
    data = np.empty(np.shape(rows) if not isinstance(rows, np.ndarray) else rows.shape,
                    dtype=object)
    for index, v in np.ndenumerate(np.asarray(rows, dtype=object)):
        data[index] = value_of(v)
    return data if data.ndim == 2 else data.reshape(1, -1)


def matmul(A: np.ndarray, B: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """Return A @ B (+ a bias row added to every row) for arrays of Values, each entry one
    weighted-sum node.

    >>> matrix(matmul(array([[1, 2]]), array([[1, 2, 3], [4, 5, 6]]), array([[0, 0, 1]])))
    Matrix([[9, 12, 16]])
    """
    if A.shape[1] != B.shape[0]:
        raise NumberError(f"a {A.shape[0]}x{A.shape[1]} matrix times a {B.shape[0]}x"
                          f"{B.shape[1]} matrix: {A.shape[1]} columns against {B.shape[0]} rows")
    out = np.empty((A.shape[0], B.shape[1]), dtype=object)
    columns = [list(B[:, j]) for j in range(B.shape[1])]
    for i in range(A.shape[0]):
        row = list(A[i])
        for j, column in enumerate(columns):
            out[i, j] = dot(row, column, None if bias is None else bias[0, j])
    return out


def matrix(values: np.ndarray, limit: int | None = None) -> sympy.Matrix | None:
    """Return an array of Values as a SymPy Matrix of their exact forms (None past ``limit``).

    >>> matrix(array([[0.5, 1]]))
    Matrix([[1/2, 1]])
    """
    values = np.asarray(values)
    values = values.reshape(1, -1) if values.ndim == 1 else values
    forms = []
    for v in values.ravel():
        f = v.form(limit)
        if f is None:
            return None
        forms.append(f)
    rows, cols = values.shape
    return sympy.Matrix(rows, cols, forms)


def data(x: Any, exact_strings: bool = False, rows: bool = False) -> Any:
    """Return Values (alone, in arrays, lists or dicts) as JSON data.

    A number is a float, or with ``exact_strings`` its exact form in SymPy syntax ("3/10");
    a number too large or too small for a float is its decimal string ("2.8e+43429"), never
    ``Infinity``.  An array of one row becomes a flat list unless ``rows`` is set.

    >>> data(array([[0.5, 1]])), data(array([[0.5]]), exact_strings=True, rows=True)
    ([0.5, 1.0], [['1/2']])
    >>> data(exp(Value(1000)))
    '1.970071114e+434'
    """
    from symnn.numbers import exact_text

    if isinstance(x, dict):
        return {k: data(v, exact_strings, rows) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [data(v, exact_strings, rows) for v in x]
    if isinstance(x, np.ndarray):
        x = x.reshape(1, -1) if x.ndim == 1 else x
        table = [[data(v, exact_strings) for v in row] for row in x]
        return table[0] if len(table) == 1 and not rows else table
    v = value(x)
    if exact_strings:
        return exact_text(v.form())
    number = float(v)
    if not math.isfinite(number) or number == 0 and v.exact is None and _nonzero(v):
        return v.decimal()  # past the float range, or below it (5e-435 is not 0.0)
    return number


def _nonzero(v: Value) -> bool:
    """Whether v's interval, as known now, certainly excludes 0 (no sign is asked)."""
    lo, hi = v.box(v.bits)
    return intervals.is_positive((lo, hi)) or intervals.is_negative((lo, hi))


def from_expr(expr: sympy.Expr, point: dict[sympy.Symbol, Value]) -> Value:
    """Return the value of a SymPy expression with its symbols at ``point``, each distinct
    subexpression computed once.

    >>> x = sympy.Symbol("x")
    >>> from_expr(sympy.exp(x) * x + 1, {x: Value(0)}).exact
    Fraction(1, 1)
    """
    known: dict[sympy.Basic, Value | None] = {}
    order, stack = [], [(sympy.sympify(expr), False)]
    while stack:
        e, done = stack.pop()
        if done:
            order.append(e)
            continue
        if e in known:
            continue
        known[e] = None  # seen; its value follows its arguments'
        stack.append((e, True))
        if e.is_Pow and e.exp.is_Rational:
            stack.append((e.base, False))  # the exponent stays a number
        elif not e.is_Atom:
            stack.extend((a, False) for a in e.args)
    for e in order:
        known[e] = _value_of(e, known, point)
    return known[sympy.sympify(expr)]


def _value_of(e: sympy.Basic, known: dict, point: dict) -> Value:
    from symnn import activations

    if e.is_Symbol:
        if e not in point:
            raise SymnnError(f"no value given for {e}")
        return point[e]
    if e.is_Rational:
        return Value(Fraction(int(e.p), int(e.q)))
    if e.is_Float:
        return Value(str(e))
    if e is sympy.E:
        return exp(ONE)
    if e.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise NumberError(f"{e} is not a finite number")
    if e.is_Add:
        total = known[e.args[0]]
        for a in e.args[1:]:
            total = total + known[a]
        return total
    if e.is_Mul:
        product = known[e.args[0]]
        for a in e.args[1:]:
            product = product * known[a]
        return product
    if e.is_Pow:
        if e.exp.is_Rational:
            return power(known[e.base], Value(Fraction(int(e.exp.p), int(e.exp.q))))
        return power(known[e.base], known[e.exp])
    functions = {sympy.exp: exp, sympy.log: log, sympy.tanh: tanh, sympy.sin: sin, sympy.cos: cos,
                 activations.sigmoid: sigmoid, activations.relu: relu, activations.step: step}
    if e.func in functions and len(e.args) == 1:
        return functions[e.func](known[e.args[0]])
    raise SymnnError(f"symnn cannot compute {type(e).__name__} ({e}) with exact values")


__all__ = ["array", "data", "from_expr", "matmul", "matrix", "value_of"]
