"""The "Key terms" box in a Word brief, as in the PDF: the brief's glossary terms that the
document's own text uses, in order of first use, near the start.

A writer puts an anchor where the box goes (after the question, or the overview),
writes the rest of the document, then fills the anchor: the terms are found in the
text of the document as written (the title, the colophon and the sources left out,
as the HTML leaves out its <h1>, links and footer), like ``writers.key_terms.first_uses``
does for a page. The handout gets a box (a heading, one paragraph per term); the
one-pager and the cards a compact line, the one-pager's with at most ``limit`` terms
and the count of those it left out.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from evenhand.glossary import KeyTerm, TermFinder
from evenhand.writers.cite_refs import cite_spans
from evenhand.writers.docx_text import add_run, add_text_with_links, para, translations

SKIPPED_STYLES = ("Title", "Kicker", "Small Print", "Reference")


def anchor(document):
    """An empty paragraph where the box will go (removed by ``fill``)."""
    return para(document, "Normal")


def used_terms(document, terms: list[KeyTerm], skip=None) -> list[KeyTerm]:
    """The ``terms`` the document's body text uses (tables included), in order of first use."""
    if not terms:
        return []
    finder = TermFinder(terms)
    ids = {s.style_id for s in document.styles if s.name in SKIPPED_STYLES}
    texts = []
    for p in document.element.body.iter(qn("w:p")):
        if skip is not None and p is skip:
            continue
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in ids:
            continue
        texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return [terms[i] for i in finder.first_uses(texts)]


def fill(
    document,
    where,
    terms: list[KeyTerm],
    *,
    compact: bool = False,
    limit: int | None = None,
    bib=None,
) -> list[KeyTerm]:
    """Put the box (or, ``compact``, one line) in place of the anchor paragraph ``where``;
    returns the terms shown. The box cites each definition's sources with ``bib``'s citations."""
    used = used_terms(document, terms, skip=where._p)
    shown = used[:limit] if limit is not None else used
    left_out = len(used) - len(shown)
    t = translations(document)
    if compact and (shown or left_out):
        _compact_line(document, where, t, shown, left_out)
    elif shown:
        _box(document, where, t, shown, bib)
    where._p.getparent().remove(where._p)
    return shown


def _compact_line(document, where, t, shown: list[KeyTerm], left_out: int) -> None:
    """The one-pager's single "Key terms:" paragraph, saying how many terms had no room."""
    p = where.insert_paragraph_before(style=document.styles["Key Term"])
    add_run(p, t.gettext("Key terms:") + " ", bold=True)
    for n, term in enumerate(shown):
        add_run(p, term.term, bold=True)
        add_run(
            p, "\u00a0\u2013 " + term.definition.rstrip(".") + ("; " if n < len(shown) - 1 else "")
        )
    if left_out:
        if shown:
            note = t.ngettext(
                "%(num)d more key term left out for space",
                "%(num)d more key terms left out for space",
                left_out,
            )
        else:
            note = t.ngettext(
                "%(num)d key term left out for space",
                "%(num)d key terms left out for space",
                left_out,
            )
        add_run(p, ("; " if shown else "") + note % {"num": left_out}, italic=True)
    add_run(p, ".")


def _box(document, where, t, shown: list[KeyTerm], bib) -> None:
    """The handout's "Key terms" section: each term, its definition and its sources' cites."""
    where.insert_paragraph_before(t.gettext("Key terms"), style=document.styles["Heading 1"])
    for term in shown:
        p = where.insert_paragraph_before(style=document.styles["Key Term"])
        add_run(p, term.term, bold=True)
        add_run(p, "\u00a0\u2013 " + term.definition)
        for i, ce in enumerate(term.evidence if bib is not None else []):
            add_run(p, "; " if i else "\u00a0", style="Citation")
            for text, fmt in cite_spans(bib, ce, locator=False):
                add_text_with_links(p, text, fmt=fmt, style="Citation")
