"""Writing output files: atomically where that is safe, in place where it must be.

``write_atomic`` writes a temporary file beside the target and renames it: a
failed write leaves the old file and nothing beside it. ``write_output`` is for
a path the user names with ``-o``: a regular file or a missing path is written
atomically, but a device, FIFO, socket or standard stream (``/dev/null``,
``/dev/stdout``, a named pipe) is written where it is, never replaced by a rename.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

STDOUT = "-"
PART_SUFFIX = ".part"
_RANDOM = 8  # characters tempfile adds to a temporary name
_FD_PATH = re.compile(r"/dev/fd/(\d+)|/proc/(?:self|thread-self|\d+)/fd/(\d+)")


def write_atomic(path: str | os.PathLike, data: bytes | str, *, exclusive: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    With ``exclusive``, an existing ``path`` (made meanwhile by another process)
    is left alone and FileExistsError raised: two runs never replace each other.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder; name a file")
    for folder in path.parents:  # mkdir would say only "File exists" of a file in the way
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"'{folder}' is a file, not a folder")
            break
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if exclusive:
            _link_exclusive(tmp, path, data)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def temp_prefix(path: Path) -> str:
    """``.NAME.``: the start of the temporary file beside ``path`` (then 8 random
    characters and ``.part``). NAME is cut, on a character boundary, where the whole
    temporary name would pass the file system's limit on a name's length."""
    try:
        limit = os.pathconf(path.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    room = limit - len("..") - _RANDOM - len(PART_SUFFIX)
    name = path.name.encode("utf-8", "surrogateescape")
    if len(name) > room:
        name = name[:room]
        while name and (name[-1] & 0xC0) == 0x80:  # a character's continuation bytes
            name = name[:-1]
        if name and name[-1] >= 0xC0:  # and the lead byte they belonged to
            name = name[:-1]
    return f".{name.decode('utf-8', 'surrogateescape')}."


def _link_exclusive(tmp: str, path: Path, data: bytes) -> None:
    """Give the finished temporary file the name ``path`` unless that name exists."""
    try:
        os.link(tmp, path)  # atomic, and fails with FileExistsError if path exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: create the name exclusively instead
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    os.unlink(tmp)


def writes_in_place(path: str | os.PathLike) -> bool:
    """Whether ``path`` must be written where it is: standard output (``-``), a standard
    stream's name (/dev/stdout, /dev/fd/N), or an existing thing that is neither a file
    nor a folder (a device, FIFO or socket)."""
    if fd_of(path) is not None:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def fd_of(path: str | os.PathLike) -> int | None:
    """The file descriptor a path names (``-`` and /dev/stdout: 1; /dev/fd/N: N), or None."""
    text = str(path)
    if text == STDOUT:
        return 1
    absolute = os.path.abspath(text)
    named = {"/dev/stdout": 1, "/dev/stderr": 2}.get(absolute)
    if named is not None:
        return named
    m = _FD_PATH.fullmatch(absolute)
    if m and (
        m.group(2) is None
        or absolute.startswith(("/proc/self/", "/proc/thread-self/", f"/proc/{os.getpid()}/"))
    ):
        return int(m.group(1) or m.group(2))
    return None


def write_output(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to a path named with ``-o`` (standard output is the caller's: see fd_of)."""
    if not writes_in_place(path):
        write_atomic(path, data)
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd = fd_of(path)
    if fd is not None:
        _write_all(fd, data)
        return
    # no O_CREAT, no O_TRUNC
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` while the block runs (another process asking
    for it waits): two imports into one library run one after the other, each seeing what
    the other wrote. Where the file system cannot lock, exclusive creation still protects."""
    import fcntl

    try:
        fd = os.open(
            folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
        )
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


# a write takes well under a second: an older part file is left by a killed run
STALE_PART_SECONDS = 60


def remove_stale_parts(
    path: str | os.PathLike, *, older_than: float = STALE_PART_SECONDS
) -> list[Path]:
    """Remove the `.NAME.*.part` files that a killed write of ``path`` left beside it; returns them."""
    import glob
    import time

    path = Path(path)
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = list(path.parent.glob(glob.escape(temp_prefix(path)) + "*" + PART_SUFFIX))
    except OSError:
        return removed
    for part in candidates:
        try:
            if part.is_file() and not part.is_symlink() and now - part.stat().st_mtime > older_than:
                part.unlink()
                removed.append(part)
        except OSError:
            pass
    return removed
