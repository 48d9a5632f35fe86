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
from sympy.printing.precedence import PRECEDENCE

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
    parsed = []
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
        # Padded to the line's own columns, so an error's column is the line's.
        parsed.append((f"line {n}", name, " " * (len(before) + 1) + expression))
    return _worked({}, parsed, digits, Symbol)


def work(given: dict[str, Any], lines: list[tuple[str, str]], digits: int = 4,
         symbols: dict[str, str] | None = None) -> Calculation:
    """Return the hand calculation of ``lines`` (name, expression) over the ``given`` values
    (numbers, vectors as lists, matrices as lists of rows), each name written as its
    ``symbols`` entry (LaTeX, like ``W^{(1)}``) where it has one.

    >>> calc = work({"X": [[1, 2]], "W": [[1, 2, 3], [4, 5, 6]]}, [("A", "X @ W")],
    ...             symbols={"W": "W^{(1)}"})
    >>> print(calc)
    A = X*W^{(1)} = [1, 2] @ [[1, 2, 3], [4, 5, 6]] = [9, 12, 15]
    """
    evaluator = Evaluator(given)
    names = symbols or {}
    rows = [(f"{name} = {text}", name, text) for name, text in lines]
    return _worked(dict(evaluator.values), rows, digits, lambda n: Symbol(names.get(n, n)))


def _worked(known: dict[str, Any], rows: list[tuple[str, str, str]], digits: int,
            symbol: Any) -> Calculation:
    """Each row (where, name, expression) computed with the names known before it, written
    out with ``symbol`` for each name and again with the numbers put in."""
    lines = []
    with values.budget(WORK, "this calculation"):
        for where, name, expression in rows:
            try:
                tree = parse(expression)
                value = Evaluator(known).evaluate(tree)

                def vector(t: Tree) -> bool:
                    v = Evaluator(known).evaluate(t)
                    return isinstance(v, np.ndarray) and v.size > 1

                formula = _term(_written(tree, symbol, vector))
                substituted = _term(_written(tree, lambda leaf: _number(known[leaf], digits),
                                             vector)) \
                    if tree.names() and not _has_diff(tree) else None
            except SymnnError as e:
                raise type(e)(f"{where}: {e.message}") from None
            known[name] = value
            lines.append(Line(name, expression.strip(), formula, substituted, value))
    return Calculation(tuple(lines), digits, known)


def written_expression(text: str) -> Any:
    r"""Return an expression of symnn's syntax as written, for showing it (nothing computed).

    >>> from symnn.render.printer import latex
    >>> latex(written_expression("diff(E, w5)")), latex(written_expression("sigmoid(X @ W1)"))
    ('\\frac{\\partial E}{\\partial w_{5}}', '\\sigma\\left(X\\,W^{(1)}\\right)')
    """
    return _term(_written(parse(text), Symbol))


def _has_diff(tree: Tree) -> bool:
    """Whether the tree takes a derivative (there are no numbers to put into d/dw)."""
    return (tree.kind == "call" and tree.value == "diff") or \
        any(_has_diff(a) for a in tree.args if isinstance(a, Tree))


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


class _Partial(sympy.Expr):
    """d f / d x as written: the partial derivative of a name by a name."""

    def _latex(self, printer: Any) -> str:
        top, bottom = (printer._print(a) for a in self.args)
        return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"

    def _sympystr(self, printer: Any) -> str:
        return "d{}/d{}".format(*(printer._print(a) for a in self.args))


class _Sum(sympy.Expr):
    """The sum of a vector's entries."""

    def _latex(self, printer: Any) -> str:
        inner = self.args[0]
        body = printer._print(inner)
        return rf"\sum \left({body}\right)" if isinstance(inner, (sympy.Add, sympy.Mul,
                                                                   _Hadamard)) \
            else rf"\sum {body}"

    def _sympystr(self, printer: Any) -> str:
        return f"sum({printer._print(self.args[0])})"


class _Transposed(sympy.Expr):
    """A matrix transposed, M^T."""

    def _latex(self, printer: Any) -> str:
        inner = printer._print(self.args[0])
        wrap = not (self.args[0].is_Symbol or isinstance(self.args[0], sympy.MatrixBase))
        if wrap:
            inner = rf"\left({inner}\right)"
        elif "^" in inner:
            inner = f"{{{inner}}}"  # W^{(2)} transposed: {W^{(2)}}^T, one superscript each
        return inner + r"^{\top}"

    def _sympystr(self, printer: Any) -> str:
        return f"T({printer._print(self.args[0])})"


class _Hadamard(sympy.Expr):
    """An entry-by-entry product of two arrays, a ∘ b (NumPy's *)."""

    precedence = PRECEDENCE["Mul"]

    def _latex(self, printer: Any) -> str:
        return r" \circ ".join(printer._print(a) for a in self.args)

    def _sympystr(self, printer: Any) -> str:
        return "*".join(printer._print(a) for a in self.args)


class _Combined(sympy.Expr):
    """a + b or a - b of arrays, in the order written (SymPy would put a number first)."""

    precedence = PRECEDENCE["Add"]  # (y - t)**2 keeps its brackets

    def _latex(self, printer: Any) -> str:
        left, right, op = self.args
        inner = printer._print(right)
        if str(op) == "-" and isinstance(right, (sympy.Add, _Combined)):
            inner = rf"\left({inner}\right)"
        return f"{printer._print(left)} {op} {inner}"

    def _sympystr(self, printer: Any) -> str:
        left, right, op = self.args
        return f"{printer._print(left)} {op} {printer._print(right)}"


