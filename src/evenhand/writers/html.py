"""Brief → one standalone HTML5 page (CSS inline, no local links), also the PDF's source.

The template is `<template>.html.j2`, looked up in the library's templates/
first. Argument text reaches the template only as data: autoescaped, and
Markdown through the sanitising filters.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from evenhand.brief import Brief

PAGE_SIZES = {"letter": "letter", "a4": "A4"}


def long_date(iso: str) -> str:
    """2024-03-05 → March 5, 2024 (the ISO text itself when it is not a date)."""
    try:
        d = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d:%B} {d.day}, {d.year}"


def is_page(locator: str | None) -> bool:
    """A page locator goes into the citation itself (``Bibliography.short_cite_html``);
    any other locator is shown beside it."""
    from evenhand.writers.citations import page_locator

    return page_locator(locator) is not None


_SENTENCE_END = re.compile(r"([.!?][\"”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])")


def first_sentence(text: str | None) -> str:
    """The first sentence of a claim's first paragraph: the one-pager's summary line."""
    para = " ".join((text or "").strip().split("\n\n", 1)[0].split())
    m = _SENTENCE_END.search(para)
    return para[: m.end(1)] if m else para


def default_cards(brief: Brief, library_root, template: str):
    """The brief's card set without source texts (bare quotations), for a template that shows
    cards when the caller gave none; None for any other template."""
    from evenhand.writers.templating import uses_variable

    if not uses_variable(library_root, template, "cards"):
        return None
    from evenhand.cards import build_cards
    from evenhand.writers.card_cites import CardCiter

    return build_cards(brief, CardCiter(brief))


def render(
    brief: Brief,
    *,
    library_root: str | Path | None,
    brief_map=None,
    key_terms_limit: int | None = None,
    cards=None,
    type_size: float | None = None,
) -> str:
    """The page as text. ``brief_map`` (evenhand.writers.brief_map.BriefMap) fills the handout's
    optional argument-map slot: its ``pages`` (heading, svg, alt, outline) and ``subtopics``.

    The key-terms box lists the brief's glossary terms that the page's own text
    uses, in order of first use, and the first use of each is marked (a first
    rendering finds them). ``key_terms_limit``: how many a template with little
    room (the one-pager) shows; it says how many it left out. ``cards``
    (brief.CardSet) is the cards template's (built bare when not given).
    ``type_size``: the printed body size in points that a one-pager is fitted at
    (evenhand.page_fit); None: the template's own.
    """
    from markupsafe import Markup

    from evenhand import __version__, i18n
    from evenhand.writers.citations import Bibliography
    from evenhand.writers.cite_refs import cite_html, in_line_order
    from evenhand.writers.key_terms import first_uses, mark_first_uses
    from evenhand.writers.templating import render as render_template

    trans = i18n.translations(brief.language, library_root)
    bib = Bibliography(brief.references, brief.citation_style, brief.language, trans)
    refs = {s.id: i for i, s in enumerate(brief.references, 1)}
    topic_titles = ", ".join(t.title for t in brief.main_topics)
    if cards is None:
        cards = default_cards(brief, library_root, f"{brief.template}.html.j2")

    def page(key_terms: list) -> str:
        return render_template(
            library_root,
            f"{brief.template}.html.j2",
            language=brief.language,
            brief=brief,
            bib=bib,
            refs=refs,
            cite=lambda ce, locator=True, link=True: cite_html(bib, ce, locator, link),
            line_sources=lambda: in_line_order(bib, bib.cite_line),
            lang=brief.text_language,  # the page's text (hyphenation follows it); fixed texts are in brief.language
            page_size=PAGE_SIZES.get(brief.paper, "letter"),
            page_counter=Markup(i18n.page_counter_css(trans)),
            date_long=i18n.long_date(brief.date, brief.language),
            author=brief.author or "evenhand",
            description=brief.question or brief.subtitle or topic_titles,
            topic_titles=topic_titles,
            is_page=is_page,
            first_sentence=first_sentence,
            stances={k: trans.gettext(v) for k, v in i18n.STANCES.items()},
            balance_mode=trans.gettext(brief.balance_mode),
            reading_formula=brief.reading_formula,
            key_terms=key_terms[:key_terms_limit] if key_terms_limit is not None else key_terms,
            key_terms_left_out=max(0, len(key_terms) - key_terms_limit)
            if key_terms_limit is not None
            else 0,
            generator=f"evenhand {__version__}",
            brief_map=brief_map,
            cards=cards,
            type_size=type_size,
        )

    if not brief.key_terms:
        return page([])
    text = page([])
    terms = first_uses(text, brief.key_terms)
    if terms:
        text = page(terms)
    shown = terms[:key_terms_limit] if key_terms_limit is not None else terms
    return mark_first_uses(text, shown)
