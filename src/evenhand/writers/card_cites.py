"""A debate card's cites: the short cite (family names and year) and the full cite (the
style's entry with the locator, URL and access date). Built on ``citations``."""

from __future__ import annotations

import gettext
import html
import re

from evenhand.brief import Brief
from evenhand.model import Source
from evenhand.writers.citations import Bibliography, marked_to_text, page_locator
from evenhand.writers.markup import escape_markdown

_URL_OK = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


def card_short_cite(source: Source, trans: gettext.NullTranslations | None = None) -> str:
    """A debate card's short cite, family names and year: "Selee 2021", "Giorguli & Selee 2021",
    "Selee, Tanco & Ruiz Soto 2021", "Cole et al. 2021". Without an author the publisher, the
    container's title or the title's first words stand in, so a cite never starts with a bare year."""

    def clean(text: str | None) -> str:
        return " ".join(marked_to_text(text or "").split())

    names = [
        clean(n.literal)
        or clean(" ".join(p for p in (n.non_dropping_particle, n.family) if p))
        or clean(n.given)
        for n in source.author
    ]
    names = [n for n in names if n]
    if len(names) > 3:
        who = f"{names[0]} et al."
    elif len(names) > 1:
        who = ", ".join(names[:-1]) + " & " + names[-1]
    elif names:
        who = names[0]
    else:
        who = (
            clean(source.publisher)
            or clean(source.container_title)
            or _short_title(clean(source.title))
        )
    year = re.match(r"\d{4}", clean(source.issued))
    return (
        f"{who} {year.group() if year else (trans or gettext.NullTranslations()).gettext('n.d.')}"
    )


def _short_title(title: str, words: int = 6) -> str:
    """A title before its colon, at most ``words`` words ("…" when cut)."""
    head = re.split(r":\s", title, maxsplit=1)[0]
    parts = head.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def card_full_cite(bib: Bibliography, source: Source, locator: str | None) -> tuple[str, str, str]:
    """A debate card's full cite: the style's reference entry, then the locator ("p. 12", a section)
    and, when the record has them and the style left them out, the URL and access date.
    As (plain text, HTML, Markdown)."""
    plain, html_text, md = bib.entry_forms(source)
    extra: list[str] = []
    page = page_locator(locator)
    if page:
        extra.append(f"pp. {page.replace('-', '–')}" if "-" in page else f"p. {page}")
    elif locator and locator.strip():
        extra.append(bib.trans.gettext("At:") + " " + " ".join(locator.split()))
    if source.URL and _URL_OK.match(source.URL) and source.URL not in plain:
        extra.append(source.URL)
    if source.accessed and source.accessed.strip():
        from evenhand.i18n import long_date

        when = long_date(source.accessed.strip(), getattr(bib, "language", "en"))
        extra.append(bib.trans.gettext("Accessed %(date)s") % {"date": when})
    tail = "".join(
        f" {marked_to_text(e)}" + ("" if e.endswith((".", "?", "!")) else ".") for e in extra
    )
    return plain + tail, html_text + html.escape(tail, quote=False), md + escape_markdown(tail)


class CardCiter:
    """The card cites of one brief, in its citation style and language (``cards.Citer``)."""

    def __init__(self, brief: Brief):
        self.bib = Bibliography(
            brief.references, brief.citation_style, brief.language, _translations(brief.language)
        )

    def short(self, source: Source) -> str:
        return card_short_cite(source, self.bib.trans)

    def full(self, source: Source, locator: str | None) -> tuple[str, str, str]:
        return card_full_cite(self.bib, source, locator)

    def where(self, locator: str | None) -> str | None:
        if not locator:
            return None
        page = page_locator(locator)
        return f"p. {page}" if page else " ".join(locator.split())


def _translations(language: str) -> gettext.NullTranslations | None:
    """The built-in catalogue of ``language`` for the cites' fixed words; None (English) without one."""
    from evenhand import i18n

    try:
        return i18n.translations(language)
    except i18n.UnknownLanguage:
        return None
