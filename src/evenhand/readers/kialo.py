"""Kialo's plain-text discussion export (see shared/formats/kialo-export.md).

Two passes: kialo_tree.py splits the file into a tree of claims by their
dotted paths; the builder here resolves `-> See` links, stances (the parity of
Cons on the way up to the thesis) and sources into topics and claims.
"""

from __future__ import annotations

import re
from pathlib import Path

from evenhand.problems import Location, error, info, warning
from evenhand.readers.imported import (
    PRO_CON,
    ImportResult,
    claim_id,
    looks_like_url,
    make_claim,
    make_source,
    make_topic,
    plain_positions,
    read_text,
    slugify,
    source_from_url,
    title_from_text,
)
from evenhand.readers.kialo_tree import Node, split_sources, split_tree

_HEADER = re.compile(r"^Discussion Title:\s*(.*)$")
# A link's text holds no unescaped bracket: each `[` is tried once up to the next one (linear).
_MD_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\[\]\\])*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
_FOOTNOTE = re.compile(r"[ \t]?(?<!\\)\[(\d+)\](?!\()")
_URL = re.compile(r"https?://[^\s<>\]\)]+")
# '.', ':' and '>': lines our export keeps from reading as structure
_UNESCAPE = re.compile(r"\\([()\[\].:>])")
_BOLD_TITLE = re.compile(r"^\*\*(.+)\*\*$")


def read(path: Path, *, topic_id: str | None = None, display: str) -> ImportResult:
    result = ImportResult()
    text, problem = read_text(path, display)
    if problem:
        result.problems.append(problem)
        return result
    assert text is not None  # read_text gives the text when it gives no problem
    return parse(text, topic_id=topic_id, display=display, result=result)


def parse(
    text: str, *, topic_id: str | None, display: str, result: ImportResult | None = None
) -> ImportResult:
    result = result or ImportResult()
    problems = result.problems
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    header = _HEADER.match(lines[first].strip()) if first is not None else None
    if first is None or header is None or not header.group(1).strip():
        where = Location(display, (first or 0) + 1, 1)
        problems.append(
            error(
                where,
                "not a Kialo export: the first line should be 'Discussion Title: <title>'",
                "kialo-header",
            )
        )
        return result
    title = header.group(1).strip()
    body, entries = split_sources(lines, first + 1)
    nodes, preface = split_tree(lines, first + 1, body, display, problems)
    if result.ok and not nodes:
        problems.append(
            error(
                Location(display, len(lines), 1),
                "no claims found: the file ends before its first claim `1. ...` (is it cut short?)",
                "kialo-empty",
            )
        )
    if not result.ok:
        return result
    _Builder(nodes, entries, title, preface, topic_id, display, result).build()
    return result


# --- pass 2: claims, relations, stances, sources ----------------------------------------


