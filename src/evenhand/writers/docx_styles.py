"""The Word document every brief starts from: styles, page, footer, properties, language.

Styles carry all the formatting, so a teacher restyles a whole handout by
changing one style in Word. Names are Word's own where Word has one (Title,
Heading 1-4, List Bullet, List Number, Quote, Hyperlink), so the navigation
pane, the accessibility checker and "paste with destination styles" know them;
the cards add Verbatim's names (Pocket, Hat, Block, Tag, Cite, Underline).
"""

from __future__ import annotations

import datetime as _dt
import functools
import io

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Mm, Pt, RGBColor

from evenhand.brief import Brief
from evenhand.writers import docx_ooxml as ox

LANGUAGE = "en-US"  # the default; a brief's own comes from word_language()
SERIF = "Cambria"
SANS = "Calibri"
INK = "1D1D1F"
MUTED = "5B5B60"
RULE = "D8D4CC"
# The positions' colours, in the order of the brief's sections, as in the PDF (brief.css --pos-N).
POSITION_COLOURS = ("1D6B57", "7B3D8C", "9C5A12", "2C5D99", "5C5C5C")
PAGE_SIZES = {"letter": (Inches(8.5), Inches(11)), "a4": (Mm(210), Mm(297))}

# name: (based on, font, size pt, bold, italic, colour, space before, space after, outline level)
_PARAGRAPH_STYLES = {
    "Normal": (None, SERIF, 10.5, False, False, INK, 0, 4, None),
    "Title": ("Normal", SANS, 22, True, False, INK, 0, 4, None),
    "Subtitle": ("Normal", SERIF, 12.5, False, True, MUTED, 0, 4, None),
    "Heading 1": ("Normal", SANS, 14, True, False, INK, 14, 4, 0),
    "Heading 2": ("Normal", SANS, 11.5, True, False, INK, 10, 3, 1),
    "Heading 3": ("Normal", SANS, 10.5, True, False, INK, 8, 2, 2),
    "Heading 4": ("Normal", SANS, 10.5, True, True, INK, 6, 2, 3),
    "Quote": ("Normal", SERIF, 10, False, True, INK, 3, 1, None),
    "Kicker": ("Normal", SANS, 8, False, False, MUTED, 0, 0, None),
    "Note": ("Normal", SERIF, 9, False, False, MUTED, 0, 3, None),
    "Reference": ("Normal", SERIF, 9, False, False, INK, 0, 2, None),
    "Table Text": ("Normal", SANS, 8.5, False, False, INK, 0, 0, None),
    "Small Print": ("Normal", SANS, 7.5, False, False, MUTED, 2, 0, None),
    # the "Key terms" box, a rule at its left
    "Key Term": (
        "Normal",
        None,
        9,
        False,
        False,
        None,
        0,
        2,
        None,
    ),
    "List Bullet": ("Normal", None, None, False, False, None, 0, 2, None),
    "List Bullet 2": ("Normal", None, None, False, False, None, 0, 1, None),
    "List Bullet 3": ("Normal", None, None, False, False, None, 0, 1, None),
    "List Number": ("Normal", None, None, False, False, None, 0, 2, None),
    # Verbatim's names for debate files (the cards template).
    "Pocket": ("Heading 1", SANS, 24, True, False, INK, 12, 6, 0),
    "Hat": ("Heading 2", SANS, 18, True, False, INK, 12, 6, 1),
    "Block": ("Heading 3", SANS, 14, True, False, INK, 12, 4, 2),
    "Tag": ("Heading 4", SANS, 12, True, False, INK, 10, 2, 3),
    # the cite's paragraph: full citation smaller
    "Cite Line": (
        "Normal",
        None,
        9,
        False,
        False,
        None,
        0,
        2,
        None,
    ),
    "Card Text": ("Normal", None, 8, False, False, None, 0, 8, None),  # unread card text is small
}
# name: (font, size pt, bold, italic, underline, colour)
_CHARACTER_STYLES = {
    "Citation": (SANS, 8.5, False, False, False, MUTED),
    "Label": (SANS, 8, True, False, False, "FFFFFF"),
    "Hyperlink": (None, None, False, False, True, "1F4E8C"),
    "Cite": (SANS, 12, True, False, False, None),  # Verbatim: the short cite
    "Underline": (None, 11, False, False, True, None),  # Verbatim: the words read aloud
}


def position_colour(index: int) -> str:
    """The colour of the brief's section ``index`` (from 0), as the PDF draws it."""
    return POSITION_COLOURS[index % len(POSITION_COLOURS)]


def word_language(brief: Brief) -> str:
    """The document's language tag: that of the text the library wrote (as the HTML's `lang`),
    with a region as Word wants one: en → en-US, es → es-ES."""
    from evenhand.i18n import csl_locale

    language = brief.text_language or "en"
    if "-" in language:
        return language
    return csl_locale(language) or LANGUAGE


