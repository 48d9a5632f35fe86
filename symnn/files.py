"""Reading and writing files safely: bounded reads, whole-or-nothing writes, no special files.

A spec, worksheet or data file is read only when it is a regular file of at most a stated size
(``/dev/zero`` or a FIFO would otherwise grow memory or wait forever).  A file is written whole
or not at all (a temporary file renamed into place), and only over a regular file or nothing:
a folder, device, FIFO or socket at the path is refused.  A symbolic link is followed: the file
it points to is replaced (and the same rules apply to it).  Every failure is one
:class:`~symnn.errors.SymnnError` naming the path.

>>> read_text("no/such/file.toml")
Traceback (most recent call last):
...
symnn.errors.SymnnError: no/such/file.toml, cannot read: no such file
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from symnn.errors import SymnnError

MAX_READ = 4_000_000  # bytes: a spec, a worksheet or a CSV a teacher writes is far smaller


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
    return "not a regular file"


def _reason(e: OSError) -> str:
    if e.errno == errno.ENOENT:
        return "no such file"
    if e.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if e.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    return (e.strerror or str(e)).lower() if e.strerror else str(e)


def read_bytes(path: str | Path, limit: int = MAX_READ,
               error: type[SymnnError] = SymnnError) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes, or raise ``error``."""
    name = str(path)
    try:
        info = os.stat(path)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise error(f"cannot read: it is {kind}", source=name)
        if info.st_size > limit:
            raise error(f"cannot read: it has {info.st_size:,} bytes; symnn reads files of up "
                        f"to {limit:,} bytes", source=name)
        with open(path, "rb") as handle:
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
              error: type[SymnnError] = SymnnError) -> str:
    """Return the UTF-8 text of a regular file of at most ``limit`` bytes, or raise ``error``."""
    data = read_bytes(path, limit, error)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"cannot read: not UTF-8 text (byte {data[e.start]:#04x} at position "
                    f"{e.start})", source=str(path)) from None


def write_atomic(path: str | Path, content: str | bytes,
                 error: type[SymnnError] = SymnnError) -> Path:
    """Write ``path`` whole or not at all and return where it was written.

    Parent folders are made as needed; a symbolic link is followed to the file it names.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target = path.resolve() if path.is_symlink() else path
        if target.exists() or target.is_symlink():
            kind = _kind(os.stat(target).st_mode)
            if kind is not None:
                raise error(f"cannot write: it is {kind}", source=str(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:64]}.",
                                   suffix=".tmp")
    except SymnnError:
        raise
    except FileExistsError:
        raise error("cannot write: a part of the path is a file, not a folder",
                    source=str(path)) from None
    except OSError as e:
        raise error(f"cannot write: {_reason(e)}", source=str(path)) from None
    except ValueError as e:
        raise error(f"cannot write: {e}", source=str(path)[:200]) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"cannot write: {_reason(e)}", source=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
