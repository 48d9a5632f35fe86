"""The gradient of an expression a user types: value, every partial derivative symbolically,
exactly at the point and as a decimal, each checked against a central difference.

>>> g = grad("(x + y)**2", {"x": 1, "y": 2})
>>> g.value, g.symbolic["x"], g.exact["x"], g.check.ok
(Value(9), 2*x + 2*y, Value(6), True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Expr, MatrixBase

from symnn import arrays, values
from symnn.errors import NumberError, ParseError
from symnn.expression import SCALAR_FUNCTIONS, expression
from symnn.numbers import exact
from symnn.numeric import DEFAULT_ATOL, DEFAULT_RTOL, GradCheck, check_expression
from symnn.parse import parse

GRAD_FUNCTIONS = (*SCALAR_FUNCTIONS, "mse", "half_sse", "cross_entropy")


@dataclass(frozen=True)
class Gradient:
    """An expression's value and partial derivatives at a point, with their numerical check.

    ``value`` and ``exact`` hold :class:`~symnn.values.Value` numbers: exact where rational,
    else known to every digit asked for, with their closed forms on request.
    """

    expression: Expr
    point: dict[str, Expr]
    value: values.Value
    symbolic: dict[str, Expr]
    exact: dict[str, values.Value]
    check: GradCheck

    @property
    def numeric(self) -> dict[str, float]:
        """Return the central-difference derivative of each variable."""
        return {row.name: row.numeric for row in self.check.rows}

    def to_dict(self, exact_strings: bool = False) -> dict[str, Any]:
        """Return ``{"value", "gradient", "numeric"}`` as JSON data (floats, or exact strings)."""
        return {
            "value": arrays.data(self.value, exact_strings),
            "gradient": arrays.data(self.exact, exact_strings),
            "numeric": {row.name: row.numeric if math.isfinite(row.numeric)
                        else row.numeric_text for row in self.check.rows},
        }


def grad(text: str, at: Mapping[str, Any], h: float | None = None,
         atol: float = DEFAULT_ATOL, rtol: float = DEFAULT_RTOL) -> Gradient:
    """Return the gradient of the expression ``text`` at the point ``at`` (name -> number).

    Every name in the expression needs a value, and every value a name in the expression.
    ``h`` is the relative step of the numerical check (automatic when None).

    >>> grad("x * y", {"x": 3})
    Traceback (most recent call last):
    ...
    symnn.errors.ParseError: no value given for 'y' (use --at y=...)
    """
    names = sorted(parse(text).names())
    for name in names:
        if name not in at:
            raise ParseError(f"no value given for {name!r} (use --at {name}=...)")
    for name in at:
        if name not in names:
            raise ParseError(f"a value is given for {name!r}, which the expression does not use")
    point = {name: exact(at[name], f"value of {name}") for name in names}
    expr = expression(text, functions=GRAD_FUNCTIONS)
    if isinstance(expr, MatrixBase):
        raise ParseError("the expression gives a vector; grad needs a single number")
    symbols = {name: sympy.Symbol(name) for name in names}
    at_values = {symbols[n]: values.Value(point[n]) for n in names}
    symbolic = {n: sympy.diff(expr, symbols[n]) for n in names}
    try:
        value = arrays.from_expr(expr, at_values)
    except NumberError as e:
        raise ParseError(f"the value cannot be computed at this point: {e}") from None
    at_point = {}
    for n, d in symbolic.items():
        try:
            at_point[n] = arrays.from_expr(d, at_values)
        except NumberError as e:
            raise ParseError(f"df/d{n} cannot be computed at this point: {e}") from None
    check = check_expression(expr, point, h, atol, rtol)
    return Gradient(expr, point, value, symbolic, at_point, check)
