"""Exact numbers: what a user writes becomes a SymPy number, and every result shows both ways.

A float typed as ``0.1`` means one tenth, so it becomes ``Rational(1, 10)`` (through its shortest
``repr``), not the binary double ``0.1000000000000000055...`` that ``Rational(0.1)`` would give.

>>> exact(0.1)
1/10
>>> exact("2.5e-1") + exact(1)
5/4
>>> decimal(exact(1) / 3)
'0.3333333333'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Integer, Matrix, MatrixBase, Rational

from symnn.errors import NumberError

MAX_EXPONENT = 1000  # 1e1000 is the largest (and 1e-1000 the smallest) decimal read exactly
MAX_BITS = 3322      # about 1000 decimal digits
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?\d+/\d+$")


def exact(value: Any, where: str = "value") -> Expr:
    """Return ``value`` as an exact SymPy number; floats and decimal strings become rationals.

    ``where`` names the value in the error message when it is not a finite number.

    >>> exact(0.7), exact("-0.4"), exact("3/10"), exact(2)
    (7/10, -2/5, 3/10, 2)
    >>> exact("abc", where="layer 1, b[0]")
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: layer 1, b[0]: 'abc' is not a number
    """
    if isinstance(value, bool):
        raise NumberError(f"{where}: {value!r} is a boolean, not a number")
    if isinstance(value, int):
        if value.bit_length() > MAX_BITS:
            raise NumberError(f"{where}: a whole number of over {MAX_EXPONENT} digits is too "
                              "large to read exactly")
        return Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"{where}: {value!r} is not a finite number")
        return Rational(repr(float(value)))
    if isinstance(value, Fraction):
        return Rational(value.numerator, value.denominator)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(f"{where}: {value!r} is not a finite number")
        return exact(str(value), where)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_EXPONENT + 10:
            raise NumberError(f"{where}: a number written with {len(text):,} characters is too "
                              f"long to read (the limit is {MAX_EXPONENT})")
        if not text.isascii() or not _NUMBER.match(text):  # ੦ is a digit to re, not to us
            raise NumberError(f"{where}: {value!r} is not a number")
        if re.search(r"/0+$", text):
            raise NumberError(f"{where}: {value!r} divides by zero")
        if "/" not in text and abs(Decimal(text).adjusted()) > MAX_EXPONENT:
            raise NumberError(f"{where}: {value!r} is too large or too small to read exactly "
                              f"(the limit is 1e±{MAX_EXPONENT})")
        return Rational(text)
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():
        return exact(value.item(), where)
    if isinstance(value, Expr):
        if value.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
            raise NumberError(f"{where}: {value} is not a finite number")
        if value.is_Float:
            return Rational(str(value))
        return value
    raise NumberError(f"{where}: {value!r} is not a number")


def exact_matrix(value: Any, where: str = "value") -> Matrix:
    """Return a list (a row) or a list of lists (rows) as an exact SymPy ``Matrix``.

    A flat list is one row, as the lecture writes ``X = [x1 x2]``.

    >>> exact_matrix([1.0, 0.5])
    Matrix([[1, 1/2]])
    >>> exact_matrix([[1, 2], [3]], where="W")
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: W: row 1 has 1 entries but row 0 has 2
    """
    if isinstance(value, MatrixBase):
        return Matrix(value.shape[0], value.shape[1], [exact(v, where) for v in value])
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or len(value) == 0:
        raise NumberError(f"{where}: expected a non-empty list of numbers, got {value!r}")
    if all(isinstance(row, (list, tuple)) for row in value):
        width = len(value[0])
        if width == 0:
            raise NumberError(f"{where}: row 0 is empty")
        rows = []
        for i, row in enumerate(value):
            if len(row) != width:
                raise NumberError(f"{where}: row {i} has {len(row)} entries but row 0 has {width}")
            rows.append([exact(v, f"{where}[{i}][{j}]") for j, v in enumerate(row)])
        return Matrix(rows)
    if any(isinstance(row, (list, tuple)) for row in value):
        raise NumberError(f"{where}: mixes numbers and lists; write a list of rows or one row")
    return Matrix([[exact(v, f"{where}[{j}]") for j, v in enumerate(value)]])


def fraction(value: Any, where: str = "value") -> Fraction:
    """Return ``value`` as an exact ``Fraction`` (a float by its repr: 0.1 is 1/10), quickly.

    >>> fraction(0.1), fraction(Decimal("2.5")), fraction("3/10")
    (Fraction(1, 10), Fraction(5, 2), Fraction(3, 10))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal) and value.is_finite() and \
            abs(value.adjusted()) <= MAX_EXPONENT and len(value.as_tuple().digits) <= MAX_EXPONENT:
        return Fraction(value)
    if isinstance(value, int) and not isinstance(value, bool) and \
            value.bit_length() <= MAX_BITS:
        return Fraction(value)
    q = exact(value, where)
    if not q.is_Rational:
        text = str(value)
        shown = text if len(text) <= 60 else text[:40] + " ... " + text[-12:]
        raise NumberError(f"{where}: {shown} is not a rational number")
    return Fraction(int(q.p), int(q.q))


