"""(Library, recipe) → Brief: choose topics, positions and claims, balance them, number citations.

A pure function: no rendering, no files, no clock (the date is passed in).
"""

from __future__ import annotations

import re

from evenhand import readability
from evenhand.balance import balance_notices, balance_rows, claim_counts
from evenhand.brief import (
    Brief,
    BriefClaim,
    BriefFact,
    CitedEvidence,
    Clash,
    Focus,
    Objection,
    Section,
)
from evenhand.checks.recipes import unknown_names
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
    lib: Library,
    recipe: Recipe,
    *,
    date: str,
    recipe_where: Location | None = None,
    objections: int | None = None,
) -> Brief:
    """The Brief of ``recipe``; ``objections`` caps a focused brief's objections (to fit a page)."""
    where = recipe_where or recipe.where()
    selection, positions, recipe = _selected(lib, recipe, recipe_where)
    names = ", ".join(f"'{t.topic}'" for t in selection.main_topics)
    available = {pid: len(pairs) for pid, pairs in selection.pool.items()}
    counts = claim_counts(recipe, positions, available, names, where)
    if counts.problems:
        raise AssembleError(counts.problems)

    main_topics = selection.main_topics
    citations = CitationNumbers(lib)
    facts = [BriefFact(f, citations.cite(f.evidence)) for t in main_topics for f in t.facts]
    text_language = readability.library_language(lib)  # the claims' language chooses the formula
    plan, chosen, reading = _chosen(recipe, selection, positions, counts.per_position, objections)
    by_id = _brief_claims(lib, positions, chosen, reading, citations, text_language)
    letters = position_letters(lib.positions)
    sections = [
        Section(p, letters[p.id], [by_id[c.id] for _, c in chosen[p.id]]) for p in positions
    ]
    focus = _focus(recipe, plan, by_id, positions, sections) if plan else None

    rows, shown = balance_rows(sections, {s.id: s for s in lib.sources})
    notices = counts.notices + balance_notices(recipe, sections, rows, shown)
    question, background, questions = _opening(main_topics)
    key_terms = []
    if recipe.key_terms != "off":
        head = [recipe.title, recipe.subtitle, question, background]
        key_terms = _key_terms(lib, head, facts, sections, questions, citations.cite)
    return Brief(
        title=recipe.title,
        subtitle=recipe.subtitle,
        author=recipe.author,
        date=date,
        template=recipe.template,
        citation_style=recipe.citation_style,
        paper=recipe.paper,
        balance_mode=recipe.balance,
        max_claims=max(counts.per_position.values(), default=0),
        main_topics=main_topics,
        topics=selection.topics,
        question=question,
        background=background,
        facts=facts,
        questions=questions,
        sections=sections,
        clashes=find_clashes(by_id),
        references=citations.references,
        balance=rows,
        notices=notices,
        keywords=_keywords(main_topics),
        focus=focus,
        language=recipe.language,
        key_terms=key_terms,
        key_terms_mode=recipe.key_terms,
        reading_formula=readability.formula(text_language),
        text_language=text_language,
    )


def _selected(lib: Library, recipe: Recipe, recipe_where: Location | None):
    """(selection, positions in brief order, recipe) or AssembleError with every problem of the request."""
    problems = unknown_names(lib, recipe, recipe_where)
    if problems:
        raise AssembleError(problems)
    selection = select(lib, recipe, [p.id for p in lib.positions])
    positions = _positions(lib, recipe, selection.main_topics)
    if recipe.focus:  # the focus position's section comes first
        positions = sorted(positions, key=lambda p: p.id != recipe.focus)
    selection.pool = {p.id: selection.pool.get(p.id, []) for p in positions}
    problems = _selection_problems(recipe, selection, positions, recipe_where)
    if problems:
        raise AssembleError(problems)
    if (recipe.tags or recipe.claims) and "max_claims" not in recipe.model_fields_set:
        # a set chosen by tag or by hand shows every claim it selects, unless max-claims says otherwise
        recipe = recipe.model_copy(update={"max_claims": max(1, selection.size())})
    return selection, positions, recipe


def _chosen(recipe: Recipe, selection, positions, counts: dict[str, int], objections: int | None):
    """(focus plan or None, the claims shown per position id, all of them in reading order)."""
    if not recipe.focus:
        chosen = {p.id: selection.pool[p.id][: counts[p.id]] for p in positions}
        return None, chosen, [tc for p in positions for tc in chosen[p.id]]
    plan = plan_focus(
        recipe.focus, selection.pool, counts, by_hand=selection.by_hand, cap=objections
    )
    chosen = {p.id: plan.chosen(p.id) for p in positions}
    # Citations are numbered in reading order: a focused brief reads its case, then the objections.
    return plan, chosen, [*plan.case, *((o.topic, o.claim) for o in plan.objections)]


def _opening(main_topics: list[Topic]) -> tuple[str | None, str | None, list[str]]:
    """The brief's question and background (its first topic's) and every main topic's discussion questions."""
    first = main_topics[0] if main_topics else None
    return (
        first.question if first else None,
        first.background if first else None,
        [q for t in main_topics for q in t.questions],
    )


