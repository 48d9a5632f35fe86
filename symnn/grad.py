"""The gradient of an expression a user types: value, every partial derivative symbolically,
exactly at the point and as a decimal, each checked against a central difference.

>>> g = grad("(x + y)**2", {"x": 1, "y": 2})
>>> g.value, g.symbolic["x"], g.exact["x"], g.check.ok
(Value(9), 2*x + 2*y, Value(6), True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import Expr

from symnn import arrays, values
from symnn.display import Displayable
from symnn.errors import NumberError, ParseError
from symnn.expression import SCALAR_FUNCTIONS, as_written, point_values, scalar_expression
from symnn.numbers import exact
from symnn.numeric import DEFAULT_ATOL, DEFAULT_RTOL, GradCheck, check_expression

GRAD_FUNCTIONS = (*SCALAR_FUNCTIONS, "mse", "half_sse", "cross_entropy")


@dataclass(frozen=True, repr=False)
class Gradient(Displayable):
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
    written: dict[Expr, Expr] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        parts = ", ".join(f"d/d{k} ≈ {v.decimal(6)}" for k, v in self.exact.items())
        return f"Gradient({self.text(self.expression)}: f ≈ {self.value.decimal(6)}; {parts})"

    def shown(self, expr: Expr) -> Expr:
        """Return ``expr`` (the expression or a derivative) with every part of the user's
        expression in it in the order it was typed: sigmoid(w*x + b), not sigmoid(b + w*x).
        Print it with ``order="none"`` (symnn's printers do)."""
        return expr.xreplace(self.written) if self.written else expr

    def text(self, expr: Expr) -> str:
        """Return ``expr`` as text, the user's parts in the order typed.

        >>> g = grad("sigmoid(w*x + b)", {"w": 1, "x": 2, "b": 0})
        >>> g.text(g.expression), g.text(g.symbolic["b"])
        ('sigmoid(w*x + b)', '(1 - sigmoid(w*x + b))*sigmoid(w*x + b)')
        """
        return sympy.sstr(self.shown(expr), order="none")

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


def grad(expr: str | Expr, at: Mapping[Any, Any], h: float | None = None,
         atol: float = DEFAULT_ATOL, rtol: float = DEFAULT_RTOL) -> Gradient:
    """Return the gradient of ``expr`` (text or a SymPy expression) at the point ``at``.

    ``at`` maps each variable (its name or its SymPy symbol) to a number; every variable needs
    a value, and every value a variable.  ``h`` is the relative step of the numerical check
    (automatic when None).

    >>> x, y = sympy.symbols("x y")
    >>> grad(x**2 * y, {x: 3, y: 0.5}).exact
    {'x': Value(3), 'y': Value(9)}
    >>> grad("x * y", {"x": 3})
    Traceback (most recent call last):
    ...
    symnn.errors.ParseError: no value given for 'y'
    """
    text = expr if isinstance(expr, str) else None
    expr, names = scalar_expression(expr, GRAD_FUNCTIONS)
    given = point_values(at, names)
    point = {name: exact(given[name], f"value of {name}") for name in names}
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
    written = as_written(text, GRAD_FUNCTIONS) if text is not None else {}
    return Gradient(expr, point, value, symbolic, at_point, check, written)
