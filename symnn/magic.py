"""The Jupyter cell magic ``%%symnn``: a hand calculation shown the way handcalcs shows it.

``%load_ext symnn`` registers it (``symnn.load_ipython_extension``). A cell

    %%symnn
    a = 2
    b = 1
    e = (a + b)*(b + 1)

shows each line's formula, the numbers put in and the value, exactly and as a decimal
(:func:`symnn.handcalc.calculate`: the whitelist parser, never ``eval``), and leaves each name in
the notebook as a SymPy number. ``%%symnn --digits 6`` shows more digits. A line symnn cannot
read is one line of error, the cell's other names untouched. Nothing here imports IPython: the
shell hands itself to :func:`register`.
"""

from __future__ import annotations

import sys
from typing import Any

from symnn.errors import SymnnError, visible
from symnn.handcalc import Calculation, calculate


def options(line: str) -> int:
    """Return the digits a magic line asks for (``--digits N``; 4 by default).

    >>> options(""), options("--digits 6")
    (4, 6)
    """
    words = line.split()
    if not words:
        return 4
    if len(words) == 2 and words[0] == "--digits" and words[1].isdigit():
        return int(words[1])
    raise SymnnError(f"%%symnn takes --digits N (1 to 30), not {visible(line.strip())!r}")


def cell(line: str, text: str, namespace: dict[str, Any] | None = None) -> Calculation | None:
    """Return the calculation of a ``%%symnn`` cell (its names copied into ``namespace`` as
    SymPy numbers), or None after printing one line of error.

    >>> names = {}
    >>> cell("", "a = 2\\nb = a/4", names).values["b"], names["b"]
    (Value(1/2), 1/2)
    >>> cell("", "a = 2 +") is None  # and one line on stderr: line 1: column 4: ...
    True
    """
    try:
        calc = calculate(text, options(line))
    except SymnnError as e:
        print(f"symnn: error: {visible(str(e))}", file=sys.stderr)
        return None
    if namespace is not None:
        namespace.update(calc.exact())
    return calc


def register(ipython: Any) -> None:
    """Register ``%%symnn`` with an IPython shell (what ``%load_ext symnn`` calls)."""
    def symnn(line: str, text: str) -> Calculation | None:
        return cell(line, text, ipython.user_ns)

    symnn.__doc__ = __doc__
    ipython.register_magic_function(symnn, magic_kind="cell", magic_name="symnn")


__all__ = ["cell", "options", "register"]
