"""Reading a built .docx as Word would: its outline, tables, pictures, links, and the accessibility checks.

Shared by the Word output tests. Everything is read with python-docx and the
document's XML, never with evenhand's own code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
WP_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
WPS_TXBX = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx"
V_TEXTBOX = "{urn:schemas-microsoft-com:vml}textbox"


@dataclass
class Heading:
    level: int  # 1-9, from the style's outline level (following basedOn)
    style: str
    text: str


def open_docx(path: Path):
    return docx.Document(str(path))


def outline_level(style) -> int | None:
    """The outline level (1-based) a paragraph style gives, following its basedOn chain, or None."""
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None:
            lvl = ppr.find(qn("w:outlineLvl"))
            if lvl is not None:
                return int(lvl.get(qn("w:val"))) + 1
        style = style.base_style
    return None


def headings(document) -> list[Heading]:
    out = []
    for p in document.paragraphs:
        level = outline_level(p.style)
        if level is not None and level < 9:
            out.append(Heading(level, p.style.name, clean(p.text)))
    return out


def clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def header_row_marked(table) -> bool:
    tr_pr = table.rows[0]._tr.trPr
    if tr_pr is None:
        return False
    el = tr_pr.find(qn("w:tblHeader"))
    return el is not None and el.get(qn("w:val"), "true") in ("true", "1", "on")


def table_text(table) -> list[list[str]]:
    return [[clean(c.text) for c in row.cells] for row in table.rows]


def pictures(document) -> list[dict]:
    """Every picture's docPr attributes (descr is Word's alt text)."""
    return [dict(el.attrib) for el in document.element.body.iter(WP_DOCPR)]


def hyperlinks(document) -> list[tuple[str, str]]:
    """(text, target URL) of every external hyperlink in the body."""
    rels = document.part.rels
    out = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        r_id = link.get(qn("r:id"))
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        out.append((text, rels[r_id].target_ref if r_id in rels else ""))
    return out


def document_language(document) -> str | None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = (
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if defaults is not None
        else None
    )
    return lang.get(qn("w:val")) if lang is not None else None


def accessibility_problems(document) -> list[str]:
    """What Word's accessibility checker reports as errors (and the heading-order warning):
    pictures without alt text, tables without a header row, no document language, text in
    text boxes or floating shapes, heading levels that skip (1 → 3)."""
    problems = []
    for attrs in pictures(document):
        if not attrs.get("descr", "").strip():
            problems.append(f"picture {attrs.get('name')} has no alt text")
    for i, table in enumerate(document.tables):
        if not header_row_marked(table):
            problems.append(f"table {i + 1} has no header row")
    if not document_language(document):
        problems.append("no document language")
    body = document.element.body
    if (
        any(True for _ in body.iter(WPS_TXBX))
        or any(True for _ in body.iter(V_TEXTBOX))
        or any(True for _ in body.iter(qn("w:txbxContent")))
    ):
        problems.append("text in a text box")
    if any(True for _ in body.iter(WP_ANCHOR)):
        problems.append("a floating (anchored) shape")
    previous = 0
    for h in headings(document):
        if h.level > previous + 1:
            problems.append(f"heading level skips from {previous} to {h.level}: {h.text!r}")
        previous = h.level
    return problems
