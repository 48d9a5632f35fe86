"""Renderers: derivations as text, LaTeX, Beamer and Markdown; graphs as TikZ and SVG.

Importing this package registers the renderers with :class:`~symnn.derivation.Derivation`
(``derivation.render("beamer")``) and the notebook displays of symnn's objects, so the lower
layers never import it.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol
>>> render(Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), 1, "definition"),)), "text")
'Demo\\n  y = 1    (definition)'
"""

from __future__ import annotations

from symnn import derivation as _derivation
from symnn.derivation import LANGUAGES, Derivation
from symnn.errors import RenderError
from symnn.render import notebook as _notebook
from symnn.render.beamer import deck
from symnn.render.latex import document, fragment
from symnn.render.markdown import markdown
from symnn.render.text import text

FORMATS = ("text", "latex", "document", "beamer", "markdown")

_derivation.RENDERERS.update({
    "text": text,
    "latex": fragment,
    "document": document,
    "beamer": lambda d, lang: deck([d], lang, title=d.title(lang)),
    "markdown": markdown,
})
_notebook.register_all()


def render(derivation: Derivation, fmt: str = "text", lang: str = "en") -> str:
    """Return ``derivation`` in the format ``fmt`` (one of :data:`FORMATS`) and ``lang``."""
    if lang not in LANGUAGES:
        raise RenderError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
    return derivation.render(fmt, lang)


__all__ = ["FORMATS", "render"]
