"""Running TeX: in a sandbox, within a time limit, and with the shared preamble loaded once.

Every document symnn writes starts with its class and the same packages
(:func:`symnn.render.latex.preamble`): loading TikZ, pgfplots and kotex takes most of the
time of a small document.  :func:`preloaded` has TeX read that part once and dump its state
as a format (TeX's own mechanism, ``-ini`` and ``\\dump``), which every later run of the same
engine on a document of that class and language loads at once; the document is then
compiled from the line after the shared part (earlier lines left as comments, so TeX's line
numbers stay those of the document).  The format is made in a private temporary folder, kept
in memory, and written into each run's own folder.

>>> shared_preamble("\\\\documentclass{article}\\n\\\\begin{document}x\\\\end{document}") is None
True
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from symnn.render.latex import preamble

MAX_LOG = 8_000_000  # bytes of a TeX log read back (its end, where the errors are)
MAX_FORMAT = 100_000_000  # bytes of a dumped format read back
FORMAT_NAME = "symnn"
PRELOADING = ("pdflatex",)  # engines whose formats are made this way (LuaTeX dumps no fonts)

_formats: dict[str, bytes | None] = {}
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


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


def run(command: list[str], folder: Path, seconds: float) -> int | None:
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


def read_log(path: Path) -> str:
    """The end of a TeX log (at most :data:`MAX_LOG` bytes: a looping document writes fast)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - MAX_LOG))
            return handle.read(MAX_LOG).decode("utf-8", errors="replace")
    except OSError:
        return ""


def shared_preamble(source: str) -> str | None:
    """Return the start of ``source`` that symnn's documents share: the class line and
    :func:`~symnn.render.latex.preamble` of a language (None for any other document).

    >>> from symnn.render.latex import document
    >>> from symnn.derivation import Derivation, Text
    >>> text = document(Derivation("d", Text("D", "D"), ()), "ko")
    >>> shared_preamble(text).splitlines()[-1]
    '\\\\usepackage{kotex}'
    """
    first, newline, rest = source.partition("\n")
    if not first.startswith("\\documentclass") or not newline:
        return None
    for lang in ("ko", "en"):  # the Korean preamble is the English one and one line more
        shared = preamble(lang)
        if rest.startswith(shared):
            return first + "\n" + shared
    return None


def preloaded(engine: str, shared: str, seconds: float) -> bytes | None:
    """Return the format of ``engine`` with ``shared`` (a :func:`shared_preamble`) read, made
    once per engine and preamble in this process (within ``seconds``); None when the engine
    makes none (then documents are compiled whole)."""
    if Path(engine).name not in PRELOADING:
        return None
    from symnn.stamps import engine_identity

    name = hashlib.sha256(f"{engine_identity(engine)}\0{shared}".encode()).hexdigest()
    with _guard:
        lock = _locks.setdefault(name, threading.Lock())
    with lock:  # two documents of one class wait for one format, made once
        if name not in _formats:
            _formats[name] = _dump(engine, shared, seconds)
        return _formats[name]


def _dump(engine: str, shared: str, seconds: float) -> bytes | None:
    folder = Path(tempfile.mkdtemp(prefix="symnn-format-"))
    try:
        (folder / f"{FORMAT_NAME}.tex").write_text(shared + "\\dump\n", encoding="utf-8")
        start = time.monotonic()
        status = run([engine, "-ini", f"-jobname={FORMAT_NAME}", "-no-shell-escape",
                      "-interaction=nonstopmode", "-halt-on-error", f"&{Path(engine).name}",
                      f"{FORMAT_NAME}.tex"], folder, seconds)
        dumped = folder / f"{FORMAT_NAME}.fmt"
        if status != 0 or not dumped.is_file() or dumped.stat().st_size > MAX_FORMAT or \
                time.monotonic() - start > seconds:
            return None
        return dumped.read_bytes()
    except OSError:
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def body(source: str, shared: str) -> str:
    """Return ``source`` to compile on the format of ``shared``: its lines replaced by empty
    comments, so TeX's line numbers are those of the whole document."""
    return "%\n" * shared.count("\n") + source[len(shared):]


__all__ = ["FORMAT_NAME", "body", "preloaded", "read_log", "run", "shared_preamble",
           "tex_environment"]
