"""(Library, recipe) → Brief: choose topics, positions and claims, balance them, number citations.

A pure function: no rendering, no files, no clock (the date is passed in).
"""

from __future__ import annotations

import re

from evenhand import readability
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

    positions = _positions(lib, recipe, main_topics)

    names = ", ".join(f"'{t.topic}'" for t in main_topics)
    candidates = {p.id: _ranked([(t, c) for t in topics for c in t.claims if c.position == p.id]) for p in positions}
    available = {pid: len(pairs) for pid, pairs in candidates.items()}
    notices: list[str] = []
    empty = [p for p in positions if available[p.id] == 0]
    if recipe.balance == "strict":
        having = [p.id for p in positions if available[p.id]]
        for p in empty:
            problems.append(
                error(
                    where,
                    f"topic {names} has no claim for position '{p.id}' ({p.label}); "
                    "a strict brief needs a claim for every position it shows: add a claim, "
                    + (f"show only the positions that have claims (--positions {','.join(having)}, or in the recipe "
                       f"positions: [{', '.join(having)}]), " if having else "")
                    + "or build with --balance warn",
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
    text_language = readability.library_language(lib)  # the claims' language chooses the formula
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
                grade=readability.claim_grade(claim.title, claim.text, text_language),
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
            *readability.summary([c.grade for c in s.claims]),
            quoted=p.quoted,
            noted=p.noted,
            acknowledged=p.acknowledged,
            second_hand=p.second_hand_share,
        )
        for s, (_, p) in zip(sections, shown)
    ]
    notices.extend(readability.level_notices(sections, balance, recipe.reading_level))
    if recipe.balance != "off":
        notices.extend(uneven(shown))
    first = main_topics[0] if main_topics else None
    keywords: list[str] = []
    for t in main_topics:
        for tag in t.tags:
            if tag not in keywords:
                keywords.append(tag)
    question = first.question if first else None
    background = first.background if first else None
    questions = [q for t in main_topics for q in t.questions]
    key_terms = []
    if recipe.key_terms != "off":
        key_terms = _key_terms(lib, [recipe.title, recipe.subtitle, question, background], facts, sections, questions, cite)
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
        question=question,
        background=background,
        facts=facts,
        questions=questions,
        sections=sections,
        clashes=clashes,
        references=references,
        balance=balance,
        notices=notices,
        keywords=keywords,
        language=recipe.language,
        key_terms=key_terms,
        key_terms_mode=recipe.key_terms,
        reading_formula=readability.formula(text_language),
        text_language=text_language,
    )


def _positions(lib: Library, recipe: Recipe, main_topics: list[Topic]):
    """The recipe's positions; else one topic's own; else the union of its topics' (library order)."""
    if recipe.positions:
        return [lib.position(pid) for pid in recipe.positions]
    if len(main_topics) == 1:
        return lib.positions_of(main_topics[0])
    return lib.positions_of_all(main_topics)


def _key_terms(lib: Library, head: list, facts: list[BriefFact], sections: list[Section], questions: list[str], cite) -> list:
    """The glossary terms the brief prints, in the order it prints them; their evidence is
    cited after everything else (the claims' reference numbers stay as they were)."""
    import dataclasses

    from evenhand.glossary import finder

    def texts():
        yield from head
        for bf in facts:
            yield bf.fact.text
        for s in sections:
            for bc in s.claims:
                yield bc.claim.title
                yield bc.claim.text
                for ce in bc.evidence:
                    yield ce.evidence.quote
                    yield ce.evidence.note
        yield from questions

    terms = finder(lib).key_terms(texts())
    return [dataclasses.replace(t, evidence=cite(t.entry.evidence)) if t.entry and t.entry.evidence else t for t in terms]


def _ranked(pairs: list[tuple[Topic, Claim]]) -> list[tuple[Topic, Claim]]:
    """Claims with a `rank` first (1 = strongest), then the rest in file order."""
    return sorted(pairs, key=lambda tc: (tc[1].rank is None, tc[1].rank or 0))
