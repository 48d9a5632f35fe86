"""Beamer slides: a frame per group of at most four steps, wide equations shrunk to fit.

>>> from symnn.derivation import Derivation, Step, Text
>>> from sympy import Symbol
>>> steps = tuple(Step(Symbol("y"), i, "definition") for i in range(9))
>>> frames(Derivation("d", Text("Demo", "예시"), steps), "en").count(r"\\begin{frame}")
3
"""

from __future__ import annotations

from collections.abc import Sequence

from symnn.derivation import Derivation, Figure, Step, Table, Text
from symnn.render.latex import escape, preamble, step_row, table_latex
from symnn.render.tikz import figure_tikz

STEPS_PER_FRAME = 4

FIT = r"""\newsavebox\symnnbox
\newcommand{\fitwidth}[1]{\sbox\symnnbox{#1}\ifdim\wd\symnnbox>\linewidth
  \resizebox{\linewidth}{!}{\usebox\symnnbox}\else\usebox\symnnbox\fi}
\newcommand{\fitfigure}[1]{\sbox\symnnbox{#1}%
  \ifdim\wd\symnnbox>\linewidth\sbox\symnnbox{\resizebox{\linewidth}{!}{\usebox\symnnbox}}\fi
  \ifdim\ht\symnnbox>0.6\textheight
    \sbox\symnnbox{\resizebox{!}{0.6\textheight}{\usebox\symnnbox}}\fi
  \usebox\symnnbox}
"""


def _step_lines(step: Step, lang: str) -> list[str]:
    row = step_row(step, lang).replace(" &&", r" \quad").replace("&", "")
    lines = [rf"\par\medskip\noindent\fitwidth{{$\displaystyle {row}$}}"]
    if step.note is not None:
        lines.append(rf"\par{{\footnotesize {escape(step.note(lang))}}}")
    return lines


def frames(derivation: Derivation, lang: str) -> str:
    """Return the frames of one derivation: sentences lead into the steps after them, at most
    four steps a frame, each table or figure on a frame of its own."""
    title = escape(derivation.title(lang))
    out: list[str] = []
    pending: list[str] = []
    steps = 0

    def close() -> None:
        nonlocal steps
        if pending:
            out.extend([rf"\begin{{frame}}{{{title}}}", r"\small", *pending, r"\end{frame}"])
            pending.clear()
        steps = 0

    for part in derivation.parts:
        if isinstance(part, Text):
            if steps:
                close()
            pending.append(escape(part(lang)) + r"\par")
        elif isinstance(part, Step):
            if steps == STEPS_PER_FRAME:
                close()
            pending.extend(_step_lines(part, lang))
            steps += 1
        else:
            if steps:
                close()
            if isinstance(part, Table):
                pending.extend(table_latex(part, lang))
            elif isinstance(part, Figure):
                pending.extend([r"\begin{center}", rf"\fitfigure{{{figure_tikz(part, lang)}}}",
                                rf"\\[4pt] {{\small {escape(part.caption(lang))}}}",
                                r"\end{center}"])
            close()
    close()
    return "\n".join(out)


def deck(derivations: Sequence[Derivation], lang: str = "en", title: str | None = None) -> str:
    """Return a whole Beamer document of the derivations, in order."""
    heading = title or ("신경망의 기초" if lang == "ko" else "Neural network basics")
    body = "\n".join(frames(d, lang) for d in derivations)
    return "\n".join([
        r"\documentclass[aspectratio=169]{beamer}",
        preamble(lang),
        FIT,
        rf"\title{{{escape(heading)}}}",
        r"\subtitle{symnn}",
        r"\date{}",
        r"\begin{document}",
        r"\frame{\titlepage}",
        body,
        r"\end{document}",
        "",
    ])
