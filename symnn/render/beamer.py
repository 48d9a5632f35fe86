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
"""


def _steps_frame(title: str, steps: list[Step], lang: str) -> list[str]:
    lines = [rf"\begin{{frame}}{{{title}}}", r"\small"]
    for step in steps:
        row = step_row(step, lang).replace(" &&", r" \quad").replace("&", "")
        lines.append(rf"\par\medskip\noindent\fitwidth{{$\displaystyle {row}$}}")
        if step.note is not None:
            lines.append(rf"\par{{\footnotesize {escape(step.note(lang))}}}")
    lines.append(r"\end{frame}")
    return lines


def frames(derivation: Derivation, lang: str) -> str:
    """Return the frames of one derivation."""
    title = escape(derivation.title(lang))
    out: list[str] = []
    run: list[Step] = []
    texts: list[str] = []

    def flush() -> None:
        while run:
            chunk = run[:STEPS_PER_FRAME]
            del run[:STEPS_PER_FRAME]
            out.extend(_steps_frame(title, chunk, lang))

    for part in derivation.parts:
        if isinstance(part, Step):
            if texts:
                flush()
                out += [rf"\begin{{frame}}{{{title}}}", *texts, r"\end{frame}"]
                texts.clear()
            run.append(part)
            continue
        flush()
        if isinstance(part, Text):
            texts.append(escape(part(lang)) + r"\par\medskip")
        elif isinstance(part, Table):
            out += [rf"\begin{{frame}}{{{title}}}", *texts, *table_latex(part, lang),
                    r"\end{frame}"]
            texts.clear()
        elif isinstance(part, Figure):
            out += [rf"\begin{{frame}}{{{title}}}", *texts, r"\begin{center}",
                    rf"\fitwidth{{{figure_tikz(part, lang)}}}",
                    rf"\\[4pt] {{\small {escape(part.caption(lang))}}}", r"\end{center}",
                    r"\end{frame}"]
            texts.clear()
    flush()
    if texts:
        out += [rf"\begin{{frame}}{{{title}}}", *texts, r"\end{frame}"]
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
