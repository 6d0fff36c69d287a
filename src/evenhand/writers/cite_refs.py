"""How the text of a brief points at its sources, the same in HTML, PDF, Markdown and Word.

In an author-date style (APA, MLA, Chicago author-date) a piece of evidence,
a key fact or a key term is cited by the style's short citation, "(Selee et
al., 2021, p. 4)" (family names and year, or the source's short title when it
has no author), followed by any locator that is not a page: "(Selee et al.,
2021), Expanding Legal Migration Pathways". Its source list is alphabetical and
unnumbered. In a numbered style (``Bibliography.numbered``) the citation is the
source's number, "[3]" or "[3, p. 4]", and the list is numbered as cited.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from evenhand.brief import CitedEvidence
from evenhand.writers.citations import (
    Bibliography,
    alphabetical_key,
    marked_spans,
    marked_to_html,
    marked_to_markdown,
    page_locator,
    page_phrase,
)
from evenhand.writers.markup import escape_markdown


def _parts(bib: Bibliography, ce: CitedEvidence, locator: bool) -> tuple[str, str]:
    """(the citation as citeproc's marked text, the plain locator text that follows it or "")."""
    where = ce.evidence.locator
    page = page_locator(where)
    if bib.numbered:
        core = f"[{bib.number(ce.source)}{', ' + page_phrase(page) if page else ''}]"
    else:
        core = bib.short_cite_marked(ce.source, where)
    tail = ", " + " ".join(where.split()) if locator and where and not page else ""
    return core, tail


def cite_html(
    bib: Bibliography, ce: CitedEvidence, locator: bool = True, link: bool = True
) -> Markup:
    """The citation as HTML, a link to its entry in the source list (``#ref-n``; not with
    ``link=False``, for a page without the list), then the locator."""
    core, tail = _parts(bib, ce, locator)
    if not link:
        return Markup(marked_to_html(core)) + escape(tail)
    return Markup(
        f'<a class="cite-link" href="#ref-{bib.number(ce.source)}">{marked_to_html(core)}</a>'
    ) + escape(tail)


def cite_markdown(bib: Bibliography, ce: CitedEvidence, locator: bool = True) -> str:
    core, tail = _parts(bib, ce, locator)
    return marked_to_markdown(core) + escape_markdown(tail)


def cite_spans(
    bib: Bibliography, ce: CitedEvidence, locator: bool = True
) -> list[tuple[str, frozenset[str]]]:
    """The citation as (text, formats) spans, for Word's runs (see ``citations.marked_spans``)."""
    core, tail = _parts(bib, ce, locator)
    return marked_spans(core) + ([(tail, frozenset())] if tail else [])


def in_line_order(bib: Bibliography, shown) -> list:
    """The sources in the order a one-line list shows them (a one-pager's "Sources:"): the list's
    order in a numbered style, else alphabetical by what the line shows, ``shown(source)``."""
    if bib.numbered:
        return list(bib.sources)
    return sorted(bib.sources, key=lambda s: (alphabetical_key(shown(s)), s.id))


def list_marker(bib: Bibliography, source) -> str:
    """ "[n]" before an entry of a numbered list; "" in an unnumbered one."""
    return f"[{bib.number(source)}]" if bib.numbered else ""
