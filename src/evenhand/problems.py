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


_COL_BITS = 24  # columns up to 16 million: more than a 5 MB line
_POS_BITS = 48  # one packed (line, col)
_COL_MASK = (1 << _COL_BITS) - 1
_POS_MASK = (1 << _POS_BITS) - 1


def pack(line: int, col: int) -> int:
    """One int for a (line, col) pair: a 100,000-claim library keeps millions of them."""
    return line << _COL_BITS | col


def pack_entry(key_line: int, key_col: int, value_line: int, value_col: int) -> int:
    return (key_line << _COL_BITS | key_col) << _POS_BITS | value_line << _COL_BITS | value_col


class NodeLoc:
    """Where a mapping or list sits in its file, and where each of its keys, values and entries sit.

    ``keys`` maps a key to ``pack_entry(key_line, key_col, value_line, value_col)``
    or, when the value is a list, to ``(that, entries)``; ``entries`` (and
    ``items`` of a list's own NodeLoc) are tuples of ``pack(line, col)``, one
    per list entry. Packed ints instead of tuples keep memory small.
    """

    __slots__ = ("file", "line", "col", "keys", "items")

    def __init__(self, file: str, line: int, col: int, keys: dict | None = None, items: tuple = ()):
        self.file = file
        self.line = line
        self.col = col
        self.keys = keys if keys is not None else {}
        self.items = items

    def has(self, key: str) -> bool:
        return key in self.keys

    def entries(self, key: str | None = None) -> tuple:
        """Packed positions of the entries of this list, or of the list under ``key``."""
        if key is None:
            return self.items
        entry = self.keys.get(key)
        return entry[1] if type(entry) is tuple else ()

    def at(self, key: str | None = None, index: int | None = None, *, of_key: bool = False) -> Location:
        """This node's location, or that of a key's value (``of_key``: the key itself), or of a list entry."""
        if key is None:
            if index is not None and 0 <= index < len(self.items):
                return self._unpack(self.items[index])
            return Location(self.file, self.line, self.col)
        entry = self.keys.get(key)
        if entry is None:
            return Location(self.file, self.line, self.col)
        if type(entry) is tuple:
            entry, items = entry
            if index is not None and 0 <= index < len(items):
                return self._unpack(items[index])
        return self._unpack(entry >> _POS_BITS if of_key else entry & _POS_MASK)

    def _unpack(self, pos: int) -> Location:
        return Location(self.file, pos >> _COL_BITS, pos & _COL_MASK)
