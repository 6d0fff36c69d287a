"""Turn an argument graph (nodes and support/attack edges) into topics and claims.

Shared by the Argdown and AIF readers. Positions follow one rule: a node's own
pro/con tag wins; otherwise its side relative to the main thesis, found by
walking the relations in either direction (a support keeps the side, an
attack flips it; the shortest path decides); a node connected to nothing with
a side goes to ``supporters``. The thesis itself is ``supporters``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from evenhand.problems import Location, Problem
from evenhand.readers.imported import (
    CRITICS,
    PRO_CON,
    SUPPORTERS,
    ImportResult,
    claim_id,
    make_claim,
    make_topic,
    plain_positions,
)

PRO_TAGS = {"pro", "for", "yes"}
CON_TAGS = {"con", "contra", "against", "no"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_SPACES = re.compile(r"\s+")


@dataclass
class GNode:
    key: str
    title: str
    text: str
    topic: int  # index into the topic list
    where: Location
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class GEdge:
    src: str
    dst: str
    kind: str  # "supports" | "attacks"
    note: str | None = None  # added to the source claim's text


@dataclass
class GTopic:
    title: str
    parent: int | None = None
    question: str | None = None
    background: str | None = None
    tags: list[str] = field(default_factory=list)
    where: Location = field(default_factory=lambda: Location("<memory>"))
    id: str = ""


def short_title(text: str, max_len: int = 80) -> str:
    """A one-line title from a text: its first sentence when short enough, else cut at a word."""
    text = _SPACES.sub(" ", text).strip()
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= max_len:
        return (
            first[:-1]
            if first.endswith((".", ",", ";", ":")) and not first.endswith("..")
            else first
        )
    cut = first[: max_len - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(",;:") + "…"


def sides(nodes: list[GNode], edges: list[GEdge], thesis: str | None) -> dict[str, int]:
    """+1 (with the thesis) or -1 (against it) per node key; untagged, unconnected nodes get +1."""
    side: dict[str, int] = {}
    queue: deque[str] = deque()
    if thesis is not None:
        side[thesis] = 1
        queue.append(thesis)
    for node in nodes:
        tags = {t.lower() for t in node.tags}
        if node.key not in side and tags & PRO_TAGS:
            side[node.key] = 1
            queue.append(node.key)
        elif node.key not in side and tags & CON_TAGS:
            side[node.key] = -1
            queue.append(node.key)
    neighbours: dict[str, list[tuple[str, int]]] = {}
    for e in edges:
        sign = 1 if e.kind == "supports" else -1
        neighbours.setdefault(e.src, []).append((e.dst, sign))
        neighbours.setdefault(e.dst, []).append((e.src, sign))
    while queue:
        key = queue.popleft()
        for other, sign in neighbours.get(key, []):
            if other not in side:
                side[other] = side[key] * sign
                queue.append(other)
    return {n.key: side.get(n.key, 1) for n in nodes}


def build_result(
    topics: list[GTopic],
    nodes: list[GNode],
    edges: list[GEdge],
    thesis: str | None,
    result: ImportResult,
) -> ImportResult:
    """Claims numbered per topic (``<topic>-<n>``), relations as ids, positions by side."""
    problems: list[Problem] = result.problems
    ids: dict[str, str] = {}
    counters: dict[int, int] = {}
    for node in nodes:
        counters[node.topic] = counters.get(node.topic, 0) + 1
        ids[node.key] = claim_id(topics[node.topic].id, counters[node.topic])
    supports, attacks, notes = _relations(nodes, edges, ids)
    side = sides(nodes, edges, thesis)
    claims_by_topic: dict[int, list] = {i: [] for i in range(len(topics))}
    for node in nodes:
        text = node.text
        if notes[node.key]:
            text = (text + "\n\n" if text else "") + "\n".join(f"*{n}*" for n in notes[node.key])
        data = {
            "id": ids[node.key],
            "position": SUPPORTERS["id"] if side[node.key] > 0 else CRITICS["id"],
            "title": node.title,
            "text": text,
            "supports": supports[node.key],
            "attacks": attacks[node.key],
            "tags": node.tags,
        }
        claim = make_claim(data, node.where, problems)
        if claim is not None:
            claims_by_topic[node.topic].append(claim)
    for i, t in enumerate(topics):
        topic = make_topic(_topic_data(t, topics, claims_by_topic[i]), t.where, problems)
        if topic is not None:
            result.topics.append(topic)
    result.positions = plain_positions(*PRO_CON)
    return result


def _relations(nodes: list[GNode], edges: list[GEdge], ids: dict[str, str]):
    """(supports, attacks, notes) per node key: claim ids each once, notes each once, in edge order."""
    supports: dict[str, list[str]] = {n.key: [] for n in nodes}
    attacks: dict[str, list[str]] = {n.key: [] for n in nodes}
    notes: dict[str, list[str]] = {n.key: list(n.notes) for n in nodes}
    for e in edges:
        if e.src not in ids or e.dst not in ids or e.src == e.dst:
            continue
        target = supports if e.kind == "supports" else attacks
        if ids[e.dst] not in target[e.src]:
            target[e.src].append(ids[e.dst])
        if e.note and e.note not in notes[e.src]:
            notes[e.src].append(e.note)
    return supports, attacks, notes


def _topic_data(t: GTopic, topics: list[GTopic], claims: list) -> dict:
    data = {"topic": t.id, "title": t.title, "positions": list(PRO_CON), "claims": claims}
    if t.parent is not None:
        data["parent"] = topics[t.parent].id
    for key in ("question", "background"):
        if getattr(t, key):
            data[key] = getattr(t, key)
    if t.tags:
        data["tags"] = t.tags
    return data