class _Builder:
    def __init__(self, nodes, entries, title, preface, topic_id, display, result: ImportResult):
        self.nodes: dict[tuple[int, ...], Node] = nodes
        self.entries = entries
        self.title = title
        self.preface = preface
        self.topic_id = topic_id
        self.display = display
        self.result = result
        self.problems = result.problems
        self.source_ids: set[str] = set()
        self.by_url: dict[str, str] = {}
        self.footnote_source: dict[str, str] = {}
        self.ids: dict[tuple[int, ...], str] = {}
        self.topic_of: dict[tuple[int, ...], int] = {}
        self.stance: dict[tuple[int, ...], str] = {}

    def where(self, node: Node) -> Location:
        return Location(self.display, node.line, node.col)

    def resolve(self, path: tuple[int, ...]) -> tuple[int, ...] | None:
        """Follow `-> See` links to the claim they name."""
        seen = set()
        while path in self.nodes:
            link = self.nodes[path].link
            if link is None:
                break
            if path in seen:
                return None
            seen.add(path)
            path = link
        return path if path in self.nodes else None

    def build(self) -> None:
        root = self.nodes[(1,)]
        multi = bool(root.children) and all(
            self.nodes[c].label in (None, "Thesis") for c in root.children
        )
        theses = [self.nodes[c] for c in root.children] if multi else [root]
        parent_id, topic_ids = self._topic_ids(theses, multi)
        members = [
            self._number_claims(n, thesis, tid)
            for n, (thesis, tid) in enumerate(zip(theses, topic_ids, strict=False))
        ]
        self._links()

        used_positions: set[str] = set()
        topics = []
        if multi:
            topics.append(self._topic(parent_id, None, self.title, root, [], used_positions))
        for n, (thesis, tid) in enumerate(zip(theses, topic_ids, strict=False)):
            title = self.title if not multi else title_from_text(_plain(thesis.text))
            topics.append(self._topic(tid, parent_id, title, thesis, members[n], used_positions))
        if any(t is None for t in topics):
            return
        self.result.topics = topics
        self.result.positions = plain_positions(*PRO_CON)
        for n, entry in self.entries.items():
            if n not in self.footnote_source:
                self.problems.append(
                    warning(
                        Location(self.display, entry[1], 1),
                        f"source [{n}] is not cited by any claim; skipped",
                        "kialo-uncited",
                    )
                )

    def _topic_ids(self, theses: list[Node], multi: bool) -> tuple[str | None, list[str]]:
        """(the parent topic's id when the discussion has several theses, each thesis's topic id)."""
        taken: set[str] = set()
        if not multi:
            return None, [self.topic_id or slugify(self.title, taken, fallback="kialo-discussion")]
        parent_id = self.topic_id or slugify(self.title, taken, fallback="kialo-discussion")
        taken.add(parent_id)
        return parent_id, [
            slugify(title_from_text(_plain(t.text)), taken, fallback="thesis") for t in theses
        ]

    def _number_claims(self, n: int, thesis: Node, tid: str) -> list[Node]:
        """The claims under thesis ``n``, each given its topic and (unless it is a link) its id."""
        self.stance[thesis.path] = "pro"
        claims = [self.nodes[p] for p in self._walk(thesis.path) if p != thesis.path]
        count = 0
        for node in claims:
            self.topic_of[node.path] = n
            if node.link is None and node.other is None:
                count += 1
                self.ids[node.path] = claim_id(tid, count)
        return claims

    def _walk(self, start: tuple[int, ...]) -> list[tuple[int, ...]]:
        out, todo = [], [start]
        while todo:
            path = todo.pop()
            out.append(path)
            todo.extend(reversed(self.nodes[path].children))
        return out

    def _links(self) -> None:
        """Stance of every claim (from its parent's), relations (parent and `-> See` links)."""
        self.relations: dict[tuple[int, ...], list[tuple[str, tuple[int, ...]]]] = {}
        for path in sorted(self.ids, key=lambda p: self.nodes[p].line):
            self._stance_of(path, set())
        in_order = [
            p for p in sorted(self.nodes, key=lambda p: self.nodes[p].line) if p in self.topic_of
        ]
        for path in in_order:  # the place in the tree first, then `-> See` links
            parent = self.resolve(path[:-1])
            if path in self.ids and parent in self.ids:
                kind = "supports" if self.nodes[path].label == "Pro" else "attacks"
                self.relations.setdefault(path, []).append((kind, parent))
        for path in in_order:
            link = self.nodes[path].link
            if link is not None:
                self._see_link(path, link)

    def _see_link(self, path: tuple[int, ...], link: tuple[int, ...]) -> None:
        """A `-> See` claim (``link``: the path it names): its parent gets the relation with the
        linked claim (or a note why not)."""
        node = self.nodes[path]
        parent = self.resolve(path[:-1])
        kind = "supports" if node.label == "Pro" else "attacks"
        target = self.resolve(link)
        link_text = ".".join(map(str, link)) + "."
        if target is None or target not in self.ids:
            self.problems.append(
                warning(
                    self.where(node),
                    f"link to {link_text} names no claim in this file; skipped",
                    "kialo-link",
                )
            )
        elif parent not in self.ids:
            self.problems.append(
                info(
                    self.where(node),
                    f"link to {link_text} directly under a thesis adds no relation; skipped",
                    "kialo-link",
                )
            )
        elif target == parent:
            self.problems.append(
                warning(
                    self.where(node),
                    f"link to {link_text} points at its own parent; skipped",
                    "kialo-link",
                )
            )
        else:
            pair = (kind, parent)
            rels = self.relations.setdefault(target, [])
            if pair not in rels:
                rels.append(pair)

    def _stance_of(self, path: tuple[int, ...], busy: set) -> str:
        """Walk up (through `-> See` links) to a claim whose stance is known, then back down; no recursion."""
        chain: list[tuple[int, ...]] = []
        while path not in self.stance and path not in busy and len(path) > 1:
            busy.add(path)
            chain.append(path)
            path = self.resolve(path[:-1]) or path[:-1]
        up = self.stance.get(path, "pro")
        for p in reversed(chain):
            if self.nodes[p].label == "Con":
                up = "con" if up == "pro" else "pro"
            self.stance[p] = up
        return up

    def _topic(self, tid, parent_id, title, thesis: Node, members: list[Node], used_positions: set):
        claims = []
        notes: list[str] = []
        for node in members:
            if node.other is not None:
                self._note_other(node, node.other, notes)
        for node in members:
            if node.link is not None or node.other is not None:
                continue
            claim = self._claim(node)
            if claim is not None:
                claims.append(claim)
                used_positions.add(claim.position)
        background = (
            "\n\n".join(
                [*(["\n".join(self.preface)] if self.preface and parent_id is None else []), *notes]
            )
            or None
        )
        data = {
            "topic": tid,
            "title": title,
            "parent": parent_id,
            "question": _plain(thesis.text) or None,
            "background": background,
            "positions": list(PRO_CON),
            "claims": claims,
        }
        return make_topic(data, self.where(thesis), self.problems)

    def _note_other(self, node: Node, m: re.Match, notes: list[str]) -> None:
        label = node.label or "Link"
        what = f"discussion #{m.group(1)}" + (
            f": {m.group(2).strip()}" if m.group(2).strip() else ""
        )
        parent = self.resolve(node.path[:-1])
        note = f"See also ({label}): Kialo {what}"
        self.problems.append(
            info(
                self.where(node),
                f"link into another Kialo discussion (#{m.group(1)}) kept as a note",
                "kialo-other-discussion",
            )
        )
        if parent in self.ids:
            self.nodes[parent].text += f"\n\n{note}"
        else:
            notes.append(note)

    def _claim(self, node: Node):
        text, evidence = self._sources(node)
        title, body = _title_and_text(text)
        rels = self.relations.get(node.path, [])
        data = {
            "id": self.ids[node.path],
            "position": "supporters" if self.stance[node.path] == "pro" else "critics",
            "title": title or node.shown,
            "text": body,
            "evidence": evidence,
            "supports": [self.ids[p] for k, p in rels if k == "supports"],
            "attacks": [self.ids[p] for k, p in rels if k == "attacks"],
        }
        return make_claim(data, self.where(node), self.problems)

    def _sources(self, node: Node) -> tuple[str, list[dict]]:
        """Inline links and footnote marks become evidence; the text keeps the links, loses the marks."""
        cited: list[str] = []
        raw = node.text
        for m in _MD_LINK.finditer(raw) if "](" in raw else ():
            url = m.group(2)
            if not looks_like_url(url):
                self.problems.append(
                    warning(
                        self.where(node),
                        f"link '{url}' in claim {node.shown} is not a web address; kept as text, no source made",
                        "kialo-bad-url",
                    )
                )
                continue
            sid = self._source_for(url, _unescape(m.group(1)) or url)
            if sid and sid not in cited:
                cited.append(sid)

        def footnote(m: re.Match) -> str:
            entry = self.entries.get(m.group(1))
            if entry is None:
                return m.group(0)
            sid = self.footnote_source.get(m.group(1)) or self._entry_source(m.group(1), entry)
            if sid and sid not in cited:
                cited.append(sid)
            return ""

        if self.entries:
            raw = _FOOTNOTE.sub(footnote, raw)
        return _unescape_outside_links(raw), [{"source": s} for s in cited]

    def _source_for(self, url: str, title: str) -> str | None:
        url = url.strip()
        if url in self.by_url:
            return self.by_url[url]
        data = source_from_url(url, self.source_ids, title=_plain(title))
        src = make_source(data, Location(self.display), self.problems)
        if src is None:
            return None
        self.result.sources.append(src)
        self.by_url[url] = src.id
        return src.id

    def _entry_source(self, n: str, entry: tuple[str, int]) -> str | None:
        text, line = entry
        m = _MD_LINK.search(text)
        if m and looks_like_url(m.group(2)):
            url, title = m.group(2), _unescape(m.group(1))
        else:
            u = _URL.search(text)
            url = u.group(0).rstrip(".,;") if u else None
            title = (text[: u.start()] + text[u.end() :]) if u else text
        title = _plain(title).strip(" .,;:-–") or (url or f"Source {n}")
        if url and looks_like_url(url):
            sid = self._source_for(url, title)
        else:
            data = {
                "id": slugify(title, self.source_ids, max_len=50, fallback="source"),
                "type": "document",
                "title": title,
            }
            src = make_source(data, Location(self.display, line, 1), self.problems)
            sid = src.id if src else None
            if src:
                self.result.sources.append(src)
        if sid:
            self.footnote_source[n] = sid
        return sid


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def _unescape_outside_links(text: str) -> str:
    if "\\" not in text:
        return text
    out, pos = [], 0
    for m in _MD_LINK.finditer(text):
        out.append(_unescape(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_unescape(text[pos:]))
    return "".join(out)


def _plain(text: str) -> str:
    """Text without link syntax or escapes (for titles and questions)."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    return _unescape(text).strip()


def _title_and_text(text: str) -> tuple[str, str]:
    """A bold first line followed by a blank line is the title; else the title comes from the text."""
    lines = text.split("\n")
    bold = _BOLD_TITLE.match(lines[0].strip())
    if bold and len(lines) > 2 and not lines[1].strip():
        return bold.group(1).strip(), "\n".join(lines[2:]).strip("\n")
    title = title_from_text(text)
    return title, ("" if text.strip() == title else text)
