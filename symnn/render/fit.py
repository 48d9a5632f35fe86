r"""How much of a slide a part takes: the width and height of display math, steps and
sentences on a 16:9 Beamer slide at 11 pt, estimated from the LaTeX symnn prints.

The estimates follow TeX's own measures of the fonts symnn's slides use (Computer Modern at
11 pt: a digit is 5.48 pt, a relation 14.6 pt with its spaces, a matrix row 13.6 pt, the
columns of a matrix 10 pt apart) and err on the large side, so a derivation built to fit
them fits; the build's check of TeX's overfull boxes catches what they miss.

>>> round(width(r"0.123456")), round(width(r"\left[\begin{matrix}1 & 2\end{matrix}\right]"))
(43, 34)
>>> height(r"\left[\begin{matrix}1\\2\\3\end{matrix}\right]") > 3 * 12
True
"""

from __future__ import annotations

import math
import re
from typing import Any

LINE = 398.3  # pt: the text width of a 16:9 slide at 11 pt (TeX's \textwidth)
FRAME = 204.0  # pt a frame holds below its title (symnn.render.beamer.FRAME_HEIGHT)
ROW = 13.6  # pt: a line of text, a row of a matrix
DIGIT = 5.48
EM = 10.95  # pt: the em of an 11 pt font
RELATION = 8.52 + 2 * 3.04  # = with its thick spaces
BINARY = 8.52 + 2 * 2.43  # + or - between terms, with medium spaces
MATRIX_GAP = 10.0  # pt between the columns of a matrix (twice \arraycolsep)
BRACKETS = 9.0  # pt of \left[ and \right] around a matrix
REASON = 4.1  # pt a letter of a reason takes (footnote size)
WORD = 5.2  # pt a character of upright text takes at 11 pt
HANGUL = 10.0  # pt a Hangul syllable takes
DISPLAY = 22.0  # pt a display (an align*) adds above and below its rows, as TeX sets it

_SYMBOLS = {
    "cdots": 14.6, "ldots": 14.6, "vdots": 3.1, "ddots": 13.1, "partial": 6.2, "cdot": 7.9,
    "circ": 10.4, "times": 13.4, "approx": RELATION, "leq": RELATION, "geq": RELATION,
    "le": RELATION, "ge": RELATION, "neq": RELATION, "leftarrow": 17.0,
    "Rightarrow": 17.0, "Leftrightarrow": 17.0, "to": 17.0, "quad": EM, "qquad": 2 * EM,
    ",": 1.83, ";": 3.04, ":": 2.43, " ": 3.65, "!": -1.83, "sum": 16.0, "log": 16.0,
    "exp": 18.0, "max": 21.0, "min": 19.0, "top": 8.5, "infty": 11.0, "sqrt": 9.0,
    "left": 0.0, "right": 0.0, "dots": 14.6, "prime": 3.0, "mid": 6.0, "in": RELATION,
}
# Italic letters of Computer Modern math at 11 pt (points).
_ITALIC = dict(zip("abcdefghijklmnopqrstuvwxyz",
                   (5.8, 4.7, 4.7, 5.7, 5.1, 5.9, 5.2, 6.3, 3.8, 4.5, 6.0, 3.3, 9.6, 6.6, 5.3,
                    5.5, 4.9, 5.0, 5.1, 3.9, 6.3, 5.3, 7.8, 6.2, 5.3, 5.0)))
_ITALIC.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   (8.2, 8.3, 7.8, 9.0, 8.0, 7.1, 8.6, 9.1, 4.8, 6.2, 9.2, 7.5, 10.6, 9.0, 8.3,
                    6.7, 8.6, 8.3, 6.7, 6.4, 7.5, 6.4, 10.4, 9.1, 6.4, 7.5)))


def _group(tex: str, start: int) -> tuple[str, int]:
    """The text of the brace group starting at ``start`` (a '{'), and the index after it."""
    depth = 0
    for i in range(start, len(tex)):
        if tex[i] == "{":
            depth += 1
        elif tex[i] == "}":
            depth -= 1
            if depth == 0:
                return tex[start + 1:i], i + 1
    return tex[start + 1:], len(tex)


