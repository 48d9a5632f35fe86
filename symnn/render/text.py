"""Plain Unicode text for the terminal.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol, Rational
>>> d = Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), Rational(1, 2), "definition"),))
>>> print(text(d, "ko"))
예시
  y = 1/2    (정의)
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from symnn.derivation import Derivation, Figure, Step, Table, Text
from symnn.numbers import bracketed


class _TextPrinter(StrPrinter):
    """SymPy's str() with derivatives as the lecture writes them: ∂z/∂x."""

    def _print_Derivative(self, expr: Any) -> str:
        below = "".join(f"∂{self._print(v)}" for v, _ in expr.variable_count)
        inner = self._print(expr.expr)
        inner = inner if expr.expr.is_Atom or expr.expr.is_Function else f"({inner})"
        return f"∂{inner}/{below}"


def _value(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, sympy.MatrixBase):
        return bracketed(v, _value)
    order = None if sympy.count_ops(v) < 40 else "none"
    return _TextPrinter({"order": order}).doprint(v)


def text(derivation: Derivation, lang: str = "en") -> str:
    """Return the derivation as lines of text, reasons in parentheses."""
    lines = [derivation.title(lang)]
    for part in derivation.parts:
        if isinstance(part, Text):
            lines.append(f"  {part(lang)}")
        elif isinstance(part, Step):
            lines.append(f"  {_value(part.lhs)} {part.relation} {_value(part.rhs)}    "
                         f"({part.reason_text(lang)})")
            if part.note is not None:
                lines.append(f"    ! {part.note(lang)}")
        elif isinstance(part, Table):
            widths = [max(len(_value(r[i])) for r in (part.header, *part.rows))
                      for i in range(len(part.header))]
            for row in (part.header, *part.rows):
                lines.append("  " + "  ".join(_value(v).rjust(w) for v, w in zip(row, widths)))
        elif isinstance(part, Figure):
            lines.append(f"  [figure: {part.caption(lang)}]")
    return "\n".join(lines)
