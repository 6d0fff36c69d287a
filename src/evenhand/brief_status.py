"""Whether a recipe's outputs exist and are up to date, for `evenhand list --briefs`.

Builds do not record their inputs yet, so "up to date" means: every output in
build/ exists and is newer than each library file the brief depends on (the
recipe, its topics' files and their sub-topics', positions.yaml, every seeds/
file and the library's templates/).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from evenhand.model import Library, Recipe


@dataclass
class BriefStatus:
    name: str
    recipe: Recipe
    outputs: dict[str, Path]  # format -> default output file
    missing: list[str] = field(default_factory=list)  # formats not built
    newer: list[Path] = field(default_factory=list)  # inputs changed since the oldest output

    @property
    def state(self) -> str:
        if len(self.missing) == len(self.outputs):
            return "not built"
        if self.missing:
            return f"partly built (no {', '.join(self.missing)})"
        if self.newer:
            return "out of date"
        return "up to date"


def brief_statuses(lib: Library) -> list[BriefStatus]:
    return [brief_status(lib, name, recipe) for name, recipe in sorted(lib.recipes.items())]


def brief_status(lib: Library, name: str, recipe: Recipe) -> BriefStatus:
    root = Path(lib.root)
    formats = list(dict.fromkeys(recipe.formats))
    outputs = {fmt: root / "build" / f"{name}.{fmt}" for fmt in formats}
    status = BriefStatus(name, recipe, outputs)
    times = {}
    for fmt, path in outputs.items():
        try:
            times[fmt] = path.stat().st_mtime
        except OSError:
            status.missing.append(fmt)
    if times:
        oldest = min(times.values())
        status.newer = [p for p in _inputs(lib, recipe) if _mtime(p) > oldest]
    return status


def _inputs(lib: Library, recipe: Recipe) -> list[Path]:
    """The library files a brief is made from."""
    root = Path(lib.root)
    files: list[Path] = []
    for obj in [recipe, *(t for tid in recipe.topics for t in lib.subtree(tid))]:
        path = _file_of(obj)
        if path is not None and path not in files:
            files.append(path)
    files.append(root / "arguments" / "positions.yaml")
    for folder in ("seeds", "templates"):
        for dirpath, _, names in os.walk(root / folder):
            files.extend(Path(dirpath) / n for n in sorted(names))
    return files


def _file_of(obj) -> Path | None:
    where = obj.where().file
    return None if where == "<memory>" else Path(where).resolve()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
