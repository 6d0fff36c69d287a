"""The cards template in Word, in Verbatim's layout, so debaters can paste cards into their files.

Side → "Pocket" (Heading 1: PRO, CON), position → "Hat" (Heading 2), a block
of cards → "Block" (Heading 3: the position's "Case", then "A2: <their tag>
(<their label>)" for each claim of the other side that its claims attack),
each card's tag → "Tag" (Heading 4); after each side, "Unanswered" (a Hat)
lists the other side's claims that none of its claims attacks. The names follow
the cards structure of the HTML cards (issue #13). Under the tag, the
short cite in the "Cite" character style and the full citation from citeproc;
then the card text: the words read aloud (the quotation) highlighted and in the
"Underline" character style, anything else in a smaller size.

Cards follow the HTML cards template: per claim, one card for each quoted piece
of evidence; a claim with no quotation gets one card with its cites and text.
"""

from __future__ import annotations

from docx.enum.text import WD_COLOR_INDEX

from evenhand.brief import Brief, BriefClaim, CitedEvidence
from evenhand.citations import Bibliography, page_locator
from evenhand.writers import docx_ooxml as ox
from evenhand.writers import docx_parts as parts
from evenhand.writers.docx_styles import SANS, position_colour
from evenhand.writers.docx_text import add_marked, add_markdown, add_run, para

SIDES = (("pro", "PRO"), ("con", "CON"))
HIGHLIGHT = WD_COLOR_INDEX.YELLOW


def write_cards(document, brief: Brief, bib: Bibliography) -> None:
    _card_fonts(document)
    parts.masthead(document, brief, "Debate cards")
    if brief.question:
        para(document, "Kicker", "THE QUESTION")
        p = document.add_paragraph()
        add_run(p, " ".join(brief.question.split()), italic=True, size=12)
    index_of = {id(s): i for i, s in enumerate(brief.sections)}
    for stance, side in SIDES:
        sections = [s for s in brief.sections if s.position.stance == stance]
        if not sections:
            continue
        para(document, "Pocket", side)
        for section in sections:
            index = index_of[id(section)]
            hat = para(document, "Hat")
            parts.badge(hat, section.letter, index)
            add_run(hat, section.position.label, colour=position_colour(index))
            if not section.claims:
                para(document, "Note", "No claim for this position yet.")
            for title, claims in blocks(brief, section):
                para(document, "Block", ox.xml_text(title))
                for bc in claims:
                    _cards(document, bib, bc, index)
        _unanswered(document, brief, stance, side)
    parts.sources(document, bib)
    parts.colophon(document, brief)


def blocks(brief: Brief, section) -> list[tuple[str, list[BriefClaim]]]:
    """The position's blocks: its "Case" (its claims, in brief order), then an "A2:" block
    for each claim of the other side that its claims attack (from the brief's clashes)."""
    out: list[tuple[str, list[BriefClaim]]] = [("Case", list(section.claims))] if section.claims else []
    answers: dict[str, tuple[BriefClaim, list[BriefClaim]]] = {}
    for x in brief.clashes:
        if x.attacker.position.id != section.position.id or x.target.position.stance == section.position.stance:
            continue
        target, attackers = answers.setdefault(x.target.claim.id, (x.target, []))
        if x.attacker not in attackers:
            attackers.append(x.attacker)
    for target, attackers in answers.values():
        out.append((f"A2: {target.claim.title} ({target.label})", attackers))
    return out


def _unanswered(document, brief: Brief, stance: str, side: str) -> None:
    """The other side's claims that no claim of this side attacks: where a coach sees the gaps."""
    answered = {x.target.claim.id for x in brief.clashes if x.attacker.position.stance == stance}
    open_claims = [bc for bc in brief.claims if bc.position.stance != stance and bc.claim.id not in answered]
    if not open_claims:
        return
    para(document, "Hat", "Unanswered")
    para(document, "Note", f"Claims of the other side that no {side} card here answers:")
    for bc in open_claims:
        p = para(document, "List Bullet")
        add_run(p, f"{bc.label} ", bold=True)
        add_run(p, f"{bc.claim.title} ({bc.position.stance.upper()} · {bc.position.label})")


def _cards(document, bib: Bibliography, bc: BriefClaim, index: int) -> None:
    quoted = [ce for ce in bc.evidence if ce.evidence.quote]
    for ce in quoted:
        _tag(document, bc, index)
        _cite(document, bib, ce)
        p = para(document, "Card Text")
        read_aloud(p, " ".join(ce.evidence.quote.split()))
    if not quoted:
        _tag(document, bc, index)
        for ce in bc.evidence:
            _cite(document, bib, ce)
        add_markdown(document, bc.claim.text, style="Card Text")


def read_aloud(paragraph, text: str) -> None:
    """The part of a card read aloud: highlighted (Word highlight) and in the Underline style."""
    run = add_run(paragraph, text, style="Underline")
    run.font.highlight_color = HIGHLIGHT


def small(paragraph, text: str) -> None:
    """Card text that is not read aloud (the Card Text paragraph's own small size)."""
    add_run(paragraph, text)


def _tag(document, bc: BriefClaim, index: int) -> None:
    p = para(document, "Tag")
    parts.badge(p, bc.label, index)
    add_run(p, bc.claim.title)


def _cite(document, bib: Bibliography, ce: CitedEvidence) -> None:
    """"Selee et al., 2021" in Cite, then the full citeproc entry, the locator and [n], smaller."""
    p = para(document, "Cite Line")
    short = bib.short_cite(ce.source, ce.evidence.locator)
    if short.startswith("(") and short.endswith(")"):
        short = short[1:-1]
    add_run(p, short, style="Cite")
    add_run(p, "  ")
    entry = bib.entries_marked()[ce.ref - 1]
    add_marked(p, entry)
    where = ce.evidence.locator
    if where and not page_locator(where):
        add_run(p, " " + " ".join(where.split()))
    add_run(p, f" [{ce.ref}]")


def _card_fonts(document) -> None:
    """Cards are set in one sans-serif font at Verbatim's sizes (11 pt text)."""
    from docx.shared import Pt

    ox.set_font(document.styles["Normal"].element, SANS)
    document.styles["Normal"].font.size = Pt(11)
