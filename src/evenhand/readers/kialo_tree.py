"""Pass 1 of the Kialo reader: the lines of a discussion export into a tree of claims.

A line is a new claim only when its dotted path continues the tree, so a
numbered list inside a claim's text stays text. `-> See` links and links into
other discussions are recognised here and resolved by the builder (kialo.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evenhand.problems import Location, Problem, error

_PATH = re.compile(r"^((?:\d+\.)+)(?:[ \t]+|$)(?:(Pro|Con|Thesis):(?:[ \t]+|$))?(.*)$")
_LINK = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$")
_OTHER_DISCUSSION = re.compile(r"^->\s*See\s+discussion\s+#?(\d+)\s*:?\s*(.*)$", re.IGNORECASE)
_SOURCES_LINE = re.compile(r"^Sources:\s*$")
_ENTRY = re.compile(r"^\[(\d+)\]:?\s*(.*)$")


@dataclass
class Node:
    path: tuple[int, ...]
    label: str | None  # "Pro", "Con", "Thesis" or None
    line: int
    col: int
    lines: list[str] = field(default_factory=list)
    text: str = ""
    link: tuple[int, ...] | None = None
    other: re.Match | None = None  # `-> See discussion #N: ...`
    children: list[tuple[int, ...]] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return ".".join(map(str, self.path)) + "."


def split_sources(lines: list[str], start: int) -> tuple[int, dict[str, tuple[str, int]]]:
    """Where the claims end, and the closing `Sources:` block's entries {n: (text, line)}."""
    for i in range(len(lines) - 1, start - 1, -1):
        if _SOURCES_LINE.match(lines[i]):
            after = [(j, lines[j]) for j in range(i + 1, len(lines)) if lines[j].strip()]
            if (
                after
                and _ENTRY.match(after[0][1].strip())
                and not any(_labelled(text) for _, text in after)
            ):
                entries: dict[str, tuple[str, int]] = {}
                current = None
                for j, line in after:
                    m = _ENTRY.match(line.strip())
                    if m:
                        current = m.group(1)
                        entries[current] = (m.group(2).strip(), j + 1)
                    elif current is not None:
                        text, at = entries[current]
                        entries[current] = (f"{text} {line.strip()}".strip(), at)
                return i, entries
            break
    return len(lines), {}


def _labelled(line: str) -> bool:
    m = _PATH.match(line)
    return bool(m and m.group(2))


def split_tree(
    lines: list[str], start: int, end: int, display: str, problems: list[Problem]
) -> tuple[dict, list[str]]:
    nodes: dict[tuple[int, ...], Node] = {}
    stack: list[tuple[int, ...]] = []  # the open claim and its ancestors
    preface: list[str] = []
    current: Node | None = None
    rejected: set[tuple[int, ...]] = set()
    for i in range(start, end):
        line = lines[i]
        m = _PATH.match(line)
        if m:
            path = tuple(int(n) for n in m.group(1).rstrip(".").split("."))
            verdict = _path_verdict(nodes, stack, path, m.group(2))
            if verdict == "open":
                current = _open(nodes, stack, path, m.group(2), i + 1, m, problems, display)
                continue
            if verdict == "bad":
                if not any(path[:k] in rejected for k in range(1, len(path))):
                    problems.append(
                        _bad_path(nodes, path, m.group(2), Location(display, i + 1, 1), m.group(3))
                    )
                rejected.add(path)
                current = None  # its text is not anyone's
                continue
        if current is None:
            if line.strip() and not nodes:
                preface.append(line.rstrip())
            continue
        current.lines.append(line.rstrip())
    for node in nodes.values():
        _finish(node, display, problems)
    return nodes, preface


