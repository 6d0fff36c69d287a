"""The cards template in Word, in Verbatim's layout, so debaters can paste cards into their files.

Walks the same card set as the HTML and Markdown cards (``evenhand.cards.build_cards``
→ ``brief.CardSet``), heading for heading:

    side          → "Pocket" (Heading 1): PRO, CON (or the one side of `--side`)
    position      → "Hat" (Heading 2): "CON · Critics on the left"; "Unanswered" after a side
    block         → "Block" (Heading 3): "Case", then "A2: <their tag> (<their label>)"
    claim's card  → "Tag" (Heading 4): "S1. <tag>", as the Markdown's "#### S1. <tag>"

Under a tag, per evidence item: the short cite in the "Cite" character style and
the full citation (smaller); then the card text, cut from the source's full text:
the words read aloud (the quotation) highlighted and in the "Underline"
character style, the source's words around them in the smaller "Card Text" size.
"""

from __future__ import annotations

import html
import re

from docx.enum.text import WD_COLOR_INDEX

from evenhand.brief import Brief, Card, CardCite, CardSet
from evenhand.writers import docx_ooxml as ox
from evenhand.writers import docx_parts as parts
from evenhand.writers import docx_terms
from evenhand.writers.citations import Bibliography
from evenhand.writers.docx_styles import MUTED, SANS, position_colour
from evenhand.writers.docx_text import (
    add_markdown,
    add_run,
    add_text_with_links,
    para,
    tr,
)

HIGHLIGHT = WD_COLOR_INDEX.YELLOW
_ITALIC = re.compile(r"(<i>.*?</i>)", re.S)
_TAG = re.compile(r"<[^>]*>")


def write_cards(document, brief: Brief, bib: Bibliography, cards: CardSet | None = None) -> None:
    """The card set (built bare from the brief when not given) as Verbatim-styled paragraphs."""
    if cards is None:
        from evenhand.cards import build_cards
        from evenhand.writers.card_cites import CardCiter

        cards = build_cards(brief, CardCiter(brief))
    _ = tr(document)
    _card_fonts(document)
    side = cards.sides[0].name if cards.side and cards.sides else None
    parts.masthead(document, brief, _("Debate cards"), extra=side)
    if brief.question:
        para(document, "Kicker", _("The question").upper())
        p = document.add_paragraph()
        add_run(p, " ".join(brief.question.split()), italic=True, size=12)
    terms_at = docx_terms.anchor(document)
    index_of = {s.position.id: i for i, s in enumerate(brief.sections)}
    for side_cards in cards.sides:
        para(document, "Pocket", side_cards.name)
        for pc in side_cards.positions:
            _position_cards(document, pc, index_of.get(pc.position.id, 0), bib.numbered)
        if side_cards.unanswered:
            para(document, "Hat", _("Unanswered"))
            para(document, "Note", _("Claims of the other side that no card here answers:"))
            for ref in side_cards.unanswered:
                p = para(document, "List Bullet")
                add_run(p, f"{ref.label}. ", bold=True)
                add_run(p, f"{ref.tag} ({ref.head})")
    if cards.sources:
        parts.sources(document, bib)
    parts.colophon(document, brief)
    docx_terms.fill(document, terms_at, brief.key_terms, compact=True)
    p = para(document, "Small Print")
    add_run(
        p,
        _(
            "Highlighted and underlined: the words of the source's quotation, found in its full text; "
            "smaller: the source's words around them."
        ),
    )


def _position_cards(document, pc, index: int, numbered: bool) -> None:
    """A position's hat, its case (a card per claim) and its "A2:" answer blocks."""
    _ = tr(document)
    para(document, "Hat", pc.head).runs[0].font.color.rgb = _rgb(position_colour(index))
    para(document, "Block", _("Case"))
    for card in pc.cards:
        _card(document, card, index, numbered)
    if not pc.cards:
        para(document, "Note", _("No claim for this position yet."))
    for block in pc.answers:
        para(document, "Block", f"A2: {block.target.tag} ({block.target.label})")
        para(
            document,
            "Note",
            _("Answers %(head)s, %(label)s, with (cards above):")
            % {"head": block.target.head, "label": block.target.label},
        )
        for card in block.answers:
            p = para(document, "List Bullet")
            add_run(p, f"{card.label}. ", bold=True)
            add_run(p, card.tag)
            shorts = list(dict.fromkeys(c.short_cite for c in card.cites))
            if shorts:
                add_run(p, f" ({'; '.join(shorts)})", style="Citation")


def _card(document, card: Card, index: int, numbered: bool) -> None:
    """The tag, then per evidence item its cites and card text; a claim without a quotation shows its text."""
    p = para(document, "Tag")
    add_run(p, f"{card.label}. ", colour=position_colour(index))
    add_run(p, card.tag)
    for cite in card.cites:
        _cite(document, cite, numbered)
        if cite.runs:
            text = para(document, "Card Text")
            for run in cite.runs:
                if run.kind == "read":
                    read_aloud(text, " ".join(run.text.split()), run.text)
                else:
                    add_run(text, run.text)
        if cite.note:
            n = para(document, "Note")
            add_run(n, tr(document)("Note:") + " ", italic=True)
            add_markdown(document, cite.note, inline_into=n)
    if not any(c.runs for c in card.cites) and card.text:
        add_markdown(document, card.text, style="Card Text")


def read_aloud(paragraph, words: str, raw: str | None = None) -> None:
    """The part of a card read aloud: highlighted (Word highlight) and in the Underline style.
    White space around ``raw`` stays outside the highlight."""
    raw = raw if raw is not None else words
    lead, trail = raw[: len(raw) - len(raw.lstrip())], raw[len(raw.rstrip()) :]
    if lead:
        add_run(paragraph, " ")
    run = add_run(paragraph, words, style="Underline")
    run.font.highlight_color = HIGHLIGHT
    if trail:
        add_run(paragraph, " ")


def _cite(document, cite: CardCite, numbered: bool) -> None:
    """ "Selee, Tanco & Ruiz Soto 2021" in Cite, then the full citation, the locator and [n] (in a
    numbered style), smaller."""
    p = para(document, "Cite Line")
    add_run(p, cite.short_cite, style="Cite")
    add_run(p, "  ")
    for piece in _ITALIC.split(cite.full_cite_html):
        italic = piece.startswith("<i>")
        text = html.unescape(_TAG.sub("", piece))
        if text:
            add_text_with_links(p, text, fmt=frozenset({"i"}) if italic else frozenset())
    if numbered:
        add_run(p, f" [{cite.ref}]", colour=MUTED)
    if cite.context:
        add_run(p, f" ({' '.join(cite.context.split())})", italic=True)


def _rgb(hex_colour: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_colour)


def _card_fonts(document) -> None:
    """Cards are set in one sans-serif font at Verbatim's sizes (11 pt text)."""
    from docx.shared import Pt

    ox.set_font(document.styles["Normal"].element, SANS)
    document.styles["Normal"].font.size = Pt(11)