def new_document(brief: Brief, trans=None):
    """An empty document with the brief's styles, page size, footer (its words from ``trans``,
    a gettext catalogue) and properties."""
    import docx

    language = word_language(brief)
    document = docx.Document(io.BytesIO(_styled(language)))
    _page(document, brief.paper, trans)
    _properties(document, brief, language, trans)
    return document


@functools.lru_cache(maxsize=4)
def _styled(language: str) -> bytes:
    """python-docx's empty document, without its thumbnail, with the styles: made once per
    language and process (about 0.1 s each time), then opened from these bytes."""
    import docx

    document = docx.Document()
    ox.drop_thumbnail(document)
    _styles(document, language)
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def _styles(document, language: str = LANGUAGE) -> None:
    styles = document.styles
    ox.set_language(styles, language)
    # one walk: python-docx looks each name up by walking them all
    known = {s.name: s for s in styles}

    def get(name: str, kind):
        if name not in known:
            known[name] = styles.add_style(name, kind)
            known[name].quick_style = True
        return known[name]

    for name, (
        base,
        font,
        size,
        bold,
        italic,
        colour,
        before,
        after,
        level,
    ) in _PARAGRAPH_STYLES.items():
        style = get(name, WD_STYLE_TYPE.PARAGRAPH)
        if base and style.name != base:
            style.base_style = known[base]
        _font(style, font, size, bold, italic, colour)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if level is not None:
            ox.set_outline_level(style, level)
            fmt.keep_with_next = True
            style.next_paragraph_style = known["Normal"]
    known["Normal"].paragraph_format.line_spacing = 1.15
    title = known["Title"]
    for old in title.element.pPr.findall(ox.qn("w:pBdr")):  # the stock blue rule
        title.element.pPr.remove(old)
    ox.border(title.element.get_or_add_pPr(), "bottom", INK, 12, 4)
    title.paragraph_format.space_after = Pt(8)
    subtitle = known["Subtitle"].element  # the stock one has a stray list level and letter-spacing
    for parent, tag in ((subtitle.pPr, "w:numPr"), (subtitle.rPr, "w:spacing")):
        for old in parent.findall(ox.qn(tag)) if parent is not None else []:
            parent.remove(old)
    known["Quote"].paragraph_format.left_indent = Inches(0.3)
    known["Reference"].paragraph_format.left_indent = Inches(0.3)
    known["Reference"].paragraph_format.first_line_indent = Inches(-0.3)
    for name in ("Pocket", "Hat", "Block"):
        known[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    known["Key Term"].paragraph_format.left_indent = Inches(0.15)
    ox.border(known["Key Term"].element.get_or_add_pPr(), "left", RULE, 18, 8)
    ox.border(known["Pocket"].element.get_or_add_pPr(), "bottom", INK, 18, 4)
    ox.border(known["Hat"].element.get_or_add_pPr(), "bottom", INK, 6, 2)
    for name, (font, size, bold, italic, underline, colour) in _CHARACTER_STYLES.items():
        style = get(name, WD_STYLE_TYPE.CHARACTER)
        _font(style, font, size, bold, italic, colour)
        if underline:
            style.font.underline = True


def _font(style, name, size, bold, italic, colour) -> None:
    if name:
        ox.set_font(style.element, name)
    if size:
        style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)


def _page(document, paper: str, trans=None) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_SIZES.get(paper, PAGE_SIZES["letter"])
    section.top_margin, section.bottom_margin = Inches(0.75), Inches(0.7)
    section.left_margin = section.right_margin = Inches(0.8)
    section.footer_distance = Inches(0.35)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Small Print"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    import re

    text = (
        trans.gettext("Page %(page)s of %(pages)s")
        if trans is not None
        else "Page %(page)s of %(pages)s"
    )
    for piece in re.split(r"(%\((?:page|pages)\)s)", text):
        if piece in ("%(page)s", "%(pages)s"):
            ox.add_field(footer, "PAGE" if piece == "%(page)s" else "NUMPAGES")
        elif piece:
            footer.add_run(ox.xml_text(piece.replace("%%", "%")))


def _properties(document, brief: Brief, language: str = LANGUAGE, trans=None) -> None:
    props = document.core_properties
    props.title = _one_line(brief.title)
    props.subject = _one_line(
        brief.question or brief.subtitle or ", ".join(t.title for t in brief.main_topics)
    )
    props.author = props.last_modified_by = _one_line(brief.author or "evenhand")
    props.language = language
    props.keywords = _one_line(", ".join(brief.keywords))
    kind = {"cards": "Debate cards", "one-pager": "One-page brief"}.get(
        brief.template, "Debate brief"
    )
    props.category = trans.gettext(kind) if trans is not None else kind
    props.comments = ""
    props.revision = 1
    try:
        when = _dt.datetime.combine(_dt.date.fromisoformat(brief.date), _dt.time(), _dt.UTC)
    except ValueError:
        when = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
    props.created = props.modified = when.replace(tzinfo=None)


def _one_line(text: str) -> str:
    """A property value: one line, no control characters, at most 255 characters (python-docx's limit)."""
    return " ".join(ox.xml_text(text).split())[:255]
