r"""LaTeX: a fragment to ``\input`` and a standalone document.

Steps stand in ``align*`` with the reason at the right margin (``\tag*``, which amsmath moves
below a line too long to share); a run of steps with the same left side prints it once, as a
teacher writes a chain on the board.  Errata stand in a red box beside the printed value.

>>> from symnn.derivation import Derivation, Step, Text
>>> d = Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), Rational(1, 2), "definition"),
...                                            Step(Symbol("y"), Rational(1, 3), "simplify")))
>>> print(fragment(d, "en"))
\begin{align*}
y &= 0.5 \tag*{\reason{definition}}\\
&= \frac{1}{3} \tag*{\reason{simplify}}
\end{align*}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy
from sympy import Rational, Symbol  # noqa: F401  (used by the doctest)

from symnn.derivation import (
    Derivation,
    Erratum,
    Figure,
    Frame,
    Items,
    Listing,
    Note,
    Remark,
    Step,
    Table,
    Text,
    text_of,
)
from symnn.errors import RenderError
from symnn.render.inline import latex_text, plain
from symnn.render.printer import latex
from symnn.render.tikz import figure_tikz

RELATIONS = {"=": "=", "≈": r"\approx", ">": ">", "≥": r"\geq", "≤": r"\leq", "<": "<",
             "≠": r"\neq", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "←": r"\leftarrow"}

PREAMBLE = r"""\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage{booktabs}
\usepackage{xcolor}
\usepackage{tikz}
\usetikzlibrary{arrows.meta,positioning}
\usepackage{pgfplots}
\pgfplotsset{compat=1.16}
\usepgfplotslibrary{fillbetween}
\newcommand{\reason}[1]{{\color{black!55}\small(#1)}}
\usepackage{array,tabularx}
\usepackage{listings}
\lstdefinestyle{code}{language=Python,basicstyle=\ttfamily\footnotesize,
  keywordstyle=\color{blue!70!black}\bfseries,commentstyle=\color{green!40!black},
  stringstyle=\color{red!60!black},showstringspaces=false,columns=fixed,basewidth=4.75pt,
  frame=single,rulecolor=\color{black!25},backgroundcolor=\color{black!3},
  aboveskip=2pt,belowskip=2pt,xleftmargin=2pt,xrightmargin=2pt,upquote=true}
\lstdefinestyle{output}{basicstyle=\ttfamily\footnotesize,columns=fixed,basewidth=4.75pt,
  frame=leftline,
  rulecolor=\color{blue!50!black},framerule=1.5pt,aboveskip=2pt,belowskip=2pt,
  xleftmargin=4pt}
"""

WORDS = {
    "output": ("Output", "출력"),
    "erratum": ("Erratum", "강의 자료의 오류"),
    "printed": ("lecture notes", "강의 자료"),
    "correct": ("correct", "올바른 값"),
}


def word(key: str, lang: str) -> str:
    """Return one of the renderers' own words (:data:`WORDS`) in ``lang``."""
    en, ko = WORDS[key]
    return ko if lang == "ko" else en


def preamble(lang: str) -> str:
    """Return the packages every symnn document needs; Korean adds kotex."""
    return PREAMBLE + (r"\usepackage{kotex}" + "\n" if lang == "ko" else "")


class Context:
    """What a renderer needs besides the part: the language and the symbols' labels."""

    def __init__(self, lang: str, labels: Mapping[str, Text] | None = None,
                 page: bool = False):
        self.lang = lang
        self.labels = dict(labels or {})
        self.page = page  # a whole document, whose preamble has \fitpage

    def math(self, value: Any) -> str:
        """Return a value as LaTeX math (a string is taken as LaTeX math already, a Text is
        set as words)."""
        if isinstance(value, Text):
            return rf"\text{{{self.sentence(value)}}}"
        if isinstance(value, str):
            return value
        return latex(value, lang=self.lang, labels=self.labels)

    def sentence(self, value: str | Text) -> str:
        """Return a sentence (math between $...$) as LaTeX text."""
        return latex_text(text_of(value, self.lang))


def step_rows(steps: list[Step], ctx: Context) -> list[str]:
    """Return ``align*`` rows: lhs &= rhs with the reason as a tag; notes as \\intertext.

    A step whose left side is that of the step before it prints only ``&= rhs``.
    """
    rows: list[str] = []
    previous = None
    for step in steps:
        same = previous is not None and _same(previous, step.lhs)
        lhs = "" if same else ctx.math(step.lhs) + " "
        reason = ctx.sentence(step.reason_text(ctx.lang))
        first, *more = broken_rhs(step, ctx, lhs)
        rows.append(f"{lhs}&{first} " rf"\tag*{{\reason{{{reason}}}}}")
        rows.extend(f"&{row}" for row in more)
        if step.note is not None:
            rows.append(rf"\intertext{{\small {ctx.sentence(step.note)}}}")
            previous = None
        else:
            previous = step.lhs
    return rows


def rhs_latex(step: Step, ctx: Context) -> str:
    """The right side of a step; a chain of right sides joined by the step's relation (or by
    the relation given with a link, as in ``("≈", value)``)."""
    if not isinstance(step.rhs, tuple):
        return ctx.math(step.rhs)
    out = []
    for k, link in enumerate(step.rhs):
        relation, value = link if isinstance(link, tuple) else (step.relation, link)
        out.append(("" if k == 0 else f" {RELATIONS[relation]} ") + ctx.math(value))
    return "".join(out)


def broken_rhs(step: Step, ctx: Context, lhs: str = "") -> list[str]:
    r"""Return a step's right side as the rows of an ``align*`` it needs: one when it fits a
    slide's line (:data:`symnn.render.fit.LINE`), else a chain one link a row (links that fit
    together share one) and a sum too long for a row its terms over several, each row after
    the first going on with its sign, as a teacher continues a long line on the board.

    >>> from sympy import Add, Symbol
    >>> long = Add(*[Symbol(f"a{i}") * Symbol(f"b{i}") for i in range(12)])
    >>> rows = broken_rhs(Step(Symbol("y"), long, "definition"), Context("en"))
    >>> len(rows) > 1, rows[1].startswith(r"\quad + ")
    (True, True)
    """
    from symnn.render import fit

    one = f"{RELATIONS[step.relation]} {rhs_latex(step, ctx)}"
    if fit.width(lhs + one) <= fit.LINE:
        return [one]
    links = step.rhs if isinstance(step.rhs, tuple) else (step.rhs,)
    rows: list[str] = []
    for link in links:
        relation, value = link if isinstance(link, tuple) else (step.relation, link)
        piece = f"{RELATIONS[relation]} {ctx.math(value)}"
        if rows and fit.width(lhs + rows[-1] + " " + piece) <= fit.LINE:
            rows[-1] += " " + piece
        elif fit.width(lhs + piece) <= fit.LINE or not breakable(value):
            rows.append(piece)
        else:
            rows.extend(_sum_rows(value, RELATIONS[relation], ctx, fit.LINE - fit.width(lhs)))
    return rows


def breakable(value: Any) -> bool:
    """Return whether a value can be written over several rows: a sum (at its + and -) or a
    product (at its ·)."""
    return isinstance(value, (sympy.Add, sympy.Mul)) and len(value.args) > 1 and \
        not isinstance(value, sympy.MatrixBase)


def _sum_rows(total: Any, relation: str, ctx: Context, room: float) -> list[str]:
    """A sum's terms (or a product's factors) over rows of at most ``room`` points, each
    row after the first going on with its sign (or a dot)."""
    from symnn.render import fit

    rows: list[str] = []
    current = relation
    product = isinstance(total, sympy.Mul)
    for k, term in enumerate(total.args):
        negative = not product and term.could_extract_minus_sign()
        body = ctx.math(-term if negative else term)
        if product:
            body = rf"\left({body}\right)" if isinstance(term, sympy.Add) else body
            sign = "" if k == 0 else r"\cdot"
        else:
            sign = ("-" if negative else "") if k == 0 else ("-" if negative else "+")
        piece = f"{sign} {body}".strip()
        if k and fit.width(current + " " + piece) > room:
            rows.append(current)
            current = r"\quad " + piece
        else:
            current += " " + piece
    rows.append(current)
    return rows


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False


def steps_block(steps: list[Step], ctx: Context) -> list[str]:
    """Return one ``align*`` environment for a run of steps."""
    rows = step_rows(steps, ctx)
    body = []
    for i, row in enumerate(rows):
        last = i == len(rows) - 1
        follows_note = i + 1 < len(rows) and rows[i + 1].startswith(r"\intertext")
        body.append(row + ("" if last or row.startswith(r"\intertext") or follows_note
                           else r"\\"))
    return [r"\begin{align*}", *body, r"\end{align*}"]


def _width(cells: list) -> int:
    """The longest cell of a column, in characters as it reads (its English, math as
    Unicode: $\\partial a/\\partial b$ is 5 characters, not 21)."""
    return max((len(plain(text_of(c, "en"))) for c in cells if isinstance(c, (str, Text))),
               default=0)


def _columns(columns: list[list]) -> str:
    """c for numbers and short words; for sentences, or for every column of some length in
    a table too wide for a line, wrapping columns (tabularx's X) that share what the line
    leaves by their lengths."""
    widths = [_width(c) for c in columns]
    crowded = sum(w + 2 for w in widths) > 60
    wraps = [w > 34 or (crowded and w > 16) for w in widths]
    wide = [w for w, wrap in zip(widths, wraps) if wrap]
    # ragged right and never hyphenated: a word breaks only between words
    return "".join(
        r">{\raggedright\arraybackslash\hyphenpenalty=10000"
        rf"\hsize={len(wide) * w / sum(wide):.2f}\hsize}}X" if wrap else "c"
        for w, wrap in zip(widths, wraps))


def row_stretch(table: Table) -> float:
    """How much taller than plain rows a table's rows are set: 1.15 for a short table of
    letters with a superscript and a subscript (w^{(1)}_{11}, whose scripts would touch the
    next row's), else 1.

    >>> row_stretch(Table(("w", "value"), (("$w^{(1)}_{11}$", 1), ("$w^{(1)}_{12}$", 2))))
    1.15
    """
    tall = any(isinstance(v, str) and "^" in v and "_" in v for row in table.rows for v in row)
    return 1.15 if tall and len(table.rows) <= 8 else 1


def table_latex(table: Table, ctx: Context) -> list[str]:
    """Return a ``tabular`` with booktabs rules."""
    columns = list(zip(table.header, *table.rows))
    cols = _columns([list(c) for c in columns])
    begin, end = (rf"\begin{{tabularx}}{{\linewidth}}{{{cols}}}", r"\end{tabularx}") \
        if "X" in cols else (rf"\begin{{tabular}}{{{cols}}}", r"\end{tabular}")
    stretch = row_stretch(table)
    lines = [r"\begin{center}",
             *([rf"\renewcommand{{\arraystretch}}{{{stretch}}}"] if stretch != 1 else []),
             begin, r"\toprule",
             " & ".join(ctx.sentence(h) for h in table.header) + r" \\", r"\midrule"]
    for row in table.rows:
        # {} first: a row whose first cell starts with [ is not read as \\[length].
        lines.append("{}" + " & ".join(_cell(v, ctx) for v in row) + r" \\")
    lines.append(r"\bottomrule")
    lines.append(end)
    if table.caption is not None:
        lines.append(rf"\\[3pt] {{\small {ctx.sentence(table.caption)}}}")
    lines.append(r"\end{center}")
    return lines


def _cell(v: Any, ctx: Context) -> str:
    if isinstance(v, (str, Text)):
        return ctx.sentence(v)
    if isinstance(v, bool):
        return "1" if v else "0"
    return f"${ctx.math(sympy.sympify(v))}$"


def erratum_latex(e: Erratum, ctx: Context, beamer: bool = False) -> list[str]:
    """Return the erratum: the printed value beside the right one, and why."""
    quantity = ctx.sentence(e.quantity) if isinstance(e.quantity, Text) else \
        f"${ctx.math(e.quantity)}$"
    title = f"{word('erratum', ctx.lang)}: {quantity}"
    # ragged right, a label's words kept together: a narrow box never stretches a line
    printed, correct = (word(k, ctx.lang).replace(" ", "~") for k in ("printed", "correct"))
    body = [r"\raggedright", rf"{printed}: ${ctx.math(e.printed)}$ \quad "
            rf"$\Rightarrow$ \quad {correct}: ${ctx.math(e.correct)}$\\[2pt]",
            ctx.sentence(e.why)]
    if beamer:
        return [rf"\begin{{alertblock}}{{{title}}}", r"\small", *body, r"\end{alertblock}"]
    return [r"\begin{center}", r"\fcolorbox{red!70!black}{red!4}{\parbox{0.94\linewidth}{",
            rf"\textbf{{\color{{red!70!black}}{title}}}\\[2pt]", *body, "}}",
            r"\end{center}"]


def figure_latex(figure: Figure, ctx: Context, beamer: bool = False,
                 width: float | None = None, scale: float = 1.0) -> list[str]:
    """Return a figure with its caption.  On a slide it is drawn at its own size, its labels
    at footnote size, or enlarged by ``scale`` (never shrunk; a plot takes ``width`` cm); on
    a page, a figure wider than the text is shrunk to its width (:data:`FIT_PAGE`, in a
    whole document), as a reader holds the page close."""
    code = figure_tikz(figure, ctx.lang, ctx.labels, width=width)
    body = rf"\fitpage{{{code}}}" if ctx.page else code
    if scale > 1:
        body = rf"\scalebox{{{scale:.2f}}}{{{body}}}"
    return [r"\begin{center}", body, rf"\\[2pt] {{\small {ctx.sentence(figure.caption)}}}",
            r"\end{center}"]


def listing_latex(listing: Listing, ctx: Context) -> list[str]:
    """Return a program in a ``lstlisting`` (highlighted, at footnote size) and what it
    printed under it.  On a slide the frame must be ``fragile``."""
    lines = [r"\begin{lstlisting}[style=code]", *_verbatim(listing.code), r"\end{lstlisting}"]
    if listing.output.strip():
        lines += [rf"{{\footnotesize\color{{blue!50!black}}{word('output', ctx.lang)}}}\par",
                  r"\begin{lstlisting}[style=output]", *_verbatim(listing.output),
                  r"\end{lstlisting}"]
    return lines


def _verbatim(code: str) -> list[str]:
    """The lines of a program for ``lstlisting``: printable ASCII only (listings reads bytes),
    and never a line that would end the environment."""
    lines = code.strip("\n").splitlines()
    for line in lines:
        if r"\end{lstlisting}" in line or any(not (" " <= c <= "~") for c in line):
            raise RenderError(f"a listing line cannot be set verbatim: {line[:40]!r}")
    return lines


def remark_latex(remark: Remark, ctx: Context, beamer: bool = False) -> list[str]:
    """Return a remark in a (blue) block: a convention, not an error."""
    title, body = ctx.sentence(remark.title), ctx.sentence(remark.body)
    if beamer:
        return [rf"\begin{{block}}{{{title}}}", r"\small", body, r"\end{block}"]
    return [r"\begin{center}", r"\fcolorbox{blue!50!black}{blue!3}{\parbox{0.94\linewidth}{",
            rf"\textbf{{\color{{blue!50!black}}{title}}}\\[2pt]", body, "}}", r"\end{center}"]


def note_latex(note: Note, ctx: Context, beamer: bool = False) -> list[str]:
    """Return a speaker note: Beamer's ``\\note`` on a slide (not shown unless notes are
    asked for), nothing on a page."""
    return [rf"\note{{{ctx.sentence(note.text)}}}"] if beamer else []


FIT_PAGE = r"""\newsavebox\symnnbox
\newcommand{\fitpage}[1]{\sbox\symnnbox{#1}%
  \ifdim\wd\symnnbox>\linewidth\resizebox{\linewidth}{!}{\usebox\symnnbox}%
  \else\usebox\symnnbox\fi}
"""


def parts_latex(parts: Any, ctx: Context, beamer: bool = False, width: float | None = None,
                scale: float = 1.0) -> list[str]:
    """Return LaTeX lines for sentences, steps, tables, figures and errata in order
    (``width``: the cm a plot may take on a slide; ``scale`` enlarges a figure)."""
    lines: list[str] = []
    run: list[Step] = []

    def flush() -> None:
        if run:
            lines.extend(steps_block(run, ctx))
            run.clear()

    for part in parts:
        if isinstance(part, Step):
            run.append(part)
            continue
        flush()
        if isinstance(part, Text):
            lines.append(ctx.sentence(part) + r"\par")
        elif isinstance(part, Items):
            # Ragged right: an item of long words (a student's claim in typewriter type)
            # wraps instead of running past the margin.
            lines += [r"\begin{itemize}\raggedright",
                      *(rf"\item {ctx.sentence(i)}" for i in part.items),
                      r"\end{itemize}"]
        elif isinstance(part, Table):
            lines.extend(table_latex(part, ctx))
        elif isinstance(part, Figure):
            lines.extend(figure_latex(part, ctx, beamer, width, scale))
        elif isinstance(part, Erratum):
            lines.extend(erratum_latex(part, ctx, beamer))
        elif isinstance(part, Listing):
            lines.extend(listing_latex(part, ctx))
        elif isinstance(part, Remark):
            lines.extend(remark_latex(part, ctx, beamer))
        elif isinstance(part, Note):
            lines.extend(note_latex(part, ctx, beamer))
        elif isinstance(part, Frame):
            lines.extend(frame_latex(part, ctx))
    flush()
    return lines


def frame_latex(frame: Frame, ctx: Context) -> list[str]:
    """Return a frame in a document: a small heading, the parts, then the side parts (a page
    is narrow for columns; slides put them side by side)."""
    heading = [rf"\subsection*{{{ctx.sentence(frame.title)}}}"] if frame.title else []
    return heading + parts_latex((*frame.parts, *frame.side), ctx) + [""]


def fragment(derivation: Derivation, lang: str = "en") -> str:
    """Return the derivation's body as LaTeX (no preamble), ready to ``\\input``."""
    ctx = Context(lang, derivation.labels)
    return "\n".join(parts_latex(derivation.parts, ctx))


def document(derivation: Derivation, lang: str = "en") -> str:
    """Return a standalone LaTeX document of the derivation."""
    ctx = Context(lang, derivation.labels, page=True)
    return "\n".join([
        r"\documentclass[11pt]{article}",
        preamble(lang),  # first, as every symnn document starts (symnn.tex preloads it)
        r"\usepackage[margin=2cm]{geometry}",
        FIT_PAGE,
        r"\begin{document}",
        rf"\section*{{{ctx.sentence(derivation.title)}}}",
        *parts_latex(derivation.parts, ctx),
        r"\end{document}",
        "",
    ])
