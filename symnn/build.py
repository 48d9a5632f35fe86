"""``symnn build``: every derivation of a deck as LaTeX and Markdown, the figures, the Beamer
deck, and PDFs when a TeX engine is on PATH.  Files are written whole or not at all.

A PDF that compiles can still be unreadable, so a compiled file fails the build when TeX
reports a frame taller than the slide (``Overfull \\vbox``) or a line wider than the page by
more than :data:`OVERFULL_POINTS` points (``Overfull \\hbox``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from symnn.derivation import Deck, Derivation, Text
from symnn.errors import RenderError
from symnn.files import write_atomic
from symnn.render.beamer import deck as beamer_deck
from symnn.render.figures import figure_drawing
from symnn.render.inline import latex_text
from symnn.render.latex import document, preamble
from symnn.render.markdown import markdown
from symnn.render.svg import drawing_svg
from symnn.render.tikz import figure_tikz

TEX_TIMEOUT = 180
OVERFULL_POINTS = 2.0
SLIDES = "lecture-slides"


@dataclass
class BuildReport:
    """What a build wrote, compiled, and what failed (with the TeX log's relevant lines)."""

    written: list[Path] = field(default_factory=list)
    compiled: list[Path] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    engine: str | None = None

    @property
    def ok(self) -> bool:
        """Return whether nothing failed."""
        return not self.failures


def figure_document(figure_code: str, caption: str, lang: str,
                    size: tuple[float, float] | None = None) -> str:
    """Return a one-figure LaTeX document; given the figure's ``size`` (cm), a page just
    large enough for it and its caption, so that nothing scales it."""
    page = "margin=1cm" if size is None else \
        f"paperwidth={max(size[0] + 2, 12):.1f}cm, paperheight={size[1] + 3.5:.1f}cm, margin=1cm"
    return "\n".join([r"\documentclass{article}", rf"\usepackage[{page}]{{geometry}}",
                      preamble(lang), r"\pagestyle{empty}", r"\begin{document}",
                      r"\begin{center}", figure_code, rf"\\[4pt] {latex_text(caption)}",
                      r"\end{center}", r"\end{document}", ""])


def tex_log_excerpt(log: str, lines: int = 6) -> str:
    """Return the lines of a TeX log that say what went wrong (those starting with '!')."""
    rows = log.splitlines()
    out = []
    for i, row in enumerate(rows):
        if row.startswith("!"):
            out.extend(rows[i:i + lines])
    return "\n".join(out[: lines * 3]) or "\n".join(rows[-lines:])


def overfull(log: str) -> list[str]:
    """Return TeX's complaints about boxes that do not fit: every too-tall frame, and every
    line wider than the page by more than :data:`OVERFULL_POINTS` points."""
    found = []
    for row in log.splitlines():
        m = re.match(r"Overfull \\([hv])box \(([\d.]+)pt too (?:wide|high)\)", row)
        if m and (m.group(1) == "v" or float(m.group(2)) > OVERFULL_POINTS):
            found.append(row.strip())
    return found


def compile_tex(path: Path, engine: str = "pdflatex") -> str | None:
    """Compile ``path`` in its folder; return None on success, else what went wrong."""
    command = [engine, "-interaction=nonstopmode", "-halt-on-error", path.name]
    runs = 2 if "{beamer}" in path.read_text(encoding="utf-8")[:200] else 1
    try:
        for _ in range(runs):
            done = subprocess.run(command, cwd=path.parent, capture_output=True, text=True,
                                  timeout=TEX_TIMEOUT, errors="replace")
            log = path.with_suffix(".log")
            text = log.read_text(errors="replace") if log.exists() else done.stdout
            if done.returncode != 0:
                return tex_log_excerpt(text)
    except subprocess.TimeoutExpired:
        return f"{engine} took over {TEX_TIMEOUT} s"
    except OSError as e:
        return f"{engine} could not run: {e.strerror or e}"
    boxes = overfull(text)
    if boxes:
        return "content does not fit the page: " + "; ".join(boxes[:3])
    for suffix in (".aux", ".log", ".nav", ".out", ".snm", ".toc", ".vrb"):
        path.with_suffix(suffix).unlink(missing_ok=True)
    return None


def build(lecture: Deck, out: Path, langs: Sequence[str] = ("en", "ko"),
          engine: str | None = "pdflatex", progress: Callable[[str], None] = print,
          png: bool = True, only: Sequence[str] | None = None, slides_name: str = SLIDES
          ) -> BuildReport:
    """Write every derivation of the deck (.tex, .md), its figures and the deck itself;
    compile them if a TeX engine is on PATH (``engine`` None writes the sources only).

    ``only`` keeps just the derivations of those names (in the deck too).
    """
    out = Path(out)
    if only:
        lecture = _keep(lecture, only)
    report = BuildReport(engine=engine if engine and shutil.which(engine) else None)
    sources: list[Path] = []
    derivations = lecture.derivations()
    total = len(derivations) * len(langs)
    count = 0
    for lang in langs:
        folder = out / lang
        for d in derivations:
            count += 1
            images = {}
            unique = {f.name: f for f in d.figures()}  # a figure shown twice is made once
            shared = {f.name for other in derivations if other is not d
                      for f in other.figures()}
            for figure in unique.values():
                # Two items of a deck (two graphs) may name their figures alike: the
                # derivation's name keeps their files apart.
                stem = f"{d.name}-{figure.name}" if figure.name in shared else figure.name
                fig_path = folder / "figures" / f"{stem}.tex"
                code = figure_tikz(figure, lang, d.labels)
                drawing = figure_drawing(figure, lang, d.labels)  # None for a plot
                size = None if drawing is None else drawing.size
                write_atomic(fig_path, figure_document(code, figure.caption(lang), lang, size),
                             RenderError)
                report.written.append(fig_path)
                sources.append(fig_path)
                if drawing is not None:  # the same drawing as the TikZ, for Markdown
                    image = folder / "figures" / f"{stem}.svg"
                    write_atomic(image, drawing_svg(drawing), RenderError)
                elif png:
                    image = _png(figure, folder / "figures" / f"{stem}.png", lang)
                else:
                    image = None
                if image:
                    report.written.append(image)
                    images[figure.name] = f"figures/{image.name}"
            for path, text in [(folder / f"{d.name}.tex", document(d, lang)),
                               (folder / f"{d.name}.md", markdown(d, lang, images))]:
                write_atomic(path, text, RenderError)
                report.written.append(path)
            sources.append(folder / f"{d.name}.tex")
            progress(f"[{count}/{total}] {lang}/{d.name}: .tex .md"
                     f"{' + ' + str(len(unique)) + ' figure(s)' if unique else ''}")
        slides = folder / f"{slides_name}.tex"
        write_atomic(slides, beamer_deck(lecture, lang), RenderError)
        report.written.append(slides)
        sources.append(slides)
        progress(f"{lang}/{slides_name}.tex: {len(derivations)} derivations")
    if report.engine is None:
        why = "none asked (--no-pdf)" if engine is None else f"{engine} is not on PATH"
        progress(f"no TeX engine ({why}): wrote the sources, compiled nothing "
                 "(install TeX Live to get PDFs, see README)")
        return report
    progress(f"compiling {len(sources)} files with {report.engine} ...")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for path, error in zip(sources, pool.map(lambda p: compile_tex(p, report.engine),
                                                 sources)):
            name = path.relative_to(out)
            if error is None:
                report.compiled.append(path.with_suffix(".pdf"))
                progress(f"  {name} -> .pdf")
            else:
                report.failures.append((path, error))
                progress(f"  {name} FAILED:\n" + "\n".join(f"    {row}"
                                                           for row in error.splitlines()))
    return report


def _keep(lecture: Deck, names: Sequence[str]) -> Deck:
    from dataclasses import replace

    from symnn.derivation import Section

    sections = tuple(Section(s.title, tuple(d for d in s.derivations if d.name in names))
                     for s in lecture.sections)
    return replace(lecture, sections=tuple(s for s in sections if s.derivations))


def _png(figure, path: Path, lang: str) -> Path | None:
    """Draw a plot as PNG with matplotlib when the 'plot' extra is installed."""
    try:
        from symnn.render.png import figure_png
    except ImportError:
        return None
    return figure_png(figure, path, lang)


__all__ = ["BuildReport", "Derivation", "Text", "build", "compile_tex", "overfull"]
