"""Whether a recipe's outputs exist and are up to date, for `evenhand list --briefs`.

"Up to date" is what `evenhand build NAME` (no options, today's date) would
say: build/'s record (evenhand.build_record) holds every output, and nothing
that went into them changed. Out of date says why: the first input that
changed or is new, other options, a missing output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evenhand.model import Library, Recipe

if TYPE_CHECKING:
    from evenhand.build_record import Record


@dataclass
class BriefStatus:
    name: str
    recipe: Recipe
    outputs: dict[str, Path]  # format -> default output file
    missing: list[str] = field(default_factory=list)  # formats not built
    stale: tuple[str, Path | None] | None = None  # why `evenhand build NAME` would build it again

    @property
    def state(self) -> str:
        if len(self.missing) == len(self.outputs):
            return "not built"
        if self.missing:
            return f"partly built (no {', '.join(self.missing)})"
        if self.stale:
            return "out of date"
        return "up to date"


def brief_statuses(lib: Library) -> list[BriefStatus]:
    from evenhand.build_plan import Overrides, output_options
    from evenhand.build_record import Record, brief_date, options_key

    record = Record(lib.root)
    # as `evenhand build NAME` would
    key = options_key(output_options(Overrides(), None), brief_date())
    return [
        brief_status(lib, name, recipe, record, key) for name, recipe in sorted(lib.recipes.items())
    ]


def brief_status(lib: Library, name: str, recipe: Recipe, record: Record, key: str) -> BriefStatus:
    root = Path(lib.root)
    formats = list(dict.fromkeys(recipe.formats))
    outputs: dict[str, Path] = {fmt: root / "build" / f"{name}.{fmt}" for fmt in formats}
    status = BriefStatus(name, recipe, outputs)
    status.missing = [fmt for fmt, path in outputs.items() if not path.is_file()]
    if len(status.missing) < len(outputs):
        status.stale = record.why_stale(name, key)
    return status
