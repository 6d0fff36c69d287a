"""Problems found in a library: plain data, never printed from here."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column count from 1 (0 means unknown)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"


@dataclass(frozen=True, slots=True)
class Problem:
    where: Location
    severity: Severity
    message: str
    code: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.severity.value}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.where.file, self.where.line, self.where.col, _ORDER[self.severity], self.message)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["where"] = {"file": self.where.file, "line": self.where.line, "col": self.where.col}
        d["severity"] = self.severity.value
        return d


def error(where: Location, message: str, code: str = "") -> Problem:
    return Problem(where, Severity.ERROR, message, code)


def warning(where: Location, message: str, code: str = "") -> Problem:
    return Problem(where, Severity.WARNING, message, code)


def info(where: Location, message: str, code: str = "") -> Problem:
    return Problem(where, Severity.INFO, message, code)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: list[Problem], strict: bool = False) -> bool:
    bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(p.severity in bad for p in problems)


def strictened(problems: list[Problem]) -> list[Problem]:
    """--strict: warnings become errors (info stays info)."""
    return [
        Problem(p.where, Severity.ERROR, p.message, p.code) if p.severity is Severity.WARNING else p
        for p in problems
    ]


def problems_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)


class NodeLoc:
    """Where a mapping sits in its file, and where each of its keys and values sit.

    ``keys`` maps a key to ``(key_line, key_col, value_line, value_col, items)``;
    ``items`` holds ``(line, col)`` per entry when the value is a list, else None.
    """

    __slots__ = ("file", "line", "col", "keys")

    def __init__(self, file: str, line: int, col: int, keys: dict | None = None):
        self.file = file
        self.line = line
        self.col = col
        self.keys = keys if keys is not None else {}

    def at(self, key: str | None = None, index: int | None = None, *, of_key: bool = False) -> Location:
        entry = self.keys.get(key) if key is not None else None
        if entry is None:
            return Location(self.file, self.line, self.col)
        if index is not None and entry[4] is not None and 0 <= index < len(entry[4]):
            line, col = entry[4][index]
            return Location(self.file, line, col)
        if of_key:
            return Location(self.file, entry[0], entry[1])
        return Location(self.file, entry[2], entry[3])
