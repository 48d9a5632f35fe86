"""``symnn build``: every derivation of a deck as LaTeX and Markdown, the figures, the Beamer
deck, and PDFs when a TeX engine is on PATH.  Files are written whole or not at all.

A PDF that compiles can still be unreadable, so a compiled file fails the build when TeX
reports a frame taller than the slide (``Overfull \\vbox``) or a line wider than the page by
more than :data:`OVERFULL_POINTS` points (``Overfull \\hbox``).
"""

from __future__ import annotations

import contextvars
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from symnn import stamps, tex
from symnn.derivation import Deck, Derivation, Figure, Text
from symnn.errors import RenderError
from symnn.files import check_writable, read_bytes, read_text, write_atomic
from symnn.render.beamer import ITEM_MARK
from symnn.render.beamer import deck as beamer_deck
from symnn.render.figures import figure_drawing
from symnn.render.inline import latex_text, plain
from symnn.render.latex import document, preamble
from symnn.render.markdown import markdown
from symnn.render.svg import drawing_svg
from symnn.render.tikz import figure_tikz

# Seconds for one document, all its TeX runs together.  The lecture's largest document, its
# 46-page Beamer deck, takes 6-7 s (two runs of about 3.3 s) on one core; 60 s leaves a margin
# for a slower or busy machine and for a teacher's longer deck (--tex-time-limit raises it).
TEX_TIME_LIMIT = 60.0
MAX_PDF = 200_000_000  # bytes of a PDF read back
MAX_SOURCE = 50_000_000  # bytes of a .tex compiled from a file
OVERFULL_POINTS = 2.0
SLIDES = "lecture-slides"


