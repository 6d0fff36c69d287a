"""A topic as Kialo's plain-text export, which `evenhand import kialo` reads back.

Kialo holds a tree: each claim sits under one parent, labelled Pro (supports)
or Con (attacks). A claim goes under the first claim it supports or attacks
whose stance fits the label (a Pro keeps its parent's stance, a Con flips it);
its other relations become `-> See` links. Claims with no such relation sit
under the thesis. Evidence whose source the text does not already link to
becomes a footnote mark pointing into a closing `Sources:` block. A topic with
no claims of its own and sub-topics is written as a multi-thesis discussion.
Locators, quotes, ranks and relations to other topics have no place in the
format and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from evenhand.model import Claim, Library
from evenhand.readers.imported import title_from_text

_MD_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
_ESCAPE = re.compile(r"(?<!\\)([()\[\]])")
# Lines of a claim's text that the reader would take for structure: a claim's path
# (`1.1.7. Pro: ...`), a `-> See` link, the `Sources:` heading. A backslash before
# their first dot, '>' or ':' keeps them text; Markdown shows them the same.
_STRUCTURE = re.compile(
    r"(?m)^(\d+)\.(?=(?:\d+\.)+(?:[ \t]|$)|[ \t]+(?:Pro|Con|Thesis):)|^(-)>|^(Sources):(?=[ \t]*$)"
)


def write(lib: Library, topic_id: str) -> str:
    topic = lib.topic(topic_id)
    if topic is None:
        raise KeyError(topic_id)
    children = lib.children(topic_id)
    out = _Out(lib)
    lines = [f"Discussion Title: {_one_line(topic.title)}", ""]
    if not topic.claims and children:
        lines.append(f"1. {out.text(topic.question or topic.title)}")
        groups = [(c.claims, (1, n)) for n, c in enumerate(children, 1)]
        out.place(groups)
        for child, (_, path) in zip(children, groups, strict=False):
            lines.append(f"{_dotted(path)} {out.text(child.question or child.title)}")
            lines.extend(out.subtree(path))
    else:
        lines.append(f"1. {out.text(topic.question or topic.title)}")
        out.place([(topic.claims, (1,))])
        lines.extend(out.subtree((1,)))
    lines.extend(out.sources_block())
    return "\n".join(lines) + "\n"


def _escape_structure(m: re.Match) -> str:
    if m.group(1):
        return m.group(1) + "\\."
    return m.group(2) + "\\>" if m.group(2) else m.group(3) + "\\:"


def _dotted(path: tuple[int, ...]) -> str:
    return "".join(f"{n}." for n in path)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Out:
    def __init__(self, lib: Library):
        self.lib = lib
        self.path: dict[str, tuple[int, ...]] = {}
        self.kids: dict[
            tuple[int, ...], list[tuple[str, Claim | str]]
        ] = {}  # path -> [(label, claim or linked id)]
        self.footnotes: dict[str, int] = {}

    def stance(self, claim: Claim) -> str:
        pos = self.lib.position(claim.position)
        return pos.stance if pos is not None else "pro"

    def place(self, groups: Sequence[tuple[list[Claim], tuple[int, ...]]]) -> None:
        """Choose every claim's place (within its own thesis), number the trees depth
        first, then add `-> See` links for the other relations (across theses too)."""
        parent: dict[str, tuple[str, str] | None] = {}
        for claims, root in groups:
            self._choose_parents(claims, parent)
            self._number(root, self._under(claims, parent))
        self._add_links(groups, parent)

    def _choose_parents(
        self, claims: list[Claim], parent: dict[str, tuple[str, str] | None]
    ) -> None:
        """Each claim of one thesis hangs by the first relation to a claim of the same thesis that
        does not lead back to it and whose stance fits the label; else (None) on the thesis."""
        ids = {c.id for c in claims}
        for claim in claims:
            parent[claim.id] = None
            for kind, target in self._relations(claim):
                if (
                    target not in ids
                    or target == claim.id
                    or self._is_ancestor(claim.id, target, parent)
                ):
                    continue
                target_claim = self.lib.claim(target)
                assert target_claim is not None  # target is the id of one of ``claims``
                if (kind == "supports") == (self.stance(target_claim) == self.stance(claim)):
                    parent[claim.id] = (kind, target)
                    break

    def _under(
        self, claims: list[Claim], parent: dict
    ) -> dict[str | None, list[tuple[str, Claim]]]:
        """Parent id (None: the thesis) -> its (Pro or Con, claim) children, in file order."""
        under: dict[str | None, list[tuple[str, Claim]]] = {}
        for claim in claims:
            p = parent[claim.id]
            if p is None:
                under.setdefault(None, []).append(
                    ("Pro" if self.stance(claim) == "pro" else "Con", claim)
                )
            else:
                under.setdefault(p[1], []).append(("Pro" if p[0] == "supports" else "Con", claim))
        return under

    def _add_links(
        self, groups: Sequence[tuple[list[Claim], tuple[int, ...]]], parent: dict
    ) -> None:
        """A `-> See` entry under each claim for every relation to it other than the one a claim hangs by."""
        for claims, _ in groups:
            for claim in claims:
                for kind, target in self._relations(claim):
                    if (
                        target in self.path
                        and target != claim.id
                        and parent[claim.id] != (kind, target)
                    ):
                        self.kids[self.path[target]].append(
                            ("Pro" if kind == "supports" else "Con", claim.id)
                        )

    def _relations(self, claim: Claim) -> list[tuple[str, str]]:
        return [("supports", t) for t in claim.supports] + [("attacks", t) for t in claim.attacks]

    def _is_ancestor(
        self, claim_id: str, target: str, parent: dict[str, tuple[str, str] | None]
    ) -> bool:
        seen: set[str] = set()
        node: str | None = target
        while node is not None and node not in seen:
            if node == claim_id:
                return True
            seen.add(node)
            p = parent.get(node)
            node = p[1] if p else None
        return False

    def _number(self, root: tuple[int, ...], under: dict) -> None:
        todo = [(None, root)]
        while todo:
            key, path = todo.pop()
            self.kids.setdefault(path, [])
            for n, (label, claim) in enumerate(under.get(key, []), 1):
                child = path + (n,)
                self.path[claim.id] = child
                self.kids[path].append((label, claim))
                todo.append((claim.id, child))

    def subtree(self, root: tuple[int, ...]) -> list[str]:
        """The lines under ``root``, depth first (an explicit stack: trees can be deep)."""
        lines: list[str] = []
        stack = [iter(self._entries(root))]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            child, label, item = entry
            if isinstance(item, str):
                lines.append(f"{_dotted(child)} {label}: -> See {_dotted(self.path[item])}")
            else:
                lines.append(f"{_dotted(child)} {label}: {self.claim_text(item)}")
                stack.append(iter(self._entries(child)))
        return lines

    def _entries(self, path: tuple[int, ...]) -> list:
        """Claims placed under ``path`` (numbered as in ``place``), then links to it."""
        entries = self.kids.get(path, [])
        ordered = [e for e in entries if not isinstance(e[1], str)] + [
            e for e in entries if isinstance(e[1], str)
        ]
        return [(path + (n,), label, item) for n, (label, item) in enumerate(ordered, 1)]

    def claim_text(self, claim: Claim) -> str:
        body = claim.text.strip("\n")
        if not body:
            text = self.text(claim.title)
        elif title_from_text(body) == claim.title:
            text = self.text(body)
        else:
            text = f"**{self.text(claim.title)}**\n\n{self.text(body)}"
        marks = []
        for ev in claim.evidence:
            src = self.lib.source(ev.source)
            if src is not None and src.URL and f"]({src.URL})" in claim.text:
                continue
            n = self.footnotes.setdefault(ev.source, len(self.footnotes) + 1)
            mark = f"[{n}]"
            if mark not in marks:
                marks.append(mark)
        return text + ("".join(f" {m}" for m in marks))

    def text(self, text: str) -> str:
        """Markdown text with brackets and parentheses outside links escaped, as Kialo does."""
        out, pos = [], 0
        for m in _MD_LINK.finditer(text):
            out.append(_ESCAPE.sub(r"\\\1", text[pos : m.start()]))
            out.append(m.group(0))
            pos = m.end()
        out.append(_ESCAPE.sub(r"\\\1", text[pos:]))
        return _STRUCTURE.sub(_escape_structure, "".join(out).strip("\n"))

    def sources_block(self) -> list[str]:
        if not self.footnotes:
            return []
        lines = ["", "Sources:"]
        for sid, n in sorted(self.footnotes.items(), key=lambda kv: kv[1]):
            src = self.lib.source(sid)
            if src is None:
                lines.append(f"[{n}] {sid}")
                continue
            title = _one_line(src.title).rstrip(".")
            lines.append(f"[{n}] {title}. {src.URL}" if src.URL else f"[{n}] {title}")
        return lines
