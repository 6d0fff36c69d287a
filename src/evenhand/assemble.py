"""(Library, recipe) → Brief: choose topics, positions and claims, balance them, number citations.

A pure function: no rendering, no files, no clock (the date is passed in).
"""

from __future__ import annotations

import re

from evenhand.brief import BalanceRow, Brief, BriefClaim, BriefFact, CitedEvidence, Clash, Section
from evenhand.checks.recipes import unknown_names
from evenhand.evenness import presentation, uneven
from evenhand.labels import position_letters
from evenhand.model import Claim, Evidence, Library, Recipe, Source, Topic
from evenhand.problems import Location, Problem, error

_WORD = re.compile(r"[\w'’-]+")


class AssembleError(Exception):
    """The brief cannot be built as asked; ``problems`` say why (all of them)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def assemble(lib: Library, recipe: Recipe, *, date: str, recipe_where: Location | None = None) -> Brief:
    where = recipe_where or recipe.where()
    problems = unknown_names(lib, recipe, recipe_where)
    if problems:
        raise AssembleError(problems)

    main_topics = [lib.topic(topic_id) for topic_id in recipe.topics]
    topics: list[Topic] = []
    for topic in main_topics:
        for t in lib.subtree(topic.topic):
            if t not in topics:
                topics.append(t)

    positions = [lib.position(pid) for pid in recipe.positions or [p.id for p in lib.positions]]

    names = ", ".join(f"'{t.topic}'" for t in main_topics)
    candidates = {p.id: _ranked([(t, c) for t in topics for c in t.claims if c.position == p.id]) for p in positions}
    available = {pid: len(pairs) for pid, pairs in candidates.items()}
    notices: list[str] = []
    empty = [p for p in positions if available[p.id] == 0]
    if recipe.balance == "strict":
        for p in empty:
            problems.append(
                error(
                    where,
                    f"topic {names} has no claim for position '{p.id}' ({p.label}); "
                    "a strict brief needs every position (add a claim, or build with --balance warn)",
                    "unbalanced",
                )
            )
        if problems:
            raise AssembleError(problems)
        n = min(recipe.max_claims, *available.values()) if available else 0
        counts = {pid: n for pid in available}
        trimmed = [pid for pid, a in available.items() if min(a, recipe.max_claims) > n]
        if trimmed:
            notices.append(
                f"balance: {n} claim(s) per position, the most every position has "
                f"(trimmed {', '.join(trimmed)})"
            )
    else:
        counts = {pid: min(recipe.max_claims, a) for pid, a in available.items()}
        if recipe.balance == "warn":
            for p in empty:
                notices.append(f"warning: topic {names} has no claim for position '{p.id}' ({p.label})")
            if len(set(counts.values())) > 1:
                notices.append(
                    "warning: positions are uneven: "
                    + ", ".join(f"{pid} {n}" for pid, n in counts.items())
                )

    refs: dict[str, int] = {}
    references: list[Source] = []

    def cite(evidence: list[Evidence]) -> list[CitedEvidence]:
        out = []
        for ev in evidence:
            source = lib.source(ev.source)
            if source is None:  # reported by validate; a brief cites only what exists
                continue
            if source.id not in refs:
                references.append(source)
                refs[source.id] = len(references)
            out.append(CitedEvidence(ev, source, refs[source.id]))
        return out

    facts = [BriefFact(f, cite(f.evidence)) for t in main_topics for f in t.facts]
    letters = position_letters(lib.positions)
    sections: list[Section] = []
    by_id: dict[str, BriefClaim] = {}
    for p in positions:
        chosen = candidates[p.id][: counts[p.id]]
        claims = []
        for i, (topic, claim) in enumerate(chosen, 1):
            bc = BriefClaim(
                claim=claim,
                topic=topic,
                position=p,
                label=f"{letters[p.id]}{i}",
                evidence=cite(claim.evidence),
                words=count_words(claim.title) + count_words(claim.text),
            )
            claims.append(bc)
            by_id[claim.id] = bc
        sections.append(Section(p, letters[p.id], claims))

    clashes = [
        Clash(by_id[cid], by_id[target])
        for cid, bc in by_id.items()
        for target in bc.claim.attacks
        if target in by_id
    ]
    order = {cid: i for i, cid in enumerate(by_id)}
    clashes.sort(key=lambda c: (order[c.target.claim.id], order[c.attacker.claim.id]))

    sources = {s.id: s for s in lib.sources}
    shown = [(s.position.id, presentation([c.claim for c in s.claims], sources)) for s in sections]
    balance = [
        BalanceRow(
            s.position,
            len(s.claims),
            sum(c.words for c in s.claims),
            sum(len(c.evidence) for c in s.claims),
            quoted=p.quoted,
            noted=p.noted,
            acknowledged=p.acknowledged,
            second_hand=p.second_hand_share,
        )
        for s, (_, p) in zip(sections, shown)
    ]
    if recipe.balance != "off":
        notices.extend(uneven(shown))
    first = main_topics[0] if main_topics else None
    keywords: list[str] = []
    for t in main_topics:
        for tag in t.tags:
            if tag not in keywords:
                keywords.append(tag)
    return Brief(
        title=recipe.title,
        subtitle=recipe.subtitle,
        author=recipe.author,
        date=date,
        template=recipe.template,
        citation_style=recipe.citation_style,
        paper=recipe.paper,
        balance_mode=recipe.balance,
        max_claims=max(counts.values(), default=0),
        main_topics=main_topics,
        topics=topics,
        question=first.question if first else None,
        background=first.background if first else None,
        facts=facts,
        questions=[q for t in main_topics for q in t.questions],
        sections=sections,
        clashes=clashes,
        references=references,
        balance=balance,
        notices=notices,
        keywords=keywords,
    )


def _ranked(pairs: list[tuple[Topic, Claim]]) -> list[tuple[Topic, Claim]]:
    """Claims with a `rank` first (1 = strongest), then the rest in file order."""
    return sorted(pairs, key=lambda tc: (tc[1].rank is None, tc[1].rank or 0))
