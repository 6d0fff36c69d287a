"""Find a library folder and read everything in it into the model.

Problems are collected, never raised: one run reports them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from evenhand.gc_pause import paused_cyclic_gc
from evenhand.model import (
    DEFAULT_POSITIONS,
    Claim,
    GlossaryEntry,
    Library,
    Position,
    Recipe,
    Source,
    Topic,
)
from evenhand.problems import Location, Problem, error
from evenhand.readers.library_files import display_path, yaml_files
from evenhand.readers.model_errors import loc_of as _loc_of
from evenhand.readers.model_errors import problem_from as _problem_from
from evenhand.readers.yaml_source import LocDict, LocList, read_yaml

POSITIONS_FILE = "positions.yaml"
GLOSSARY_FILE = "glossary.yaml"  # arguments/glossary.yaml, beside positions.yaml


def load_library(root: Path) -> tuple[Library, list[Problem]]:
    """Read every file of the library.

    Reading makes no reference cycles, so the cyclic garbage collector is
    paused meanwhile (it would rescan the growing library again and again:
    half the time at 100,000 claims), and what was read is then frozen out of
    its scans (gc.freeze; the objects are still freed by reference counting).
    """
    with paused_cyclic_gc(freeze=True):
        return _load_library(Path(root))


def _load_library(root: Path) -> tuple[Library, list[Problem]]:
    cwd = Path.cwd()
    lib = Library(root=str(root))
    problems: list[Problem] = []
    positions_path = root / "arguments" / POSITIONS_FILE
    glossary_path = root / "arguments" / GLOSSARY_FILE
    for path in yaml_files(root / "arguments"):
        if path not in (positions_path, glossary_path) and not _leads_out(path, root, problems):
            _read_topic(lib, path, cwd, problems)
    lib.positions = _read_positions(positions_path, root, cwd, problems)
    if glossary_path.is_file():
        data, where = _read(glossary_path, cwd, problems)
        lib.glossary = _validate_list(GlossaryEntry, data, where, problems, "glossary entries")
    for path in yaml_files(root / "seeds"):
        if not _leads_out(path, root, problems):
            data, where = _read(path, cwd, problems)
            if isinstance(data, dict):
                data = LocList([data])
            lib.sources.extend(_validate_list(Source, data, where, problems, "sources"))
    for path in yaml_files(root / "briefs"):
        if not _leads_out(path, root, problems):
            _read_recipe(lib, path, cwd, problems)
    from evenhand.checks.cycles import too_deep

    problems.extend(too_deep(lib))
    return lib, problems


def _read_topic(lib: Library, path: Path, cwd: Path, problems: list[Problem]) -> None:
    data, where = _read(path, cwd, problems)
    if data is None:
        if where is not None and not problems_for(problems, where):
            problems.append(
                error(
                    Location(where, 1, 1),
                    "the file is empty: a topic file needs at least `topic:` and `title:`",
                    "empty",
                )
            )
        return
    topic = validate(Topic, data, where, problems, salvage=True)
    if topic is not None:
        lib.topics.append(topic)


def _read_positions(path: Path, root: Path, cwd: Path, problems: list[Problem]) -> list[Position]:
    """The positions file's positions; the three defaults when there is none or nothing in it is usable
    (its errors are reported), rather than an "unknown position" error on every claim."""
    positions: list[Position] = []
    if path.is_file() and not _leads_out(path, root, problems):
        before = len(problems)
        data, where = _read(path, cwd, problems)
        positions = _validate_list(Position, data, where, problems, "positions")
        if not positions and len(problems) == before and where is not None:
            problems.append(
                error(
                    Location(where, 1, 1),
                    "the file lists no position: list them (each entry starting with '- ') "
                    "or delete the file to use the three default positions",
                    "empty",
                )
            )
    return positions or [Position.model_validate(p) for p in DEFAULT_POSITIONS]


def _read_recipe(lib: Library, path: Path, cwd: Path, problems: list[Problem]) -> None:
    data, where = _read(path, cwd, problems)
    if data is None:
        return
    # still check its topics and positions
    recipe = validate(Recipe, data, where, problems, salvage=True)
    if recipe is not None:
        lib.recipes[path.stem] = recipe


def _leads_out(path: Path, root: Path, problems: list[Problem]) -> bool:
    """A library file that is (or sits under) a symbolic link out of the library is not read:
    one located error names the link, and nothing of what it points at is shown."""
    from evenhand.confine import link_out, shown_link

    problem = link_out(path, root)
    if problem is None:
        return False
    problems.append(
        error(
            Location(shown_link(path), 1, 1),
            f"not read: {problem}; copy the file into the library instead of linking to it",
            "link-out",
        )
    )
    return True


def problems_for(problems: list[Problem], where: str) -> bool:
    return any(p.where.file == where for p in problems)


def _read(path: Path, cwd: Path, problems: list[Problem]) -> tuple[Any, str | None]:
    where = display_path(path, cwd)
    data, found = read_yaml(path, where)
    problems.extend(found)
    if found and data is None:
        return None, None
    return data, where  # with duplicate keys, the first of each is kept and the rest still checked


def _validate_list(
    model: type[BaseModel], data: Any, where: str | None, problems: list[Problem], what: str
) -> list:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(
            error(
                _loc_of(data, where),
                f"expected a list of {what} (each entry starting with '- ')",
                "type",
            )
        )
        return []
    out = []
    for i, item in enumerate(data):
        obj = validate(model, item, where, problems, path_prefix=(i,), container=data)
        if obj is not None:
            out.append(obj)
    return out


def validate(
    model: type[BaseModel],
    data: Any,
    where: str | None,
    problems: list[Problem],
    *,
    salvage: bool = False,
    path_prefix: tuple = (),
    container: Any = None,
) -> Any:
    """Validate ``data`` as ``model``; report each error at its location.

    With ``salvage``, a topic with bad claims is kept without them, so that the
    rest of the file is still checked.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        root = container if container is not None else data
        for err in exc.errors():
            problems.append(_problem_from(model, err, root, path_prefix, where or "<unknown>"))
        if not salvage or not isinstance(data, LocDict):  # a mapping read from YAML
            return None
        trimmed = _without_bad_parts(data, exc)
        if trimmed is None:
            return None
        try:
            return model.model_validate(trimmed)
        except ValidationError:
            return None


