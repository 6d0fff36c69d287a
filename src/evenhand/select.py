"""Which topics and claims a recipe selects: by topic id, by tag, or claim ids picked by hand.

Pure functions over a Library (no I/O). `assemble` balances and orders what
they return; `evenhand list --tag` and the recipe checks use them too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from evenhand.model import Claim, Library, Recipe, Topic


@dataclass
class Selection:
    main_topics: list[Topic]  # the topics the brief is about (their question, facts, questions)
    topics: list[Topic]  # those and the sub-topics they take along, in order
    # position id → candidate claims, best first
    pool: dict[str, list[tuple[Topic, Claim]]] = field(default_factory=dict)
    by_hand: bool = False  # claims named by id: every one shown, in the order given

    def size(self) -> int:
        return max((len(pairs) for pairs in self.pool.values()), default=0)


def tree_order(lib: Library) -> list[Topic]:
    """Every topic, depth first from the roots (a parent before its sub-topics), each once.

    Linear in the number of topics (a large library has thousands); a topic
    caught in a parent cycle comes after the trees, with what hangs on it.
    """
    children: dict[str | None, list[Topic]] = {}
    for t in lib.topics:
        children.setdefault(t.parent, []).append(t)
    known = {t.topic for t in lib.topics}
    out: list[Topic] = []
    seen: set[str] = set()
    roots = [t for t in lib.topics if t.parent is None or t.parent not in known]
    for start in [*roots, *lib.topics]:
        stack = [start]
        while stack:
            t = stack.pop()
            if t.topic in seen:
                continue
            seen.add(t.topic)
            out.append(t)
            stack.extend(reversed(children.get(t.topic, [])))
    return out


def library_tags(lib: Library) -> list[str]:
    """Every tag of a topic or a claim in the library, sorted."""
    return sorted(
        {tag for t in lib.topics for tag in t.tags}
        | {tag for c in lib.all_claims() for tag in c.tags}
    )


def claim_ids(lib: Library) -> list[str]:
    """Every claim id in the library, in file order, each once."""
    return list(dict.fromkeys(c.id for c in lib.all_claims()))


def tagged_topics(lib: Library, tags: list[str]) -> list[Topic]:
    """The topics carrying any of ``tags`` (not their sub-topics), in tree order."""
    wanted = set(tags)
    return [t for t in tree_order(lib) if wanted.intersection(t.tags)]


def tagged_claims(
    lib: Library, tags: list[str], skip: Sequence[Topic] = ()
) -> list[tuple[Topic, Claim]]:
    """Claims carrying any of ``tags`` in topics other than ``skip``, in tree order."""
    wanted = set(tags)
    skipped = {t.topic for t in skip}
    return [
        (t, c)
        for t in tree_order(lib)
        if t.topic not in skipped
        for c in t.claims
        if wanted.intersection(c.tags)
    ]


def select(lib: Library, recipe: Recipe, position_ids: list[str]) -> Selection:
    """The topics and, per position, the candidate claims the recipe selects.

    `topics` take their sub-topics along; `tags` add every tagged topic (alone)
    and every tagged claim elsewhere; `claims` are exactly the claims picked, in
    the order given (their topics join the brief when no topic or tag is named).
    Unknown names are skipped here: ``checks.recipes.unknown_names`` reports them.
    """
    chosen = _Chosen(lib)
    for topic_id in recipe.topics:
        if (t := lib.topic(topic_id)) is not None:
            chosen.add(t, subtree=True)
    for t in tagged_topics(lib, recipe.tags):
        chosen.add(t)

    if recipe.claims:
        return _by_hand(lib, recipe, position_ids, chosen)
    return _by_topic_and_tag(lib, recipe, position_ids, chosen)


def _by_hand(lib: Library, recipe: Recipe, position_ids: list[str], chosen: _Chosen) -> Selection:
    """Exactly the claims picked, in the order given; their topics are the brief's only when it names
    no topic or tag."""
    picked = _picked(lib, recipe.claims)
    for topic, _ in picked:
        chosen.add(topic, as_main=not (recipe.topics or recipe.tags))
    pool = {pid: [(t, c) for t, c in picked if c.position == pid] for pid in position_ids}
    return Selection(chosen.main, chosen.topics, pool, by_hand=True)


def _by_topic_and_tag(
    lib: Library, recipe: Recipe, position_ids: list[str], chosen: _Chosen
) -> Selection:
    """Every claim of the chosen topics and every tagged claim elsewhere, ranked per position."""
    pairs = [(t, c) for t in chosen.topics for c in t.claims]
    for topic, claim in tagged_claims(lib, recipe.tags, skip=chosen.topics) if recipe.tags else []:
        pairs.append((topic, claim))
        chosen.add(topic, as_main=False)
    pool = {pid: ranked([(t, c) for t, c in pairs if c.position == pid]) for pid in position_ids}
    # claims tagged in untagged topics: those topics
    return Selection(chosen.main or list(chosen.topics), chosen.topics, pool)


class _Chosen:
    """The brief's main topics, and every topic it takes along, each once in the order added."""

    def __init__(self, lib: Library):
        self.lib = lib
        self.main: list[Topic] = []
        self.topics: list[Topic] = []
        self.seen_main: set[str] = set()
        self.seen: set[str] = set()

    def add(self, topic: Topic, *, subtree: bool = False, as_main: bool = True) -> None:
        """Add ``topic`` (with its sub-topics when ``subtree``), as one the brief is about when ``as_main``."""
        if as_main and topic.topic not in self.seen_main:
            self.seen_main.add(topic.topic)
            self.main.append(topic)
        for t in self.lib.subtree(topic.topic) if subtree else [topic]:
            if t.topic not in self.seen:
                self.seen.add(t.topic)
                self.topics.append(t)


