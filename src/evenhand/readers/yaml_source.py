"""Read one YAML file into plain data that remembers where every value came from.

Scalars stay strings (a title `1984` or `2021-07-29` is text, `off` is not
False); an empty value is None. Mappings come back as ``LocDict`` and lists as
``LocList``, whose ``loc`` (a NodeLoc) says where they and their entries
are. Anchors and aliases, nesting deeper than MAX_DEPTH, a second document,
files over the size limit and bytes that are not UTF-8 are refused (no data,
one located problem); a duplicate key is reported and its first value kept.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from evenhand.control_chars import CONTROL, first_control
from evenhand.problems import (
    _COL_BITS,
    _POS_BITS,
    Location,
    NodeLoc,
    Problem,
    error,
    pack,
    pack_entry,
    warning,
)
from evenhand.readers.files import decode_utf8, read_bytes

MAX_BYTES = 5 * 1024 * 1024

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml's parser is ten times faster; the pure-Python one gives the same marks.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH = 100  # lists and mappings inside each other; real files need fewer than ten
_NULLS = {"", "~", "null", "Null", "NULL"}


class LocDict(dict[str, Any]):
    __slots__ = ("loc",)
    loc: NodeLoc


class LocList(list[Any]):
    __slots__ = ("loc",)
    loc: NodeLoc


def _line_col(event: yaml.Event) -> tuple[int, int]:
    """Where an event starts, 1-based: the parser gives every event its start mark."""
    mark = event.start_mark
    assert mark is not None
    return mark.line + 1, mark.column + 1


def read_yaml(path: Path, display: str) -> tuple[object, list[Problem]]:
    """Parse ``path``; problems name it as ``display``. Data is None when unreadable."""
    raw, problem = read_bytes(path, display, MAX_BYTES)
    if problem:
        return None, [problem]
    assert raw is not None  # read_bytes gives the bytes when it gives no problem
    return parse_yaml(raw, display)


def parse_yaml(raw: bytes | str, display: str) -> tuple[object, list[Problem]]:
    text, problem = decode_utf8(raw, display) if isinstance(raw, bytes) else (raw, None)
    if problem:
        return None, [problem]
    assert text is not None  # decode_utf8 gives the text when it gives no problem
    if text.startswith("\ufeff"):
        text = text[1:]
    problems: list[Problem] = []
    try:
        data = _build(_Loader(text), display, problems)
    except _Refused as exc:
        return None, [exc.problem]
    except yaml.MarkedYAMLError as exc:
        return None, [_tab_problem(exc, text, display) or _syntax_problem(exc, display)]
    except yaml.YAMLError as exc:
        return None, [_other_yaml_problem(exc, text, display)]
    return data, problems


def _anchor_problem(event: yaml.NodeEvent, kind: str, display: str) -> Problem:
    return error(
        Location(display, *_line_col(event)),
        f"YAML {kind} '{event.anchor}' is not allowed; write the value out in full",
        "yaml-anchor",
    )


def _other_yaml_problem(exc: yaml.YAMLError, text: str, display: str) -> Problem:
    """Mostly the reader's "unacceptable character" error, which has an offset but no mark."""
    position = getattr(exc, "position", None)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(position, int):
        # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters
        before = (
            text.encode("utf-8")[:position].decode("utf-8", "ignore")
            if _Loader is not yaml.SafeLoader
            else text[:position]
        )
        position = len(before)
        line = before.count("\n") + 1
        col = position - (before.rfind("\n") + 1) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        return error(
            Location(display, line, col),
            f"character U+{char:04X} is not allowed in YAML; remove it",
            "yaml-syntax",
        )
    return error(Location(display, 1, 1), f"YAML error: {exc}", "yaml-syntax")


def _control_problem(value: str, event: yaml.ScalarEvent, display: str) -> Problem:
    return warning(
        Location(display, *_line_col(event)),
        f"the value holds a control character ({first_control(value)}): terminals act on these "
        "(clear the screen, hide text); evenhand prints it escaped, remove it",
        "control-character",
    )


def _depth_problem(where: Location) -> Problem:
    return error(where, f"lists and mappings nest deeper than {MAX_DEPTH} levels", "yaml-depth")


