"""Reading and writing files safely: bounded reads, whole-or-nothing writes, no special files,
never through a link.

A spec, worksheet or data file is read only when it is a regular file of at most a stated size
(``/dev/zero`` or a FIFO would otherwise grow memory or wait forever).  A file is written whole
or not at all: a new file in the same folder, renamed over the path, so an interrupted write
leaves the old file whole.  The rename replaces the path itself: a symbolic link planted there
is replaced, never written through, and a folder, device, FIFO or socket at the path is
refused.  Inside an output folder the user named (``root``), every folder on the way is opened
without following links, so a link planted at ``build/en`` cannot send a write elsewhere.
A new file gets the mode the umask gives (0644 under umask 022); a rewritten file keeps its
mode.  Every failure is one :class:`~symnn.errors.SymnnError` naming the path.

>>> read_text("no/such/file.toml")
Traceback (most recent call last):
...
symnn.errors.SymnnError: no/such/file.toml, cannot read: no such file
"""

from __future__ import annotations

import csv
import errno
import io
import os
import secrets
import stat
from pathlib import Path

from symnn.errors import SymnnError

MAX_READ = 4_000_000  # bytes: a spec, a worksheet or a CSV a teacher writes is far smaller
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISLNK(mode):
        return "a symbolic link, not a regular file"
    return "not a regular file"


def _reason(e: OSError) -> str:
    if e.errno == errno.ENOENT:
        return "no such file"
    if e.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if e.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if e.errno == errno.ELOOP:
        return "a symbolic link loop (or a link where none may be)"
    return (e.strerror or str(e)).lower() if e.strerror else str(e)