def _picked(lib: Library, ids: list[str]) -> list[tuple[Topic, Claim]]:
    """The claims named by id, in the order given, each once; for a duplicate id, its first claim."""
    where: dict[str, tuple[Topic, Claim]] = {}
    for t in lib.topics:
        for c in t.claims:
            where.setdefault(c.id, (t, c))
    return [where[cid] for cid in dict.fromkeys(ids) if cid in where]


def ranked(pairs: list[tuple[Topic, Claim]]) -> list[tuple[Topic, Claim]]:
    """Claims with a `rank` first (1 = strongest), then the rest in file order."""
    return sorted(pairs, key=lambda tc: (tc[1].rank is None, tc[1].rank or 0))


def default_title(lib: Library, topics: list[str], tags: list[str], claims: list[str]) -> str:
    """The title of a brief built with no recipe: its topics' titles, else what chose its claims."""
    found = [t for t in (lib.topic(tid) for tid in topics) if t is not None]
    if not found and claims and not tags:
        where = {c.id: t for t in lib.topics for c in t.claims}
        found = list({where[cid].topic: where[cid] for cid in claims if cid in where}.values())
    if found:
        return found[0].title if len(found) == 1 else " and ".join(t.title for t in found)
    if tags:
        return "Topics tagged " + " or ".join(tags)
    return "Selected claims"


def file_stem(topics: list[str], tags: list[str]) -> str:
    """The start of an ad hoc brief's file name: its first topic, else its tags made safe, else `claims`."""
    if topics:
        return topics[0]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(tags).lower()).strip("-")[:60].strip("-")
    return slug or "claims"


def unknown_topic(lib: Library, topic_id: str) -> str:
    """What to say of a topic id the library does not have, with the nearest one."""
    from evenhand.problems import did_you_mean

    hint = (
        did_you_mean(topic_id, (t.topic for t in lib.topics))
        or "; `evenhand list` shows the topics"
    )
    return f"unknown topic '{topic_id}'{hint}"
