"""Rich display in notebooks, without the lower layers importing the renderers.

A class Jupyter should draw inherits :class:`Displayable`; a renderer registers how to draw it
(:func:`register`), and ``import symnn`` imports the renderers.  So ``Graph`` shows itself as
SVG and ``Derivation`` as LaTeX while ``symnn.graph`` never imports ``symnn.render``.

>>> class Point(Displayable):
...     pass
>>> register(Point, "latex", lambda p: "$P$")
>>> Point()._repr_latex_(), Point()._repr_svg_() is None
('$P$', True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FORMATTERS: dict[tuple[type, str], Callable[[Any], str]] = {}


def register(cls: type, kind: str, draw: Callable[..., Any]) -> None:
    """Draw instances of ``cls`` (and its subclasses) as ``kind``: "latex", "svg", "png",
    "markdown", or "derivation" (a Derivation of the result)."""
    _FORMATTERS[(cls, kind)] = draw


def drawing(obj: Any, kind: str, **options: Any) -> Any:
    """Return ``obj`` drawn as ``kind`` by the nearest registered class, or None."""
    for cls in type(obj).__mro__:
        draw = _FORMATTERS.get((cls, kind))
        if draw is not None:
            return draw(obj, **options)
    return None


class Displayable:
    """Jupyter's display hooks, answered by whatever the renderers registered."""

    def _repr_latex_(self) -> str | None:
        return drawing(self, "latex")

    def _repr_svg_(self) -> str | None:
        return drawing(self, "svg")

    def _repr_png_(self) -> bytes | None:
        return drawing(self, "png")

    def _repr_markdown_(self) -> str | None:
        return drawing(self, "markdown")

    def derivation(self, **options: Any) -> Any:
        """Return this result as a :class:`~symnn.derivation.Derivation`, every step with
        its reason (render it with ``.render("beamer", "ko")`` and the like); ``options``
        such as ``digits`` go to the builder in :mod:`symnn.worked`."""
        built = drawing(self, "derivation", **options)
        if built is None:
            from symnn.errors import SymnnError

            raise SymnnError(f"a {type(self).__name__} has no derivation")
        return built
