"""Renderers: derivations as text, LaTeX, Beamer and Markdown; graphs as TikZ and SVG.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol
>>> render(Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), 1, "definition"),)), "text")
'Demo\\n  y = 1    (definition)'
"""

from __future__ import annotations

from symnn.derivation import LANGUAGES, Derivation
from symnn.errors import RenderError

FORMATS = ("text", "latex", "document", "beamer", "markdown")


def render(derivation: Derivation, fmt: str = "text", lang: str = "en") -> str:
    """Return ``derivation`` in the format ``fmt`` (one of :data:`FORMATS`) and ``lang``."""
    if lang not in LANGUAGES:
        raise RenderError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
    if fmt == "text":
        from symnn.render.text import text
        return text(derivation, lang)
    if fmt == "latex":
        from symnn.render.latex import fragment
        return fragment(derivation, lang)
    if fmt == "document":
        from symnn.render.latex import document
        return document(derivation, lang)
    if fmt == "beamer":
        from symnn.render.beamer import deck
        return deck([derivation], lang, title=derivation.title(lang))
    if fmt == "markdown":
        from symnn.render.markdown import markdown
        return markdown(derivation, lang)
    raise RenderError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
