"""(Library, recipe) → Brief: choose topics, positions and claims, balance them, number citations.

A pure function: no rendering, no files, no clock (the date is passed in).
"""

from __future__ import annotations

import re

from evenhand import readability
from evenhand.brief import BalanceRow, Brief, BriefClaim, BriefFact, CitedEvidence, Clash, Focus, Objection, Section
from evenhand.checks.recipes import unknown_names
from evenhand.evenness import presentation, uneven
from evenhand.focus import plan_focus
from evenhand.labels import position_letters
from evenhand.model import Evidence, Library, Recipe, Source, Topic
from evenhand.problems import Location, Problem, error
from evenhand.select import ranked as _ranked  # noqa: F401  (kept importable from here)
from evenhand.select import select

_WORD = re.compile(r"[\w'’-]+")


class AssembleError(Exception):
    """The brief cannot be built as asked; ``problems`` say why (all of them)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def assemble(
    lib: Library, recipe: Recipe, *, date: str, recipe_where: Location | None = None, objections: int | None = None
) -> Brief:
    """The Brief of ``recipe``; ``objections`` caps a focused brief's objections (to fit a page)."""
    where = recipe_where or recipe.where()
    problems = unknown_names(lib, recipe, recipe_where)
    if problems:
        raise AssembleError(problems)

    selection = select(lib, recipe, [p.id for p in lib.positions])
    main_topics, topics = selection.main_topics, selection.topics
    positions = _positions(lib, recipe, main_topics)
    if recipe.focus:  # the focus position's section comes first
        positions = sorted(positions, key=lambda p: p.id != recipe.focus)
    selection.pool = {p.id: selection.pool.get(p.id, []) for p in positions}
    problems += _selection_problems(recipe, selection, positions, recipe_where)
    if problems:
        raise AssembleError(problems)
    if (recipe.tags or recipe.claims) and "max_claims" not in recipe.model_fields_set:
        # a set chosen by tag or by hand shows every claim it selects, unless max-claims says otherwise
        recipe = recipe.model_copy(update={"max_claims": max(1, selection.size())})

    names = ", ".join(f"'{t.topic}'" for t in main_topics)
    candidates = selection.pool
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

    if recipe.focus:  # strict asks a focused brief for one objection per position at least (evenhand.focus), not equal counts
        counts = {pid: min(recipe.max_claims, a) for pid, a in available.items()}
        notices = [n for n in notices if not n.startswith(("balance:", "warning: positions are uneven"))]

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
    plan = plan_focus(recipe.focus, candidates, counts, by_hand=selection.by_hand, cap=objections) if recipe.focus else None
    chosen = {p.id: plan.chosen(p.id) if plan else candidates[p.id][: counts[p.id]] for p in positions}
    labels = {claim.id: f"{letters[pid]}{i}" for pid, pairs in chosen.items() for i, (_, claim) in enumerate(pairs, 1)}
    by_pos = {p.id: p for p in positions}
    # Citations are numbered in reading order: a focused brief reads its case, then the objections.
    reading = [*plan.case, *((o.topic, o.claim) for o in plan.objections)] if plan else [tc for p in positions for tc in chosen[p.id]]
    by_id: dict[str, BriefClaim] = {}
    for topic, claim in reading:
        by_id[claim.id] = BriefClaim(
            claim=claim,
            topic=topic,
            position=by_pos[claim.position],
            label=labels[claim.id],
            evidence=cite(claim.evidence),
            words=count_words(claim.title) + count_words(claim.text),
            grade=readability.claim_grade(claim.title, claim.text, text_language),
        )
    sections = [Section(p, letters[p.id], [by_id[c.id] for _, c in chosen[p.id]]) for p in positions]
    focus = None
    if plan:
        objections = [
            Objection(by_id[o.claim.id], [by_id[c.id] for c in o.answers], [by_id[c.id] for c in o.targets])
            for o in plan.objections
        ]
        focus = Focus(by_pos[recipe.focus], sections[0].claims, objections)

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
        focus=focus,
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


def _selection_problems(recipe: Recipe, selection, positions: list, recipe_where: Location | None) -> list[Problem]:
    """What a focus or a set picked by hand asks that the brief cannot give."""
    problems: list[Problem] = []
    shown = [p.id for p in positions]
    at_focus = recipe_where or recipe.where("focus")
    if recipe.focus and recipe.focus not in shown:
        problems.append(error(at_focus, f"focus '{recipe.focus}' is not among the brief's positions ({', '.join(shown)})", "focus"))
    elif recipe.focus and not selection.pool.get(recipe.focus):
        problems.append(error(at_focus, f"focus '{recipe.focus}' has no claim in this brief: there is no case to put first", "focus"))
    if not selection.by_hand:
        return problems
    at_claims = recipe_where or recipe.where("claims")
    kept = {c.id for pairs in selection.pool.values() for _, c in pairs}
    for claim_id in dict.fromkeys(recipe.claims):
        if claim_id not in kept:  # (an unknown id was reported before)
            problems.append(error(at_claims, f"claim '{claim_id}' is left out: its position is not among the brief's positions", "claims"))
    counts = {pid: len(pairs) for pid, pairs in selection.pool.items()}
    if recipe.balance == "strict" and not recipe.focus and len(set(counts.values())) > 1:
        problems.append(
            error(
                at_claims,
                "the claims picked by hand are uneven ("
                + ", ".join(f"{pid} {n}" for pid, n in counts.items())
                + "); a strict brief shows every position equally: pick as many for each, or build with --balance warn",
                "unbalanced",
            )
        )
    return problems
