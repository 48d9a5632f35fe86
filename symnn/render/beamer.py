r"""Beamer slides for projection: a title page, the lecture's sections with an outline, frame
numbers, one idea per frame (a derivation's :class:`~symnn.derivation.Frame` s, with a table or
figure in a column beside the steps), and errata in alert blocks.

A frame without a column beside it may run over several slides (beamer's
``allowframebreaks``); one with a column is split by the estimated height of its parts, so a
derivation built without frames still fills its slides without overflowing them.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol
>>> steps = tuple(Step(Symbol("y"), i, "definition") for i in range(30))
>>> frames(Derivation("d", Text("Demo", "예시"), steps), "en").count("allowframebreaks")
1
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from symnn.derivation import (
    Deck,
    Derivation,
    Erratum,
    Figure,
    Frame,
    Items,
    Listing,
    Note,
    Remark,
    Section,
    Step,
    Table,
    Text,
    text_of,
)
from symnn.render.inline import latex_text, plain
from symnn.render.latex import Context, parts_latex, preamble, row_stretch
from symnn.render.printer import latex

FRAME_HEIGHT = 204.0  # points a 16:9 frame holds below its title at 11 pt
MAIN = 0.6  # the share of the width the steps get when a figure or table stands beside them
TEXT_WIDTH = 14.0  # cm of text width on a 16:9 slide
CM = 28.45  # points in a centimetre
CAPTION = 0.75  # cm a one-line caption takes below its figure
ROOM = (TEXT_WIDTH - 0.2, FRAME_HEIGHT / CM - CAPTION - 0.15)  # a figure on a slide of its own
SIDE = (0.98 - MAIN) * TEXT_WIDTH - 0.2  # cm wide, a figure beside the steps
MAX_SCALE = 1.5  # a figure alone on a slide is enlarged up to this (labels 13.5 pt)
WORDS_TOO_LARGE = (
    "This figure is {w:.1f} cm × {h:.1f} cm with its labels at footnote size, larger than a "
    "slide holds ({rw:.1f} cm × {rh:.1f} cm); the steps give every number it would show.",
    "이 그림은 글자를 각주 크기로 하면 {w:.1f} cm × {h:.1f} cm로 슬라이드에 들어가는 크기"
    "({rw:.1f} cm × {rh:.1f} cm)보다 크다. 그림의 모든 값은 풀이 단계에 있다.")

THEME = r"""\usetheme{default}
\usefonttheme{professionalfonts}
\definecolor{symnnblue}{RGB}{24,64,120}
\setbeamercolor{structure}{fg=symnnblue}
\setbeamercolor{frametitle}{fg=white,bg=symnnblue}
\setbeamercolor{title}{fg=symnnblue}
\setbeamertemplate{frametitle}{\nointerlineskip
  \begin{beamercolorbox}[wd=\paperwidth,ht=2.7ex,dp=1.1ex,leftskip=1em]{frametitle}%
  \usebeamerfont{frametitle}\insertframetitle\end{beamercolorbox}}
