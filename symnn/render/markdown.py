r"""Markdown with ``$$`` math blocks, for GitHub and notebooks.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol, Rational
>>> d = Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), Rational(1, 3), "definition"),))
>>> print(markdown(d).strip())
## Demo
<BLANKLINE>
$$
y = \frac{1}{3} \qquad \text{(definition)}
$$
"""

from __future__ import annotations

from typing import Any

from symnn.derivation import (
    Derivation,
    Erratum,
    Figure,
    Frame,
    Items,
    Listing,
    Note,
    Remark,
    Step,
    Table,
    Text,
    text_of,
)
from symnn.render.inline import spans
from symnn.render.latex import RELATIONS, Context, rhs_latex, word


def math_words(sentence: str) -> str:
    """Return a sentence inside math: its words in \\text{...}, its math as it is."""
    return "".join(piece if kind == "math" else rf"\text{{{piece}}}" for kind, piece in
                   spans(sentence))


def _parts(parts: Any, ctx: Context, figures: dict[str, str], level: int) -> list[str]:
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Note):
            continue  # the lecturer's, not the page's
        lines.append("")
        if isinstance(part, Text):
            lines.append(part(ctx.lang))
        elif isinstance(part, Items):
            lines += [f"- {item(ctx.lang)}" for item in part.items]
        elif isinstance(part, Step):
            reason = math_words(f"({part.reason_text(ctx.lang)})")
            lines += ["$$", f"{ctx.math(part.lhs)} {RELATIONS[part.relation]} "
                      f"{rhs_latex(part, ctx)} \\qquad {reason}", "$$"]
            if part.note is not None:
                lines += ["", f"> {part.note(ctx.lang)}"]
        elif isinstance(part, Table):
            lines.append("| " + " | ".join(text_of(h, ctx.lang) for h in part.header) + " |")
            lines.append("|" + "---|" * len(part.header))
            for row in part.rows:
                lines.append("| " + " | ".join(
                    text_of(v, ctx.lang) if isinstance(v, (str, Text)) else
                    f"${ctx.math(v)}$" for v in row) + " |")
            if part.caption is not None:
                lines += ["", f"*{part.caption(ctx.lang)}*"]
        elif isinstance(part, Figure):
            path = figures.get(part.name)
            lines.append(f"![{part.caption(ctx.lang)}]({path})" if path else
                         f"*{part.caption(ctx.lang)}*")
        elif isinstance(part, Erratum):
            quantity = part.quantity(ctx.lang) if isinstance(part.quantity, Text) else \
                f"${ctx.math(part.quantity)}$"
            lines += [f"> **{word('erratum', ctx.lang)}**: {quantity}  ",
                      f"> {word('printed', ctx.lang)}: ${ctx.math(part.printed)}$ → "
                      f"{word('correct', ctx.lang)}: ${ctx.math(part.correct)}$  ",
                      f"> {part.why(ctx.lang)}"]
        elif isinstance(part, Listing):
            lines += ["```python", *part.code.strip("\n").splitlines(), "```"]
            if part.output.strip():
                lines += ["", f"{word('output', ctx.lang)}:", "", "```text",
                          *part.output.strip("\n").splitlines(), "```"]
        elif isinstance(part, Remark):
            lines += [f"> **{part.title(ctx.lang)}**: {part.body(ctx.lang)}"]
        elif isinstance(part, Frame):
            if part.title is not None:
                lines.append(f"{'#' * (level + 1)} {part.title(ctx.lang)}")
            lines += _parts((*part.parts, *part.side), ctx, figures, level + 1)
    return lines


def markdown(derivation: Derivation, lang: str = "en", figures: dict[str, str] | None = None
             ) -> str:
    """Return the derivation as Markdown; ``figures`` maps figure names to image paths."""
    ctx = Context(lang, derivation.labels)
    lines = [f"## {derivation.title(lang)}", *_parts(derivation.parts, ctx, figures or {}, 2)]
    return "\n".join(lines) + "\n"