def exact_array(value: Any, where: str = "value") -> np.ndarray:
    """Return a list (one row) or a list of rows as a 2-D NumPy array of exact Fractions,
    each entry checked (the message names the entry).

    >>> exact_array([[0.1, 2], [3, 4]])[0, 0], exact_array([1.0, 0.5]).shape
    (Fraction(1, 10), (1, 2))
    >>> exact_array([[1, 2], [3]], where="W")
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: W: row 1 has 1 entries but row 0 has 2
    """
    if isinstance(value, MatrixBase):
        value = value.tolist()
    if isinstance(value, np.ndarray):
        if value.ndim not in (1, 2) or value.size == 0:
            raise NumberError(f"{where}: expected one row or a table of rows of numbers")
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or len(value) == 0:
        raise NumberError(f"{where}: expected a non-empty list of numbers, got "
                          f"{type(value).__name__}")
    table = all(isinstance(row, (list, tuple)) for row in value)
    if not table and any(isinstance(row, (list, tuple)) for row in value):
        raise NumberError(f"{where}: mixes numbers and lists; write a list of rows or one row")
    rows = value if table else [value]
    width = len(rows[0])
    if width == 0:
        raise NumberError(f"{where}: row 0 is empty")
    out = np.empty((len(rows), width), dtype=object)
    for i, row in enumerate(rows):
        if len(row) != width:
            raise NumberError(f"{where}: row {i} has {len(row)} entries but row 0 has {width}")
        for j, v in enumerate(row):
            out[i, j] = fraction(v, f"{where}[{i}][{j}]" if table else f"{where}[{j}]")
    return out


