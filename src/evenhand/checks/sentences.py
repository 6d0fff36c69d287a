"""Sentences of a normalised text, as ranges of its word indexes.

A sentence ends after a word followed by ``.``, ``!`` or ``?`` (and maybe a
closing quote or bracket) when the next word starts with a capital letter, a
digit or an opening quote, unless the word is a known abbreviation; it also
ends at a blank line (a paragraph, heading or list item in the original). Dotted
abbreviations such as ``U.S.`` keep their dots inside the word, so "the U.S.
Congress" stays one sentence (and, rarely, "the U.S. They ..." too).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from evenhand.checks.textnorm import Normalised

# in the key form: a full stop, maybe a closing quote, a space
_END = re.compile(r"[.!?][\"')\]]*\s")
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:[-*\u2022]|\d+\.)[ \t]")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sr",
        "jr",
        "vs",
        "no",
        "nos",
        "gen",
        "sen",
        "rep",
        "gov",
        "prof",
        "fig",
        "figs",
        "approx",
        "dept",
        "est",
        "inc",
        "co",
        "corp",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "p",
        "pp",
        "cf",
    ]
)


def sentence_starts(text: Normalised) -> list[int]:
    """Word indexes at which the sentences of ``text`` start (the first is 0).

    Candidate ends are found by regular expressions over the whole key and the
    original text, not word by word: this runs on every source text and field.
    """
    words = text.words
    if not words:
        return []
    starts = {0}
    key, word_starts, word_ends = text.key, text.word_starts, text.word_ends
    display = text.display
    for m in _END.finditer(key):
        nxt = bisect_left(word_starts, m.end())
        if nxt >= len(words) or nxt == 0 or word_ends[nxt - 1] > m.start():
            continue  # the stop is inside a word (u.s.), or nothing follows
        if words[nxt - 1] in _ABBREVIATIONS:
            continue
        first = display[text.display_offset(word_starts[nxt])]
        if first.isupper() or first.isdigit():
            starts.add(nxt)
    original = text.original
    if "\n" in original:
        index = range(len(words))
        for m in _PARAGRAPH.finditer(original):  # the first word after the break, by binary search
            nxt = bisect_left(index, m.start(), key=lambda i: text.original_offset(word_starts[i]))
            if 0 < nxt < len(words):
                starts.add(nxt)
    return sorted(starts)


def sentence_of(starts: list[int], total: int, word: int) -> tuple[int, int]:
    """The sentence (first word, one past its last) that holds word index ``word``."""
    k = bisect_right(starts, word) - 1
    first = starts[k] if k >= 0 else 0
    last = starts[k + 1] if k + 1 < len(starts) else total
    return first, last


def split_own(text: Normalised) -> list[tuple[int, int]]:
    """Our own text's sentences as (first word, one past the last)."""
    starts = sentence_starts(text)
    total = len(text.words)
    return [(s, starts[k + 1] if k + 1 < len(starts) else total) for k, s in enumerate(starts)]
