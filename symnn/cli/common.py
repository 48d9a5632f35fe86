"""What the ``symnn`` commands share: how numbers are shown, the common options, one-line errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from symnn import arrays, values
from symnn.errors import SymnnError, visible
from symnn.numbers import bracketed, decimal, exact_text, to_data

EXACT_WIDTH = 72  # exact forms longer than this are left to --exact, decimals are shown instead
EXACT_OPS = 12
SHOWN_ROWS = 8  # rows of a batch printed in text (the rest are in --json)
COMMAND_WORK = 50_000_000  # operations on exact values for one command (a minute at most)


def vector(M: Any, digits: int, exact: bool) -> str:
    return bracketed(M, exact_text if exact else lambda v: decimal(v, digits))


def both(name: str, M: Any, digits: int, always_exact: bool) -> list[str]:
    """Lines showing M (a Value or an array of Values) exactly, when short or asked for, and
    as decimals to ``digits`` significant digits.  A batch of many rows shows its first and
    last rows (--json gives them all)."""
    note = []
    if isinstance(M, np.ndarray) and M.ndim == 2 and M.shape[0] > SHOWN_ROWS:
        note = [f"  {' ' * len(name)}   ({M.shape[0]} rows: the first {SHOWN_ROWS - 2} and "
                "the last 2 shown; --json gives all)"]
        M = np.concatenate([M[:SHOWN_ROWS - 2], M[-2:]])
    entries = list(M.ravel()) if isinstance(M, np.ndarray) else [M]
    approx = bracketed(M, lambda v: v.decimal(digits))
    exact = None
    # An exact row over 12 entries is wider than a line: only --exact builds it.
    if always_exact or (len(entries) <= 12 and all(v.size <= EXACT_OPS for v in entries)):
        forms = [v.form(None if always_exact else EXACT_OPS) for v in entries]
        if all(f is not None for f in forms):
            text = iter(exact_text(f) for f in forms)
            exact = bracketed(M, lambda v: next(text))
    terminating = all(v.exact is not None and Fraction(v.decimal(digits)) == v.exact
                      for v in entries)
    if exact == approx or terminating and not always_exact:
        return [f"  {name} = {approx}", *note]  # 0.3 rather than 3/10: the decimal is exact
    sign = "=" if terminating else "≈"
    if exact is not None and (always_exact or len(exact) <= EXACT_WIDTH):
        return [f"  {name} = {exact}", f"  {' ' * len(name)} {sign} {approx}", *note]
    return [f"  {name} {sign} {approx}", *note]


def short_number(v: Any) -> str:
    """A number as typed when short; else (10**1000) to 10 digits."""
    text = str(v)
    return text if len(text) <= 40 else values.value(v).decimal(10)


def named(spec: Any, error: SymnnError) -> SymnnError:
    """An error about a spec's content names the spec's file."""
    return error if error.source else type(error)(error.message, source=spec.source)



def data(v: Any, exact: bool) -> Any:
    """A graph's number (a Value) or symbolic value as JSON."""
    if isinstance(v, values.Value):
        return arrays.data(v, exact)
    return str(v) if exact or getattr(v, "free_symbols", None) else to_data(v)


def short(v: Any, digits: int, always_exact: bool) -> str:
    """'= 11/5', '= 2.2', or '≈ 0.5744425168' (the exact form only when short or asked)."""
    if not isinstance(v, values.Value):
        return f"= {v}"
    approx = v.decimal(digits)
    if v.exact is not None and Fraction(approx) == v.exact:
        return f"= {approx}"
    form = v.form(None if always_exact else EXACT_OPS)
    if form is not None and (always_exact or len(str(form)) <= EXACT_WIDTH):
        return f"= {exact_text(form)} ≈ {approx}"
    return f"≈ {approx}"


class Help(argparse.RawDescriptionHelpFormatter):
    """Help that keeps the examples' line breaks and shows every option's default."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        empty = action.default is None or action.default is False or action.default == [] \
            or action.default == argparse.SUPPRESS
        if not empty and "default" not in text and action.option_strings:
            text += " (default: %(default)s)"
        return text


RENDERED = ("latex", "document", "markdown", "beamer")
FORMATS = ("text", "json", *RENDERED)


def rendered(args: argparse.Namespace, build: Any) -> bool:
    """Print the command's result as a derivation when --format asks for LaTeX, a document,
    Markdown or Beamer (or text in Korean); True when done. --format json is --json."""
    fmt = args.format
    if fmt == "json":
        args.json = True
        return False
    if fmt in RENDERED or (fmt == "text" and args.lang != "en"):
        print(build().render(fmt, args.lang))
        return True
    return False


def format_options(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS,
                   more: str = "") -> None:
    p.add_argument("--format", choices=list(formats), default="text",
                   help="text for the terminal, json for scripts (as --json), or the result "
                        "as a derivation with every step and its reason: latex (a fragment), "
                        "document (a whole .tex), markdown, beamer (frames)" + more)
    p.add_argument("--lang", choices=["en", "ko"], default="en",
                   help="language of a derivation's words (--format text with ko prints the "
                        "derivation in Korean)")


def build_options(p: argparse.ArgumentParser, lang: str | None, lang_help: str,
                   only_help: str) -> None:
    """The options ``build`` and ``deck`` share."""
    p.add_argument("--out", default="build", help="output folder")
    p.add_argument("--lang", choices=["en", "ko", "both"], default=lang, help=lang_help)
    p.add_argument("--only", nargs="+", metavar="NAME", help=only_help)
    p.add_argument("--engine", default="pdflatex", help="TeX engine")
    p.add_argument("--no-pdf", action="store_true", help="write the sources only")
    tex_time_option(p)


def tex_time_option(p: argparse.ArgumentParser) -> None:
    """--tex-time-limit: seconds TeX may take for one document."""
    from symnn.build import TEX_TIME_LIMIT

    p.add_argument("--tex-time-limit", type=seconds_option, default=TEX_TIME_LIMIT,
                   metavar="SECONDS",
                   help=f"stop TeX on a document after this many seconds (default "
                        f"{TEX_TIME_LIMIT:g})")


def _ranged(cast: Any, low: float, high: float, what: str, unit: str = "") -> Any:
    """An argparse type: ``cast(text)`` from ``low`` to ``high``, else one clear message."""
    def read(text: str) -> Any:
        try:
            n = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low} and {high}{unit}")
        return n
    return read


# A number of seconds from 1 to 3600 (--tex-time-limit).
seconds_option = _ranged(float, 1, 3600, "a number of seconds", " seconds")


def output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    p.add_argument("--exact", action="store_true",
                   help="exact values: with --json as strings in SymPy syntax ('3/10'), "
                        "in text always beside the decimals")
    p.add_argument("--digits", type=digits_option, default=10, metavar="N",
                   help="significant digits of decimals, 1 to 1000")


# --digits: a whole number from 1 to 1000 (more would take minutes to print).
digits_option = _ranged(int, 1, 1000, "a whole number")


def fail(command: str, message: str) -> int:
    """One line on stderr, control characters shown escaped, and exit status 2."""
    print(f"symnn {command}: error: {visible(message)}", file=sys.stderr)
    return 2