class _Product(sympy.Expr):
    """A matrix product of arrays written side by side, [1 2] [[1 2 3], [4 5 6]]."""

    precedence = PRECEDENCE["Mul"]

    def _latex(self, printer: Any) -> str:
        return r"\,".join(rf"\left({printer._print(a)}\right)" if isinstance(a, sympy.Add)
                          else printer._print(a) for a in self.args)

    def _sympystr(self, printer: Any) -> str:
        return " @ ".join(printer._print(a) for a in self.args)


# How a function applied to a whole array is written (entry by entry).
_APPLIED = {"relu": r"\operatorname{ReLU}", "sigmoid": r"\sigma", "step": "h", "tanh": r"\tanh",
            "exp": r"\exp", "log": r"\log", "sqrt": r"\sqrt", "softmax": r"\operatorname{softmax}",
            "leaky_relu": r"\operatorname{LeakyReLU}", "identity": r"\operatorname{id}"}


class _Applied(sympy.Expr):
    """A function applied to an array, entry by entry: ReLU([1 -2])."""

    def _latex(self, printer: Any) -> str:
        name = _APPLIED.get(str(self.args[0]), rf"\operatorname{{{self.args[0]}}}")
        return rf"{name}\left({printer._print(self.args[1])}\right)"

    def _sympystr(self, printer: Any) -> str:
        return f"{self.args[0]}({printer._print(self.args[1])})"


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


def _written(tree: Tree, leaf: Any, vector: Any = None) -> Any:
    """The expression as written (nothing reordered or evaluated); names become ``leaf``.
    ``vector(subtree)`` says where an array is: a product of two arrays is written a ∘ b."""
    kind = tree.kind
    if kind == "number":
        return _shown(sympy.Rational(tree.value))
    if kind == "name":
        return leaf(tree.value)
    if kind == "call" and tree.value == "diff" and len(tree.args) == 2:
        return _Partial(*(_written(a, Symbol, vector) for a in tree.args))
    args = [_written(a, leaf, vector) for a in tree.args]
    if kind == "*" and vector is not None and all(vector(a) for a in tree.args):
        left = args[0].args if isinstance(args[0], _Hadamard) else (args[0],)
        return _Hadamard(*left, args[1])
    if kind == "*" and vector is not None and any(vector(a) for a in tree.args):
        return _Product(*args)  # a number times an array: 0.1 [[35], [7]], not its value
    if kind == "call" and tree.value == "sum" and len(args) == 1:
        return _Sum(args[0])
    if kind == "call" and tree.value == "T" and len(args) == 1:
        return _Transposed(args[0])
    if kind in ("+", "-") and vector is not None and any(vector(a) for a in tree.args):
        return _Combined(args[0], _term(args[1]), sympy.Symbol(kind))  # [0 3 1] - 3, as written
    if kind == "call" and len(args) == 1 and vector is not None and vector(tree.args[0]):
        return _Applied(sympy.Symbol(tree.value), _term(args[0]))  # exp(a - max a), entrywise
    if kind == "neg":
        return _shown(-args[0]) if args[0].is_Number else _Negative(args[0])
    if kind == "+":
        return sympy.Add(*_terms(args[0]), _term(args[1]), evaluate=False)
    if kind == "-":
        right = args[1]
        minus = -right if right.is_Number else sympy.Mul(-1, right, evaluate=False)
        return sympy.Add(*_terms(args[0]), minus, evaluate=False)
    if kind == "@" and any(isinstance(a, (sympy.MatrixBase, _Transposed)) for a in args):
        return _Product(*args)  # [1 2] [[1 2 3], [4 5 6]] written side by side, not its value
    if kind in ("*", "@"):  # x*x*x as one product, not (x*x)*x
        left = args[0].args if isinstance(args[0], sympy.Mul) else (args[0],)
        return sympy.Mul(*left, args[1], evaluate=False)
    if kind == "/":
        return _Over(*args)
    if kind == "**":
        return sympy.Pow(*args, evaluate=False)
    if kind == "call":
        shown = _SHOWN.get(tree.value)
        if len(args) == 1 and isinstance(args[0], sympy.MatrixBase):
            return _Applied(sympy.Symbol(tree.value), args[0])  # ReLU([1 -2]), kept unevaluated
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
    if isinstance(v, np.ndarray):  # no brackets around a negative entry of a matrix
        return sympy.ImmutableMatrix(v.shape[0], v.shape[1],
                                     [_term(_number(x, digits)) for x in v.ravel()])
    if v.exact is not None:
        q = sympy.Rational(v.exact.numerator, v.exact.denominator)
        from symnn.numbers import terminating_decimal

        if terminating_decimal(q, 15) is not None or max(len(str(abs(q.p))), len(str(q.q))) <= 3:
            return _shown(q)  # 0.00124975 or 29/38 as they are; 4999/7996 as its decimal
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


__all__ = ["Calculation", "Line", "calculate", "work", "written_expression"]
