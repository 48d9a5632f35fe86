"""LaTeX: a fragment (``align*`` with the reasons beside the lines) and a standalone document.

>>> from symnn.derivation import Derivation, Step, Text
>>> d = Derivation("d", Text("Demo", "예시"), (Step(Symbol("y"), Rational(1, 2), "definition"),))
>>> print(fragment(d, "en"))
\\begin{align*}
y &= \\frac{1}{2} && \\text{(definition)}
\\end{align*}
"""

from __future__ import annotations

from typing import Any

from sympy import Rational, Symbol  # noqa: F401  (used by the doctest)

from symnn.derivation import Derivation, Figure, Step, Table, Text
from symnn.render.printer import latex
from symnn.render.tikz import figure_tikz

RELATIONS = {"=": "=", "≈": r"\approx", ">": ">", "≥": r"\geq", "≤": r"\leq", "<": "<",
             "≠": r"\neq", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow"}

PREAMBLE = r"""\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage{tikz}
\usetikzlibrary{arrows.meta,positioning}
\usepackage{pgfplots}
\pgfplotsset{compat=1.16}
"""


def preamble(lang: str) -> str:
    """Return the packages every symnn document needs; Korean adds kotex."""
    return PREAMBLE + (r"\usepackage{kotex}" + "\n" if lang == "ko" else "")


def escape(text: str) -> str:
    """Return plain text safe inside LaTeX (math between $...$ is left alone)."""
    out, in_math = [], False
    for char in text:
        if char == "$":
            in_math = not in_math
            out.append(char)
        elif in_math:
            out.append(char)
        else:
            out.append({"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                        "~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}",
                        "θ": r"$\theta$", "σ": r"$\sigma$", "δ": r"$\delta$", "α": r"$\alpha$",
                        "η": r"$\eta$", "≤": r"$\le$", "≥": r"$\ge$", "×": r"$\times$",
                        "·": r"$\cdot$", "−": "-", "²": r"$^2$", "∂": r"$\partial$",
                        "→": r"$\to$", "≈": r"$\approx$", "√": r"$\surd$",
                        "⇒": r"$\Rightarrow$", "⇔": r"$\Leftrightarrow$",
                        "Σ": r"$\Sigma$"}.get(char, char))
    return "".join(out)


MATH_SYMBOLS = {"θ": r"\theta", "σ": r"\sigma", "δ": r"\delta", "α": r"\alpha", "η": r"\eta",
                "·": r"\cdot", "×": r"\times", "−": "-", "≤": r"\le", "≥": r"\ge"}


def text_in_math(text: str) -> str:
    """Return ``\\text{...}`` for a sentence inside math, Greek letters set as math.

    >>> text_in_math("b = -θ")
    '\\\\text{b = -}\\\\theta'
    """
    out, run = [], []
    for char in text:
        if char in MATH_SYMBOLS:
            if run:
                out.append(rf"\text{{{escape(''.join(run))}}}")
                run = []
            out.append(MATH_SYMBOLS[char])
        else:
            run.append(char)
    if run:
        out.append(rf"\text{{{escape(''.join(run))}}}")
    return "".join(out)


def step_row(step: Step, lang: str) -> str:
    """Return one ``align*`` row: lhs &= rhs && (reason)."""
    reason = text_in_math(f"({step.reason_text(lang)})")
    return f"{latex(step.lhs)} &{RELATIONS[step.relation]} {latex(step.rhs)} && {reason}"


def _steps_block(steps: list[Step], lang: str) -> list[str]:
    items: list[tuple[str, str]] = []
    for step in steps:
        items.append(("row", step_row(step, lang)))
        if step.note is not None:
            items.append(("note", rf"\intertext{{\small {escape(step.note(lang))}}}"))
    lines = [r"\begin{align*}"]
    for i, (kind, text) in enumerate(items):
        last = i == len(items) - 1
        lines.append(text + ("" if kind == "note" or last else r" \\"))
    lines.append(r"\end{align*}")
    return lines


def table_latex(table: Table, lang: str) -> list[str]:
    """Return a ``tabular`` for a small table."""
    cols = "c" * len(table.header)
    lines = [r"\begin{center}", rf"\begin{{tabular}}{{{cols}}}",
             " & ".join(escape(h) for h in table.header) + r" \\ \hline"]
    for row in table.rows:
        lines.append(" & ".join(_cell(v) for v in row) + r" \\")
    lines.append(r"\end{tabular}")
    if table.caption is not None:
        lines.append(rf"\\[2pt] {{\small {escape(table.caption(lang))}}}")
    lines.append(r"\end{center}")
    return lines


def _cell(v: Any) -> str:
    return escape(v) if isinstance(v, str) else f"${latex(v)}$"


def parts_latex(parts: list[Any], lang: str, for_notebook: bool = False) -> list[str]:
    """Return LaTeX lines for sentences, steps, tables and figures in order."""
    lines: list[str] = []
    run: list[Step] = []

    def flush() -> None:
        if run:
            lines.extend(_steps_block(run, lang))
            run.clear()

    for part in parts:
        if isinstance(part, Step):
            run.append(part)
            continue
        flush()
        if isinstance(part, Text):
            lines.append(escape(part(lang)))
            lines.append("")
        elif isinstance(part, Table) and not for_notebook:
            lines.extend(table_latex(part, lang))
        elif isinstance(part, Figure) and not for_notebook:
            lines.extend([r"\begin{center}", figure_tikz(part, lang),
                          rf"\\[2pt] {{\small {escape(part.caption(lang))}}}", r"\end{center}"])
    flush()
    return lines


def fragment(derivation: Derivation, lang: str = "en", for_notebook: bool = False) -> str:
    """Return the derivation's body as LaTeX (no preamble), ready to ``\\input``.

    ``for_notebook`` leaves out tables and TikZ figures, which notebook renderers cannot draw.
    """
    if for_notebook:
        steps = derivation.steps()
        return "\n".join(_steps_block(steps, lang)) if steps else ""
    return "\n".join(parts_latex(list(derivation.parts), lang))


def document(derivation: Derivation, lang: str = "en") -> str:
    """Return a standalone LaTeX document of the derivation."""
    return "\n".join([
        r"\documentclass[11pt]{article}",
        r"\usepackage[margin=2cm]{geometry}",
        preamble(lang),
        r"\begin{document}",
        rf"\section*{{{escape(derivation.title(lang))}}}",
        fragment(derivation, lang),
        r"\end{document}",
        "",
    ])
