"""Read one YAML file into plain data that remembers where every value came from.

Scalars stay strings (a title `1984` or `2021-07-29` is text, `off` is not
False); an empty value is None. Mappings come back as ``LocDict`` and lists as
``LocList``, whose ``loc`` says where they and their entries are. Anchors,
aliases and duplicate keys are refused, as are files over the size limit and
bytes that are not UTF-8.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from evenhand.problems import Location, NodeLoc, Problem, error

MAX_BYTES = 5 * 1024 * 1024

try:  # libyaml's parser is ten times faster; the pure-Python one gives the same marks.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# A cheap test before the slow, exact scan for anchors and aliases.
_MAYBE_ANCHOR = re.compile(r"[&*][^\s]")
_NULLS = {"", "~", "null", "Null", "NULL"}


class LocDict(dict):
    __slots__ = ("loc",)


class LocList(list):
    __slots__ = ("loc",)


class YamlFileError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, display: str) -> tuple[object, list[Problem]]:
    """Parse ``path``; problems name it as ``display``. Data is None when unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [error(Location(display, 1, 1), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", "too-large")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(Location(display), f"cannot read file: {exc.strerror or exc}", "unreadable")]
    return parse_yaml(raw, display)


def parse_yaml(raw: bytes | str, display: str) -> tuple[object, list[Problem]]:
    text, problem = _decode(raw, display) if isinstance(raw, bytes) else (raw, None)
    if problem:
        return None, [problem]
    if text.startswith("\ufeff"):
        text = text[1:]
    if _MAYBE_ANCHOR.search(text):
        problem = _find_anchor(text, display)
        if problem:
            return None, [problem]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, display)]
    except yaml.YAMLError as exc:
        return None, [error(Location(display, 1, 1), f"YAML error: {exc}", "yaml-syntax")]
    if node is None:
        return None, []
    problems: list[Problem] = []
    return _convert(node, display, problems), problems


def _decode(raw: bytes, display: str) -> tuple[str, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return "", error(
            Location(display, line, col),
            f"byte 0x{bad} is not UTF-8; save the file as UTF-8",
            "not-utf8",
        )


def _find_anchor(text: str, display: str) -> Problem | None:
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return _anchor_problem(event, "alias", display)
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                return _anchor_problem(event, "anchor", display)
    except yaml.YAMLError:
        return None  # the syntax error is reported by the full parse
    return None


def _anchor_problem(event: yaml.Event, kind: str, display: str) -> Problem:
    mark = event.start_mark
    return error(
        Location(display, mark.line + 1, mark.column + 1),
        f"YAML {kind} '{event.anchor}' is not allowed; write the value out in full",
        "yaml-anchor",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display, 1, 1)
    what = exc.problem or "syntax error"
    if exc.context:
        what = f"{exc.context}: {what}"
    return error(where, f"YAML syntax error: {what}", "yaml-syntax")


def _convert(node: yaml.Node, display: str, problems: list[Problem]) -> object:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        return node.value
    mark = node.start_mark
    if isinstance(node, yaml.SequenceNode):
        out = LocList()
        out.loc = NodeLoc(display, mark.line + 1, mark.column + 1)
        items = []
        for child in node.value:
            out.append(_convert(child, display, problems))
            items.append((child.start_mark.line + 1, child.start_mark.column + 1))
        out.loc.keys[None] = (mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 1, items)
        return out
    result = LocDict()
    keys: dict = {}
    result.loc = NodeLoc(display, mark.line + 1, mark.column + 1, keys)
    for key_node, value_node in node.value:
        km, vm = key_node.start_mark, value_node.start_mark
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(error(Location(display, km.line + 1, km.column + 1), "a key must be plain text", "yaml-key"))
            continue
        key = key_node.value
        if key in keys:
            first = keys[key][0]
            problems.append(
                error(
                    Location(display, km.line + 1, km.column + 1),
                    f"duplicate key '{key}' (first at line {first})",
                    "duplicate-key",
                )
            )
            continue
        value = _convert(value_node, display, problems)
        items = value.loc.keys[None][4] if isinstance(value, LocList) else None
        keys[key] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1, items)
        result[key] = value
    return result
