"""Matrices too large for a slide, shown as a teacher writes them on the board: the rows and
columns that matter, and ⋯, ⋮ and ⋱ for those left out.

>>> M = sympy.Matrix(2, 8, range(16))
>>> print(text(elided(M, columns=[0, 1, 7])))
[[0, 1, ⋯, 7], [8, 9, ⋯, 15]]
>>> latex(elided(sympy.Matrix(6, 1, range(6)), rows=[0, 5]))
'\\\\left[\\\\begin{matrix}0\\\\\\\\\\\\vdots\\\\\\\\5\\\\end{matrix}\\\\right]'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy

from symnn.render.printer import latex, text  # noqa: F401  (text: used by the doctest)

MIN_SHOWN = 2  # a matrix shows at least its first and last row (and column)


class Dots(sympy.Symbol):
    """The dots that stand for the entries left out: ⋯ in a row, ⋮ in a column, ⋱ where
    both meet."""

    SIGNS = {"h": ("\\cdots", "⋯"), "v": ("\\vdots", "⋮"), "d": ("\\ddots", "⋱")}

    def __new__(cls, which: str) -> Dots:
        return super().__new__(cls, f"dots_{which}")

    @property
    def which(self) -> str:
        return self.name[-1]

    def _latex(self, printer: Any) -> str:
        return self.SIGNS[self.which][0]

    def _sympystr(self, printer: Any) -> str:
        return self.SIGNS[self.which][1]


def kept(size: int, keep: Iterable[int] = (), count: int | None = None) -> list[int]:
    """Return the indices of ``size`` rows (or columns) shown: all when ``count`` is None or
    all but one (the dots would take the room of the one left out); else ``keep`` with the
    first and last, then more from the start up to ``count``.

    >>> kept(8, [4], 5), kept(8, (), 3), kept(3, (), 2)
    ([0, 1, 2, 4, 7], [0, 1, 7], [0, 1, 2])
    """
    if count is None or count >= size - 1:
        return list(range(size))
    chosen = {i for i in keep if 0 <= i < size} | {0, size - 1}
    for i in range(size):
        if len(chosen) >= max(count, MIN_SHOWN):
            break
        chosen.add(i)
    return sorted(chosen)


def elided(M: sympy.MatrixBase, rows: Sequence[int] | None = None,
           columns: Sequence[int] | None = None) -> sympy.Matrix:
    """Return ``M`` with only ``rows`` and ``columns`` (all when None), a row or column of
    dots wherever some are left out between them (a matrix left whole when none are)."""
    rows = list(range(M.rows)) if rows is None else sorted(set(rows))
    columns = list(range(M.cols)) if columns is None else sorted(set(columns))
    out_rows: list[list[Any]] = []

    def line(i: int | None) -> list[Any]:
        cells = []
        for k, j in enumerate(columns):
            if k and j != columns[k - 1] + 1:
                cells.append(Dots("d") if i is None else Dots("h"))
            cells.append(Dots("v") if i is None else M[i, j])
        if columns and columns[-1] != M.cols - 1:  # the last column left out: dots after
            cells.append(Dots("d") if i is None else Dots("h"))
        return cells

    for k, i in enumerate(rows):
        if k and i != rows[k - 1] + 1:
            out_rows.append(line(None))
        out_rows.append(line(i))
    if rows and rows[-1] != M.rows - 1:
        out_rows.append(line(None))
    return sympy.Matrix(out_rows)


def is_elided(M: Any) -> bool:
    """Return whether a matrix has entries left out."""
    return isinstance(M, sympy.MatrixBase) and any(isinstance(v, Dots) for v in M)


__all__ = ["Dots", "elided", "is_elided", "kept"]
