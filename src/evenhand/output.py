"""Writing output files atomically: a failed write leaves the old file and nothing beside it."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


STALE_PART_SECONDS = 60  # a write takes well under a second: an older part file is left by a killed run


def remove_stale_parts(path: str | os.PathLike, *, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Remove the `.NAME.*.part` files that a killed write of ``path`` left beside it; returns them."""
    import glob
    import time

    path = Path(path)
    removed = []
    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.part"))
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