def _tab_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem | None:
    """A tab in a line's indentation (or right after a list's '-') where the parser stopped."""
    mark = exc.problem_mark
    if mark is None:
        return None
    line = text.split("\n", mark.line + 1)[mark.line] if mark.line < text.count("\n") + 1 else ""
    lead = len(line) - len(line.lstrip(" \t-"))
    tab = line.find("\t", 0, lead)
    if tab < 0 and mark.column < len(line) and line[mark.column] == "\t":
        tab = mark.column
    if tab < 0:
        return None
    return error(
        Location(display, mark.line + 1, tab + 1), "tabs cannot indent YAML; use spaces", "yaml-tab"
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
    if "maximum nesting depth" in (exc.problem or ""):
        # libyaml (PyYAML 6.0.4 and later) stops at 1,000 levels while scanning ahead,
        # before our own depth check sees the events: one message for both
        return _depth_problem(where)
    what = exc.problem or "syntax error"
    if exc.context:
        what = f"{exc.context}: {what}"
    return error(where, f"YAML syntax error: {what}", "yaml-syntax")


class _Refused(Exception):
    """A file refused outright (anchor, alias, nesting, several documents): one problem, no data."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


_NO_KEY = object()  # a mapping waiting for its next key
_DROP = object()  # a key whose value is read but not kept (not plain text, or a duplicate)


def _build(
    loader: yaml.CSafeLoader | yaml.SafeLoader, display: str, problems: list[Problem]
) -> object:
    """Turn the parser's events into LocDict / LocList / str / None, keeping every position.

    Reading events (not yaml.compose) lets us stop at the first anchor or alias
    before anything is expanded, skips the implicit-tag resolver (all scalars
    stay text anyway), and builds the data in one iterative pass: no recursion,
    so deep nesting cannot crash the process.
    """
    get_event = loader.get_event
    # the loop runs once per event: module lookups bound to local names once
    scalar_event, alias_event, document_start = (
        yaml.ScalarEvent,
        yaml.AliasEvent,
        yaml.DocumentStartEvent,
    )
    # (MappingStartEvent and SequenceStartEvent; MappingEndEvent and SequenceEndEvent)
    collection_start, collection_end = yaml.CollectionStartEvent, yaml.CollectionEndEvent
    scalar, take_key, put = _scalar, _take_key, _put
    # frame: [container, keys (mapping) or None, items (sequence) or None, key, key_line, key_col]
    stack: list[list[Any]] = []
    result: object = None
    value: object
    documents = 0
    try:
        while True:
            event = get_event()
            if event is None:
                break
            if isinstance(event, scalar_event):
                if stack and stack[-1][3] is _NO_KEY:  # only a mapping waits for a key
                    take_key(stack[-1], event, display, problems)
                    continue
                value = scalar(event, display, problems)
                mark = event.start_mark
                assert mark is not None  # the parser marks every event
                line, col = mark.line + 1, mark.column + 1
            elif isinstance(event, collection_start):  # a mapping or a list
                stack.append(_open(event, len(stack), display))
                continue
            elif isinstance(event, collection_end):
                closed = _close(stack.pop())
                value, line, col = closed, closed.loc.line, closed.loc.col
            elif isinstance(event, alias_event):
                raise _Refused(_anchor_problem(event, "alias", display))
            elif isinstance(event, document_start):
                documents += 1
                if documents > 1:
                    raise _Refused(_second_document_problem(event, display))
                continue
            else:  # stream start and end, document end
                continue

            if stack:
                put(stack[-1], value, line, col, display, problems)
            else:
                result = value
    finally:
        loader.dispose()
    return result


def _scalar(event: yaml.ScalarEvent, display: str, problems: list[Problem]) -> str | None:
    """A scalar's value: text, or None for an empty or null one."""
    if event.anchor is not None:
        raise _Refused(_anchor_problem(event, "anchor", display))
    value = event.value
    if event.style == '"' and CONTROL.search(value):  # only "\e" and the like make one
        problems.append(_control_problem(value, event, display))
    if not event.style and value in _NULLS:
        return None
    if len(value) <= 40:  # ids, positions, sources repeat: keep one copy
        return sys.intern(value)
    return value


def _open(event: yaml.CollectionStartEvent, depth: int, display: str) -> list[Any]:
    """The stack frame of a mapping or list that starts here, refusing anchors and deep nesting."""
    if event.anchor is not None:
        raise _Refused(_anchor_problem(event, "anchor", display))
    line, col = _line_col(event)
    if depth >= MAX_DEPTH:
        raise _Refused(_depth_problem(Location(display, line, col)))
    if type(event) is yaml.MappingStartEvent:
        mapping = LocDict()
        mapping.loc = NodeLoc(display, line, col)
        return [mapping, {}, None, _NO_KEY, 0, 0]
    entries = LocList()
    entries.loc = NodeLoc(display, line, col)
    return [entries, None, [], None, 0, 0]


def _close(frame: list[Any]) -> LocDict | LocList:
    """The finished mapping or list of a frame, its entries' positions stored in its loc."""
    value: LocDict | LocList = frame[0]
    if frame[2] is not None:
        value.loc.items = tuple(frame[2])
    elif frame[1]:
        value.loc.set_keys(frame[1])
    return value


def _put(
    frame: list[Any], value: object, line: int, col: int, display: str, problems: list[Problem]
) -> None:
    """Add a finished value, found at ``line``:``col``, to the mapping or list it belongs to."""
    if frame[1] is None:  # a list entry
        frame[0].append(value)
        frame[2].append(pack(line, col))
    elif frame[3] is _NO_KEY:  # a list or mapping where a key should be
        problems.append(
            error(
                Location(display, line, col),
                "a key must be plain text, not a list or mapping",
                "yaml-key",
            )
        )
        frame[3] = _DROP
    else:
        key = frame[3]
        if key is not _DROP:
            entry = pack_entry(frame[4], frame[5], line, col)
            frame[1][key] = (entry, value.loc.items) if type(value) is LocList else entry
            frame[0][key] = value
        frame[3] = _NO_KEY


def _second_document_problem(event: yaml.Event, display: str) -> Problem:
    return error(
        Location(display, *_line_col(event)),
        "a file holds one YAML document; remove this second one (or its '---')",
        "yaml-syntax",
    )


def _take_key(
    frame: list[Any], event: yaml.ScalarEvent, display: str, problems: list[Problem]
) -> None:
    """Remember the key a mapping's next value belongs to, unless it is a duplicate."""
    if event.anchor is not None:
        raise _Refused(_anchor_problem(event, "anchor", display))
    key, mark = event.value, event.start_mark
    assert mark is not None  # the parser marks every event
    line, col = mark.line + 1, mark.column + 1
    if key in frame[1]:
        first = frame[1][key]
        first = (first[0] if type(first) is tuple else first) >> (_POS_BITS + _COL_BITS)
        problems.append(
            error(
                Location(display, line, col),
                f"duplicate key '{key}' (first at line {first})",
                "duplicate-key",
            )
        )
        frame[3] = _DROP
    else:  # the same few key names repeat thousands of times: keep one copy of each
        frame[3], frame[4], frame[5] = sys.intern(key), line, col


def locate_word(where: Location, value: str, start: int, end: int) -> Location:
    """Where ``value[start:end]`` (a whole word of a text read from ``where``) sits in the file.

    The n-th use of the word in the value is the n-th use in the file from the
    value's start, whatever the scalar's style (plain, quoted, block): a word
    has no escapes and no line breaks. Falls back to the value's own place.
    """
    import re

    if not where.line or start >= end:
        return where
    pattern = re.compile(rf"(?<!\w){re.escape(value[start:end])}(?!\w)")
    nth = sum(1 for m in pattern.finditer(value) if m.start() < start)
    text = _file_text(where.file)
    if text is None:
        return where
    lines = text.split("\n")
    if where.line > len(lines):
        return where
    offset = sum(len(line) + 1 for line in lines[: where.line - 1]) + max(where.col - 1, 0)
    for i, m in enumerate(pattern.finditer(text, offset)):
        if i == nth:
            before = text[: m.start()]
            return Location(
                where.file, before.count("\n") + 1, m.start() - (before.rfind("\n") + 1) + 1
            )
    return where


def _file_text(display: str) -> str | None:
    """The text of a file the library was read from (by its displayed path), or None."""
    path = Path(display)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_text(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _cached_text(path: str, mtime_ns: int, size: int) -> str | None:
    raw, problem = read_bytes(Path(path), path, MAX_BYTES)
    if problem or raw is None:
        return None
    text, problem = decode_utf8(raw, path)
    return None if problem or text is None else text.lstrip("\ufeff")
