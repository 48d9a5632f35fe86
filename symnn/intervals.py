"""Intervals that certainly hold a number: mpmath's interval arithmetic, rounded outwards.

An interval ("box") is a pair of binary floating-point numbers (mpmath's raw ``mpf`` tuples) at
a given precision in bits.  These are the enclosures :mod:`symnn.values` computes with, one rule
per function, and the decimal text of a number that is known to lie inside one.

>>> box = box_of(Fraction(3, 10), 64)
>>> is_positive(box), text(box[0], 5)
(True, '0.3')
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import Any

from mpmath.libmp import (
    from_int,
    from_man_exp,
    from_rational,
    libmpi,
    mpf_lt,
    mpf_neg,
    round_ceiling,
    round_floor,
    to_str,
)
from mpmath.libmp import to_rational as mpf_to_rational

from symnn.errors import NumberError

ONE = (from_int(1), from_int(1))
TWO = (from_int(2), from_int(2))


def box_of(q: Fraction, bits: int) -> tuple:
    """Return the narrowest interval of ``bits``-bit binary numbers around the rational q."""
    return (from_rational(q.numerator, q.denominator, bits, round_floor),
            from_rational(q.numerator, q.denominator, bits, round_ceiling))


def is_positive(box: tuple) -> bool:
    """Return whether every number in the interval is > 0."""
    return mpf_lt(from_int(0), box[0])


def is_negative(box: tuple) -> bool:
    """Return whether every number in the interval is < 0."""
    return mpf_lt(box[1], from_int(0))


def ends(box: tuple) -> tuple[Fraction, Fraction]:
    """Return the interval's two ends as exact rationals."""
    return Fraction(*mpf_to_rational(box[0])), Fraction(*mpf_to_rational(box[1]))


def exp_box(boxes: list, argument: Any, bits: int) -> tuple:
    """exp is increasing: the interval of its values on an interval."""
    return libmpi.mpi_exp(boxes[0], bits)


def _past(box: tuple, bits: int) -> int:
    """1 when every x in the box is over ``bits`` (so exp(-x) < 2^-(bits + 2)), -1 when every
    x is under -bits, else 0: where sigmoid and tanh are 1 (or 0, -1) to every bit asked."""
    edge = from_int(bits)
    return 1 if mpf_lt(edge, box[0]) else -1 if mpf_lt(box[1], mpf_neg(edge)) else 0


def _below_one(bits: int) -> tuple:
    """The interval [1 - 2^-bits, 1]."""
    return (from_man_exp((1 << bits) - 1, -bits), from_int(1))


def sigmoid_box(boxes: list, argument: Any, bits: int) -> tuple:
    """1 / (1 + exp(-x)): x used once, so the interval is as narrow as the input allows.

    For x over ``bits`` the value is within 2^-bits of 1 (1 - sigmoid(x) < exp(-x)), which is
    the interval returned: exp of a huge argument would cost minutes and add no bit.
    """
    if _past(boxes[0], bits) == 1:
        return _below_one(bits)
    e = libmpi.mpi_exp(libmpi.mpi_neg(boxes[0]), bits + 10)
    return libmpi.mpi_div(ONE, libmpi.mpi_add(ONE, e, bits + 10), bits)


def tanh_box(boxes: list, argument: Any, bits: int) -> tuple:
    """tanh x = 1 - 2 / (1 + exp(2x)), x used once; within 2^-bits of ±1 past ±bits."""
    side = _past(boxes[0], bits)
    if side:
        lo, hi = _below_one(bits)
        return (lo, hi) if side == 1 else (mpf_neg(hi), mpf_neg(lo))
    e = libmpi.mpi_exp(libmpi.mpi_mul(TWO, boxes[0]), bits + 10)
    return libmpi.mpi_sub(ONE, libmpi.mpi_div(TWO, libmpi.mpi_add(ONE, e, bits + 10),
                                              bits + 10), bits)


def power_box(boxes: list, argument: Fraction, bits: int) -> tuple:
    """x^n for a whole n; x^(p/q) = exp((p/q) log x) for x > 0 (checked by the caller)."""
    if argument.denominator == 1:
        return libmpi.mpi_pow_int(boxes[0], int(argument), bits)
    e = box_of(argument, bits + 20)
    return libmpi.mpi_exp(libmpi.mpi_mul(e, libmpi.mpi_log(boxes[0], bits + 20), bits + 20),
                          bits)


def digits_of(bits: int) -> int:
    """Return about how many decimal digits ``bits`` bits hold."""
    return int(bits / 3.3219)


def check_digits(digits: Any) -> int:
    """Return ``digits`` if it is a whole number of digits symnn can show, else an error."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 1000:
        raise NumberError(f"digits must be a whole number from 1 to 1000, got {digits!r}")
    return digits


def tidy(text: str) -> str:
    """Drop zeros after the point, and the point itself when nothing follows: 220.0 -> 220."""
    mantissa, e, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return mantissa + (f"e{exponent}" if e else "")


def text(x: tuple, digits: int) -> str:
    """Return an mpf to ``digits`` significant digits: fixed from 1e-5 to 1e16, else 1.2e+20."""
    return tidy(to_str(x, digits, min_fixed=-5, max_fixed=16))


def fraction_text(q: Fraction, digits: int) -> str:
    """q rounded half-even to ``digits`` significant digits, written as text writes."""
    if q == 0:
        return "0"
    if q.denominator == 1 and len(str(abs(q.numerator))) <= digits:
        return str(q.numerator)
    context = Context(prec=digits, rounding=ROUND_HALF_EVEN, Emax=10**9, Emin=-10**9)
    d = context.divide(Decimal(q.numerator), Decimal(q.denominator))
    exponent = d.adjusted()
    if -5 <= exponent < 16:
        text = format(d, "f")
    else:
        text = format(d, "e").replace("E", "e")
        mantissa, _, power = text.partition("e")
        text = f"{mantissa}e{int(power):+d}".replace("e+", "e+")
    return tidy(text)
