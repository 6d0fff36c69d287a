"""A plain-text view of one topic for `evenhand show`."""

from __future__ import annotations

import textwrap

from evenhand.model import Library, Topic


def render_topic(lib: Library, topic: Topic, width: int = 100) -> str:
    from evenhand import readability

    width = max(width, 40)
    page = _Page(width)
    language = readability.library_language(lib)
    page.lines.append(topic.title.upper())
    page.lines.append("=" * min(len(topic.title), width))
    if topic.question:
        page.para(topic.question)
    if topic.background:
        page.lines.append("")
        page.para(topic.background)
    if topic.facts:
        page.lines.append("\nKEY FACTS")
        for fact in topic.facts:
            cites = ", ".join(ev.source for ev in fact.evidence)
            page.para(f"- {fact.text} [{cites}]" if cites else f"- {fact.text}", "  ")
    children = lib.children(topic.topic)
    if children:
        page.lines.append("\nSUB-TOPICS")
        page.lines.extend(f"  - {child.topic}: {child.title}" for child in children)
    for position in lib.positions:
        claims = [c for c in topic.claims if c.position == position.id]
        if claims:
            _position(page, position.label, claims, language)
    if topic.questions:
        page.lines.append("\nDISCUSSION QUESTIONS")
        for i, q in enumerate(topic.questions, 1):
            page.para(f"{i}. {q}", "  ")
    _key_terms(page, lib, topic)
    page.lines.append(
        f"\nReading grades: {readability.formula(language)} (U.S. school grade) of each claim's title and text."
    )
    return "\n".join(page.lines)


class _Page:
    """Lines of text, and paragraphs wrapped to the width."""

    def __init__(self, width: int):
        self.width = width
        self.lines: list[str] = []

    def para(self, text: str, indent: str = "") -> None:
        for block in (text or "").strip().split("\n\n"):
            self.lines.append(
                textwrap.fill(
                    " ".join(block.split()),
                    self.width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                )
            )


def _position(page: _Page, label: str, claims: list, language: str) -> None:
    """One position's claims with their reading grades, evidence and relations."""
    from evenhand import readability

    grades = {c.id: readability.claim_grade(c.title, c.text, language) for c in claims}
    median, low, high = readability.summary(list(grades.values()))
    page.lines.append(f"\n{label.upper()} ({len(claims)})")
    page.lines.append(
        f"  reading grade: {readability.grade_range(median, low, high)}"
        + (" (median, lowest-highest)" if low != high else "")
    )
    for claim in claims:
        grade = grades[claim.id]
        page.lines.append(f"  [{claim.id}] {claim.title}")
        if grade is not None:
            page.lines.append(f"      reading grade {grade:.1f}")
        if claim.text:
            page.para(claim.text, "      ")
        for ev in claim.evidence:
            where = f"{ev.source}, {ev.locator}" if ev.locator else ev.source
            page.para(f'"{ev.quote}" ({where})' if ev.quote else f"({where})", "      > ")
        for relation in ("attacks", "supports"):
            targets = getattr(claim, relation)
            if targets:
                page.lines.append(f"      {relation}: {', '.join(targets)}")


def _key_terms(page: _Page, lib: Library, topic: Topic) -> None:
    from evenhand.glossary import finder

    terms = finder(lib).key_terms(_topic_texts(topic))
    if terms:
        page.lines.append("\nKEY TERMS (arguments/glossary.yaml, in order of first use)")
        for t in terms:
            page.para(f"{t.term}: {t.definition}", "  ")


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
