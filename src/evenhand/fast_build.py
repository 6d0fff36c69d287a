"""`evenhand build` with nothing to do, answered with the standard library only.

`evenhand.cli.main` hands the command line here first. A plain build (`build
--all`, recipe names or files, `-f`, `-j`, `-L`) whose briefs are all up to
date by build/'s record is answered here, before Typer, pydantic and the model
are imported (they take most of a second); any other command line, or any
doubt, gives None and the full CLI runs, which asks the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evenhand.build_plan import (
    FORMATS,
    Overrides,
    library_for,
    looks_like_path,
    output_options,
    up_to_date_lines,
)

_VALUED = {
    "--format": "formats",
    "-f": "formats",
    "--jobs": "jobs",
    "-j": "jobs",
    "--library": "library",
    "-L": "library",
}


@dataclass
class Request:
    """A plain `evenhand build`: recipes (or --all), formats, jobs, library."""

    recipes: list[str] = field(default_factory=list)
    all_recipes: bool = False
    formats: list[str] = field(default_factory=list)
    library: Path | None = None


def parse(argv: list[str]) -> Request | None:
    """The build the command line asks for, when it is a plain one this module can answer; else None."""
    if not argv or argv[0] != "build":
        return None
    request, rest = Request(), list(argv[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--all":
            request.all_recipes = True
        elif not arg.startswith("-"):
            request.recipes.append(arg)
        elif not _option(request, arg, rest):
            return None
    if request.all_recipes == bool(request.recipes):  # neither, or both: the CLI says what is wrong
        return None
    return request


def _option(request: Request, arg: str, rest: list[str]) -> bool:
    """Take one valued option (its value from ``arg`` or ``rest``); False for any other."""
    name, eq, value = arg.partition("=")
    if name not in _VALUED or (eq and not name.startswith("--")) or not (eq or rest):
        return False
    if not eq:
        value = rest.pop(0)
    what = _VALUED[name]
    if what == "formats":
        request.formats.append(value)
        return value in FORMATS
    if what == "jobs":  # no effect on the outputs; checked as the CLI checks it
        return value.isdigit() and int(value) >= 1
    request.library = Path(value)
    return True


def up_to_date(
    library: Path | None, recipes: list[str], all_recipes: bool, overrides: Overrides, options: dict
) -> list[str] | None:
    """Every brief asked for (recipe names or files, or all), as shown, when each is up to
    date by build/'s record and the library's files' hashes; else None (build them)."""
    from evenhand.build_record import all_up_to_date, brief_date
    from evenhand.readers.library_files import (
        LibraryNotFound,
        display_path,
        find_library,
    )

    try:
        root = find_library(library_for(library, recipes))
    except LibraryNotFound:
        return None
    names = [Path(r).stem if looks_like_path(r) else r for r in recipes]
    files = all_up_to_date(
        root,
        None if all_recipes else names,
        side=overrides.side,
        options=options,
        date=brief_date(),
    )
    if files is None:
        return None
    for arg, file in zip(
        recipes, files, strict=False
    ):  # a recipe file is the library's recipe of that name, or is built
        if looks_like_path(arg) and Path(arg).resolve() != file.resolve():
            return None
    return [display_path(f) for f in files]


def answer(argv: list[str]) -> list[str] | None:
    """The lines that say every brief asked for is up to date (exit 0); None when the full CLI must run."""
    request = parse(argv)
    if request is None:
        return None
    overrides = Overrides(formats=request.formats or None)
    shown = up_to_date(
        request.library,
        request.recipes,
        request.all_recipes,
        overrides,
        output_options(overrides, None),
    )
    return None if shown is None else up_to_date_lines(shown, len(shown))
