"""Hand calculations shown the way handcalcs shows them: each line's formula, the same formula
with the numbers put in, and the value, exactly and as a decimal.

A calculation is a few lines ``name = expression``; each expression may use the names of the
lines above it. Expressions are read by symnn's whitelist parser (never ``eval``), computed
exactly (:class:`~symnn.values.Value`), and kept in the order they were written. In Jupyter,
``%load_ext symnn`` adds the cell magic ``%%symnn`` (:mod:`symnn.magic`) that shows one.

>>> calc = calculate('''
... a = 2
... b = 1
... e = (a + b)*(b + 1)
... ''')
>>> print(calc)
a = 2
b = 1
e = (a + b)*(b + 1) = (2 + 1)*(1 + 1) = 6
>>> calc.values["e"]
Value(6)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import Symbol

from symnn import activations, values
from symnn.display import Displayable
from symnn.errors import ParseError, SymnnError, visible
from symnn.expression import FUNCTIONS, Evaluator
from symnn.numbers import exact_text
from symnn.parse import Tree, parse

MAX_LINES = 200
WORK = 2_000_000  # operations on values for one calculation
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Functions shown by their own notation (σ, ReLU, exp, √) when a line is written out.
_SHOWN = {"sigmoid": activations.sigmoid, "relu": activations.relu, "step": activations.step,
          "leaky_relu": activations.leaky_relu, "tanh": sympy.tanh, "exp": sympy.exp,
          "log": sympy.log, "sqrt": sympy.sqrt}


@dataclass(frozen=True, eq=False)
class Line:
    """One line: its ``name``, the ``formula`` as written, the formula with the numbers in
    (``substituted``, None where there is nothing to put in) and the ``value``."""

    name: str
    source: str
    formula: Any
    substituted: Any
    value: Any


@dataclass(frozen=True, eq=False, repr=False)
class Calculation(Displayable):
    """Lines of a hand calculation, in order; ``values`` maps each name to its value."""

    lines: tuple[Line, ...]
    digits: int = 4
    values: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "\n".join(self._text(line) for line in self.lines)

    def _text(self, line: Line) -> str:
        from symnn.render.printer import text

        parts = [line.name, text(line.formula)]
        if line.substituted is not None:
            parts.append(text(line.substituted))
        shown = _value_text(line.value, self.digits)
        if shown[1] != parts[-1]:
            parts.append(shown[1])
        out = " = ".join(parts)
        return out + (f" ≈ {shown[2]}" if shown[2] else "")

    def latex(self) -> str:
        """Return the lines as one LaTeX ``aligned`` block, a line each."""
        from symnn.render.printer import latex

        rows = []
        for line in self.lines:
            parts = [latex(line.formula)]
            if line.substituted is not None:
                parts.append(latex(line.substituted))
            tex, plain, approx = _value_latex(line.value, self.digits)
            if plain is not None and plain != parts[-1]:
                parts.append(tex)
            row = f"{latex(Symbol(line.name))} &= " + " = ".join(parts)
            rows.append(row + (rf" \approx {approx}" if approx else ""))
        return "\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def exact(self) -> dict[str, Any]:
        """Return each name's value as a SymPy number (its exact form where it is short,
        else a Float of 30 digits), as a notebook's variables after the cell."""
        out = {}
        for name, v in self.values.items():
            out[name] = _sympy(v)
        return out


