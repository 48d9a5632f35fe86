"""symnn's notation, through SymPy's own printers (LaTeX, and plain text for the terminal).

Layer symbols read as the lecture writes them: ``A1`` is A^{(1)}, ``a1_2`` is a^{(1)}_{2},
``W1_1_2`` (row 1, column 2 of W^(1)) is w^{(1)}_{21}, the weight into neuron 2 from input 1,
``delta2_1`` is δ^{(2)}_{1}; ``x1`` is x_{1}.  A rational whose
decimal ends is written as that decimal (0.7, as the lecture writes its weights; 1/3 stays a
fraction); words are upright and, given ``labels``, in the page's language; a case of a
piecewise function carries its condition in parentheses, as the lecture writes h(x).

>>> latex(sigmoid(Symbol("a1_2")))
'\\\\sigma\\\\left(a^{(1)}_{2}\\\\right)'
>>> latex(Symbol("W1_1_2") * Symbol("x_1")), latex(Rational(-7, 10)), latex(Rational(1, 3))
('w^{(1)}_{21}\\\\,x_{1}', '-0.7', '\\\\frac{1}{3}')
>>> text(Rational(11, 5)), text(sympy.exp(Rational(-3, 10)))
('2.2', 'exp(-0.3)')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import sympy
from sympy import Rational, Symbol
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from symnn.activations import relu, sigmoid, step
from symnn.numbers import terminating_decimal

_GREEK = {"delta": r"\delta", "theta": r"\theta", "alpha": r"\alpha", "sigma": r"\sigma",
          "eta": r"\eta", "varepsilon": r"\varepsilon"}
_LAYER_UNIT = re.compile(r"^([A-Za-z]+?)(\d+)_(\d+)(?:_(\d+))?(?:\[(\d+)\])?$")
_LAYER = re.compile(r"^([A-Z])(\d+)$")
_INDEXED = re.compile(r"^([a-z]+)_?(\d+)(?:\[(\d+)\])?$")
OTHERWISE = {"en": "otherwise", "ko": "그 외"}
MAX_DECIMAL_DIGITS = 12


def _base(letters: str) -> str:
    if letters in _GREEK:
        return _GREEK[letters]
    if len(letters) == 1:
        return letters
    return rf"\mathrm{{{letters}}}"


def decimal_of(q: Rational) -> str | None:
    """Return a rational as its decimal when that ends within 12 digits, else None.

    >>> decimal_of(Rational(7, 10)), decimal_of(Rational(1, 3)), decimal_of(Rational(5))
    ('0.7', None, '5')
    """
    text = terminating_decimal(q, MAX_DECIMAL_DIGITS)
    return text if text is not None and len(text) <= MAX_DECIMAL_DIGITS + 2 else None


def ordinary(derivative: Any) -> bool:
    """Return whether a derivative is an ordinary one, df/dx: of a function applied to one
    argument, the variable it is taken by.

    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> f = sympy.Function("f")
    >>> ordinary(sympy.Derivative(f(x), x)), ordinary(sympy.Derivative(f(x, y), x))
    (True, False)
    """
    f = derivative.expr
    return (f.is_Function and len(f.args) == 1 and len(derivative.variable_count) == 1
            and derivative.variable_count[0][0] == f.args[0])


def _is_word(expr: Any, labels: Mapping[str, Any]) -> bool:
    if not isinstance(expr, Symbol):
        return False
    name = expr.name
    return name in labels or (len(name) > 1 and name.replace("_", "").isalpha()
                              and name not in _GREEK and not _INDEXED.match(name))


class SymnnPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the lecture's notation for symnn's functions and symbols.

    Settings beyond SymPy's: ``lang`` ('en' or 'ko'), ``labels`` (symbol name -> Text),
    ``decimals`` (write ending rationals as decimals; on by default).
    """

    # Terms in the order they were built: X W + B stays X W + B (built with evaluate=False).
    # A decimal is printed with the digits it was made with (0.0420 to four places, not 0.042).
    _default_settings = {**LatexPrinter._default_settings, "lang": "en", "labels": {},
                         "decimals": True, "order": "none", "full_prec": True}

    def _print_Float(self, expr: Any) -> str:
        # A one-digit mantissa prints "1. \cdot 10^{-8}" at its own precision: drop the point.
        return re.sub(r"(\d)\.(?= \\cdot|$)", r"\1", super()._print_Float(expr))

    def _print_sigmoid(self, expr: Any, exp: Any = None) -> str:
        out = rf"\sigma\left({self._print(expr.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_relu(self, expr: Any, exp: Any = None) -> str:
        out = rf"\operatorname{{ReLU}}\left({self._print(expr.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_step(self, expr: Any, exp: Any = None) -> str:
        out = rf"h\left({self._print(expr.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Rational(self, expr: Rational) -> str:
        if self._settings["decimals"]:
            text = decimal_of(expr)
            if text is not None:
                return text
        return super()._print_Rational(expr)

    def _print_Derivative(self, expr: Any) -> str:
        # The lecture writes derivatives as partials, ∂L/∂x; a function of one variable
        # has an ordinary derivative, df/dx.
        d = "d" if ordinary(expr) else r"\partial"
        f = self._print(expr.expr)
        below = " ".join(rf"{d} {self._print(v)}" for v, _ in expr.variable_count)
        return rf"\frac{{{d} {f}}}{{{below}}}"

    def _print_Piecewise(self, expr: Any) -> str:
        rows = []
        for value, condition in expr.args:
            if condition is sympy.true:
                words = OTHERWISE.get(self._settings["lang"], "otherwise")
                rows.append(rf"{self._print(value)} & (\text{{{words}}})")
            else:
                rows.append(rf"{self._print(value)} & ({self._print(condition)})")
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        # A written-in negative number reads "- 0.7", not "+ -0.7".
        terms = [sympy.Mul(-1, sympy.UnevaluatedExpr(-t.args[0]), evaluate=False)
                 if isinstance(t, sympy.UnevaluatedExpr) and t.args[0].is_Number
                 and t.args[0].is_negative else t for t in expr.args]
        if any(a is not b for a, b in zip(terms, expr.args)):
            expr = sympy.Add(*terms, evaluate=False)
        return super()._print_Add(expr, order)

    def _needs_mul_brackets(self, expr: Any, first: bool = False, last: bool = False) -> bool:
        # A written-in factor is bracketed as its contents would be: 0.5 · (-b), not 0.5 · -b.
        if isinstance(expr, sympy.UnevaluatedExpr):
            inner = expr.args[0]
            if not first and inner.could_extract_minus_sign():
                return True
            return super()._needs_mul_brackets(inner, first, last)
        return super()._needs_mul_brackets(expr, first, last)

    def _print_Mul(self, expr: Any) -> str:
        written = [f for f in expr.args if isinstance(f, sympy.UnevaluatedExpr) or f.is_Number]
        if any(_is_word(f, self._settings["labels"]) for f in expr.args) or \
                any(isinstance(f, sympy.UnevaluatedExpr) for f in expr.args) and \
                len(written) >= 1 and len(expr.args) > 1:
            # Words side by side read as one phrase (count · price), and numbers written in
            # are multiplied with a dot (0.5 · 1, never "0.5 1").
            saved = self._settings["mul_symbol_latex"]
            self._settings["mul_symbol_latex"] = r" \cdot "
            try:
                return super()._print_Mul(expr)
            finally:
                self._settings["mul_symbol_latex"] = saved
        return super()._print_Mul(expr)

    def _print_Symbol(self, expr: Symbol, style: str = "plain") -> str:
        name = expr.name
        label = self._settings["labels"].get(name)
        if label is not None:
            words = label(self._settings["lang"])
            if re.search("[가-힣]", words):
                return rf"\text{{{words}}}"
            return r"\mathrm{" + words.replace(" ", r"\ ") + "}"
        m = _LAYER_UNIT.match(name)
        if m:
            letters, layer, i, j, sample = m.groups()
            base = "w" if letters == "W" else _base(letters)
            if letters == "W" and j is not None:
                i, j = j, i  # row i, column j of W is w_ji: into neuron j, from input i
            index = i + (j or "") if j is None or (len(i) == 1 and len(j) == 1) else f"{i},{j}"
            sample = f"[{sample}]" if sample else ""
            return f"{base}^{{({layer})}}_{{{index}}}{sample}"
        m = _LAYER.match(name)
        if m:
            return f"{m.group(1)}^{{({m.group(2)})}}"
        m = _INDEXED.match(name)
        if m and name not in ("exp", "log"):
            letters, i, sample = m.groups()
            return f"{_base(letters)}_{{{i}}}" + (f"[{sample}]" if sample else "")
        if len(name) > 1 and name.replace("_", "").isalpha() and name not in _GREEK:
            # Words (price, subtotal) upright, underscores as spaces: apple_price.
            words = name.replace("_", r"\ ")
            return rf"\mathrm{{{words}}}"
        return super()._print_Symbol(expr, style)


