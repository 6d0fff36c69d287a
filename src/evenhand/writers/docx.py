"""Brief → a Word document (.docx) with real structure, for the built-in templates.

Works from the assembled Brief, like the HTML and Markdown writers (no HTML is
read back): headings for the question, the positions and the claims, Word's
list and quote styles, tables with header rows, citations from citeproc with
links, the argument map as a PNG with its alternative text and its outline.
`handout` and `one-pager` are laid out here, `cards` in `docx_cards`.
A library's own HTML templates do not apply: Word output has its own layouts.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.shared import Inches, Pt

from evenhand.brief import Brief
from evenhand.paths import BUILTIN_TEMPLATES
from evenhand.writers import docx_ooxml as ox
from evenhand.writers import docx_parts as parts
from evenhand.writers import docx_terms
from evenhand.writers.citations import Bibliography
from evenhand.writers.cite_refs import in_line_order, list_marker
from evenhand.writers.docx_focus import focus_line, focus_note, write_focus
from evenhand.writers.docx_styles import MUTED, new_document, position_colour
from evenhand.writers.docx_text import (
    add_markdown,
    add_run,
    para,
    set_translations,
    tr,
    translations,
)

TEMPLATES = BUILTIN_TEMPLATES  # the templates that have a Word layout
MAP_TEMPLATES = ("handout",)  # those that show the argument map


def render(
    brief: Brief,
    *,
    brief_map=None,
    cards=None,
    key_terms_limit: int | None = None,
    library_root=None,
) -> bytes:
    """The brief as .docx bytes. ``brief_map`` (evenhand.writers.brief_map.BriefMap, with PNG pages)
    adds the argument map to the handout; ``cards`` (brief.CardSet, from evenhand.cards) is the
    cards template's (built bare when not given); ``key_terms_limit``: how many key terms the
    one-pager shows. Fixed texts come from the catalogue of ``brief.language``."""
    from evenhand import i18n

    if brief.template not in TEMPLATES:
        raise ValueError(f"no Word layout for template '{brief.template}'")
    trans = i18n.translations(brief.language, library_root)
    document = new_document(brief, trans)
    set_translations(document, trans)
    bib = Bibliography(brief.references, brief.citation_style, brief.language, trans)
    if brief.template == "cards":
        from evenhand.writers.docx_cards import write_cards

        write_cards(document, brief, bib, cards)
    elif brief.template == "one-pager":
        _one_pager(document, brief, bib, key_terms_limit)
    else:
        _handout(document, brief, bib, brief_map)
    return parts.save(document, brief.date)


def _handout(document, brief: Brief, bib: Bibliography, brief_map) -> None:
    _ = tr(document)
    parts.masthead(document, brief, _("Debate brief"))
    if brief.focus:
        focus_line(document, brief.focus)
    parts.question(document, brief)
    _overview(document, brief)
    terms_at = docx_terms.anchor(document)
    if brief.background:
        para(document, "Heading 1", _("Background"))
        add_markdown(document, brief.background)
    _facts(document, brief, bib)
    if brief.focus:  # the case, the objections and the answers instead of one section per position
        write_focus(document, brief, brief.focus, bib, compact=False)
    else:
        _positions(document, brief, bib)
        _clashes(document, brief)
    if brief.questions:
        para(document, "Heading 1", _("Questions for discussion"))
        for q in brief.questions:
            add_markdown(document, q, style="List Number")
    _balance(document, brief)
    parts.sources(document, bib)
    parts.argument_map(document, brief_map, parts.text_width(document))
    parts.colophon(document, brief)
    docx_terms.fill(document, terms_at, brief.key_terms, bib=bib)


def _facts(document, brief: Brief, bib: Bibliography) -> None:
    """ "Key facts": a bullet each, its sources' citations after it."""
    if not brief.facts:
        return
    para(document, "Heading 1", tr(document)("Key facts"))
    for bf in brief.facts:
        p = para(document, "List Bullet")
        add_markdown(document, bf.fact.text, inline_into=p)
        for i, ce in enumerate(bf.evidence):
            add_run(p, "; " if i else "\u00a0", style="Citation")
            parts.citation(p, bib, ce, locator=False)