def calculate(text: str, digits: int = 4) -> Calculation:
    """Return the hand calculation of ``text``: lines ``name = expression`` (blank lines and
    ``# comments`` skipped), each worked out with the lines above it; ``digits`` significant
    digits for the decimals.

    >>> print(calculate("w = 0.5\\nx = 1\\nb = -0.7\\ny = sigmoid(w*x + b)"))
    w = 0.5
    x = 1
    b = -0.7
    y = sigmoid(w*x + b) = sigmoid(0.5*1 - 0.7) = 1/(1 + exp(1/5)) ≈ 0.4502
    >>> calculate("x = __import__('os')")
    Traceback (most recent call last):
    ...
    symnn.errors.ParseError: line 1: column 5: a name may not start with an underscore: '__import__'
    """
    if not isinstance(text, str):
        raise ParseError(f"expected the lines of a calculation as text, got {type(text).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 30:
        raise ParseError(f"digits: a whole number from 1 to 30, got {digits!r}")
    rows = [(n, row.split("#", 1)[0].strip()) for n, row in enumerate(text.splitlines(), 1)]
    rows = [(n, row) for n, row in rows if row]
    if len(rows) > MAX_LINES:
        raise ParseError(f"{len(rows)} lines; a calculation has at most {MAX_LINES}")
    known: dict[str, Any] = {}
    lines = []
    with values.budget(WORK, "this calculation"):
        for n, row in rows:
            before, equals, expression = row.partition("=")
            name = before.strip()
            if not equals or expression.strip().startswith("="):
                raise ParseError(f"line {n}: write NAME = EXPRESSION, like e = (a + b)*(b + 1); "
                                 f"got {visible(row)!r}")
            if not _NAME.match(name):
                raise ParseError(f"line {n}: {visible(name)!r} is not a name (letters, digits "
                                 "and _, starting with a letter)")
            if name in FUNCTIONS or name == "diff":
                raise ParseError(f"line {n}: {name!r} is a function's name; choose another")
            try:
                # Padded to the line's own columns, so an error's column is the line's.
                tree = parse(" " * (len(before) + 1) + expression)
                value = Evaluator(known).evaluate(tree)
                formula = _term(_written(tree, lambda leaf: Symbol(leaf)))
                substituted = _term(_written(tree, lambda leaf: _number(known[leaf], digits))) \
                    if tree.names() else None
            except SymnnError as e:
                raise type(e)(f"line {n}: {e.message}") from None
            known[name] = value
            lines.append(Line(name, expression.strip(), formula, substituted, value))
    return Calculation(tuple(lines), digits, known)


class _Bracketed(sympy.Expr):
    """A negative number in brackets, as a product or a difference needs it: 0.5·(-1)."""

    def _latex(self, printer: Any) -> str:
        return rf"\left({printer._print(self.args[0])}\right)"

    def _sympystr(self, printer: Any) -> str:
        return f"({printer._print(self.args[0])})"


class _Negative(sympy.Expr):
    """-x as written: its own node, so -x*y stays -x*y (never -1*x*y)."""

    def _latex(self, printer: Any) -> str:
        inner = printer._print(self.args[0])
        return f"-\\left({inner}\\right)" if isinstance(self.args[0], sympy.Add) else \
            f"-{inner}"

    def _sympystr(self, printer: Any) -> str:
        inner = printer._print(self.args[0])
        return f"-({inner})" if isinstance(self.args[0], sympy.Add) else f"-{inner}"


class _Over(sympy.Expr):
    """a / b as written, never simplified (1/3 stays one over three)."""

    def _latex(self, printer: Any) -> str:
        top, bottom = (printer._print(a) for a in self.args)
        return rf"\frac{{{top}}}{{{bottom}}}"

    def _sympystr(self, printer: Any) -> str:
        top, bottom = self.args
        wrap = [isinstance(top, sympy.Add), not (bottom.is_Atom or isinstance(bottom, (
            _Bracketed, sympy.Function)))]
        return "/".join(f"({printer._print(a)})" if w else printer._print(a)
                        for a, w in zip(self.args, wrap))


def _written(tree: Tree, leaf: Any) -> Any:
    """The expression as written (nothing reordered or evaluated); names become ``leaf``."""
    kind = tree.kind
    if kind == "number":
        return _shown(sympy.Rational(tree.value))
    if kind == "name":
        return leaf(tree.value)
    args = [_written(a, leaf) for a in tree.args]
    if kind == "neg":
        return _shown(-args[0]) if args[0].is_Number else _Negative(args[0])
    if kind == "+":
        return sympy.Add(*_terms(args[0]), _term(args[1]), evaluate=False)
    if kind == "-":
        right = args[1]
        minus = -right if right.is_Number else sympy.Mul(-1, right, evaluate=False)
        return sympy.Add(*_terms(args[0]), minus, evaluate=False)
    if kind in ("*", "@"):  # x*x*x as one product, not (x*x)*x
        left = args[0].args if isinstance(args[0], sympy.Mul) else (args[0],)
        return sympy.Mul(*left, args[1], evaluate=False)
    if kind == "/":
        return _Over(*args)
    if kind == "**":
        return sympy.Pow(*args, evaluate=False)
    if kind == "call":
        shown = _SHOWN.get(tree.value)
        if shown is not None and len(args) == 1:
            return shown(_term(args[0]), evaluate=False)
        return sympy.Function(tree.value)(*args)
    raise ParseError(f"column {tree.column}: cannot write out {kind!r}")


def _term(x: Any) -> Any:
    """A term of a sum: a negative number needs no brackets there (1 - 0.7, not 1 + (-0.7))."""
    return x.args[0] if isinstance(x, _Bracketed) else x


def _terms(x: Any) -> tuple:
    """The terms of the sum on the left of + or -: a + b + c is one sum, not (a + b) + c."""
    return tuple(x.args) if isinstance(x, sympy.Add) else (_term(x),)


def _shown(q: Any) -> Any:
    """A number as written in a formula: a decimal where it ends (0.5, not 1/2), a negative
    one in brackets where a product or power needs them."""
    from symnn.derive import number
    from symnn.numbers import terminating_decimal

    text = terminating_decimal(q, 15) if q.is_Rational else None
    out = number(text) if text is not None else q
    return _Bracketed(out) if q.is_negative else out


def _number(v: Any, digits: int) -> Any:
    """A value put into a formula: exact where rational, else its decimal (a vector as a
    row)."""
    if isinstance(v, np.ndarray):
        return sympy.Matrix(v.shape[0], v.shape[1], [_number(x, digits) for x in v.ravel()])
    if v.exact is not None:
        return _shown(sympy.Rational(v.exact.numerator, v.exact.denominator))
    from symnn.derive import number

    text = v.decimal(digits)
    return _Bracketed(number(text)) if text.startswith("-") else number(text)


def _value_text(v: Any, digits: int) -> tuple[str, str, str]:
    """(exact form, what is written after '=', what after '≈') of a value, as text."""
    from symnn.numbers import bracketed

    if isinstance(v, np.ndarray):
        exact = [x.form(12) for x in v.ravel()]
        if all(x is not None and x.is_Rational for x in exact):
            text = bracketed(v, lambda x: _decimal_or_fraction(x.exact))
            return text, text, ""
        return "", "", bracketed(v, lambda x: x.decimal(digits))
    if v.exact is not None:
        text = _decimal_or_fraction(v.exact)
        approx = "" if Fraction(v.decimal(digits)) == v.exact else v.decimal(digits)
        return text, text, approx
    form = v.form(12)
    text = exact_text(form) if form is not None else ""
    approx = v.decimal(digits)
    return text, text, "" if approx == text else approx  # sqrt(2)*sqrt(2) = 2, not 2 ≈ 2


def _value_latex(v: Any, digits: int) -> tuple[str, str | None, str]:
    """(LaTeX of the exact value, its plain text to compare, LaTeX of the decimal)."""
    from symnn.render.printer import latex

    if isinstance(v, np.ndarray):
        text, plain, approx = _value_text(v, digits)
        if plain:
            return latex(sympy.Matrix(v.shape[0], v.shape[1], [x.form() for x in v.ravel()])), \
                plain, ""
        return "", None, latex(sympy.Matrix(v.shape[0], v.shape[1],
                                            [sympy.Float(x.decimal(digits), digits)
                                             for x in v.ravel()]))
    _, plain, approx = _value_text(v, digits)
    form = v.form(12)
    if form is None:
        return "", None, approx
    return latex(form), latex(form), approx


def _decimal_or_fraction(q: Fraction) -> str:
    from symnn.numbers import terminating_decimal

    r = sympy.Rational(q.numerator, q.denominator)
    return terminating_decimal(r, 15) or str(r)


def _sympy(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return sympy.Matrix(v.shape[0], v.shape[1], [_sympy(x) for x in v.ravel()])
    form = v.form(1000)
    return form if form is not None else sympy.Float(v.decimal(30), 30)


__all__ = ["Calculation", "Line", "calculate"]
