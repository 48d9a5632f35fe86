"""``symnn build``: every derivation of a deck as LaTeX and Markdown, the figures, the Beamer
deck, and PDFs when a TeX engine is on PATH.  Files are written whole or not at all.

A PDF that compiles can still be unreadable, so a compiled file fails the build when TeX
reports a frame taller than the slide (``Overfull \\vbox``) or a line wider than the page by
more than :data:`OVERFULL_POINTS` points (``Overfull \\hbox``).
"""

from __future__ import annotations

import contextvars
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from symnn.derivation import Deck, Derivation, Text
from symnn.errors import RenderError
from symnn.files import check_writable, read_bytes, read_text, write_atomic
from symnn.render.beamer import deck as beamer_deck
from symnn.render.figures import figure_drawing
from symnn.render.inline import latex_text
from symnn.render.latex import document, preamble
from symnn.render.markdown import markdown
from symnn.render.svg import drawing_svg
from symnn.render.tikz import figure_tikz

# Seconds for one document, all its TeX runs together.  The lecture's largest document, its
# 46-page Beamer deck, takes 6-7 s (two runs of about 3.3 s) on one core; 60 s leaves a margin
# for a slower or busy machine and for a teacher's longer deck (--tex-time-limit raises it).
TEX_TIME_LIMIT = 60.0
MAX_LOG = 8_000_000  # bytes of a TeX log read back (its end, where the errors are)
MAX_PDF = 200_000_000  # bytes of a PDF read back
MAX_SOURCE = 50_000_000  # bytes of a .tex compiled from a file
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


@dataclass(frozen=True)
class TexResult:
    """What one TeX run gave: the PDF's bytes (None when it failed), what went wrong, and how
    long the engine ran."""

    pdf: bytes | None
    error: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        """Return whether the document compiled and fits its pages."""
        return self.error is None


def tex_environment() -> dict[str, str]:
    """Return the environment TeX runs in: no shell escape, and files read and written only
    in its own folder (kpathsea's paranoid mode: no absolute paths, no ``..``, no dot files).

    >>> env = tex_environment()
    >>> env["openin_any"], env["openout_any"], env["shell_escape"]
    ('p', 'p', 'f')
    """
    env = dict(os.environ)
    env.update(openin_any="p", openout_any="p", shell_escape="f", shell_escape_commands="")
    env.pop("TEXMFOUTPUT", None)
    return env