def _argument(tex: str, i: int) -> tuple[str, int]:
    """One argument: a brace group or a single character (or command)."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i < len(tex) and tex[i] == "{":
        return _group(tex, i)
    if i < len(tex) and tex[i] == "\\":
        m = re.match(r"\\[A-Za-z]+|\\.", tex[i:])
        return m.group(0), i + len(m.group(0))
    return tex[i:i + 1], i + 1


def _split_top(tex: str, sep: str) -> list[str]:
    """``tex`` split at ``sep`` outside braces and inner environments."""
    parts, depth, env, last, i = [], 0, 0, 0, 0
    while i < len(tex):
        if tex.startswith("\\begin{", i):
            env += 1
        elif tex.startswith("\\end{", i):
            env -= 1
        c = tex[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and env == 0 and tex.startswith(sep, i) and \
                not (sep == "&" and i > 0 and tex[i - 1] == "\\"):
            parts.append(tex[last:i])
            last = i + len(sep)
            i = last
            continue
        i += 1
    parts.append(tex[last:])
    return parts


def _environment(tex: str, i: int) -> tuple[str, str, int]:
    """The name and body of the environment opening at ``i``, and the index after it."""
    name, j = _group(tex, i + len("\\begin"))
    depth, k = 1, j
    while k < len(tex):
        if tex.startswith("\\begin{", k):
            depth += 1
        elif tex.startswith(f"\\end{{{name}}}", k) or tex.startswith("\\end{", k):
            depth -= 1
            if depth == 0:
                end = tex.index("}", k) + 1
                return name, tex[j:k], end
        k += 1
    return name, tex[j:], len(tex)


def _cells(body: str) -> list[list[str]]:
    return [_split_top(row, "&") for row in _split_top(body.strip(), "\\\\") if row.strip()]


def width(tex: str, scale: float = 1.0) -> float:
    """Return the estimated width in points of ``tex`` set as display math at 11 pt (a
    little more than TeX measures: within 5 % on symnn's formulas, rarely less)."""
    return _width(tex, scale) * 1.05


def _width(tex: str, scale: float = 1.0) -> float:
    total, i, previous = 0.0, 0, "start"
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            if tex.startswith("\\begin{", i):
                name, body, i = _environment(tex, i)
                cells = _cells(body)
                columns = max((len(r) for r in cells), default=0)
                widths = [max((_width(r[k]) for r in cells if k < len(r)), default=0.0)
                          for k in range(columns)]
                total += (sum(widths) + MATRIX_GAP * max(columns - 1, 0)) * scale
                if name in ("bmatrix", "pmatrix", "cases"):
                    total += BRACKETS * scale / (2 if name == "cases" else 1)
                previous = "ord"
                continue
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            command = m.group(1)
            i += len(m.group(0))
            if command == "frac":
                top, i = _argument(tex, i)
                bottom, i = _argument(tex, i)
                total += (max(_width(top, scale), _width(bottom, scale)) + 2.4 * scale)
                previous = "ord"
            elif command in ("text", "mathrm", "operatorname", "textrm", "mathit", "mbox"):
                words, i = _argument(tex, i)
                if command == "text" and "$" in words:
                    total += sum(_width(p, scale) if k % 2 else _words(p) * scale
                                 for k, p in enumerate(words.split("$")))
                else:
                    total += _words(words) * scale + (1.83 * scale if command ==
                                                      "operatorname" else 0)
                previous = "ord"
            elif command in ("mathbf", "boldsymbol", "mathsf", "underline", "overline",
                             "hat", "bar", "tilde", "vec", "UnevaluatedExpr"):
                inner, i = _argument(tex, i)
                total += _width(inner, scale)
                previous = "ord"
            elif command in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big"):
                delimiter, i = _argument(tex, i)
                total += (0.0 if delimiter == "." else 4.5) * scale + 1.2 * scale
                previous = "open" if command in ("left", "bigl", "Bigl") else "ord"
            elif command in ("approx", "leq", "geq", "le", "ge", "neq", "leftarrow", "to",
                             "Rightarrow", "Leftrightarrow", "in"):
                total += _SYMBOLS[command] * scale
                previous = "rel"
            elif command in ("cdot", "circ", "times"):
                total += _SYMBOLS[command] * scale
                previous = "bin"
            elif command.isalpha() and command not in _SYMBOLS:
                total += (6.2 if command.islower() else 8.2) * scale  # a Greek letter
                previous = "ord"
            else:
                total += _SYMBOLS.get(command, 6.0) * scale
                previous = "ord"
        elif c in "^_":
            script, i = _argument(tex, i + 1)
            total += _width(script, scale * 0.73)
        elif c == "{":
            inner, i = _group(tex, i)
            total += _width(inner, scale)
        elif c in "=<>":
            total += RELATION * scale
            previous = "rel"
            i += 1
        elif c in "+-":
            unary = previous in ("start", "rel", "open", "bin")
            total += (8.52 if unary or scale < 1 else BINARY) * scale
            previous = "bin"
            i += 1
        elif c.isdigit():
            total += DIGIT * scale
            previous = "ord"
            i += 1
        elif c in ".,;":
            total += 3.04 * scale
            i += 1
        elif c in "()[]|":
            total += 4.26 * scale
            previous = "open" if c in "([" else "ord"
            i += 1
        elif c.isalpha():
            total += _ITALIC.get(c, 8.2 if c.isupper() else 5.8) * scale
            previous = "ord"
            i += 1
        elif c in " \n\t&":
            i += 1
        elif "\uac00" <= c <= "\ud7a3":
            total += HANGUL * scale
            i += 1
        else:
            total += 6.0 * scale
            previous = "ord"
            i += 1
    return total


def matrix_width(entries: Any, rows: Any, columns: Any) -> float:
    """Return the width in points of a matrix of the entries' widths (``entries[i][j]``,
    from :func:`width`) showing ``rows`` and ``columns`` only, ⋯ where columns are left out
    (as :func:`symnn.elide.elided` writes it): the same as :func:`width` of its LaTeX,
    without printing it."""
    size = len(entries[0]) if entries else 0
    shown: list[float] = []
    for k, j in enumerate(columns):
        if k and j != columns[k - 1] + 1:
            shown.append(_SYMBOLS["cdots"] * 1.05)
        shown.append(max(entries[i][j] for i in rows))
    if columns and columns[-1] != size - 1:
        shown.append(_SYMBOLS["cdots"] * 1.05)
    return sum(shown) + 1.05 * (MATRIX_GAP * (len(shown) - 1) + 2 * (4.5 + 1.2))


def _words(text: str) -> float:
    """Upright text: capitals and Hangul syllables are wider than small letters."""
    return sum(HANGUL if "\uac00" <= c <= "\ud7a3" else 7.6 if c.isupper() else
               DIGIT if c.isdigit() else 3.65 if c == " " else WORD for c in text)


def rows(tex: str) -> int:
    """Return the most rows a matrix (or cases) of ``tex`` has (1 without one)."""
    most, i = 1, 0
    while True:
        i = tex.find("\\begin{", i)
        if i < 0:
            return most
        _, body, end = _environment(tex, i)
        most = max(most, len(_cells(body)), rows(body))
        i = end


def height(tex: str) -> float:
    """Return the estimated height (and depth) in points of ``tex`` as display math."""
    tall = ROW * rows(tex) - (3.0 if rows(tex) > 1 else 0.0)
    if "\\frac" in tex or "\\sum" in tex:
        tall = max(tall, 31.0 if re.search(r"\\frac\{[^}]*[_^]", tex) else 24.0)
    return max(tall, ROW)


def text_height(words: str, share: float = 1.0) -> float:
    """Return the height of a sentence (math between $...$) set in ``share`` of the line."""
    from symnn.render.inline import plain

    length = _words(plain(words)) + sum(width(m) - _words(plain(f"${m}$"))
                                        for m in re.findall(r"\$([^$]*)\$", words))
    return 4.0 + ROW * max(1, math.ceil(length / (LINE * share)))


def step_size(step: Any, lang: str, labels: Any = None, share: float = 1.0
              ) -> tuple[float, float]:
    """Return the (width, height) in points of a :class:`~symnn.derivation.Step` as one row
    of an ``align*`` (in ``share`` of the line), its reason beside it or, when there is no
    room, below it."""
    wide, tall = _math_size(step, lang, labels)
    if not reason_beside(step, lang, wide, share):
        tall += ROW  # the reason goes below the equation
    if step.note is not None:
        tall += text_height(step.note(lang))
    return wide, tall


_SIZES: dict[tuple, tuple[Any, tuple[float, float]]] = {}


def _math_size(step: Any, lang: str, labels: Any) -> tuple[float, float]:
    """The width and height of a step's equation (a step measured once: each frame is
    measured in both languages, and again as it is filled)."""
    from symnn.render.latex import RELATIONS, Context, rhs_latex

    key = (id(step), lang, id(labels))
    if key in _SIZES and _SIZES[key][0] is step:
        return _SIZES[key][1]
    ctx = Context(lang, labels)
    tex = f"{ctx.math(step.lhs)} {RELATIONS[step.relation]} {rhs_latex(step, ctx)}"
    size = (width(tex), height(tex) + 4.0)  # with \jot and the rounding of a row's height
    if len(_SIZES) > 4096:
        _SIZES.clear()
    _SIZES[key] = (step, size)  # the step kept, so its id is not reused
    return size


def reason_beside(step: Any, lang: str, wide: float | None = None, share: float = 1.0
                  ) -> bool:
    """Return whether a step's reason fits beside it (amsmath puts it below when not)."""
    if wide is None:
        wide = _math_size(step, lang, None)[0]
    return wide + reason_width(step.reason_text(lang)) + 24.0 <= LINE * share


def reason_width(words: str) -> float:
    """Return the width in points of a step's reason, in parentheses at footnote size."""
    pieces = words.split("$")
    return 6.0 + sum(_width(p) * 9 / 11 if k % 2 else _words(p) * REASON / WORD
                     for k, p in enumerate(pieces))


def part_height(part: Any, lang: str, share: float = 1.0, labels: Any = None) -> float:
    """Return the height in points a part of a frame takes (a step, a sentence, a list)."""
    from symnn.derivation import Items, Step, Table, Text
    from symnn.render.latex import row_stretch

    if isinstance(part, Step):
        return step_size(part, lang, labels, share)[1]
    if isinstance(part, Text):
        return text_height(part(lang), share)
    if isinstance(part, Items):
        return 6.0 + sum(2.0 + text_height(i(lang), share * 0.95) for i in part.items)
    if isinstance(part, Table):
        # center's space above and below, the header and a row each a line, booktabs' rules
        caption = 0.0 if part.caption is None else 3.0 + text_height(part.caption(lang), share)
        return 12.0 + ROW * (1 + row_stretch(part) * len(part.rows)) + 12.0 + caption
    return ROW


def parts_height(parts: Any, lang: str, share: float = 1.0, labels: Any = None) -> float:
    """Return the height of parts in order: each run of steps is one ``align*`` with its
    space above and below."""
    from symnn.derivation import Step

    total, run = 0.0, []
    for part in [*parts, None]:
        if isinstance(part, Step):
            run.append(part)
            continue
        if run:
            # A reason amsmath puts below its row takes a line as deep as half the tallest
            # row of the display (measured: a 1-row step before a 5-row matrix adds 40 pt).
            heights = [step_size(s, lang, labels, share)[1] for s in run]
            below = sum(not reason_beside(s, lang, share=share) for s in run)
            total += DISPLAY + sum(heights) + below * 0.6 * max(0.0, max(heights) - 2 * ROW)
            run = []
        if part is not None:
            total += part_height(part, lang, share, labels)
    return total


__all__ = ["FRAME", "LINE", "ROW", "height", "matrix_width", "part_height", "parts_height",
           "reason_beside", "reason_width", "rows", "step_size", "text_height", "width"]
