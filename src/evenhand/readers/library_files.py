"""Where the library is and which of its files are YAML: the standard library only.

`evenhand build` with nothing to do answers from these and build/'s record
before Typer, pydantic or the model are imported (evenhand.fast_build).
"""

from __future__ import annotations

import os
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")


class LibraryNotFound(Exception):
    pass


def find_library(explicit: str | os.PathLike | None = None, start: Path | None = None) -> Path:
    """``--library DIR``, else the nearest folder at or above ``start`` that holds ``arguments/``."""
    if explicit is not None:
        root = Path(explicit)
        if root.exists() and not root.is_dir():
            raise LibraryNotFound(
                f"'{root}' is a file; --library needs the library's folder (the one that holds arguments/)"
            )
        if not root.is_dir():
            raise LibraryNotFound(f"library folder '{root}' does not exist")
        if not (root / "arguments").is_dir():
            raise LibraryNotFound(
                f"'{root}' is not an evenhand library: it has no arguments/ folder"
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "arguments").is_dir():
            return folder
    raise LibraryNotFound(
        "no evenhand library here or in any folder above (none holds arguments/); "
        "pass --library DIR or make one with `evenhand init DIR`"
    )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Relative to the working folder when inside it (as compilers print), else absolute."""
    real = Path(os.path.realpath(path))
    try:
        return real.relative_to(os.path.realpath(cwd or os.getcwd())).as_posix()
    except ValueError:
        return real.as_posix()


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
