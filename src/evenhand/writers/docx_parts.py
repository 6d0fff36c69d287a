"""Pieces every Word brief shares: title block, question, position badges, citations,
tables with header rows, the source list, the argument map, and saving."""

from __future__ import annotations

import io
import struct
import zipfile

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Inches, Pt

from evenhand.brief import Brief, CitedEvidence
from evenhand.writers import docx_ooxml as ox
from evenhand.writers.citations import Bibliography
from evenhand.writers.cite_refs import cite_spans
from evenhand.writers.docx_styles import MUTED, position_colour
from evenhand.writers.docx_text import (
    add_markdown,
    add_marked,
    add_run,
    add_text_with_links,
    para,
    style_id,
    tr,
    translations,
)

MAP_MAX_HEIGHT = Inches(8.2)
MAP_DPI = 300


def masthead(document, brief: Brief, kind: str, extra: str | None = None) -> None:
    """Kicker line (kind, ``extra``, date, author), title, subtitle; ``kind`` already translated."""
    from evenhand.i18n import long_date

    kicker = para(document, "Kicker")
    parts = [kind, *([extra] if extra else []), long_date(brief.date, brief.language)] + (
        [brief.author] if brief.author else []
    )
    add_run(kicker, " · ".join(parts).upper())
    para(document, "Title", ox.xml_text(brief.title))
    if brief.subtitle:
        para(document, "Subtitle", ox.xml_text(brief.subtitle))


def question(document, brief: Brief, heading: str = "Heading 1") -> None:
    """ "The question" as a kicker, then the question itself as a heading (so it is in the outline)."""
    if not brief.question:
        return
    _ = tr(document)
    para(document, "Kicker", _("The question").upper())
    para(document, heading, ox.xml_text(" ".join(brief.question.split())))


def badge(paragraph, text: str, index: int) -> None:
    """A position letter or claim label (S, L2...) on the position's colour, as in the PDF."""
    run = add_run(paragraph, f"\u00a0{text}\u00a0", style="Label")
    ox.shade(run._r.get_or_add_rPr(), position_colour(index))
    add_run(paragraph, " ")


def position_heading(document, section, index: int, style: str = "Heading 1", stance: bool = True):
    """The position's heading: its letter badge, its label in its colour, a rule beneath."""
    p = para(document, style)
    badge(p, section.letter, index)
    add_run(p, section.position.label, colour=position_colour(index))
    if stance:
        from evenhand.i18n import STANCES

        word = translations(document).gettext(
            STANCES.get(section.position.stance, section.position.stance)
        )
        add_run(p, f"  {word.upper()}", size=8, colour=MUTED, bold=False)
    ox.border(p._p.get_or_add_pPr(), "bottom", position_colour(index), 12, 2)
    return p


def citation(paragraph, bib: Bibliography, ce: CitedEvidence, *, locator: bool = True) -> None:
    """ "(Selee et al., 2021), Section" ("[3]" in a numbered style) in the Citation character style."""
    for text, fmt in cite_spans(bib, ce, locator):
        add_text_with_links(paragraph, text, fmt=fmt, style="Citation")


def quote(
    document, bib: Bibliography, ce: CitedEvidence, index: int, *, indent: float, locator: bool
) -> None:
    """A piece of evidence as a "Quote" paragraph with its position's bar: the quotation (or the
    note when there is none) and its citation."""
    q = para(document, "Quote")
    q.paragraph_format.left_indent = Pt(indent)
    ox.border(q._p.get_or_add_pPr(), "left", position_colour(index), 12, 4)
    if ce.evidence.quote:
        add_run(q, f"\u201c{' '.join(ce.evidence.quote.split())}\u201d ")
    elif ce.evidence.note:
        add_markdown(document, ce.evidence.note, inline_into=q)
        add_run(q, " ")
    citation(q, bib, ce, locator=locator)


def table(document, header: list, rows: list[list], *, widths: list | None = None):
    """A table whose first row is marked as its header row. Cells are callables(cell) or text."""
    t = document.add_table(rows=1 + len(rows), cols=len(header))
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    ox.mark_header_row(t.rows[0])
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = t.rows[r].cells[c]
            if widths:
                cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id(paragraph.part, "Table Text")
            if callable(value):
                value(cell)
            else:
                add_run(paragraph, str(value), bold=r == 0)
    return t


def sources(
    document, bib: Bibliography, heading: str = "Heading 1", numbers: set[int] | None = None
) -> None:
    """ "Sources": each citeproc entry (numbered [n] as cited in a numbered style, else in
    alphabetical order), URLs as links (only ``numbers`` when given)."""
    if not bib.sources:
        return
    para(document, heading, tr(document)("Sources"))
    for n, entry in enumerate(bib.entries_marked(), 1):
        if numbers is not None and n not in numbers:
            continue
        p = para(document, "Reference")
        if bib.numbered:
            add_run(p, f"[{n}]\t")
        add_marked(p, entry)


def argument_map(document, brief_map, width) -> None:
    """Each map page: its heading, the drawing (PNG with alt text), its outline as a nested list."""
    if brief_map is None or not brief_map.pages:
        return
    _ = tr(document)
    para(document, "Heading 1", _("Argument map"))
    for page in brief_map.pages:
        if page.heading:
            para(document, "Heading 2", ox.xml_text(page.heading))
        if getattr(page, "png", None):
            w, h = png_size(page.png)
            natural_w, natural_h = Inches(w / MAP_DPI), Inches(h / MAP_DPI)
            scale = min(1.0, width / natural_w, MAP_MAX_HEIGHT / natural_h)
            p = document.add_paragraph()
            shape = p.add_run().add_picture(io.BytesIO(page.png), width=int(natural_w * scale))
            ox.set_alt_text(shape, page.alt, _("Argument map"))
        for depth, item in getattr(page, "outline_items", []):
            style = "List Bullet" if depth == 0 else f"List Bullet {min(depth + 1, 3)}"
            p = para(document, style)
            add_run(p, f"{item.lead}: ", bold=True)
            add_run(p, " ".join(item.title.split()))
            if item.also:
                add_run(p, f" ({_('also')} " + "; ".join(item.also) + ")", colour=MUTED)
    if brief_map.subtopics:
        p = para(document, "Note")
        add_run(
            p,
            _("Sub-topics, each with a map of its own: %(titles)s.")
            % {"titles": "; ".join(brief_map.subtopics)},
        )


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header."""
    return struct.unpack(">II", data[16:24])


def text_width(document):
    s = document.sections[-1]
    return s.page_width - s.left_margin - s.right_margin


def colophon(document, brief: Brief) -> None:
    from evenhand import __version__
    from evenhand.i18n import long_date

    para(
        document,
        "Small Print",
        tr(document)("Built with %(generator)s on %(date)s.")
        % {"generator": f"evenhand {__version__}", "date": long_date(brief.date, brief.language)},
    )


def save(document, date: str) -> bytes:
    """The .docx bytes; every part dated ``date`` (ISO), so the same brief gives the same bytes."""
    raw = io.BytesIO()
    document.save(raw)
    try:
        y, m, d = (int(x) for x in date.split("-"))
        stamp = (max(y, 1980), m, d, 0, 0, 0)
    except ValueError:
        stamp = (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=stamp),
                src.read(info.filename),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()
