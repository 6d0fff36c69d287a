"""Key terms in an HTML page: the first use of each is marked, <abbr title> for an
acronym and <dfn title> for a word, with the term's definition as its title.

Only text between tags is touched, inside <main> (else <body>), and never inside
the key-terms box itself (an <aside>), links, headings of the page, citations,
code, SVG, or an existing <abbr>/<dfn>.
"""

from __future__ import annotations

import functools
import html
import re

from evenhand.glossary import KeyTerm, TermFinder, is_acronym

_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_SKIP = {
    "aside",
    "a",
    "abbr",
    "dfn",
    "code",
    "pre",
    "svg",
    "style",
    "script",
    "title",
    "figcaption",
    "h1",
}


def _region(page: str) -> tuple[int, int]:
    for tag in ("main", "body"):
        start = re.search(rf"<{tag}\b[^>]*>", page)
        end = page.rfind(f"</{tag}>")
        if start and end > start.end():
            return start.end(), end
    return 0, len(page)


def first_uses(page: str, terms: list[KeyTerm]) -> list[KeyTerm]:
    """The terms the page's text uses (outside the box), in order of first use."""
    finder = _finder(tuple(terms))
    found: dict[int, None] = {}
    for text in _texts(page):
        for _, _, i in finder.matches(html.unescape(text)):
            found.setdefault(i, None)
    return [terms[i] for i in found]


def mark_first_uses(page: str, terms: list[KeyTerm]) -> str:
    """The page with the first use of each term marked."""
    if not terms:
        return page
    finder = _finder(tuple(terms))
    done: set[int] = set()
    start, end = _region(page)
    out = [page[:start]]
    pos = start
    skip = 0
    for m in _TAG.finditer(page, start, end):
        text = page[pos : m.start()]
        out.append(_mark(text, finder, terms, done) if not skip and text.strip() else text)
        out.append(m.group(0))
        name = (m.group(2) or "").lower()
        if name in _SKIP and not m.group(0).endswith("/>"):
            skip += -1 if m.group(1) else 1
            skip = max(skip, 0)
        pos = m.end()
    text = page[pos:end]
    out.append(_mark(text, finder, terms, done) if not skip and text.strip() else text)
    out.append(page[end:])
    return "".join(out)


@functools.lru_cache(maxsize=8)
def _finder(terms: tuple[KeyTerm, ...]) -> TermFinder:
    """The finder of these terms, kept with the matches it found: a one-pager's fitting
    renders the same page's texts at each size it tries."""
    return TermFinder(terms)


def _texts(page: str):
    start, end = _region(page)
    pos, skip = start, 0
    for m in _TAG.finditer(page, start, end):
        if not skip:
            yield page[pos : m.start()]
        name = (m.group(2) or "").lower()
        if name in _SKIP and not m.group(0).endswith("/>"):
            skip = max(skip + (-1 if m.group(1) else 1), 0)
        pos = m.end()
    if not skip:
        yield page[pos:end]


def _mark(text: str, finder: TermFinder, terms: list[KeyTerm], done: set[int]) -> str:
    plain = html.unescape(text)
    pieces, last, changed = [], 0, False
    for s, e, i in finder.matches(plain):
        if i in done:
            continue
        done.add(i)
        term = terms[i]
        tag = "abbr" if is_acronym(plain[s:e].rstrip("s")) else "dfn"
        pieces.append(html.escape(plain[last:s], quote=False))
        pieces.append(
            f'<{tag} class="key-term" title="{html.escape(term.definition)}">{html.escape(plain[s:e], quote=False)}</{tag}>'
        )
        last, changed = e, True
    if not changed:
        return text
    pieces.append(html.escape(plain[last:], quote=False))
    return "".join(pieces)
