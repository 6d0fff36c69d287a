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
from bisect import bisect_right

from evenhand.checks.textnorm import Normalised

_END = re.compile(r"[.!?][\"')\]]*\s*[\"'(\[]?\s*$")
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:[-*\u2022]|\d+\.)[ \t]")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st sr jr vs no nos gen sen rep gov prof fig figs approx dept est inc co corp ltd jan feb mar apr "
    "jun jul aug sep sept oct nov dec p pp cf".split()
)


def sentence_starts(text: Normalised) -> list[int]:
    """Word indexes at which the sentences of ``text`` start (the first is 0)."""
    words = text.words
    starts = [0] if words else []
    original = text.original
    for i in range(len(words) - 1):
        end, nxt = text.word_ends[i], text.word_starts[i + 1]
        a = text.display_offset(end - 1) + 1
        b = text.display_offset(nxt)
        gap = text.display[a:b]
        o1, o2 = text.original_offset(end - 1) + 1, text.original_offset(nxt)
        if "\n" in original[o1:o2] and _PARAGRAPH.search(original, o1, o2 + 1):
            starts.append(i + 1)
            continue
        if not _END.search(gap) or words[i] in _ABBREVIATIONS:
            continue
        first = text.display[b : b + 1]
        if first.isupper() or first.isdigit():
            starts.append(i + 1)
    return starts


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