def _path_verdict(
    nodes: dict, stack: list[tuple[int, ...]], path: tuple[int, ...], label: str | None
) -> str:
    """open (a new claim), bad (a claim path that does not fit) or text (a numbered line in a claim's text).

    An unlabelled path must continue the open branch (else it is a numbered list
    in the text); a labelled one only needs its parent to exist.
    """
    continues = _continues(nodes, stack, path)
    if continues and (label is not None or len(path) == 1 or _thesis_like(nodes, path, label)):
        return "open"
    if label is not None and path not in nodes and path[:-1] in nodes:
        return "open"
    if label is not None or (continues and len(path) > 1):
        return "bad"
    return "text"


def _continues(nodes: dict, stack: list[tuple[int, ...]], path: tuple[int, ...]) -> bool:
    """The path is the first thesis, or a new child of the open branch."""
    parent = path[:-1]
    return (not nodes and path == (1,)) or (bool(parent) and parent in stack and path not in nodes)


def _thesis_like(nodes: dict, path: tuple[int, ...], label: str | None) -> bool:
    return len(path) == 2 and label in (None, "Thesis") and _multi_ok(nodes, path)


def _finish(node: Node, display: str, problems: list[Problem]) -> None:
    """The node's text from its lines, its link to another claim or discussion; no text is an error."""
    while node.lines and not node.lines[-1].strip():
        node.lines.pop()
    node.text = "\n".join(node.lines).strip("\n")
    link = _LINK.match(node.text.strip())
    if link:
        node.link = tuple(int(n) for n in link.group(1).split("."))
    node.other = _OTHER_DISCUSSION.match(node.text.strip())
    if not node.text.strip():
        where = Location(display, node.line, node.col)
        problems.append(
            error(
                where,
                f"claim {node.shown} has no text (is the file cut short?)",
                "kialo-empty-claim",
            )
        )


def _multi_ok(nodes: dict, path: tuple[int, ...]) -> bool:
    """An unlabelled (or `Thesis:`) `1.n.` is a thesis of a multi-thesis discussion, unless 1. already has Pro/Con children."""
    root = nodes.get((1,))
    return (
        root is not None
        and path not in nodes
        and all(nodes[c].label in (None, "Thesis") for c in root.children)
    )


def _open(nodes, stack, path, label, line_no, m, problems, display) -> Node:
    node = Node(path, label, line_no, len(m.group(1)) + 2 if label else 1)
    if label == "Thesis" and len(path) > 1 and (len(path) > 2 or not _multi_ok(nodes, path)):
        problems.append(
            error(
                Location(display, line_no, 1),
                f"'Thesis:' label on {node.shown}: a thesis is the root 1., or a child of a root question whose children are all theses",
                "kialo-label",
            )
        )
    if len(path) == 1 and label in ("Pro", "Con"):
        problems.append(
            error(
                Location(display, line_no, 1),
                f"the thesis 1. cannot be labelled '{label}:'",
                "kialo-label",
            )
        )
    nodes[path] = node
    if len(path) > 1:
        nodes[path[:-1]].children.append(path)
    stack[:] = [path[:k] for k in range(1, len(path) + 1)]
    rest = m.group(3)
    if rest.strip():
        node.lines.append(rest.rstrip())
    return node


def _bad_path(nodes, path, label, where: Location, rest: str = "") -> Problem:
    shown = ".".join(map(str, path)) + "."
    parent = ".".join(map(str, path[:-1])) + "."
    if path in nodes:
        return error(
            where,
            f"claim {shown} appears twice (first at line {nodes[path].line})",
            "kialo-duplicate",
        )
    if not nodes:
        return error(where, f"claim {shown} comes before the thesis 1.", "kialo-path")
    if len(path) == 1:
        return error(
            where, f"a second thesis {shown}: a Kialo discussion has one root, 1.", "kialo-path"
        )
    if label is None:
        body = rest.strip() if _LINK.match(rest.strip()) else "..."
        what = "link" if body != "..." else "claim"
        return error(
            where,
            f"{what} {shown} has no 'Pro:' or 'Con:' label: write it as '{shown} Pro: {body}' (or Con:)",
            "kialo-label",
        )
    return error(
        where, f"claim {shown} skips a level: there is no claim {parent} above it", "kialo-path"
    )