def read_bytes(path: str | Path, limit: int = MAX_READ,
               error: type[SymnnError] = SymnnError, follow: bool = True) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes, or raise ``error``.

    With ``follow`` False a symbolic link at the path is refused (a file another person
    controls, a student's, may point anywhere).
    """
    name = str(path)
    try:
        info = os.stat(path, follow_symlinks=follow)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise error(f"cannot read: it is {kind}", source=name)
        if info.st_size > limit:
            raise error(f"cannot read: it has {info.st_size:,} bytes; symnn reads files of up "
                        f"to {limit:,} bytes", source=name)
        fd = os.open(path, os.O_RDONLY | (0 if follow else _NOFOLLOW))
        with os.fdopen(fd, "rb") as handle:
            if _kind(os.fstat(handle.fileno()).st_mode) is not None:  # swapped since stat
                raise error("cannot read: it is not a regular file", source=name)
            data = handle.read(limit + 1)
    except SymnnError:
        raise
    except OSError as e:
        raise error(f"cannot read: {_reason(e)}", source=name) from None
    except ValueError as e:  # an embedded NUL byte in the path
        raise error(f"cannot read: {e}", source=name[:200]) from None
    if len(data) > limit:
        raise error(f"cannot read: over {limit:,} bytes", source=name)
    return data


def read_text(path: str | Path, limit: int = MAX_READ,
              error: type[SymnnError] = SymnnError, follow: bool = True) -> str:
    """Return the UTF-8 text of a regular file of at most ``limit`` bytes, or raise ``error``."""
    data = read_bytes(path, limit, error, follow)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"cannot read: not UTF-8 text (byte {data[e.start]:#04x} at position "
                    f"{e.start})", source=str(path)) from None


def _open_folder(path: Path, root: Path | None) -> int:
    """Open the folder ``path`` (made as needed) and return its descriptor.

    The folder ``root`` (or ``path`` itself without one) is the one the user named and is
    followed if it is a link; every folder below it is opened without following links.
    """
    top = root if root is not None else path
    parts = path.relative_to(top).parts if root is not None else ()
    if ".." in parts:
        raise ValueError("the path leaves the output folder")
    top.mkdir(parents=True, exist_ok=True)
    fd = os.open(top, os.O_RDONLY | _DIRECTORY)
    try:
        for part in parts:
            try:
                os.mkdir(part, dir_fd=fd)
            except FileExistsError:
                pass
            info = os.stat(part, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise _LinkedFolder(top / part)
            inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


class _LinkedFolder(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def check_writable(path: str | Path, error: type[SymnnError] = SymnnError) -> None:
    """Raise ``error`` unless :func:`write_atomic` could put a file at ``path``: nothing is
    there yet, or a regular file or a link (which is replaced); never a folder, FIFO or device.
    Checked before long work, so that work is not lost at the end.

    >>> check_writable("/dev/null")
    Traceback (most recent call last):
    ...
    symnn.errors.SymnnError: /dev/null, cannot write: it is a device, not a regular file
    """
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError as e:
        raise error(f"cannot write: {_reason(e)}", source=str(path)) from None
    except ValueError as e:
        raise error(f"cannot write: {e}", source=str(path)[:200]) from None
    kind = None if stat.S_ISLNK(info.st_mode) else _kind(info.st_mode)
    if kind is not None:
        raise error(f"cannot write: it is {kind}", source=str(path))


def write_atomic(path: str | Path, content: str | bytes,
                 error: type[SymnnError] = SymnnError, root: str | Path | None = None) -> Path:
    """Write ``path`` whole or not at all, replacing the path itself, and return it.

    Parent folders are made as needed.  ``root`` is the output folder the user named: a folder
    between it and the file that is a symbolic link is refused.  A link at the path itself is
    replaced by the new file (the file it pointed to is left alone).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a" / "b.txt", "hello", root=folder).read_text()
    'hello'
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd = tmp = None
    try:
        if not path.name or path.name in (".", ".."):
            raise error("cannot write: it is a folder, not a file", source=str(path))
        folder = _open_folder(path.parent, Path(root) if root is not None else None)
        try:
            mode = None
            try:
                info = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
                if not stat.S_ISLNK(info.st_mode):
                    kind = _kind(info.st_mode)
                    if kind is not None:
                        raise error(f"cannot write: it is {kind}", source=str(path))
                    mode = stat.S_IMODE(info.st_mode)
            except FileNotFoundError:
                pass
            tmp = f".{path.name[:64]}.{secrets.token_hex(6)}.tmp"
            # 0o666 less the umask, as any new file gets; a rewritten file keeps its mode
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666,
                         dir_fd=folder)
            if mode is not None:
                os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as handle:
                fd = None
                handle.write(data)
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            tmp = None
        finally:
            if fd is not None:
                os.close(fd)
            if tmp is not None:
                try:
                    os.unlink(tmp, dir_fd=folder)
                except OSError:
                    pass
            os.close(folder)
    except SymnnError:
        raise
    except _LinkedFolder as e:
        raise error(f"cannot write: {e.path} is a symbolic link; symnn writes only inside the "
                    "folder you named (name the link's target with --out to write there)",
                    source=str(path)) from None
    except FileExistsError:
        raise error("cannot write: a part of the path is a file, not a folder",
                    source=str(path)) from None
    except OSError as e:
        raise error(f"cannot write: {_reason(e)}", source=str(path)) from None
    except (ValueError, RuntimeError) as e:  # a NUL byte; a symlink loop in the named folder
        raise error(f"cannot write: {e}", source=str(path)[:200]) from None
    return path


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Return a CSV cell as text; one a spreadsheet would read as a formula (starting with
    = + - @, a tab or a carriage return) gets a leading ``'``, as OWASP advises for CSV files.

    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell("-0.5"), csv_cell(3)
    ("'=cmd|' /C calc'!A0", "'-0.5", '3')
    """
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: list[list[object]]) -> str:
    """Return rows as CSV text, every cell made safe for a spreadsheet by :func:`csv_cell`.

    >>> csv_text([["student", "answer"], ["@kim", "=1+1"]])
    "student,answer\\r\\n'@kim,'=1+1\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()
