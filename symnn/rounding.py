"""Values against numbers as a person writes them: rounded to the decimals shown, or equal.

>>> from symnn.values import Value, sigmoid
>>> agrees(sigmoid(Value(0.3)), "0.5744"), fixed(Value(1) / 3, 4)
(True, '0.3333')
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy

from symnn import intervals
from symnn.arrays import value_of as value
from symnn.errors import NumberError
from symnn.values import MAX_BITS, START_BITS, Value, exp, sigmoid  # noqa: F401


def agrees(number: Any, written: str) -> bool:
    """Return whether ``written`` is ``number`` rounded to as many decimals as it shows.

    A number written with k decimals agrees when it lies within half a unit of its last
    digit, by exact arithmetic: at a tie (0.25 written as 0.2 or 0.3) both neighbours agree.
    The comparison uses as many digits as it takes, never a fixed 30.

    >>> z = sigmoid(Value(0.3))
    >>> agrees(z, "0.5744"), agrees(z, "0.57444252"), agrees(z, "0.5745")
    (True, True, False)
    >>> agrees(Fraction(1, 4), "0.2"), agrees(Fraction(1, 4), "0.3"), agrees(Fraction(1, 4), "0.4")
    (True, True, False)
    """
    text = str(written).strip()
    try:
        exponent = Decimal(text).as_tuple().exponent
    except ArithmeticError:
        raise NumberError(f"{written!r} is not a number") from None
    if not isinstance(exponent, int):
        raise NumberError(f"{written!r} is not a finite number")
    half_unit = Fraction(1, 2) * Fraction(10) ** exponent
    margin = Value(half_unit) - abs(value(number) - Value(text))
    return margin.sign("the distance to the written number") >= 0


def equal(a: Any, b: Any) -> bool:
    """Return whether two values are equal: exactly for rationals, by their digits when they
    differ, and by their closed forms (SymPy) when their digits agree as far as symnn looks.

    >>> equal(sigmoid(Value(0.3)), 1 / (1 + exp(Value(-0.3)))), equal(Value(1) / 3, Value(0.3))
    (True, False)
    """
    a, b = value(a), value(b)
    difference = a - b
    if difference.exact is not None:
        return difference.exact == 0
    if _quick_sign(difference) != 0:  # a quick look first: most unequal values differ early
        return False
    fa, fb = a.form(limit=400), b.form(limit=400)
    if fa is not None and fb is not None and (fa - fb == 0 or sympy.expand(fa - fb) == 0):
        return True
    return difference.sign("the difference of the value and the claim") == 0


def _quick_sign(v: Value) -> int:
    box = v.box(4 * START_BITS)
    return 1 if intervals.is_positive(box) else -1 if intervals.is_negative(box) else 0


def fixed(number: Any, places: int) -> str:
    """Return the value rounded (half to even) to ``places`` decimals, every digit certain.

    >>> fixed(Value(1) / 3, 4), fixed(sigmoid(Value(0.3)), 6), fixed(Value(2.5), 0)
    ('0.3333', '0.574443', '2')
    """
    v = value(number)
    scale = 10 ** places
    if v.exact is not None:
        return _fixed_text(round(v.exact * scale), places)
    bits = max(v._bits, START_BITS)
    while True:
        lo, hi = intervals.ends(v.box(bits))
        low, high = round(lo * scale), round(hi * scale)
        if low == high or bits >= MAX_BITS:
            return _fixed_text(low, places)
        bits *= 2


def _fixed_text(n: int, places: int) -> str:
    sign = "-" if n < 0 else ""
    digits = str(abs(n)).rjust(places + 1, "0")
    return sign + (digits[:-places] + "." + digits[-places:] if places else digits)