def _positions(document, brief: Brief, bib: Bibliography) -> None:
    """One section per position: its heading, then its claims."""
    _ = tr(document)
    for index, section in enumerate(brief.sections):
        parts.position_heading(document, section, index)
        for bc in section.claims:
            _claim(document, bib, bc, index)
        if not section.claims:
            para(document, "Note", _("No claim for this position in the library yet."))


def _clashes(document, brief: Brief) -> None:
    """ "Where they clash": who answers whom."""
    if not brief.clashes:
        return
    _ = tr(document)
    para(document, "Heading 1", _("Where they clash"))
    for x in brief.clashes:
        p = para(document, "List Bullet")
        add_run(p, x.attacker.label + " ", bold=True)
        add_run(p, x.attacker.claim.title, italic=True)
        add_run(p, f" {_('answers')} ", colour=MUTED)
        add_run(p, x.target.label + " ", bold=True)
        add_run(p, x.target.claim.title, italic=True)


def _overview(document, brief: Brief) -> None:
    """ "The positions at a glance": one column per position, its claims' labels and titles."""
    if not brief.sections:
        return
    _ = tr(document)
    para(document, "Heading 1", _("The positions at a glance"))

    def head(index, section):
        def fill(cell):
            p = cell.paragraphs[0]
            parts.badge(p, section.letter, index)
            add_run(p, section.position.label, bold=True, colour=position_colour(index))

        return fill

    def body(section):
        def fill(cell):
            first = True
            for bc in section.claims or [None]:
                p = cell.paragraphs[0] if first else para(cell, "Table Text")
                first = False
                if bc is None:
                    add_run(p, _("No claim in this brief."), italic=True)
                    continue
                add_run(p, bc.label + " ", bold=True)
                add_run(p, bc.claim.title)

        return fill

    parts.table(
        document,
        [head(i, s) for i, s in enumerate(brief.sections)],
        [[body(s) for s in brief.sections]],
    )


def _claim(document, bib: Bibliography, bc, index: int) -> None:
    p = para(document, "Heading 2")
    parts.badge(p, bc.label, index)
    add_run(p, bc.claim.title)
    add_markdown(document, bc.claim.text)
    colour = position_colour(index)
    for ce in bc.evidence:
        if ce.evidence.quote:
            q = para(document, "Quote")
            add_run(q, f"“{' '.join(ce.evidence.quote.split())}”")
            ox.border(q._p.get_or_add_pPr(), "left", colour, 12, 6)
            q.paragraph_format.keep_with_next = True
        c = para(document, "Note")
        c.paragraph_format.left_indent = Pt(21.6)
        parts.citation(c, bib, ce)
        if ce.evidence.context:
            add_run(c, f" ({' '.join(ce.evidence.context.split())})")
        if ce.evidence.note:
            n = para(document, "Note")
            n.paragraph_format.left_indent = Pt(21.6)
            add_markdown(document, ce.evidence.note, inline_into=n)


def _balance(document, brief: Brief) -> None:
    _ = tr(document)
    para(document, "Heading 1", _("Appendix: balance of this brief"))
    rows = [r.cells() for r in brief.balance]
    parts.table(
        document,
        [
            _("Position"),
            _("Claims"),
            _("Words"),
            _("Evidence"),
            _("Quoted"),
            _("Notes"),
            _("Context"),
            _("2nd-hand"),
            _("Reading grade"),
        ],
        rows,
    )
    para(
        document,
        "Note",
        (focus_note(brief.focus, _) if brief.focus else "")
        + _(
            "Words count the claims' titles and texts; evidence counts cited passages: quoted, with our note, with a "
            "context acknowledgement. 2nd-hand: the share of claims most of whose evidence comes from a source arguing "
            "another side. Balance mode: %(mode)s."
        )
        % {"mode": _(brief.balance_mode)}
        + " "
        + _(
            "Reading grade: the U.S. school grade of each claim's title and text (%(formula)s), the median of the "
            "position and, in brackets, its lowest and highest."
        )
        % {"formula": brief.reading_formula},
    )


