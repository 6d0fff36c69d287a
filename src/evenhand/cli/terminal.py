"""A plain-text view of one topic for `evenhand show`."""

from __future__ import annotations

import textwrap

from evenhand.model import Library, Topic


def render_topic(lib: Library, topic: Topic, width: int = 100) -> str:
    width = max(width, 40)
    out: list[str] = []

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
        out.append(f"\n{position.label.upper()} ({len(claims)})")
        for claim in claims:
            out.append(f"  [{claim.id}] {claim.title}")
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
    return "\n".join(out)
