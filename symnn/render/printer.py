"""symnn's LaTeX notation, through SymPy's own printer.

Layer symbols read as the lecture writes them: ``A1`` is A^{(1)}, ``a1_2`` is a^{(1)}_{2},
``W1_1_2`` is w^{(1)}_{12}, ``delta2_1`` is δ^{(2)}_{1}; ``x1`` is x_{1}.

>>> latex(sigmoid(Symbol("a1_2")))
'\\\\sigma\\\\left(a^{(1)}_{2}\\\\right)'
>>> latex(Symbol("W1_1_2") * Symbol("x_1"))
'w^{(1)}_{12}\\\\,x_{1}'
"""

from __future__ import annotations

import re
from typing import Any

from sympy import Symbol
from sympy.printing.latex import LatexPrinter

from symnn.activations import relu, sigmoid, step

_GREEK = {"delta": r"\delta", "theta": r"\theta", "alpha": r"\alpha", "sigma": r"\sigma",
          "eta": r"\eta"}
_LAYER_UNIT = re.compile(r"^([A-Za-z]+?)(\d+)_(\d+)(?:_(\d+))?(?:\[(\d+)\])?$")
_LAYER = re.compile(r"^([A-Z])(\d+)$")
_INDEXED = re.compile(r"^([a-z]+)_?(\d+)(?:\[(\d+)\])?$")


def _base(letters: str) -> str:
    if letters in _GREEK:
        return _GREEK[letters]
    if len(letters) == 1:
        return letters
    return rf"\mathrm{{{letters}}}"


class SymnnPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the lecture's notation for symnn's functions and symbols."""

    def _print_sigmoid(self, expr: Any, exp: Any = None) -> str:
        out = rf"\sigma\left({self._print(expr.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_relu(self, expr: Any, exp: Any = None) -> str:
        out = rf"\operatorname{{ReLU}}\left({self._print(expr.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_step(self, expr: Any, exp: Any = None) -> str:
        out = rf"h\left({self._print(expr.args[0])}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Derivative(self, expr: Any) -> str:
        # The lecture writes every derivative as a partial: ∂L/∂x.
        f = self._print(expr.expr)
        below = " ".join(rf"\partial {self._print(v)}" for v, _ in expr.variable_count)
        return rf"\frac{{\partial {f}}}{{{below}}}"

    def _print_Symbol(self, expr: Symbol, style: str = "plain") -> str:
        name = expr.name
        m = _LAYER_UNIT.match(name)
        if m:
            letters, layer, i, j, sample = m.groups()
            base = "w" if letters == "W" else _base(letters)
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


def latex(expr: Any, **settings: Any) -> str:
    """Return ``expr`` in LaTeX with symnn's notation; products get a thin space (count price)."""
    return SymnnPrinter({"mul_symbol": r"\,", **settings}).doprint(expr)


__all__ = ["SymnnPrinter", "latex", "relu", "sigmoid", "step"]