\setbeamertemplate{navigation symbols}{}
\setbeamertemplate{footline}[frame number]
\setbeamertemplate{itemize items}[circle]
\setbeamertemplate{section in toc}[sections numbered]
\setbeamerfont{frametitle}{size=\large}
\setbeamerfont{block title}{size=\normalsize}
\setbeamertemplate{blocks}[rounded][shadow=false]
\setbeamercolor{block title alerted}{fg=white,bg=red!65!black}
\setbeamercolor{block body alerted}{fg=black,bg=red!6}
\setbeamertemplate{frametitle continuation}[singleframecheck][(\insertcontinuationcount)]
"""

FIT = r"""\setlength\abovedisplayskip{4pt}\setlength\belowdisplayskip{4pt}\setlength\jot{2pt}
\allowdisplaybreaks
\renewcommand{\reason}[1]{{\color{black!55}\footnotesize(#1)}}
"""

WORDS = {"outline": ("Outline", "목차")}
ITEM_MARK = "% symnn item: "  # a comment line before each derivation's frames in a deck


def _height(part: Any, width: float = 1.0) -> float:
    """Estimated height of a part in points on an 11 pt 16:9 slide (``width``: the share of
    the text width it gets).  The build's overfull-box check catches what this misses."""
    line, chars = 13.6, 92 * width  # a line of text, and the characters it holds
    if isinstance(part, Text):
        return 4 + line * math.ceil(len(plain(part.en)) / chars)
    if isinstance(part, Items):
        return 6 + sum(2 + line * math.ceil(len(plain(i.en)) / (chars - 4))
                       for i in part.items)
    if isinstance(part, Step):
        rhs = part.rhs if isinstance(part.rhs, tuple) else (part.rhs,)
        tex = "".join(latex(r[1] if isinstance(r, tuple) else r) for r in rhs) + \
            latex(part.lhs)
        rows = 1 + tex.count(r"\\") if ("matrix" in tex or "cases" in tex) else 1
        h = 18 + (13 if "frac" in tex or "sum" in tex else 0) + 12 * (rows - 1)
        shown = len(re.sub(r"\\[a-zA-Z]+|[{}^_]", "", tex)) + len(plain(part.reason_text("en")))
        if shown > 1.25 * chars:
            h += 12  # the reason no longer fits beside the equation and goes below it
        return h + (6 + line * math.ceil(len(plain(part.note.en)) / chars) if part.note else 0)
    if isinstance(part, Table):
        return 22 + 13.5 * row_stretch(part) * len(part.rows) + (14 if part.caption else 0)
    if isinstance(part, Figure):
        size = _sizes.get(id(part))
        # A plot is drawn as wide as its column.
        tall = min(5.5, max(4.6, width * TEXT_WIDTH * 0.6 * 0.85)) if size is None else size[1]
        return (tall + _caption(part, width) + 0.45) * CM  # and the space around a figure
    if isinstance(part, Erratum):
        return 34 + line * math.ceil(len(plain(part.why.en)) / (chars - 6))
    if isinstance(part, (Listing, Remark, Note)):
        return _listing_height(part, width)
    return line


def _listing_height(part: Any, width: float) -> float:
    """Points a program (11 pt a line at footnote size, and its output under it), a remark
    or a speaker note (none) takes."""
    if isinstance(part, Note):
        return 0.0
    if isinstance(part, Remark):
        return 30 + 13.6 * math.ceil(len(plain(part.body.en)) / (92 * width - 6))
    code = part.code.strip("\n").count("\n") + 1
    out = part.output.strip("\n").count("\n") + 1 if part.output.strip() else 0
    return 8 + 11 * code + (18 + 11 * out if out else 0)


def _share(frame: Frame) -> float:
    """The share of the width the main column gets: :data:`MAIN`, or less when a program
    stands beside it, so that its longest line fits at footnote size."""
    code = [p for p in (*frame.parts, *frame.side) if isinstance(p, Listing)]
    if not code:
        return MAIN
    longest = max(len(line) for p in code for line in (p.code + "\n" + p.output).splitlines())
    needed = (longest * 4.75 + 14) / (TEXT_WIDTH * CM)  # 4.75 pt a character, and the frame
    return round(min(0.66, max(0.42, 0.98 - needed)), 2)


def _group(parts: Sequence[Any], width: float = 1.0) -> list[list[Any]]:
    """Split parts into frames that fit one slide each, about equally full (no slide left
    with one line): a sentence stays with what follows it."""
    frames = _fill(parts, width, FRAME_HEIGHT)
    if len(frames) > 1:
        total = sum(_height(p, width) for p in parts)
        tallest = max(_height(p, width) for p in parts)
        even = _fill(parts, width, max(total / len(frames) * 1.1, tallest))
        if len(even) == len(frames):
            return even
    return frames


def _fill(parts: Sequence[Any], width: float, limit: float) -> list[list[Any]]:
    frames: list[list[Any]] = []
    current: list[Any] = []
    height = 0.0
    for part in parts:
        h = _height(part, width)
        lead = current and isinstance(current[-1], Text)
        if current and height + h > limit:
            carried = [current.pop()] if lead and len(current) > 1 else []
            frames.append(current)
            current, height = carried, sum(_height(p, width) for p in carried)
        current.append(part)
        height += h
    if current:
        frames.append(current)
    return frames


def _frame(title: str, body: list[str], side: list[str] | None = None,
           breaks: bool = True, share: float = MAIN) -> list[str]:
    # Without columns, beamer itself continues a frame too tall for one slide.
    options = "t" if side or not breaks else "t,allowframebreaks"
    if any(line.startswith(r"\begin{lstlisting}") for line in (*body, *(side or []))):
        options += ",fragile"  # a listing is verbatim text
    out = [rf"\begin{{frame}}[{options}]{{{title}}}"]
    if side:
        out += [r"\begin{columns}[T]", rf"\begin{{column}}{{{share}\textwidth}}", *body,
                r"\end{column}", rf"\begin{{column}}{{{0.98 - share:.2f}\textwidth}}", *side,
                r"\end{column}", r"\end{columns}"]
    else:
        out += body
    out.append(r"\end{frame}")
    return out


_sizes: dict[int, tuple[float, float] | None] = {}  # figure id -> cm, for _height


def _caption(figure: Figure, width: float = 1.0) -> float:
    """The cm a figure's caption takes under it (about 5 characters a cm, in both
    languages' longer one)."""
    longest = max(len(plain(figure.caption.en)), len(plain(figure.caption.ko)) * 1.6)
    return 0.35 + 0.45 * math.ceil(longest / (width * TEXT_WIDTH * 5.2))


def _fits(figure: Figure, width: float, height: float) -> bool:
    size = _sizes.get(id(figure))
    return size is None or (size[0] <= width and size[1] <= height)


def _place_figures(frame: Frame) -> tuple[list[Figure], Frame]:
    """The figures of a frame that need a slide of their own (a figure is never shrunk: one
    too wide for its column, or too tall for it beside the other side parts, moves out),
    and the frame without them."""
    alone = [p for p in frame.side if isinstance(p, Figure) and not _fits(p, SIDE, ROOM[1])]
    side = [p for p in frame.side if not any(p is f for f in alone)]
    share = 0.98 - MAIN
    while sum(_height(p, share) for p in side) > FRAME_HEIGHT and \
            any(isinstance(p, Figure) for p in side):
        tallest = max((p for p in side if isinstance(p, Figure)), key=lambda p: _height(p))
        alone.append(tallest)
        side = [p for p in side if p is not tallest]
    side = tuple(side)
    width = MAIN * TEXT_WIDTH - 0.2 if side else ROOM[0]
    wide = [p for p in frame.parts if isinstance(p, Figure) and not _fits(p, width, ROOM[1])]
    parts = tuple(p for p in frame.parts if not any(p is f for f in wide))
    return wide + alone, Frame(frame.title, parts, side)


def _figure_frame(heading: str, figure: Figure, ctx: Context) -> list[str]:
    """A slide of one figure, or, when even a whole slide is too small for it at footnote
    size, a sentence that says so."""
    room = FRAME_HEIGHT / CM - _caption(figure)
    if _fits(figure, ROOM[0], room):
        # Alone on its slide, a small figure is drawn larger (at most half as large again).
        size = _sizes.get(id(figure))
        scale = 1.0 if size is None else min(ROOM[0] / size[0], room / size[1], MAX_SCALE)
        return _frame(heading, parts_latex([figure], ctx, beamer=True, width=ROOM[0] * 0.6,
                                           scale=scale if scale > 1.05 else 1.0), breaks=False)
    w, h = _sizes[id(figure)]
    words = WORDS_TOO_LARGE[1 if ctx.lang == "ko" else 0].format(w=w, h=h, rw=ROOM[0],
                                                                  rh=room)
    return _frame(heading, [latex_text(figure.caption(ctx.lang)) + r"\par", r"\medskip",
                            latex_text(words) + r"\par"], breaks=False)


def frames(derivation: Derivation, lang: str) -> str:
    """Return the frames of one derivation; a figure stands beside its steps when the side
    column holds it at its own size, else on a slide of its own before them."""
    from symnn.render.figures import figure_size

    ctx = Context(lang, derivation.labels)
    for figure in derivation.figures():
        _sizes[id(figure)] = figure_size(figure, lang, ctx.labels)
    title = latex_text(derivation.title(lang))
    out: list[str] = []
    loose: list[Any] = []

    def flush() -> None:
        if loose:
            out.extend(_emit(title, Frame(None, tuple(loose)), ctx, title_suffix=False))
        loose.clear()

    for part in derivation.parts:
        if isinstance(part, Frame):
            flush()
            heading = title if part.title is None else \
                f"{title} --- {latex_text(part.title(lang))}"
            out.extend(_emit(heading, part, ctx))
        else:
            loose.append(part)
    flush()
    return "\n".join(out)


def _emit(heading: str, frame: Frame, ctx: Context, title_suffix: bool = True) -> list[str]:
    out: list[str] = []
    columns = bool(frame.side)  # written for a column beside it: split as such, even if its
    share = _share(frame)
    alone, frame = _place_figures(frame)  # figure moved out
    if not frame.parts and frame.side:
        frame = Frame(frame.title, frame.side)
    groups = (_group(frame.parts, share) if columns else [list(frame.parts)]) \
        if frame.parts else []
    if groups and not frame.side:
        # A figure that left a column goes under the steps of the frame's last slide when
        # there is room for it at its own size, else on a slide of its own before them.
        for figure in list(alone):
            room = FRAME_HEIGHT - sum(_height(p) for p in groups[-1])
            if _fits(figure, ROOM[0], ROOM[1]) and _height(figure) <= room:
                groups[-1].append(figure)
                alone.remove(figure)
    for figure in alone:
        out.extend(_figure_frame(heading, figure, ctx))
    if not groups:
        return out
    side = parts_latex(frame.side, ctx, beamer=True, width=SIDE) if frame.side else None
    for k, group in enumerate(groups):
        # A frame too full for one slide continues on the next, side parts again.
        suffix = "" if len(groups) == 1 or not title_suffix else f" ({k + 1}/{len(groups)})"
        out.extend(_frame(heading + suffix, parts_latex(
            group, ctx, beamer=True, width=(share if side else 1) * TEXT_WIDTH * 0.6), side,
            share=share))
    return out


def deck(lecture: Deck | Sequence[Derivation], lang: str = "en",
         title: str | None = None) -> str:
    """Return a whole Beamer document: title page, outline, sections, frames.

    ``lecture`` is a :class:`~symnn.derivation.Deck`, or derivations for a deck of one
    section without an outline (``title`` names it).
    """
    if not isinstance(lecture, Deck):
        heading = title or ("신경망의 기초" if lang == "ko" else "Neural network basics")
        lecture = Deck(Text(heading, heading), (Section(Text("", ""), tuple(lecture)),))
    many = len(lecture.sections) > 1
    outline = WORDS["outline"][1 if lang == "ko" else 0]
    body: list[str] = [r"\begin{frame}[plain]", r"\titlepage", r"\end{frame}"]
    for section in lecture.sections:
        if many:
            body.append(rf"\section{{{latex_text(section.title(lang))}}}")
        for d in section.derivations:
            body.append(ITEM_MARK + d.name)  # where its frames start, for a build's errors
            body.append(frames(d, lang))
    info = [rf"\title{{{latex_text(lecture.title(lang))}}}"]
    if lecture.subtitle is not None:
        info.append(rf"\subtitle{{{latex_text(lecture.subtitle(lang))}}}")
    if lecture.author:
        info.append(rf"\author{{{latex_text(text_of(lecture.author, lang))}}}")
    else:
        info.append(r"\author{}")
    if lecture.course:
        info.append(rf"\institute{{{latex_text(text_of(lecture.course, lang))}}}")
    info.append(rf"\date{{{latex_text(lecture.date or today(lang))}}}")
    at_section = (rf"\AtBeginSection[]{{\begin{{frame}}{{{outline}}}"
                  r"\tableofcontents[currentsection]\end{frame}}" if many else "")
    return "\n".join([
        r"\documentclass[aspectratio=169,11pt]{beamer}",
        preamble(lang),
        THEME,
        FIT,
        *info,
        at_section,
        r"\begin{document}",
        *body,
        r"\end{document}",
        "",
    ])


def today(lang: str) -> str:
    """Today's date as the page's language writes it (the title page's default)."""
    import datetime

    day = datetime.date.today()
    if lang == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day:%B} {day.day}, {day.year}"


def frame_titles(source: str) -> list[str]:
    """Return the titles of the frames in a Beamer source (for tests and reports)."""
    return re.findall(r"\\begin\{frame\}(?:\[[^]]*\])?\{(.*)\}", source)