def _one_pager(
    document, brief: Brief, bib: Bibliography, key_terms_limit: int | None = None
) -> None:
    """Question, the key terms line, then one column per position (a section with newspaper
    columns), then the sources line."""
    _ = tr(document)
    _compact(document)
    parts.masthead(document, brief, _("One-page brief"))
    if brief.focus:
        focus_line(document, brief.focus)
    parts.question(document, brief)
    terms_at = docx_terms.anchor(document)
    if brief.focus:
        write_focus(document, brief, brief.focus, bib, compact=True)
    columns = document.add_section(WD_SECTION.CONTINUOUS)
    ox.set_columns(columns, 1 if brief.focus else max(1, len(brief.sections)))
    for index, section in enumerate(brief.sections if not brief.focus else []):
        heading = parts.position_heading(document, section, index, stance=False)
        if index:  # each position starts its own column
            heading.runs[0]._r.addprevious(_column_break())
        for bc in section.claims:
            _one_pager_claim(document, bib, bc, index)
        if not section.claims:
            para(document, "Note", _("No claim for this position yet."))
    tail = document.add_section(WD_SECTION.CONTINUOUS)
    ox.set_columns(tail, 1)
    _one_pager_foot(document, brief, bib)
    docx_terms.fill(document, terms_at, brief.key_terms, compact=True, limit=key_terms_limit)


def _one_pager_claim(document, bib: Bibliography, bc, index: int) -> None:
    """A claim in its column: its title, its first sentence, its best evidence (a quotation first)."""
    from evenhand.writers.html import first_sentence

    para(document, "Heading 2", ox.xml_text(bc.claim.title))
    if bc.claim.text:
        add_markdown(document, first_sentence(bc.claim.text))
    quoted = [ce for ce in bc.evidence if ce.evidence.quote] + list(bc.evidence)
    if not quoted:
        return
    parts.quote(document, bib, quoted[0], index, indent=0, locator=False)


def _one_pager_foot(document, brief: Brief, bib: Bibliography) -> None:
    """The sources line and the balance line, in small print."""
    _ = tr(document)
    if brief.references:
        p = para(document, "Small Print")
        ox.border(p._p.get_or_add_pPr(), "top", "D8D4CC", 4, 4)
        add_run(p, _("Sources:") + " ", bold=True)
        add_run(
            p,
            "; ".join(
                f"{list_marker(bib, s)}\u00a0{bib.cite_line(s)}".lstrip("\u00a0")
                for s in in_line_order(bib, bib.cite_line)
            )
            + ".",
        )
    ngettext = translations(document).ngettext
    balance = "; ".join(
        f"{r.position.label} {ngettext('%(num)d claim', '%(num)d claims', r.claims) % {'num': r.claims}}, "
        f"{ngettext('%(num)d word', '%(num)d words', r.words) % {'num': r.words}}"
        for r in brief.balance
    )
    from evenhand import __version__

    para(
        document,
        "Small Print",
        f"{focus_note(brief.focus, _) if brief.focus else ''}{_('Balance:')} {balance}. "
        + _("Built with %(generator)s.") % {"generator": f"evenhand {__version__}"},
    )


def _compact(document) -> None:
    """The one-pager's sizes: smaller type and margins than the handout, so that it keeps to one page
    in Word and LibreOffice even where their fonts fall back to wider ones."""
    styles = {s.name: s for s in document.styles}
    sizes = {
        "Normal": (8.5, 0, 2),
        "Title": (16, 0, 4),
        "Heading 1": (10.5, 0, 3),
        "Heading 2": (9, 5, 1),
        "Quote": (8, 1, 0),
        "Kicker": (7, 0, 0),
        "Small Print": (7, 2, 0),
    }
    for name, (size, before, after) in sizes.items():
        style = styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before, style.paragraph_format.space_after = (
            Pt(before),
            Pt(after),
        )
    styles["Normal"].paragraph_format.line_spacing = 1.05
    section = document.sections[0]
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = (
        Inches(0.6)
    )


def _column_break():
    """A run holding a column break (put first in a paragraph, it starts the next column)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "column")
    run.append(br)
    return run
