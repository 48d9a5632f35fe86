"""The one exception family symnn raises on bad input.

Every error is a :class:`SymnnError`, itself a :class:`ValueError`, so a caller that
already catches ``ValueError`` keeps working.  Messages say what was wrong and where:

>>> from symnn.errors import SpecError
>>> str(SpecError("layer 2: W has 2 rows but layer 1 has 3 outputs", source="net.toml"))
'net.toml, layer 2: W has 2 rows but layer 1 has 3 outputs'
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

MAX_SOURCE = 200  # characters of a file name shown in a message


def visible(text: str) -> str:
    r"""Return text with control characters (newlines, escapes) written as escapes, so a name
    or an input cannot forge lines of a report.

    >>> print(visible("a\nb\x1b[31m"))
    a\nb\x1b[31m
    """
    return "".join(char if char.isprintable() or char == " " else
                   char.encode("unicode_escape").decode("ascii") for char in str(text))


class SymnnError(ValueError):
    """Bad input to symnn; the message says what was wrong and where."""

    def __init__(self, message: str, source: str | None = None):
        self.message = message
        self.source = source
        if source is not None and len(str(source)) > MAX_SOURCE:
            source = str(source)[:MAX_SOURCE] + "..."
        super().__init__(f"{source}, {message}" if source else message)


class NumberError(SymnnError):
    """A value that is not a finite number (or a list of them) where one is needed."""


class SpecError(SymnnError):
    """A network spec (TOML or dict) that is missing, malformed or inconsistent."""


class TableError(SymnnError):
    """A Boolean truth table with repeated, missing or malformed rows."""


class ParseError(SymnnError):
    """An expression string outside symnn's whitelist grammar."""


class PrecisionError(NumberError):
    """A comparison or a digit that cannot be decided at the highest precision symnn uses."""


class WorkLimitError(SymnnError):
    """Work past the limit symnn sets for one command, claim or worksheet."""


class GraphError(SymnnError):
    """A computational graph that cannot be built or evaluated as asked."""


class RenderError(SymnnError):
    """A derivation, figure or document that cannot be written as asked."""


class WorksheetError(SymnnError):
    """A worksheet that cannot be read."""


class DeckError(SymnnError):
    """A deck file (``symnn deck``) that cannot be read: the message names the item."""


class TrainingError(SymnnError):
    """Data, shapes or settings that a compiled model or training loop cannot use."""


class OptimizerError(SymnnError):
    """An optimizer or hyper-parameter that is unknown or out of its range."""


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """Return a hint naming the closest known name, or listing them all.

    >>> did_you_mean("sigmod", ["sigmoid", "relu"])
    " (did you mean 'sigmoid'?)"
    """
    known = list(known)
    close = get_close_matches(str(name), known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (one of {', '.join(known)})"
