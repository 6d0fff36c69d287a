"""Small WordprocessingML pieces that python-docx has no API for: hyperlinks, fields,
table header rows, alternative text, language, outline levels, shading, columns.

Each helper edits the XML of one python-docx object in place.
"""

from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that XML 1.0 can hold: control characters (other than tab and line ends) dropped."""
    return _CONTROL.sub("", text)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http, https or mailto (the links the other formats keep), else None."""
    url = (url or "").strip()
    return url if _URL.match(url) else None


def add_hyperlink(
    paragraph, url: str, text: str, *, char_style: str | None = "Hyperlink", run_props=None
):
    """Append ``text`` as a link to ``url`` (an external relationship); returns the w:r element.

    ``char_style`` is a style id; ``run_props`` is called with the new run's w:rPr to add formatting (italics...).
    """
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if char_style:
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), char_style)
        rpr.append(style)
    if run_props is not None:
        run_props(rpr)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = xml_text(text)
    run.append(t)
    link.append(run)
    paragraph._p.append(link)
    return run


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A field (PAGE, NUMPAGES...) as begin / instruction / separate / result / end runs."""

    def fld(kind: str):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        return r

    instr = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instruction} "
    instr.append(t)
    result = OxmlElement("w:r")
    rt = OxmlElement("w:t")
    rt.text = placeholder
    result.append(rt)
    for el in (fld("begin"), instr, fld("separate"), result, fld("end")):
        paragraph._p.append(el)


# Where an element goes among its siblings (WordprocessingML fixes the order).
_RPR_AFTER_SHD = (
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_TCPR_AFTER_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
_PPR_AFTER_BDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _insert(parent, element, successors: tuple[str, ...]) -> None:
    """Put ``element`` before the first of its ``successors`` present in ``parent``, else last."""
    tags = {qn(s) for s in successors}
    for child in parent:
        if child.tag in tags:
            child.addprevious(element)
            return
    parent.append(element)


def mark_header_row(row) -> None:
    """The row is the table's header: repeated on every page, read as column headers, never split."""
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    _insert(tr_pr, cant, ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    _insert(tr_pr, header, ("w:tblCellSpacing", "w:jc", "w:hidden"))


def shade(element_pr, fill: str) -> None:
    """Background colour (hex RRGGBB) of a run (w:rPr) or a cell (w:tcPr)."""
    for old in element_pr.findall(qn("w:shd")):
        element_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert(element_pr, shd, _TCPR_AFTER_SHD if element_pr.tag == qn("w:tcPr") else _RPR_AFTER_SHD)


def border(p_pr, side: str, color: str, size_eighths: int = 12, space: int = 4) -> None:
    """A paragraph border on one side (left, bottom...), as the PDF's coloured rules."""
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert(p_pr, borders, _PPR_AFTER_BDR)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    order = ("top", "left", "bottom", "right", "between", "bar")
    _insert(borders, line, tuple(f"w:{s}" for s in order[order.index(side) + 1 :]))


def set_alt_text(inline_shape, description: str, title: str = "") -> None:
    """Alternative text of a picture: wp:docPr/@descr (what Word shows as "Alt Text")."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", xml_text(description))
    if title:
        doc_pr.set("title", xml_text(title))


def set_language(styles, lang: str) -> None:
    """The document's language: w:lang in the style defaults (every run inherits it)."""
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        _insert(rpr, el, ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    el.set(qn("w:val"), lang)


def set_font(rpr_owner, name: str) -> None:
    """One font for every script of a style or run (theme fonts, which would win, removed)."""
    rfonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), name)


def set_outline_level(style, level: int) -> None:
    """Outline level (0 = level 1) of a paragraph style, so that a custom heading style is a heading."""
    p_pr = style.element.get_or_add_pPr()
    for old in p_pr.findall(qn("w:outlineLvl")):
        p_pr.remove(old)
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    _insert(p_pr, el, ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))


def set_columns(section, count: int, space_twips: int = 360) -> None:
    """Newspaper columns for a section."""
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect_pr.append(cols)
    cols.set(qn("w:num"), str(count))
    cols.set(qn("w:space"), str(space_twips))


def drop_thumbnail(document) -> None:
    """Remove python-docx's stock thumbnail picture: a file manager would show it for every brief."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(r_id)
