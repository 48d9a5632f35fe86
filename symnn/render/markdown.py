"""Markdown with ``$$`` math blocks, for GitHub and notebooks.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol, Rational
>>> d = Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), Rational(1, 2), "definition"),))
>>> print(markdown(d).strip())
## Demo
<BLANKLINE>
$$
y = \\frac{1}{2} \\quad \\text{(definition)}
$$
"""

from __future__ import annotations

from symnn.derivation import Derivation, Figure, Step, Table, Text
from symnn.render.latex import RELATIONS, text_in_math
from symnn.render.printer import latex


def markdown(derivation: Derivation, lang: str = "en", figures: dict[str, str] | None = None
             ) -> str:
    """Return the derivation as Markdown; ``figures`` maps figure names to image paths."""
    lines = [f"## {derivation.title(lang)}"]
    for part in derivation.parts:
        lines.append("")
        if isinstance(part, Text):
            lines.append(part(lang))
        elif isinstance(part, Step):
            reason = text_in_math(f"({part.reason_text(lang)})")
            lines += ["$$", f"{latex(part.lhs)} {RELATIONS[part.relation]} "
                      f"{latex(part.rhs)} \\quad {reason}", "$$"]
            if part.note is not None:
                lines += ["", f"> {part.note(lang)}"]
        elif isinstance(part, Table):
            lines.append("| " + " | ".join(part.header) + " |")
            lines.append("|" + "---|" * len(part.header))
            for row in part.rows:
                lines.append("| " + " | ".join(
                    v if isinstance(v, str) else f"${latex(v)}$" for v in row) + " |")
        elif isinstance(part, Figure):
            path = (figures or {}).get(part.name)
            if path:
                lines.append(f"![{part.caption(lang)}]({path})")
            else:
                lines.append(f"*{part.caption(lang)}*")
    return "\n".join(lines) + "\n"
