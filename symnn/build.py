"""``symnn build``: every derivation as LaTeX and Markdown, the figures, one Beamer deck, and
PDFs when a TeX engine is on PATH.  Files are written whole or not at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from symnn.derivation import Derivation
from symnn.errors import RenderError
from symnn.render.beamer import deck
from symnn.render.latex import document, escape, preamble
from symnn.render.markdown import markdown
from symnn.render.tikz import figure_tikz

TEX_TIMEOUT = 180


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


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def figure_document(figure_code: str, caption: str, lang: str) -> str:
    """Return a one-figure LaTeX document."""
    return "\n".join([r"\documentclass{article}", r"\usepackage[margin=1cm]{geometry}",
                      preamble(lang), r"\pagestyle{empty}", r"\begin{document}",
                      r"\begin{center}", figure_code, rf"\\[4pt] {escape(caption)}",
                      r"\end{center}", r"\end{document}", ""])


def tex_log_excerpt(log: str, lines: int = 6) -> str:
    """Return the lines of a TeX log that say what went wrong (those starting with '!')."""
    rows = log.splitlines()
    out = []
    for i, row in enumerate(rows):
        if row.startswith("!"):
            out.extend(rows[i:i + lines])
    return "\n".join(out[: lines * 3]) or "\n".join(rows[-lines:])


def compile_tex(path: Path, engine: str = "pdflatex") -> str | None:
    """Compile ``path`` in its folder; return None on success, else the log's relevant lines."""
    command = [engine, "-interaction=nonstopmode", "-halt-on-error", path.name]
    try:
        for _ in range(2 if "beamer" in path.read_text(encoding="utf-8")[:200] else 1):
            done = subprocess.run(command, cwd=path.parent, capture_output=True, text=True,
                                  timeout=TEX_TIMEOUT, errors="replace")
            log = path.with_suffix(".log")
            text = log.read_text(errors="replace") if log.exists() else done.stdout
            if done.returncode != 0:
                return tex_log_excerpt(text)
        if r"\documentclass[aspectratio=169]{beamer}" in path.read_text(encoding="utf-8") \
                and "Overfull \\vbox" in text:
            lines = [row for row in text.splitlines() if row.startswith("Overfull \\vbox")]
            return "a frame overflows the slide: " + "; ".join(lines[:3])
    except subprocess.TimeoutExpired:
        return f"{engine} took over {TEX_TIMEOUT} s"
    for suffix in (".aux", ".log", ".nav", ".out", ".snm", ".toc"):
        path.with_suffix(suffix).unlink(missing_ok=True)
    return None


def build(derivations: Sequence[Derivation], out: Path, langs: Sequence[str] = ("en", "ko"),
          engine: str | None = "pdflatex", progress: Callable[[str], None] = print,
          png: bool = True) -> BuildReport:
    """Write every derivation (.tex, .md), its figures and the whole deck; compile if possible.

    ``engine`` None (or not on PATH) writes the sources only.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".symnn-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        raise RenderError(f"cannot write to {out}: {e.strerror or e}") from None
    report = BuildReport(engine=engine if engine and shutil.which(engine) else None)
    sources: list[Path] = []
    total = len(derivations) * len(langs)
    count = 0
    for lang in langs:
        folder = out / lang
        for d in derivations:
            count += 1
            images = {}
            for figure in d.figures():
                fig_path = folder / "figures" / f"{figure.name}.tex"
                write_atomic(fig_path, figure_document(figure_tikz(figure, lang),
                                                       figure.caption(lang), lang))
                report.written.append(fig_path)
                sources.append(fig_path)
                if png:
                    image = _png(figure, folder / "figures" / f"{figure.name}.png")
                    if image:
                        report.written.append(image)
                        images[figure.name] = f"figures/{image.name}"
            for path, text in [(folder / f"{d.name}.tex", document(d, lang)),
                               (folder / f"{d.name}.md", markdown(d, lang, images))]:
                write_atomic(path, text)
                report.written.append(path)
            sources.append(folder / f"{d.name}.tex")
            progress(f"[{count}/{total}] {lang}/{d.name}: .tex .md"
                     f"{' + ' + str(len(d.figures())) + ' figure(s)' if d.figures() else ''}")
        slides = folder / "lecture-slides.tex"
        write_atomic(slides, deck(derivations, lang))
        report.written.append(slides)
        sources.append(slides)
        progress(f"{lang}/lecture-slides.tex: {len(derivations)} derivations")
    if report.engine is None:
        progress(f"no TeX engine ({engine or 'none asked'}) on PATH: wrote the sources, "
                 "compiled nothing (install TeX Live to get PDFs, see README)")
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


def _png(figure, path: Path) -> Path | None:
    """Draw a figure as PNG with matplotlib when the 'plot' extra is installed."""
    try:
        from symnn.render.png import figure_png
    except ImportError:
        return None
    return figure_png(figure, path)
