"""A plain-text view of one topic for `evenhand show`."""

from __future__ import annotations

import textwrap

from evenhand.model import Library, Topic


def render_topic(lib: Library, topic: Topic, width: int = 100) -> str:
    from evenhand import readability
    from evenhand.glossary import finder

    width = max(width, 40)
    out: list[str] = []
    language = readability.library_language(lib)

    def para(text: str, indent: str = "") -> None:
        for block in (text or "").strip().split("\n\n"):
            out.append(textwrap.fill(" ".join(block.split()), width, initial_indent=indent, subsequent_indent=indent))

    out.append(topic.title.upper())
    out.append("=" * min(len(topic.title), width))
    if topic.question:
        para(topic.question)
    if topic.background:
        out.append("")
        para(topic.background)
    if topic.facts:
        out.append("\nKEY FACTS")
        for fact in topic.facts:
            cites = ", ".join(ev.source for ev in fact.evidence)
            para(f"- {fact.text} [{cites}]" if cites else f"- {fact.text}", "  ")
    children = lib.children(topic.topic)
    if children:
        out.append("\nSUB-TOPICS")
        for child in children:
            out.append(f"  - {child.topic}: {child.title}")
    for position in lib.positions:
        claims = [c for c in topic.claims if c.position == position.id]
        if not claims:
            continue
        grades = {c.id: readability.claim_grade(c.title, c.text, language) for c in claims}
        median, low, high = readability.summary(list(grades.values()))
        out.append(f"\n{position.label.upper()} ({len(claims)})")
        out.append(f"  reading grade: {readability.grade_range(median, low, high)}" + (" (median, lowest-highest)" if low != high else ""))
        for claim in claims:
            grade = grades[claim.id]
            out.append(f"  [{claim.id}] {claim.title}")
            if grade is not None:
                out.append(f"      reading grade {grade:.1f}")
            if claim.text:
                para(claim.text, "      ")
            for ev in claim.evidence:
                where = f"{ev.source}, {ev.locator}" if ev.locator else ev.source
                if ev.quote:
                    para(f'"{ev.quote}" ({where})', "      > ")
                else:
                    para(f"({where})", "      > ")
            for relation in ("attacks", "supports"):
                targets = getattr(claim, relation)
                if targets:
                    out.append(f"      {relation}: {', '.join(targets)}")
    if topic.questions:
        out.append("\nDISCUSSION QUESTIONS")
        for i, q in enumerate(topic.questions, 1):
            para(f"{i}. {q}", "  ")
    terms = finder(lib).key_terms(_topic_texts(topic))
    if terms:
        out.append("\nKEY TERMS (arguments/glossary.yaml, in order of first use)")
        for t in terms:
            para(f"{t.term}: {t.definition}", "  ")
    out.append(f"\nReading grades: {readability.formula(language)} (U.S. school grade) of each claim's title and text.")
    return "\n".join(out)


def _topic_texts(topic: Topic):
    """The texts `show` prints, in its order (for the key terms' order of first use)."""
    yield topic.title
    yield topic.question
    yield topic.background
    for fact in topic.facts:
        yield fact.text
    for claim in topic.claims:
        yield claim.title
        yield claim.text
        for ev in claim.evidence:
            yield ev.quote
    yield from topic.questions
