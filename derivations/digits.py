"""How many significant digits the lecture's pages show: 4 unless ``symnn build --digits N``.

A class reads 0.5744 from the back row, not 0.57444252.  The lecture's own eight decimals
appear only where one of its printed values is quoted or corrected; a fraction stays exact only
when it is short (at most two digits over at most two digits), else its decimal is shown.

>>> from sympy import Rational, Symbol
>>> from symnn.values import Value, sigmoid
>>> from symnn.render.printer import text
>>> text(approx(Symbol("z"), sigmoid(Value(0.3))).rhs), text(short(Rational(13, 150)))
('0.5744', '0.08667')
>>> text(short(Rational(-4, 15))), text(short(Rational(11, 10)))
('-4/15', '1.1')
>>> with showing(6):
...     text(approx(Symbol("z"), sigmoid(Value(0.3))).rhs)
'0.574443'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from typing import Any

import sympy

from symnn import arrays
from symnn.derivation import Step, Text
from symnn.derive import number, written_step
from symnn.errors import SymnnError

DEFAULT = 4
_DIGITS: ContextVar[int] = ContextVar("digits", default=DEFAULT)


def digits() -> int:
    """Return the significant digits the pages show now."""
    return _DIGITS.get()


@contextmanager
def showing(n: int) -> Iterator[None]:
    """Show ``n`` significant digits (2 to 12) on the pages built inside the block."""
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 12:
        raise SymnnError(f"--digits: expected a whole number from 2 to 12, got {n!r}")
    token = _DIGITS.set(n)
    try:
        yield
    finally:
        _DIGITS.reset(token)


def decimal(value: Any) -> str:
    """Return a value (a Value, SymPy or Python number) to the pages' significant digits."""
    return arrays.value_of(value).decimal(digits())


def short(value: Any) -> sympy.Expr:
    """Return a number as a page shows it: exact when short (an integer, an ending decimal of
    at most the pages' digits, or p/q with at most two digits each), else its decimal."""
    v = arrays.value_of(value)
    if v.exact is not None:
        q = v.exact
        text = decimal(value)
        if Fraction(text) == q:
            return sympy.Rational(q.numerator, q.denominator)
        if abs(q.numerator) < 100 and q.denominator < 100:
            return sympy.Rational(q.numerator, q.denominator)
    return number(decimal(value))


def approx(lhs: Any, value: Any, reason: str | Text = "numeric",
           note: Text | None = None) -> Step:
    """Return ``lhs ≈ value`` to the pages' significant digits (a Value, an array of Values or
    a SymPy number or matrix); ``=`` when every shown decimal is exact."""
    return written_step(lhs, value, lambda v: v.decimal(digits()), reason, note)
