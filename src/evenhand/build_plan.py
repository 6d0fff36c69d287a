"""What one `evenhand build` asks for: the command line's overrides and the options that change outputs.

The standard library only at import time: evenhand.fast_build reads these
before Typer, pydantic or the model are imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FORMATS = ("pdf", "html", "md", "docx", "json")


@dataclass
class Overrides:
    """Options given on the command line; each replaces the recipe's value when set."""

    template: str | None = None
    formats: list[str] | None = None
    balance: str | None = None
    positions: list[str] | None = None
    max_claims: int | None = None
    citation_style: str | None = None
    paper: str | None = None
    side: str | None = None
    card_context: int | None = None
    focus: str | None = None
    tags: list[str] | None = None
    claims: list[str] | None = None
    language: str | None = None

    def apply(self, recipe):
        """The recipe (evenhand.model.Recipe) with each option given replacing its value."""
        update = {k: v for k, v in vars(self).items() if v is not None}
        return recipe.model_copy(update=update) if update else recipe


def output_options(overrides: Overrides, texts: Path | None) -> dict:
    """The options that change a brief's outputs, as kept in build/'s record."""
    return {**vars(overrides), "texts": str(texts) if texts is not None else None}


def looks_like_path(arg: str) -> bool:
    """A recipe given as a file (briefs/x.yaml), not by name."""
    return "/" in arg or "\\" in arg or arg.endswith((".yaml", ".yml"))


def library_for(library: Path | None, recipes: list[str]) -> Path | None:
    """The library to read: ``--library``, else that of the first recipe given as a file
    (`evenhand build ../lib/briefs/x.yaml`), else None (the one at or above the working folder)."""
    if library is not None:
        return library
    for arg in recipes:
        if looks_like_path(arg) and Path(arg).is_file():
            from evenhand.readers.library_files import LibraryNotFound, find_library

            try:
                return find_library(None, start=Path(arg).resolve().parent)
            except LibraryNotFound:
                return None
    return None


def up_to_date_lines(names: list[str], total: int) -> list[str]:
    """`NAME: up to date` for each, then how many when it is all of them."""
    lines = [f"{name}: up to date" for name in names]
    if len(names) == total:
        lines.append(
            f"{'every brief is' if total > 1 else 'the brief is'} up to date; nothing built (--force rebuilds)"
        )
    return lines