class CitationNumbers:
    """Numbers sources in the order they are first cited; ``references`` lists them in that order."""

    def __init__(self, lib: Library):
        self._lib = lib
        self._numbers: dict[str, int] = {}
        self.references: list[Source] = []

    def cite(self, evidence: list[Evidence]) -> list[CitedEvidence]:
        """The evidence items whose source exists, each with its source's number."""
        out = []
        for ev in evidence:
            source = self._lib.source(ev.source)
            if source is None:  # reported by validate; a brief cites only what exists
                continue
            if source.id not in self._numbers:
                self.references.append(source)
                self._numbers[source.id] = len(self.references)
            out.append(CitedEvidence(ev, source, self._numbers[source.id]))
        return out


def find_clashes(by_id: dict[str, BriefClaim]) -> list[Clash]:
    """Every attack between two claims of the brief, ordered by target, then attacker, as the brief reads."""
    clashes = [
        Clash(bc, by_id[target])
        for cid, bc in by_id.items()
        for target in bc.claim.attacks
        if target in by_id
    ]
    order = {cid: i for i, cid in enumerate(by_id)}
    clashes.sort(key=lambda c: (order[c.target.claim.id], order[c.attacker.claim.id]))
    return clashes


def _brief_claims(
    lib, positions, chosen, reading, citations: CitationNumbers, text_language: str
) -> dict[str, BriefClaim]:
    """The chosen claims as BriefClaims (label, cited evidence, words, grade), in reading order."""
    letters = position_letters(lib.positions)
    labels = {
        claim.id: f"{letters[pid]}{i}"
        for pid, pairs in chosen.items()
        for i, (_, claim) in enumerate(pairs, 1)
    }
    by_pos = {p.id: p for p in positions}
    by_id: dict[str, BriefClaim] = {}
    for topic, claim in reading:
        by_id[claim.id] = BriefClaim(
            claim=claim,
            topic=topic,
            position=by_pos[claim.position],
            label=labels[claim.id],
            evidence=citations.cite(claim.evidence),
            words=count_words(claim.title) + count_words(claim.text),
            grade=readability.claim_grade(claim.title, claim.text, text_language),
        )
    return by_id


def _focus(
    recipe: Recipe, plan, by_id: dict[str, BriefClaim], positions, sections: list[Section]
) -> Focus:
    by_pos = {p.id: p for p in positions}
    objections = [
        Objection(
            by_id[o.claim.id], [by_id[c.id] for c in o.answers], [by_id[c.id] for c in o.targets]
        )
        for o in plan.objections
    ]
    return Focus(by_pos[recipe.focus], sections[0].claims, objections)


def _keywords(main_topics: list[Topic]) -> list[str]:
    """The main topics' tags, each once, in order."""
    return list(dict.fromkeys(tag for t in main_topics for tag in t.tags))


def _positions(lib: Library, recipe: Recipe, main_topics: list[Topic]):
    """The recipe's positions; else one topic's own; else the union of its topics' (library order)."""
    if recipe.positions:
        return [lib.position(pid) for pid in recipe.positions]
    if len(main_topics) == 1:
        return lib.positions_of(main_topics[0])
    return lib.positions_of_all(main_topics)


def _key_terms(
    lib: Library,
    head: list,
    facts: list[BriefFact],
    sections: list[Section],
    questions: list[str],
    cite,
) -> list:
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
    return [
        dataclasses.replace(t, evidence=cite(t.entry.evidence))
        if t.entry and t.entry.evidence
        else t
        for t in terms
    ]


def _selection_problems(
    recipe: Recipe, selection, positions: list, recipe_where: Location | None
) -> list[Problem]:
    """What a focus or a set picked by hand asks that the brief cannot give."""
    problems = _focus_problems(
        recipe, selection, [p.id for p in positions], recipe_where or recipe.where("focus")
    )
    if selection.by_hand:
        problems += _by_hand_problems(recipe, selection, recipe_where or recipe.where("claims"))
    return problems


def _focus_problems(recipe: Recipe, selection, shown: list[str], at: Location) -> list[Problem]:
    if recipe.focus and recipe.focus not in shown:
        return [
            error(
                at,
                f"focus '{recipe.focus}' is not among the brief's positions ({', '.join(shown)})",
                "focus",
            )
        ]
    if recipe.focus and not selection.pool.get(recipe.focus):
        return [
            error(
                at,
                f"focus '{recipe.focus}' has no claim in this brief: there is no case to put first",
                "focus",
            )
        ]
    return []


def _by_hand_problems(recipe: Recipe, selection, at: Location) -> list[Problem]:
    """Claims picked by hand that the brief leaves out, and uneven picks in a strict brief."""
    kept = {c.id for pairs in selection.pool.values() for _, c in pairs}
    problems = [
        error(
            at,
            f"claim '{claim_id}' is left out: its position is not among the brief's positions",
            "claims",
        )
        for claim_id in dict.fromkeys(recipe.claims)
        if claim_id not in kept  # (an unknown id was reported before)
    ]
    counts = {pid: len(pairs) for pid, pairs in selection.pool.items()}
    if recipe.balance == "strict" and not recipe.focus and len(set(counts.values())) > 1:
        problems.append(
            error(
                at,
                "the claims picked by hand are uneven ("
                + ", ".join(f"{pid} {n}" for pid, n in counts.items())
                + "); a strict brief shows every position equally: pick as many for each, or build with --balance warn",
                "unbalanced",
            )
        )
    return problems
