"""Normalised text for comparing quotations with source texts, with a way back.

Source texts are extractions from PDFs, web pages and Markdown; quotations are
typed by people. Both go through the same steps, so that typography, markup and
line breaks do not count, while every word still does:

1. invisible characters (soft hyphens, zero-width spaces) and superscript
   digits (footnote marks) are dropped;
2. Unicode NFKC (ligatures, the ellipsis character, full-width forms, the
   various spaces);
3. curly quotes and apostrophes become straight ones, every dash a hyphen;
4. markup: ``<sup>…</sup>`` with its content, other HTML tags, Markdown
   links (their text stays), ``[n]`` and ``[^n]`` note marks, backslash
   escapes, ``#`` headings, bullets and ``*``/``**`` emphasis;
5. a word broken by a hyphen at a line end is joined; every run of white
   space becomes one space.

That gives the *display* form (still readable, shown in hints). The *key*
form, which is compared, is the display form case-folded, with double quotes
made single and hyphens and dashes removed together with the spaces around
them. Removing them (instead of making them spaces) is what lets
``migra-\\ntion``, ``well-\\nknown``, ``well-known`` and ``migration``
compare as their authors meant; the places where a dash joined two words are
kept in ``breaks`` so that a quotation may still end or start there.

Every form keeps, per character, its offset in the form before it, so that a
match in the key can be shown from the display form and located (line and
column) in the original file.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cached_property

_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u200d\u2060\ufeff\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+"
)
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
# `<sup>...</sup>`; a match never runs past the next `<sup` or `<`-less `>`, so a text
# of many unclosed openers is scanned once (a lone closer or opener is left to _TAG).
_SUP = re.compile(r"<sup\b[^<>]*>(?:[^<]|<(?!/?sup\b))*?</sup\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")
_NOTE_MARK = re.compile(r"\[\^?\d{1,4}\]")
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}(?=[ \t]|$)")
_BULLET = re.compile(r"(?m)^[ \t]*[\u2022\u25aa\u25e6\u2023\u00b7\u2043][ \t]*")
_STARS = re.compile(r"\*+")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)(-)[ \t]*\r?\n[ \t]*(?=(\w))")
_SPACE = re.compile(r"\s{2,}|[^\S ]")  # a lone space is left alone: nothing to do
_DASHES = re.compile(r"\s*-+\s*")
# A word: an abbreviation with dots (u.s.), a number with separators (8,000; 3.5), or letters
# and digits with inner apostrophes (it's).
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)+|\w+(?:'\w+)*")


def _sub(text: str, pos: list[int], pattern: re.Pattern, repl) -> tuple[str, list[int]]:
    """``pattern.sub`` that keeps the offset map ``pos`` (one entry per character, plus the end).

    ``repl`` is a string (new characters, mapped to the match's start), a group
    number (keep that group's characters with their own offsets), or a function
    of the match returning either.
    """
    parts: list[str] = []
    mapped: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        parts.append(text[last:start])
        mapped.extend(pos[last:start])
        r = repl(m) if callable(repl) else repl
        if isinstance(r, int):
            g0, g1 = m.span(r)
            if g0 >= 0:
                parts.append(text[g0:g1])
                mapped.extend(pos[g0:g1])
        elif r:
            parts.append(r)
            mapped.extend([pos[start]] * len(r))
        last = end
    if not parts:
        return text, pos
    parts.append(text[last:])
    mapped.extend(pos[last:])
    return "".join(parts), mapped


def _nfkc(text: str, pos: list[int]) -> tuple[str, list[int]]:
    if unicodedata.is_normalized("NFKC", text):
        return text, pos
    changing = {c for c in set(text) if unicodedata.normalize("NFKC", c) != c}
    marks = {c for c in set(text) if unicodedata.combining(c)}
    alternatives = []
    if marks:
        alternatives.append("." + "[" + "".join(map(re.escape, marks)) + "]+")
    if changing:
        alternatives.append("[" + "".join(map(re.escape, changing)) + "]")
    pattern = re.compile("|".join(alternatives), re.DOTALL)
    return _sub(text, pos, pattern, lambda m: unicodedata.normalize("NFKC", m.group()))


def _casefold(text: str, pos: list[int]) -> tuple[str, list[int]]:
    folded = text.casefold()
    if len(folded) == len(text):  # casefold never shortens a character, so this is one to one
        return folded, pos
    chars: list[str] = []
    mapped: list[int] = []
    for c, p in zip(text, pos, strict=False):
        f = c.casefold()
        chars.append(f)
        mapped.extend([p] * len(f))
    mapped.append(pos[-1])
    return "".join(chars), mapped


def _line_end_hyphen(m: re.Match) -> str | int:
    # "migra-\ntion" is one word broken in two; "U.S.-\nMexico" keeps its hyphen.
    return "" if m.group(2).islower() else 1


def clean(text: str) -> tuple[str, list[int]]:
    """The display form of ``text`` and, per character, its offset in ``text``."""
    pos = list(range(len(text) + 1))
    text, pos = _sub(text, pos, _INVISIBLE, "")
    text, pos = _nfkc(text, pos)
    text = text.translate(_TRANSLATE)  # one character for one: offsets unchanged
    for pattern, repl in (
        (_ESCAPE, 1),
        (_SUP, ""),
        (_TAG, ""),
        (_LINK, 1),
        (_NOTE_MARK, ""),
        (_HEADING, ""),
        (_BULLET, ""),
        (_STARS, ""),
        (_LINE_END_HYPHEN, _line_end_hyphen),
        (_SPACE, " "),
    ):
        text, pos = _sub(text, pos, pattern, repl)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[start:end], pos[start:end] + [pos[end]]


def key_of(display: str) -> tuple[str, list[int], frozenset[int]]:
    """The compared form of a display form: (key, offsets into display, breaks)."""
    text, pos = _casefold(display, list(range(len(display) + 1)))
    text = text.replace('"', "'").replace("`", "'")
    parts: list[str] = []
    mapped: list[int] = []
    breaks: set[int] = set()
    last = 0
    size = 0
    for m in _DASHES.finditer(text):
        start, end = m.span()
        parts.append(text[last:start])
        mapped.extend(pos[last:start])
        size += start - last
        breaks.add(size)
        last = end
    parts.append(text[last:])
    mapped.extend(pos[last:])
    return "".join(parts), mapped, frozenset(breaks)


def quote_key(text: str) -> str:
    """The form in which a quotation and its source are compared."""
    return key_of(clean(text)[0])[0]


def _split_at(breaks: frozenset[int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words split where a dash stood ("claims—and" is two words, though one run of letters in the key)."""
    if not breaks or not spans:
        return spans
    starts = [s for s, _ in spans]
    cuts: dict[int, list[int]] = {}
    for b in breaks:
        i = bisect_right(starts, b) - 1
        if i >= 0 and spans[i][0] < b < spans[i][1]:
            cuts.setdefault(i, []).append(b)
    if not cuts:
        return spans
    out: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        for b in sorted(cuts.get(i, ())):
            out.append((start, b))
            start = b
        out.append((start, end))
    return out


class Normalised:
    """One text in display and key form, with its words and the way back to the original."""

    def __init__(self, original: str, *, cleaned: bool = False):
        """``cleaned``: ``original`` is already a display form (``clean`` would not change it)."""
        self.original = original
        if cleaned:
            self.display, self._display_pos = original, list(range(len(original) + 1))
        else:
            self.display, self._display_pos = clean(original)
        self.key, self._key_pos, self.breaks = key_of(self.display)
        spans = _split_at(self.breaks, [m.span() for m in _WORD.finditer(self.key)])
        self.words = [self.key[s:e] for s, e in spans]
        self.word_starts = [s for s, _ in spans]
        self.word_ends = [e for _, e in spans]

    # --- going back -----------------------------------------------------------------
    def display_offset(self, key_offset: int) -> int:
        return self._key_pos[key_offset]

    def original_offset(self, key_offset: int) -> int:
        return self._display_pos[self._key_pos[key_offset]]

    def display_slice(self, key_start: int, key_end: int) -> str:
        """The display text from a key offset to another (the end mapped past its last character)."""
        if key_end <= key_start:
            return ""
        return self.display[self.display_offset(key_start) : self.display_offset(key_end - 1) + 1]

    def line_col(self, key_offset: int) -> tuple[int, int]:
        """Line and column (from 1) in the original text."""
        offset = self.original_offset(key_offset)
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.original)]

    # --- indexes, built once per text when first needed ---------------------------
    @cached_property
    def postings(self) -> dict[str, list[int]]:
        """Word -> indexes of its occurrences in ``words``."""
        index: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            index.setdefault(w, []).append(i)
        return index

    def ngrams(self, n: int) -> dict[tuple[str, ...], int]:
        """Each run of ``n`` words -> the index of its first occurrence."""
        cache = self.__dict__.setdefault("_ngrams", {})
        if n not in cache:
            grams: dict[tuple[str, ...], int] = {}
            words = self.words
            for i in range(len(words) - n + 1):
                grams.setdefault(tuple(words[i : i + n]), i)
            cache[n] = grams
        return cache[n]

    def is_word_char(self, offset: int) -> bool:
        return 0 <= offset < len(self.key) and (
            self.key[offset].isalnum() or self.key[offset] == "_"
        )

    def bounded(self, start: int, end: int) -> bool:
        """Whether key[start:end] neither starts nor ends inside a word."""
        left = start in self.breaks or not (
            self.is_word_char(start - 1) and self.is_word_char(start)
        )
        right = end in self.breaks or not (self.is_word_char(end - 1) and self.is_word_char(end))
        return left and right
