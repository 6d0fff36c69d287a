"""The rows of `evenhand list`: topics as a tree, with their claims counted per position.

Pure functions over a Library; the CLI prints the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from evenhand.model import Library, Topic
from evenhand.select import tagged_claims, tagged_topics


@dataclass
class TopicRow:
    name: str  # the topic id, indented two spaces per level
    # per library position: claims, or "-" for a position the topic does not debate
    counts: list[int | str]
    title: str


def topic_rows(lib: Library, tags: list[str] | None = None) -> list[TopicRow]:
    """Every topic in tree order; with ``tags``, the topics they select and, per other topic, its tagged claims."""
    positions = [p.id for p in lib.positions]
    chosen = tagged_topics(lib, tags) if tags else lib.roots()
    skip = {t.topic for t in lib.topics} - {t.topic for t in chosen} if tags else set()
    rows = _tree_rows(lib, chosen, positions, skip)
    if tags:  # tagged claims in untagged topics: one row per topic, counting those claims
        extra = tagged_claims(lib, tags, skip=chosen)
        for topic in dict.fromkeys(t.topic for t, _ in extra):
            claims = [c for t, c in extra if t.topic == topic]
            counts: list[int | str] = [sum(c.position == pid for c in claims) for pid in positions]
            found = lib.topic(topic)
            assert found is not None  # the topic of a claim the library holds
            rows.append(TopicRow(f"{topic} (tagged claims)", counts, found.title))
    return rows


def _tree_rows(
    lib: Library, starts: list[Topic], positions: list[str], seen: set[str]
) -> list[TopicRow]:
    """Depth first from ``starts``, then topics caught in a parent cycle; each topic once, none in ``seen``."""
    children: dict[str | None, list[Topic]] = {}
    for t in lib.topics:
        children.setdefault(t.parent, []).append(t)
    rows: list[TopicRow] = []
    for start in [*starts, *lib.topics]:
        todo = [(start, 0)]  # no recursion: a deep tree is an error, but still listed
        while todo:
            topic, level = todo.pop()
            if topic.topic in seen:
                continue
            seen.add(topic.topic)
            # "-": a position the topic does not debate
            debated = {p.id for p in lib.positions_of(topic)}
            counts: list[int | str] = [
                sum(c.position == pid for c in topic.claims) if pid in debated else "-"
                for pid in positions
            ]
            rows.append(TopicRow("  " * level + topic.topic, counts, topic.title))
            todo.extend((child, level + 1) for child in reversed(children.get(topic.topic, [])))
    return rows