def compile_tex(source: str | Path, engine: str = "pdflatex",
                limit: float = TEX_TIME_LIMIT) -> TexResult:
    r"""Compile a LaTeX document (its text, or a ``Path`` to read) in a private temporary folder
    and return the PDF's bytes, or what went wrong.

    TeX runs with no shell escape, reads and writes only inside that folder, and is stopped
    after ``limit`` seconds (all its runs together); its log is read with a bound.  Nothing is
    written anywhere else: the caller puts the PDF in place (:func:`symnn.files.write_atomic`).

    >>> result = compile_tex(r"\documentclass{article}\begin{document}hi\end{document}")
    >>> result.ok, result.pdf[:5]
    (True, b'%PDF-')
    >>> compile_tex(r"\documentclass{article}\begin{document}\input{/etc/hostname}"
    ...             r"\end{document}").error.splitlines()[0]
    "! LaTeX Error: File `/etc/hostname.tex' not found."
    """
    if isinstance(source, Path):
        source = read_text(source, MAX_SOURCE, RenderError)
    runs = 2 if "{beamer}" in source[:200] else 1
    command = [engine, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
               "document.tex"]
    start = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="symnn-tex-"))
    try:
        (folder / "document.tex").write_text(source, encoding="utf-8")
        for _ in range(runs):
            left = limit - (time.monotonic() - start)
            status = _run(command, folder, left) if left > 0 else None
            if status is None:
                return TexResult(None, f"{Path(engine).name} took over {limit:g} s (the time "
                                 "limit of one document; --tex-time-limit sets it)",
                                 time.monotonic() - start)
            log = _log(folder / "document.log")
            pdf = folder / "document.pdf"
            if status != 0 or not pdf.is_file():
                return TexResult(None, tex_log_excerpt(log) or f"{Path(engine).name} wrote no PDF",
                                 time.monotonic() - start)
        seconds = time.monotonic() - start
        boxes = overfull(log)
        if boxes:
            return TexResult(None, "content does not fit the page: " + "; ".join(boxes[:3]),
                             seconds)
        return TexResult(read_bytes(pdf, MAX_PDF, RenderError), None, seconds)
    except OSError as e:
        return TexResult(None, f"{Path(engine).name} could not run: {e.strerror or e}",
                         time.monotonic() - start)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], folder: Path, seconds: float) -> int | None:
    """Run TeX in ``folder`` and return its exit status; None when it had to be stopped after
    ``seconds``."""
    process = subprocess.Popen(command, cwd=folder, env=tex_environment(),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _log(path: Path) -> str:
    """The end of a TeX log (at most :data:`MAX_LOG` bytes: a looping document writes fast)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - MAX_LOG))
            return handle.read(MAX_LOG).decode("utf-8", errors="replace")
    except OSError:
        return ""


def build(lecture: Deck, out: Path, langs: Sequence[str] = ("en", "ko"),
          engine: str | None = "pdflatex", progress: Callable[[str], None] = print,
          png: bool = True, only: Sequence[str] | None = None, slides_name: str = SLIDES,
          tex_time_limit: float = TEX_TIME_LIMIT) -> BuildReport:
    """Write every derivation of the deck (.tex, .md), its figures and the deck itself;
    compile them if a TeX engine is on PATH (``engine`` None writes the sources only).

    ``only`` keeps just the derivations of those names (in the deck too).  Every file is
    written whole into ``out`` (never through a link planted inside it); each PDF is compiled
    in a private folder, within ``tex_time_limit`` seconds, and replaces the old one only
    when it is done, so an interrupted build leaves the previous PDF whole.
    """
    out = Path(out)
    if only:
        lecture = _keep(lecture, only)
    report = BuildReport(engine=engine if engine and shutil.which(engine) else None)
    sources: list[tuple[Path, str]] = []

    def write(path: Path, content: str | bytes) -> None:
        write_atomic(path, content, RenderError, root=out)
        report.written.append(path)

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
                text = figure_document(code, figure.caption(lang), lang, size)
                write(fig_path, text)
                sources.append((fig_path, text))
                image = None
                if drawing is not None:  # the same drawing as the TikZ, for Markdown
                    image = fig_path.with_suffix(".svg")
                    write(image, drawing_svg(drawing))
                elif png:
                    picture = _png(figure, lang)
                    if picture is not None:
                        image = fig_path.with_suffix(".png")
                        write(image, picture)
                if image is not None:
                    images[figure.name] = f"figures/{image.name}"
            text = document(d, lang)
            write(folder / f"{d.name}.tex", text)
            write(folder / f"{d.name}.md", markdown(d, lang, images))
            sources.append((folder / f"{d.name}.tex", text))
            progress(f"[{count}/{total}] {lang}/{d.name}: .tex .md"
                     f"{' + ' + str(len(unique)) + ' figure(s)' if unique else ''}")
        slides = folder / f"{slides_name}.tex"
        text = beamer_deck(lecture, lang)
        write(slides, text)
        sources.append((slides, text))
        progress(f"{lang}/{slides_name}.tex: {len(derivations)} derivations")
    if report.engine is None:
        why = "none asked (--no-pdf)" if engine is None else f"{engine} is not on PATH"
        progress(f"no TeX engine ({why}): wrote the sources, compiled nothing "
                 "(install TeX Live to get PDFs, see README)")
        return report
    for path, _ in sources:  # a FIFO or device where a PDF goes: said before TeX runs
        check_writable(path.with_suffix(".pdf"), RenderError)
    progress(f"compiling {len(sources)} files with {report.engine} ...")

    def compiled(item: tuple[Path, str]) -> TexResult:
        return compile_tex(item[1], report.engine, tex_time_limit)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        # each task runs in a copy of this thread's context, so a work budget set by the
        # caller holds in the pool's threads too
        jobs = [pool.submit(contextvars.copy_context().run, compiled, item) for item in sources]
        for (path, _), job in zip(sources, jobs):
            result = job.result()
            name = path.relative_to(out)
            if result.ok:
                pdf = path.with_suffix(".pdf")
                write_atomic(pdf, result.pdf, RenderError, root=out)
                report.compiled.append(pdf)
                progress(f"  {name} -> .pdf ({result.seconds:.1f} s)")
            else:
                report.failures.append((path, result.error))
                lines = result.error.splitlines()
                progress(f"  {name} FAILED: {lines[0]}" if len(lines) == 1 else
                         f"  {name} FAILED:\n" + "\n".join(f"    {row}" for row in lines))
    return report


def _keep(lecture: Deck, names: Sequence[str]) -> Deck:
    from dataclasses import replace

    from symnn.derivation import Section

    sections = tuple(Section(s.title, tuple(d for d in s.derivations if d.name in names))
                     for s in lecture.sections)
    return replace(lecture, sections=tuple(s for s in sections if s.derivations))


def _png(figure, lang: str) -> bytes | None:
    """A plot drawn as PNG with matplotlib when the 'plot' extra is installed."""
    try:
        from symnn.render.png import figure_png_bytes
    except ImportError:
        return None
    return figure_png_bytes(figure, lang)


__all__ = ["BuildReport", "Derivation", "TexResult", "Text", "build", "compile_tex", "overfull",
           "tex_environment"]
