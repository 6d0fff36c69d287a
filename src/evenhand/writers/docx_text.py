"""Text into Word paragraphs and runs: Markdown from argument files, citeproc's citations, plain text.

Markdown goes through the same sanitiser as the HTML output (`markup.markdown_html`:
raw HTML escaped, links only http, https and mailto); its small set of tags
(p, em, strong, code, a, ul, ol, li, br, blockquote, sup, sub) becomes
paragraphs, list paragraphs and run formatting. Citations come from citeproc's
marked text (`citations.marked_spans`), italics kept, URLs made links.
"""

from __future__ import annotations

import re
import weakref
from html.parser import HTMLParser

from docx.oxml import OxmlElement

from evenhand.writers import docx_ooxml as ox
from evenhand.writers.citations import marked_spans

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
_STYLE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_TRANSLATIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def set_translations(document, trans) -> None:
    """The gettext catalogue of ``document``'s fixed texts (evenhand.i18n.translations)."""
    _TRANSLATIONS[document.part] = trans


def translations(container):
    """The catalogue set for the document of ``container`` (a document, cell or paragraph);
    English (no translation) when none was set."""
    import gettext

    return _TRANSLATIONS.get(container.part) or gettext.NullTranslations()


def tr(container):
    """``_`` for a writer function: ``_ = tr(document); _("Key facts")`` (pybabel extracts it)."""
    return translations(container).gettext


def style_id(part, name: str) -> str:
    """The id of the style called ``name``, looked up once per document
    (python-docx's own lookup walks every style each time: most of a brief's build time)."""
    ids = _STYLE_IDS.get(part)
    if ids is None:
        ids = _STYLE_IDS[part] = {s.name: s.style_id for s in part.styles}
    return ids[name]


def para(container, style: str | None = None, text: str = ""):
    """A new paragraph at the end of ``container`` (document or cell) in the named style."""
    paragraph = container.add_paragraph(ox.xml_text(text) if text else "")
    if style:
        paragraph._p.style = style_id(paragraph.part, style)
    return paragraph


def add_run(
    paragraph,
    text: str,
    *,
    style: str | None = None,
    bold=None,
    italic=None,
    size=None,
    colour: str | None = None,
    fmt: frozenset = frozenset(),
):
    """A run of plain text with the given character style and formatting; returns it."""
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(ox.xml_text(text))
    if style:
        run._r.style = style_id(paragraph.part, style)
    if bold or "b" in fmt or "strong" in fmt:
        run.bold = True
    if italic or "i" in fmt or "em" in fmt:
        run.italic = True
    if "sup" in fmt:
        run.font.superscript = True
    if "sub" in fmt:
        run.font.subscript = True
    if "sc" in fmt:
        run.font.small_caps = True
    if "code" in fmt:
        ox.set_font(run._r, "Consolas")
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


def add_link(paragraph, url: str, text: str, *, fmt: frozenset = frozenset()) -> None:
    """A hyperlink (Word's Hyperlink style) when the URL is http(s)/mailto, else plain text."""
    safe = ox.safe_url(url)
    if safe is None:
        add_run(paragraph, text, fmt=fmt)
        return

    def props(rpr):  # after w:rStyle, in the schema's order: bold, then italic
        for kinds, tag in ((("b", "strong"), "w:b"), (("i", "em"), "w:i")):
            if not fmt.isdisjoint(kinds):
                rpr.append(OxmlElement(tag))

    ox.add_hyperlink(
        paragraph, safe, text, char_style=style_id(paragraph.part, "Hyperlink"), run_props=props
    )


def add_text_with_links(
    paragraph, text: str, *, fmt: frozenset = frozenset(), style: str | None = None
) -> None:
    """Plain text in which bare http(s) URLs become links."""
    last = 0
    for m in _URL_IN_TEXT.finditer(text):
        if m.start() > last:
            add_run(paragraph, text[last : m.start()], fmt=fmt, style=style)
        add_link(paragraph, m.group(0), m.group(0), fmt=fmt)
        last = m.end()
    if last < len(text):
        add_run(paragraph, text[last:], fmt=fmt, style=style)


def add_marked(paragraph, marked: str, *, style: str | None = None) -> None:
    """citeproc's marked text (an entry or an in-text citation): italics etc. as run formats, URLs as links."""
    for text, fmt in marked_spans(marked):
        add_text_with_links(paragraph, text, fmt=fmt, style=style)


def add_markdown(
    container, text: str | None, *, style: str | None = None, inline_into=None
) -> list:
    """Markdown from an argument file as paragraphs appended to ``container`` (a document or cell).

    With ``inline_into`` (a paragraph), the first paragraph's runs go into it.
    Returns the paragraphs made or filled.
    """
    from evenhand.writers.markup import markdown_html

    if not text or not text.strip():
        return []
    builder = _Builder(container, style, inline_into)
    builder.feed(str(markdown_html(text)))
    builder.close()
    return builder.paragraphs


class _Builder(HTMLParser):
    """Walks the sanitised HTML of a Markdown fragment and writes Word paragraphs."""

    _FORMATS = {
        "em": "i",
        "i": "i",
        "strong": "b",
        "b": "b",
        "sup": "sup",
        "sub": "sub",
        "code": "code",
    }

    def __init__(self, container, style, first):
        super().__init__(convert_charrefs=True)
        self.container, self.style, self.first = container, style, first
        self.paragraphs: list = []
        self.current = None
        self.formats: list[str] = []
        self.lists: list[str] = []  # "ul" / "ol", nesting
        self.quote = 0
        self.link: str | None = None

    def _paragraph(self):
        if self.current is None:
            if self.first is not None:
                self.current, self.first = self.first, None
            else:
                self.current = para(self.container, self._style())
            self.paragraphs.append(self.current)
        return self.current

    def _style(self) -> str | None:
        if self.lists:
            kind = "List Number" if self.lists[-1] == "ol" else "List Bullet"
            depth = min(len(self.lists), 3)
            return kind if depth == 1 or kind == "List Number" else f"{kind} {depth}"
        if self.quote:
            return "Quote"
        return self.style

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "blockquote", "ul", "ol"):
            self.current = None
            if tag in ("ul", "ol"):
                self.lists.append(tag)
            elif tag == "blockquote":
                self.quote += 1
        elif tag == "br":
            self._paragraph().add_run().add_break()
        elif tag == "a":
            self.link = dict(attrs).get("href")
        elif tag in self._FORMATS:
            self.formats.append(self._FORMATS[tag])

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self.current = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.current = None
        elif tag == "blockquote" and self.quote:
            self.quote -= 1
            self.current = None
        elif tag == "a":
            self.link = None
        elif tag in self._FORMATS and self._FORMATS[tag] in self.formats:
            self.formats.remove(self._FORMATS[tag])

    def handle_data(self, data):
        if self.current is None and not data.strip():
            return  # white space between blocks
        text = " ".join(data.split("\n")) if "\n" in data else data
        paragraph = self._paragraph()
        fmt = frozenset(self.formats)
        if self.link:
            add_link(paragraph, self.link, text, fmt=fmt)
        else:
            add_run(paragraph, text, fmt=fmt)