class TextPrinter(StrPrinter):
    """SymPy's str() with the lecture's habits: ∂z/∂x, decimals for ending rationals, labels."""

    _default_settings = {**StrPrinter._default_settings, "lang": "en", "labels": {},
                         "decimals": True, "order": "none"}

    def _print_Derivative(self, expr: Any) -> str:
        d = "d" if ordinary(expr) else "∂"
        below = "".join(f"{d}{self._print(v)}" for v, _ in expr.variable_count)
        inner = self._print(expr.expr)
        inner = inner if expr.expr.is_Atom or expr.expr.is_Function else f"({inner})"
        return f"{d}{inner}/{below}"

    def _print_Rational(self, expr: Rational) -> str:
        if self._settings["decimals"]:
            text = decimal_of(expr)
            if text is not None:
                return text
        return super()._print_Rational(expr)

    def _print_Float(self, expr: Any) -> str:
        return re.sub(r"(\d)\.(?=e|$)", r"\1", super()._print_Float(expr))  # 1e-8, not 1.e-8

    def _print_Symbol(self, expr: Symbol) -> str:
        label = self._settings["labels"].get(expr.name)
        return label(self._settings["lang"]) if label is not None else expr.name

    def _print_MatrixBase(self, expr: Any) -> str:
        rows = ["[" + ", ".join(self._print(v) for v in expr.row(i)) + "]"
                for i in range(expr.rows)]
        return rows[0] if expr.rows == 1 else "[" + ", ".join(rows) + "]"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase


def latex(expr: Any, **settings: Any) -> str:
    """Return ``expr`` in LaTeX with symnn's notation; products get a thin space (w x)."""
    return SymnnPrinter({"mul_symbol": r"\,", **settings}).doprint(expr)


def text(expr: Any, **settings: Any) -> str:
    """Return ``expr`` as plain text with symnn's notation (terms in SymPy's order when short)."""
    return TextPrinter(settings).doprint(expr)


__all__ = ["SymnnPrinter", "TextPrinter", "latex", "relu", "sigmoid", "step", "text"]
