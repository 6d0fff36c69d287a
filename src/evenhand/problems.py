"""Problems found in a library: plain data, never printed from here."""

from __future__ import annotations

import difflib
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
        return (
            self.where.file,
            self.where.line,
            self.where.col,
            _ORDER[self.severity],
            self.message,
        )

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


def did_you_mean(name: str, known, cutoff: float = 0.6) -> str:
    """ " (did you mean 'x'?)" naming the nearest of ``known``, or "" when none is near."""
    hint = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


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


_SHARED_NAMES: dict[tuple, tuple] = {}


class NodeLoc:
    """Where a mapping or list sits in its file, and where each of its keys, values and entries sit.

    For a mapping, ``names`` are its keys in file order (one tuple shared by
    every mapping with the same keys) and ``spots`` the matching
    ``pack_entry(key_line, key_col, value_line, value_col)``, or, when the
    value is a list, ``(that, entries)``. ``entries``, and ``items`` of a
    list's own NodeLoc, hold one ``pack(line, col)`` per list entry. Packed
    ints in tuples instead of dicts of tuples keep a 100,000-claim library
    small in memory.
    """

    __slots__ = ("file", "line", "col", "names", "spots", "items")

    def __init__(self, file: str, line: int, col: int, keys: dict | None = None, items: tuple = ()):
        self.file = file
        self.line = line
        self.col = col
        self.names: tuple = ()
        self.spots: tuple = ()
        self.items = items
        if keys:
            self.set_keys(keys)

    def set_keys(self, keys: dict) -> None:
        names = tuple(keys)
        self.names = _SHARED_NAMES.setdefault(names, names)
        self.spots = tuple(keys.values())

    def has(self, key: str) -> bool:
        return key in self.names

    def _spot(self, key: str):
        try:
            return self.spots[self.names.index(key)]
        except ValueError:
            return None

    def entries(self, key: str | None = None) -> tuple:
        """Packed positions of the entries of this list, or of the list under ``key``."""
        if key is None:
            return self.items
        spot = self._spot(key)
        return spot[1] if type(spot) is tuple else ()

    def at(
        self, key: str | None = None, index: int | None = None, *, of_key: bool = False
    ) -> Location:
        """This node's location, or that of a key's value (``of_key``: the key itself), or of a list entry."""
        if key is None:
            if index is not None and 0 <= index < len(self.items):
                return self._unpack(self.items[index])
            return Location(self.file, self.line, self.col)
        spot = self._spot(key)
        if spot is None:
            return Location(self.file, self.line, self.col)
        if type(spot) is tuple:
            spot, items = spot
            if index is not None and 0 <= index < len(items):
                return self._unpack(items[index])
        return self._unpack(spot >> _POS_BITS if of_key else spot & _POS_MASK)

    def _unpack(self, pos: int) -> Location:
        return Location(self.file, pos >> _COL_BITS, pos & _COL_MASK)