def no_strings(value: Any, where: str = "value") -> Any:
    """Return ``value`` with every string in it (alone, in lists, tuples or object arrays)
    read as an exact number, or raise: a string never reaches SymPy's parser, which runs code.

    Expressions are read by symnn's own whitelist parser: ``symnn.expression("x + 1")``.

    >>> no_strings(["0.5", 1])
    [1/2, 1]
    >>> no_strings("__import__('os')", "sigmoid")
    Traceback (most recent call last):
    ...
    symnn.errors.NumberError: sigmoid: got the string "__import__('os')", which is not a \
number (read an expression with symnn.expression("..."))
    """
    if isinstance(value, str):
        try:
            return exact(value, where)
        except NumberError:
            shown = value if len(value) <= 60 else value[:57] + "..."
            raise NumberError(f"{where}: got the string {_quoted(shown)}, which is not a "
                              "number (read an expression with symnn.expression(\"...\"))"
                              ) from None
    if isinstance(value, (list, tuple)):
        return type(value)(no_strings(v, where) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        if value.dtype.kind != "O":
            raise NumberError(f"{where}: got an array of strings, not numbers")
        out = np.empty(value.shape, dtype=object)
        for index, v in np.ndenumerate(value):
            out[index] = no_strings(v, where) if isinstance(v, str) else v
        return out
    return value


def _quoted(text: str) -> str:
    from symnn.errors import visible

    return '"' + visible(text).replace('"', '\\"') + '"'


def decimal(value: Any, digits: int = 10) -> str:
    """Return ``value`` as a decimal string with ``digits`` significant digits, zeros trimmed.

    >>> decimal(Rational(3, 10)), decimal(sympy.exp(1), 5), decimal(220)
    ('0.3', '2.7183', '220')
    """
    value = sympy.sympify(no_strings(value, "decimal"))
    if value.is_Integer:
        return str(value)
    text = str(evaluate(value, digits))
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def evaluate(value: Any, digits: int = 15) -> sympy.Float:
    """Return ``value`` as a SymPy Float of ``digits`` significant digits.

    Exact results of deep networks share subexpressions many times over, which plain ``evalf``
    walks again at every use; here each distinct subexpression is evaluated once, with 15
    guard digits.

    >>> evaluate(1 / (1 + sympy.exp(-Rational(3, 10))), 8)
    0.57444252
    """
    value = sympy.sympify(no_strings(value, "evaluate"))
    precision = digits + 15
    known: dict = {}

    def walk(e: Any) -> Any:
        if e in known:
            return known[e]
        if not e.args or e.is_Number:
            result = sympy.N(e, precision)
        else:
            result = e.func(*(walk(a) for a in e.args))
            if not result.is_Float:
                result = sympy.N(result, precision)
        known[e] = result
        return result

    if value.free_symbols:
        return sympy.N(value, digits)
    return sympy.N(walk(value), digits)


def terminating_decimal(value: Any, digits: int = 10) -> str | None:
    """Return a rational as a decimal string when that decimal is exact, else None.

    >>> terminating_decimal(Rational(11, 5)), terminating_decimal(Rational(1, 3))
    ('2.2', None)
    """
    value = sympy.sympify(no_strings(value, "terminating_decimal"))
    if not value.is_Rational:
        return None
    text = decimal(value, digits)
    mantissa, e, power = text.partition("e")
    if e and "." in mantissa:  # 1.00000000000000e-8 is 1e-8
        text = mantissa.rstrip("0").rstrip(".") + e + power
    return text if Rational(text) == value else None


def bracketed(value: Any, entry: Callable[[Any], str]) -> str:
    """Return a row as [a, b], a matrix as [[a, b], [c, d]], a number as entry(number).

    A NumPy array (of Values, say) is written the same way.

    >>> bracketed(Matrix([[1, 2], [3, 4]]), str), bracketed(Matrix([[1, 2]]), str)
    ('[[1, 2], [3, 4]]', '[1, 2]')
    """
    if isinstance(value, np.ndarray):
        table = value.reshape(1, -1) if value.ndim == 1 else value
        rows = ["[" + ", ".join(entry(v) for v in row) + "]" for row in table]
        return rows[0] if len(rows) == 1 else "[" + ", ".join(rows) + "]"
    if not isinstance(value, MatrixBase):
        return entry(value)
    rows = ["[" + ", ".join(entry(v) for v in value.row(i)) + "]" for i in range(value.rows)]
    return rows[0] if value.rows == 1 else "[" + ", ".join(rows) + "]"


def show(value: Any, digits: int = 10) -> str:
    """Return ``value`` exactly and, where that is not already a plain decimal, approximately.

    >>> show(Rational(3, 10)), show(Rational(1, 3), 4), show(2)
    ('3/10 = 0.3', '1/3 ≈ 0.3333', '2')
    """
    value = sympy.sympify(no_strings(value, "show"))
    text = decimal(value, digits)
    if str(value) == text:
        return text
    sign = "=" if Rational(text) == value else "≈"
    return f"{value} {sign} {text}"


def to_data(value: Any, exact_strings: bool = False, rows: bool = False) -> Any:
    """Return numbers (or matrices, lists, dicts of them) as JSON data: floats or exact strings.

    A matrix of one row becomes a flat list, the shape the user wrote it in, unless ``rows``
    asks for every matrix as a list of rows.

    >>> to_data(Matrix([[Rational(3, 10), 1]])), to_data(Matrix([[1]]), rows=True)
    ([0.3, 1.0], [[1.0]])
    >>> to_data({"y": Rational(1, 3)}, exact_strings=True)
    {'y': '1/3'}
    """
    if isinstance(value, dict):
        return {k: to_data(v, exact_strings, rows) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v, exact_strings, rows) for v in value]
    if isinstance(value, MatrixBase):
        table = [[to_data(v, exact_strings) for v in value.row(i)] for i in range(value.rows)]
        return table[0] if value.rows == 1 and not rows else table
    if value is None or isinstance(value, (bool, str)):
        return value
    value = sympy.sympify(no_strings(value, "to_data"))
    if value.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise NumberError(f"{value} is not a finite number")
    if exact_strings:
        return exact_text(value)
    return float(evaluate(value, 17))


def exact_text(value: Any) -> str:
    """Return the exact value in SymPy syntax, terms in SymPy's order where that is cheap.

    Ordering the terms of a deep exact result means evaluating them numerically, again and
    again; past a size the terms are printed in the order they are stored.

    >>> exact_text(Rational(3, 10))
    '3/10'
    """
    value = sympy.sympify(no_strings(value, "exact_text"))
    try:
        if sympy.count_ops(value) < 40:
            return str(value)
        return sympy.sstr(value, order="none")
    except ValueError:  # Python's guard on printing integers of over 4300 digits
        raise NumberError("an exact number has over 4300 digits, too many to print; "
                          "show decimals instead") from None
