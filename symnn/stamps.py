"""Stamps: which outputs of a build are up to date, so a rebuild makes only what changed.

A compiled file (a PDF, a plot's PNG) gets a stamp beside it, ``.NAME.stamp``: the hash of
everything it was made from (its source text, the TeX engine and the time limit: a
:func:`key`) and the hash of the file itself.  The next build makes the file again unless
the stamp says the same key and the file still has the bytes it was made with, so a file
someone replaced or half-copied is made again too.  The file is written first and its stamp
second, each whole (:func:`symnn.files.write_atomic`): an interrupted build leaves at worst a
file without a stamp, which is made again.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> pdf = folder / "a.pdf"
>>> made = key("\\\\documentclass{article}...", "pdflatex", 60)
>>> fresh(pdf, made)
False
>>> _ = write_atomic(pdf, b"%PDF-1.5 ...", root=folder)
>>> stamp(pdf, made, b"%PDF-1.5 ...", folder)
>>> fresh(pdf, made), fresh(pdf, key("changed", "pdflatex", 60))
(True, False)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from symnn.errors import RenderError, SymnnError
from symnn.files import read_bytes, write_atomic

VERSION = "1"  # bumped when what a key covers changes
MAX_OUTPUT = 200_000_000  # bytes of a file hashed to check its stamp (a PDF of a long deck)


def engine_identity(engine: str) -> str:
    """Return what tells one TeX engine from another: its resolved path, size and time of
    change (an upgraded TeX Live changes them), or its name when it is not on PATH."""
    found = shutil.which(engine)
    if found is None:
        return engine
    path = os.path.realpath(found)
    try:
        info = os.stat(path)
    except OSError:
        return path
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def key(source: str | bytes, engine: str, limit: float, *extra: str) -> str:
    """Return the hash of what an output is made from: the source, the engine (its
    :func:`engine_identity`), the time limit, and any ``extra`` words."""
    digest = hashlib.sha256()
    for part in (VERSION, engine_identity(engine), repr(float(limit)), *extra):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(source.encode("utf-8") if isinstance(source, str) else source)
    return digest.hexdigest()


def stamp_path(path: Path) -> Path:
    """Return where the stamp of ``path`` is kept: ``.NAME.stamp`` beside it."""
    return path.with_name(f".{path.name}.stamp")


def fresh(path: Path, made_from: str) -> bool:
    """Return whether ``path`` exists with the bytes its stamp records, made from
    ``made_from`` (a :func:`key`); a link at either path is not followed."""
    try:
        recorded = json.loads(read_bytes(stamp_path(path), 4096, RenderError, follow=False))
        if not isinstance(recorded, dict) or recorded.get("source") != made_from:
            return False
        data = read_bytes(path, MAX_OUTPUT, RenderError, follow=False)
    except (SymnnError, ValueError):
        return False
    return hashlib.sha256(data).hexdigest() == recorded.get("sha256")


def stamp(path: Path, made_from: str, data: bytes, root: Path) -> None:
    """Write the stamp of ``path``, just written with ``data``, made from ``made_from``."""
    record = {"source": made_from, "sha256": hashlib.sha256(data).hexdigest()}
    write_atomic(stamp_path(path), json.dumps(record) + "\n", RenderError, root=root)




BUILD_STAMP = ".symnn-build.stamp"  # in an output folder: what the whole build was made from


def code_inputs() -> str:
    """Return the hash of what makes symnn's own output besides a command's options: the
    source of symnn and of its catalog (every .py and .toml file), and the versions of
    Python and of the libraries that compute and draw."""
    import platform
    import sys
    from importlib import metadata

    import symnn

    digest = hashlib.sha256(platform.python_version().encode())
    roots = [Path(symnn.__file__).parent]
    catalog = _folder_of("symnn.catalog")
    if catalog is not None:
        roots.append(catalog)
    for root in roots:
        for path in sorted(p for ext in ("*.py", "*.toml") for p in root.rglob(ext)):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for package in ("sympy", "numpy", "matplotlib"):
        try:
            digest.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    digest.update(sys.implementation.name.encode())
    return digest.hexdigest()


def _folder_of(name: str) -> Path | None:
    """The folder of an installed subpackage, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec(name)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def unchanged(out: Path, made_from: str) -> list[Path] | None:
    """Return the files of the build in ``out``, when its stamp says it was made from
    ``made_from`` and every file still has the bytes it was written with; else None."""
    try:
        recorded = json.loads(read_bytes(out / BUILD_STAMP, MAX_OUTPUT, RenderError,
                                         follow=False))
        if not isinstance(recorded, dict) or recorded.get("source") != made_from:
            return None
        files = recorded["files"]
        for name, sha in files.items():
            data = read_bytes(out / name, MAX_OUTPUT, RenderError, follow=False)
            if hashlib.sha256(data).hexdigest() != sha:
                return None
    except (SymnnError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return [out / name for name in files]


def remember(out: Path, made_from: str, files: list[Path]) -> None:
    """Write the stamp of a whole build in ``out``: what it was made from and the hash of
    every file it wrote or kept."""
    record = {"source": made_from, "files": {
        path.relative_to(out).as_posix(): hashlib.sha256(
            read_bytes(path, MAX_OUTPUT, RenderError, follow=False)).hexdigest()
        for path in files}}
    write_atomic(out / BUILD_STAMP, json.dumps(record, indent=0) + "\n", RenderError, root=out)


def forget(out: Path) -> None:
    """Remove the stamp of a whole build (a build that failed leaves none)."""
    try:
        (out / BUILD_STAMP).unlink()
    except OSError:
        pass


__all__ = ["BUILD_STAMP", "code_inputs", "engine_identity", "forget", "fresh", "key",
           "remember", "stamp", "stamp_path", "unchanged"]