def _without_bad_parts(data: LocDict, exc: ValidationError) -> LocDict | None:
    """The data without what failed, so that the rest is still read and checked.

    A bad optional key is dropped (in a claim too: dropping the whole claim
    would make every `attacks` of it an error as well); a claim whose id,
    position or title is bad is dropped; a topic or recipe whose required key
    is bad is not salvaged.
    """
    bad_keys: set[str] = set()
    bad_claims: set[int] = set()
    bad_claim_keys: dict[int, set[str]] = {}
    for err in exc.errors():
        loc = err["loc"]
        if not loc:
            return None
        if loc[0] == "claims" and len(loc) > 2 and isinstance(loc[1], int):
            key = loc[2]
            if isinstance(key, str) and key not in _REQUIRED_CLAIM_KEYS:
                bad_claim_keys.setdefault(loc[1], set()).add(key)
            else:
                bad_claims.add(loc[1])
        elif err["type"] == "missing":
            return None
        else:
            bad_keys.add(str(loc[0]))
    if bad_keys & {"topic", "title"}:
        return None
    out = _without(data, bad_keys)
    claims = data.get("claims")
    if (bad_claims or bad_claim_keys) and isinstance(claims, list):
        out["claims"] = _kept_claims(claims, bad_claims, bad_claim_keys)
    return out


def _without(data: LocDict, keys: set[str]) -> LocDict:
    out = LocDict({k: v for k, v in data.items() if k not in keys})
    out.loc = data.loc
    return out


def _kept_claims(claims: list, bad_claims: set[int], bad_claim_keys: dict[int, set[str]]) -> list:
    """The claims but the bad ones, each without its bad optional keys."""
    kept = []
    for i, claim in enumerate(claims):
        if i in bad_claims:
            continue
        if i in bad_claim_keys and isinstance(claim, LocDict):
            claim = _without(claim, bad_claim_keys[i])
        kept.append(claim)
    return kept


_REQUIRED_CLAIM_KEYS = {name for name, f in Claim.model_fields.items() if f.is_required()}