@dataclass
class BuildReport:
    """What a build wrote, compiled, and what failed (with the TeX log's relevant lines)."""

    written: list[Path] = field(default_factory=list)
    compiled: list[Path] = field(default_factory=list)
    current: list[Path] = field(default_factory=list)  # files kept: up to date
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
    return "\n".join([r"\documentclass{article}", preamble(lang),
                      rf"\usepackage[{page}]{{geometry}}", r"\pagestyle{empty}",
                      r"\begin{document}",
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
    shared = tex.shared_preamble(source)
    preamble_format = tex.preloaded(engine, shared, limit) if shared else None
    folder = Path(tempfile.mkdtemp(prefix="symnn-tex-"))
    try:
        if preamble_format is not None:  # the shared preamble already read (symnn.tex)
            (folder / f"{tex.FORMAT_NAME}.fmt").write_bytes(preamble_format)
            command.insert(1, f"-fmt={tex.FORMAT_NAME}")
            source = tex.body(source, shared)
        (folder / "document.tex").write_text(source, encoding="utf-8")
        for _ in range(runs):
            left = limit - (time.monotonic() - start)
            status = tex.run(command, folder, left) if left > 0 else None
            if status is None:
                return TexResult(None, f"{Path(engine).name} took over {limit:g} s (the time "
                                 "limit of one document; --tex-time-limit sets it)",
                                 time.monotonic() - start)
            log = tex.read_log(folder / "document.log")
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


def build(lecture: Deck, out: Path, langs: Sequence[str] = ("en", "ko"),
          engine: str | None = "pdflatex", progress: Callable[[str], None] = print,
          png: bool = True, only: Sequence[str] | None = None, slides_name: str = SLIDES,
          tex_time_limit: float = TEX_TIME_LIMIT) -> BuildReport:
    """Write every derivation of the deck (.tex, .md), its figures and the deck itself;
    compile them if a TeX engine is on PATH (``engine`` None writes the sources only).

    ``only`` keeps just the derivations of those names (in the deck too).  Every file is
    written whole into ``out`` (never through a link planted inside it); each PDF is compiled
    in a private folder, within ``tex_time_limit`` seconds, and replaces the old one only
    when it is done, so an interrupted build leaves the previous PDF whole.  PDFs compile
    side by side on the machine's cores while the sources are still being written, the
    slides (the longest) first; a PDF whose stamp says it was made from the same source,
    engine and time limit is kept (:mod:`symnn.stamps`).  A failure names the deck file's
    section and item it comes from (the deck's ``places``).
    """
    out = Path(out)
    if only:
        lecture = _keep(lecture, only)
    report = BuildReport(engine=engine if engine and shutil.which(engine) else None)
    jobs: list[tuple[Path, str, str, Future | None]] = []
    pool = ThreadPoolExecutor(max_workers=_cores()) if report.engine else None

    def write(path: Path, content: str | bytes) -> None:
        write_atomic(path, content, RenderError, root=out)
        report.written.append(path)

    def compile_later(path: Path, text: str) -> None:
        if pool is None:
            return
        pdf = path.with_suffix(".pdf")
        made_from = stamps.key(text, report.engine, tex_time_limit)
        if stamps.fresh(pdf, made_from):
            jobs.append((path, text, made_from, None))
            return
        check_writable(pdf, RenderError)  # a FIFO or device where the PDF goes: said first
        # each task runs in a copy of this thread's context, so a work budget set by the
        # caller holds in the pool's threads too
        jobs.append((path, text, made_from, pool.submit(
            contextvars.copy_context().run, compile_tex, text, report.engine,
            tex_time_limit)))

    derivations = lecture.derivations()
    try:
        for lang in langs:  # the slides first: they take longest to compile
            slides = out / lang / f"{slides_name}.tex"
            text = beamer_deck(lecture, lang)
            write(slides, text)
            compile_later(slides, text)
            progress(f"{lang}/{slides_name}.tex: {len(derivations)} derivations")
        total = len(derivations) * len(langs)
        count = 0
        for lang in langs:
            for d in derivations:
                count += 1
                figures = _write_derivation(d, derivations, out / lang, lang, write,
                                            compile_later, png, report.current.append)
                progress(f"[{count}/{total}] {lang}/{d.name}: .tex .md"
                         f"{' + ' + str(figures) + ' figure(s)' if figures else ''}")
        if pool is None:
            why = ("you asked for none (--no-pdf): wrote the sources, compiled nothing"
                   if engine is None else f"no TeX engine ({engine} is not on PATH): wrote "
                   "the sources, compiled nothing (install TeX Live to get PDFs, see README)")
            progress(why)
            return report
        waiting = [job for job in jobs if job[3] is not None]
        if len(waiting) < len(jobs):
            progress(f"{len(jobs) - len(waiting)} PDFs up to date (made from the same "
                     "sources, engine and time limit)")
        if waiting:
            progress(f"compiling {len(waiting)} files with {report.engine} on {_cores()} "
                     f"cores ...")
        for path, text, made_from, job in jobs:
            pdf = path.with_suffix(".pdf")
            if job is None:
                report.current.append(pdf)
                continue
            result = job.result()
            name = path.relative_to(out)
            if result.ok:
                write_atomic(pdf, result.pdf, RenderError, root=out)
                stamps.stamp(pdf, made_from, result.pdf, out)
                report.compiled.append(pdf)
                progress(f"  {name} -> .pdf ({result.seconds:.1f} s)")
            else:
                error = _placed(result.error, text, path, lecture.places)
                report.failures.append((path, error))
                lines = error.splitlines()
                progress(f"  {name} FAILED: {lines[0]}" if len(lines) == 1 else
                         f"  {name} FAILED:\n" + "\n".join(f"    {row}" for row in lines))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return report


def _cores() -> int:
    """The cores this process may run on (TeX runs side by side on them)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 2


def _write_derivation(d: Derivation, derivations: list[Derivation], folder: Path, lang: str,
                      write: Callable[[Path, str | bytes], None],
                      compile_later: Callable[[Path, str], None], png: bool,
                      kept: Callable[[Path], None]) -> int:
    """Write one derivation's .tex and .md and its figures (each a .tex to compile and an
    SVG or PNG for Markdown; ``kept`` hears of a PNG that was up to date); return how many
    figures."""
    images = {}
    unique = {f.name: f for f in d.figures()}  # a figure shown twice is made once
    shared = {f.name for other in derivations if other is not d for f in other.figures()}
    for figure in unique.values():
        # Two items of a deck (two graphs) may name their figures alike: the derivation's
        # name keeps their files apart.
        stem = f"{d.name}-{figure.name}" if figure.name in shared else figure.name
        fig_path = folder / "figures" / f"{stem}.tex"
        code = figure_tikz(figure, lang, d.labels)
        drawing = figure_drawing(figure, lang, d.labels)  # None for a plot
        size = None if drawing is None else drawing.size
        text = figure_document(code, figure.caption(lang), lang, size)
        write(fig_path, text)
        compile_later(fig_path, text)
        image = None
        if drawing is not None:  # the same drawing as the TikZ, for Markdown
            image = fig_path.with_suffix(".svg")
            write(image, drawing_svg(drawing))
        elif png:
            image = fig_path.with_suffix(".png")
            if not _png_file(figure, lang, text, image, folder.parent, write, kept):
                image = None
        if image is not None:
            images[figure.name] = f"figures/{image.name}"
    text = document(d, lang)
    write(folder / f"{d.name}.tex", text)
    write(folder / f"{d.name}.md", markdown(d, lang, images))
    compile_later(folder / f"{d.name}.tex", text)
    return len(unique)


def _png_file(figure: Figure, lang: str, source: str, path: Path, out: Path,
              write: Callable[[Path, str | bytes], None], kept: Callable[[Path], None]
              ) -> bool:
    """Draw a plot as PNG at ``path`` unless its stamp says it is drawn from the same figure
    (``source``, its TikZ document) by the same matplotlib; return whether there is one."""
    from importlib import metadata

    try:
        version = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return False
    made_from = stamps.key(source, f"matplotlib {version}", 0, _PNG_CODE)
    if stamps.fresh(path, made_from):
        kept(path)
        return True
    picture = _png(figure, lang)
    if picture is None:
        return False
    write(path, picture)
    stamps.stamp(path, made_from, picture, out)
    return True


_PNG_CODE = hashlib.sha256(
    (Path(__file__).parent / "render" / "png.py").read_bytes()).hexdigest()


def _placed(error: str, source: str, path: Path, places: Mapping[str, str] | None) -> str:
    """The error of a document that failed, said about the deck item it comes from: the
    item of a derivation's own document, or the item whose frame a line of the slides is in
    (found by the ``% symnn item: NAME`` comment before each derivation's frames)."""
    if not places:
        return error
    lines = source.splitlines()
    found = re.search(r"at lines? (\d+)", error)
    name, frame = path.stem, None
    if found and "{beamer}" in source[:200]:
        number = int(found.group(1))
        name = None
        for row in reversed(lines[:number]):
            if frame is None and row.startswith("\\begin{frame}"):
                titled = re.search(r"\\begin\{frame\}(?:\[[^]]*\])?\{(.*)\}", row)
                frame = titled.group(1) if titled else None
            if row.startswith(ITEM_MARK):
                name = row[len(ITEM_MARK):].strip()
                break
    if name not in places:
        return error
    what = error
    boxes = re.findall(r"Overfull \\([hv])box \(([\d.]+)pt too (?:wide|high)\)", error)
    if boxes:
        wide = [float(p) for kind, p in boxes if kind == "h"]
        what = (f"a line is {max(wide):.1f} pt wider than the slide" if wide else
                "the frame is taller than the slide") + \
            " (fewer digits, a shorter expression or fewer weights in show make it fit)"
    where = f"{places[name]}" + (f", frame '{plain(frame).replace(' --- ', ' — ')}'"
                                 if frame else "")
    return f"{where}: {what}"


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


tex_environment = tex.tex_environment

__all__ = ["BuildReport", "Derivation", "TexResult", "Text", "build", "compile_tex", "overfull",
           "tex_environment"]
