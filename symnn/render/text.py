"""Plain Unicode text for the terminal.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol, Rational
>>> d = Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), Rational(1, 2), "definition"),
...                                            Step(Symbol("y"), Rational(1, 3), "simplify")))
>>> print(text(d, "ko"))
예시
  y = 0.5    (정의)
    = 1/3    (정리)
"""

from __future__ import annotations

from typing import Any

import sympy

from symnn.derivation import (
    Derivation,
    Erratum,
    Figure,
    Frame,
    Items,
    Listing,
    Remark,
    Step,
    Table,
    Text,
    text_of,
)
from symnn.numbers import bracketed
from symnn.render.inline import plain, plain_math
from symnn.render.latex import word
from symnn.render.printer import latex


class _Writer:
    def __init__(self, lang: str, labels: dict):
        self.lang, self.labels = lang, labels

    def value(self, v: Any) -> str:
        """A table cell: a sentence, or a value."""
        if isinstance(v, (str, Text)):
            return plain(text_of(v, self.lang))
        return self.expression(v)

    def expression(self, v: Any) -> str:
        """A step's side: SymPy, or a string of LaTeX math."""
        if isinstance(v, Text):
            return plain(v(self.lang))
        if isinstance(v, str):
            return plain_math(v)
        if isinstance(v, sympy.MatrixBase):
            return bracketed(v, self.expression)
        # The LaTeX the slides show, written in Unicode: 1/m Σᵢ₌₁ᵐ (W xᵢ - yᵢ)², σ(z).
        return plain_math(latex(v, lang=self.lang, labels=self.labels))


    def parts(self, parts: Any, indent: str = "  ") -> list[str]:
        lines: list[str] = []
        previous = None
        for part in parts:
            if isinstance(part, Step):
                lhs = self.expression(part.lhs)
                shown = " " * len(lhs) if previous is not None and previous == part.lhs \
                    else lhs
                rhs = part.rhs if isinstance(part.rhs, tuple) else (part.rhs,)
                links = [r if isinstance(r, tuple) else (part.relation, r) for r in rhs]
                chain = "".join(("" if k == 0 else f" {rel} ") + self.expression(v)
                                for k, (rel, v) in enumerate(links))
                lines.append(f"{indent}{shown} {part.relation} {chain}    "
                             f"({plain(part.reason_text(self.lang))})")
                if part.note is not None:
                    lines.append(f"{indent}  ! {plain(part.note(self.lang))}")
                previous = None if part.note is not None else part.lhs
                continue
            previous = None
            if isinstance(part, Text):
                lines.append(f"{indent}{plain(part(self.lang))}")
            elif isinstance(part, Items):
                lines += [f"{indent}- {plain(item(self.lang))}" for item in part.items]
            elif isinstance(part, Table):
                cells = [[self.value(c) for c in row] for row in (part.header, *part.rows)]
                widths = [max(len(r[i]) for r in cells) for i in range(len(part.header))]
                for row in cells:
                    lines.append(indent + "  ".join(c.rjust(w) for c, w in zip(row, widths)))
            elif isinstance(part, Figure):
                lines.append(f"{indent}[{'그림' if self.lang == 'ko' else 'figure'}: "
                             f"{plain(part.caption(self.lang))}]")
            elif isinstance(part, Erratum):
                lines.append(f"{indent}! {word('erratum', self.lang)}: "
                             f"{self.expression(part.quantity)}: {word('printed', self.lang)} "
                             f"{self.expression(part.printed)}, {word('correct', self.lang)} "
                             f"{self.expression(part.correct)}. {plain(part.why(self.lang))}")
            elif isinstance(part, Listing):
                lines += [f"{indent}    {row}" for row in part.code.strip("\n").splitlines()]
                if part.output.strip():
                    lines.append(f"{indent}{word('output', self.lang)}:")
                    lines += [f"{indent}    {row}"
                              for row in part.output.strip("\n").splitlines()]
            elif isinstance(part, Remark):
                lines.append(f"{indent}* {plain(part.title(self.lang))}: "
                             f"{plain(part.body(self.lang))}")
            elif isinstance(part, Frame):
                if part.title is not None:
                    lines.append(f"{indent}-- {plain(part.title(self.lang))} --")
                lines += self.parts((*part.parts, *part.side), indent)
        return lines


def text(derivation: Derivation, lang: str = "en") -> str:
    """Return the derivation as lines of text, reasons in parentheses."""
    writer = _Writer(lang, dict(derivation.labels))
    return "\n".join([derivation.title(lang), *writer.parts(derivation.parts)])
