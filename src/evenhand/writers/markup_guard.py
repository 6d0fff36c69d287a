"""Keep Python-Markdown linear on hostile text (issue #10).

Python-Markdown looks for the `]` (and the `)` after `](`) of every `[` up to the
end of the paragraph, and it replaces each inline match (an escape, an entity, an
emphasis, a link) by a placeholder in a way that costs time in proportion to the
text for every match: `[` typed 20,000 times, or 50,000 `&`, takes minutes.
``tame`` hands it text where that cannot happen, and gives back a function that
restores the characters in the HTML it makes:

- a `[` that cannot open a link (no `]`, a `](` never closed, nested deeper than
  MAX_BRACKET_DEPTH) is hidden, so it shows as itself;
- in a paragraph with more than MAX_INLINE_MARKS Markdown characters every one of
  them is hidden: such a paragraph is shown as plain text.

Hidden characters become Unicode noncharacters (U+FDD0 up), which text never holds
(any in the input are dropped).
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_BRACKET_DEPTH = 2  # a link inside a link's text is as deep as Markdown goes
MAX_INLINE_MARKS = 1_000  # Markdown characters in one paragraph before it is shown as plain text

_MARKS = "[]\\`*_!&<"
_HIDE = {c: chr(0xFDD0 + i) for i, c in enumerate(_MARKS)}
_SHOWN = {h: ("&amp;" if c == "&" else "&lt;" if c == "<" else c) for c, h in _HIDE.items()}
_HIDDEN = re.compile("[\ufdd0-\ufdef]")
_MARK = re.compile("[" + re.escape(_MARKS) + "]|  \n")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ALL_MARKS = str.maketrans(_HIDE)


def tame(text: str) -> tuple[str, Callable[[str], str]]:
    """Text that Python-Markdown handles in linear time, and the restorer for its HTML."""
    if _HIDDEN.search(text):
        text = _HIDDEN.sub("", text)
    if "[" not in text and len(text) < MAX_INLINE_MARKS:
        return text, _same
    parts = []
    for start, end, gap in _paragraphs(text):
        para = text[start:end]
        if len(_MARK.findall(para)) > MAX_INLINE_MARKS:
            para = "\n".join(line.rstrip() for line in para.split("\n")).translate(_ALL_MARKS)
        elif "[" in para:
            para = _hide_loose_brackets(para)
        parts.append(para + gap)
    return "".join(parts), _restore


def _same(html: str) -> str:
    return html


def _restore(html: str) -> str:
    return _HIDDEN.sub(lambda m: _SHOWN.get(m.group(), ""), html)


def _paragraphs(text: str):
    """(start, end, the blank lines after) of each paragraph."""
    start = 0
    for m in _BLANK_LINE.finditer(text):
        yield start, m.start(), m.group()
        start = m.end()
    yield start, len(text), ""


def _hide_loose_brackets(para: str) -> str:
    """Brackets and parentheses matched in one pass; each `[` that cannot open a link hidden."""
    close, depth_of = _matched(para)
    loose = _loose(para, close, depth_of)
    if not loose:
        return para
    chars = list(para)
    for at in loose:
        chars[at] = _HIDE["["]
    return "".join(chars)


def _matched(para: str) -> tuple[dict[int, int], dict[int, int]]:
    """(where each matched `[` or `(` closes, how deeply each `[` is nested), skipping escaped characters."""
    close: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    brackets: list[int] = []
    parens: list[int] = []
    i, end = 0, len(para)
    while i < end:
        c = para[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth_of[i] = len(brackets)
            brackets.append(i)
        elif c == "]" and brackets:
            close[brackets.pop()] = i
        elif c == "(":
            parens.append(i)
        elif c == ")" and parens:
            close[parens.pop()] = i
        i += 1
    return close, depth_of


def _loose(para: str, close: dict[int, int], depth_of: dict[int, int]) -> list[int]:
    """The `[` that cannot open a link: never closed, nested too deep, or closed by a `](` that never closes."""
    end = len(para)
    loose = []
    for at, depth in depth_of.items():
        shut = close.get(at)
        if (
            shut is None
            or depth >= MAX_BRACKET_DEPTH
            or shut + 1 < end
            and para[shut + 1] == "("
            and (shut + 1) not in close
        ):
            loose.append(at)
    return loose
