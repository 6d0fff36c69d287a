"""Ids are unique across the library, and every reference names something that exists."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.problems import Problem, did_you_mean, error

# Above this many claims a misspelt claim id is matched against its own topic's claims only:
# difflib over every id of a very large library, for each miss, would be slow.
HINT_ALL_CLAIMS_UP_TO = 5_000


def check(lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    problems += _duplicates("topic", lib.topics, "topic")
    problems += _duplicates("claim", lib.all_claims(), "id")
    problems += _duplicates("source", lib.sources, "id")
    problems += _duplicates("position", lib.positions, "id")

    topics = {t.topic for t in lib.topics}
    positions = {p.id for p in lib.positions}
    sources = {s.id for s in lib.sources}
    claims = {c.id for c in lib.all_claims()}
    everywhere = claims if len(claims) <= HINT_ALL_CLAIMS_UP_TO else ()

    problems += _source_sides(lib.sources, positions)
    for topic in lib.topics:
        problems += _parent_problems(topic, topics)
        problems += _topic_positions(lib, topic, positions)
        debated = {p.id for p in lib.positions_of(topic)}
        for fact in topic.facts:
            problems += _evidence_sources(fact.evidence, sources)
        for claim in topic.claims:
            if claim.position not in debated:  # debated positions all exist
                problems.append(
                    _position_problem(
                        lib, topic, claim.position, claim.where("position"), positions
                    )
                )
            problems += _evidence_sources(claim.evidence, sources)
            problems += _relation_problems(claim, topic, claims, everywhere)
    return problems


def _source_sides(sources: list, positions: set[str]) -> list[Problem]:
    """A source's `side` names a position that exists."""
    problems = []
    for source in sources:
        if source.side is not None and source.side not in positions:
            hint = (
                did_you_mean(source.side, positions) or f" (known: {', '.join(sorted(positions))})"
            )
            problems.append(
                error(
                    source.where("side"),
                    f"unknown position '{source.side}' in side{hint}",
                    "unknown-position",
                )
            )
    return problems


def _parent_problems(topic, topics: set[str]) -> list[Problem]:
    """A topic's `parent` names a topic that exists, and not itself."""
    problems = []
    if topic.parent is not None and topic.parent not in topics:
        hint = did_you_mean(topic.parent, topics)
        problems.append(
            error(
                topic.where("parent"),
                f"unknown parent topic '{topic.parent}'{hint}",
                "unknown-topic",
            )
        )
    if topic.parent == topic.topic:
        problems.append(
            error(topic.where("parent"), f"topic '{topic.topic}' is its own parent", "topic-cycle")
        )
    return problems


def _position_problem(lib: Library, topic, pid: str, where, positions: set[str]) -> Problem:
    """A claim's position that its topic does not debate: one the topic leaves out, or one that does not exist."""
    if pid in positions:
        return error(where, _not_debated(lib, topic, pid), "position-not-debated")
    return error(
        where,
        f"unknown position '{pid}' (known: {', '.join(sorted(positions))})",
        "unknown-position",
    )


def _relation_problems(claim, topic, claims: set[str], everywhere) -> list[Problem]:
    """Each claim a claim attacks or supports exists and is not the claim itself; a misspelt id gets a
    hint from its own topic's claims first, then from ``everywhere``."""
    problems = []
    for relation in ("attacks", "supports"):
        for i, target in enumerate(getattr(claim, relation)):
            if target == claim.id:
                problems.append(
                    error(
                        claim.where(relation, i),
                        f"claim '{claim.id}' {relation} itself",
                        "self-relation",
                    )
                )
            elif target not in claims:
                hint = did_you_mean(target, [c.id for c in topic.claims]) or did_you_mean(
                    target, everywhere
                )
                message = f"unknown claim '{target}' in {relation}{hint}"
                problems.append(error(claim.where(relation, i), message, "unknown-claim"))
    return problems


def _topic_positions(lib: Library, topic, positions: set[str]) -> list[Problem]:
    """A topic's `positions:` name positions that exist, each once."""
    problems = []
    for i, pid in enumerate(topic.positions or []):
        if pid not in positions:
            hint = (
                did_you_mean(pid, positions)
                or f" (known: {', '.join(p.id for p in lib.positions)})"
            )
            problems.append(
                error(
                    topic.where("positions", i),
                    f"unknown position '{pid}'{hint}",
                    "unknown-position",
                )
            )
        elif pid in topic.positions[:i]:
            problems.append(
                error(topic.where("positions", i), f"'positions' lists '{pid}' twice", "duplicate")
            )
    return problems


def _not_debated(lib: Library, topic, pid: str) -> str:
    if topic.positions is not None:
        return (
            f"position '{pid}' is not among the positions topic '{topic.topic}' debates "
            f"({', '.join(topic.positions) or 'none'}): add it to the topic's 'positions'"
        )
    return (
        f"position '{pid}' has 'default: false' in positions.yaml, so only topics that list it debate it: "
        f"give topic '{topic.topic}' a 'positions:' list, such as [{', '.join([*(p.id for p in lib.positions_of(topic)), pid])}]"
    )


def _duplicates(kind: str, items: list, key: str) -> list[Problem]:
    """Locations are looked up only for the duplicates: a large library has none."""
    first: dict = {}
    problems = []
    for item in items:
        ident = getattr(item, key)
        earlier = first.setdefault(ident, item)
        if earlier is not item:
            problems.append(
                error(
                    item.where(key),
                    f"duplicate {kind} id '{ident}' (first at {earlier.where(key)})",
                    "duplicate-id",
                )
            )
    return problems


def _evidence_sources(evidence: list, sources: set[str]) -> list[Problem]:
    problems = []
    for ev in evidence:
        if ev.source not in sources:
            hint = did_you_mean(ev.source, sources) or " (add it to seeds/)"
            problems.append(
                error(ev.where("source"), f"unknown source '{ev.source}'{hint}", "unknown-source")
            )
    return problems
