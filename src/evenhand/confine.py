"""Paths that must stay inside the library: no symbolic link on the way may lead out of it.

A library may come from a stranger: `build/` or `arguments/x.yaml` can be a
link to a folder or a dotfile elsewhere. What evenhand writes by default (build
outputs, imported topics and sources, positions.yaml) and the files it reads as
the library (topics, sources, positions, recipes) are checked here first; a
link that stays inside the library is fine.
"""

from __future__ import annotations

import os
from pathlib import Path


class LeadsOut(Exception):
    """``link`` (a symbolic link, or the path itself) leads to ``target``, outside the library."""

    def __init__(self, link: Path, target: Path):
        self.link = link
        self.target = target
        super().__init__(
            f"'{shown_link(link)}' is a symbolic link to '{target}', outside the library"
        )


def link_out(path: str | os.PathLike, root: str | os.PathLike) -> LeadsOut | None:
    """The first symbolic link from ``root`` down to ``path`` (itself included) whose
    target is outside ``root``, as a LeadsOut; None when every step stays inside."""
    root_abs = Path(os.path.abspath(root))
    root_real = Path(os.path.realpath(root))
    absolute = Path(os.path.abspath(path))
    try:
        parts = absolute.relative_to(root_abs).parts
    except ValueError:
        real = Path(os.path.realpath(absolute))
        return None if real.is_relative_to(root_real) else LeadsOut(absolute, real)
    current = root_abs
    for part in parts:
        current = current / part
        if os.path.islink(current):
            target = Path(os.path.realpath(current))
            if not target.is_relative_to(root_real):
                return LeadsOut(current, target)
    return None


def check_inside(path: str | os.PathLike, root: str | os.PathLike) -> None:
    """Raise LeadsOut when ``path`` (or a folder on its way) is a link that leaves ``root``."""
    problem = link_out(path, root)
    if problem is not None:
        raise problem


def shown_link(path: Path) -> str:
    """The link as the user would name it: relative to the working folder when inside it,
    with no link resolved (display_path would show where it points)."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:
        return absolute
    return absolute if rel.startswith("..") else rel
