"""Cut a debate card: the passage of a source text around a quotation, as runs of text.

The quotation is found with ``verify``'s own matcher (``checks.quote_match``,
over ``checks.textnorm`` forms), so a card is cut exactly where `verify` finds
the words. Each quoted part becomes a "read" run; the words an ellipsis left
out between two parts a "skipped" run; about ``context`` words before and after,
extended or trimmed to the nearest sentence boundary within the paragraph,
"context" runs. Pure: no files.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from evenhand.brief import Run
from evenhand.checks.quote_match import find_quote, quote_pieces
from evenhand.checks.textnorm import Normalised, clean

# A paragraph ends at a blank line, or before a heading or a bullet line.
_PARAGRAPH_BREAK = re.compile(
    r"\n[ \t]*\n\s*|\n(?=[ \t]*(?:#|[\u2022\u25aa\u25e6\u2023\u00b7\u2043*-][ \t]))"
)
# A sentence ends at . ! or ?, perhaps closed by quotes, brackets or a note mark, before white space.
_SENTENCE_END = re.compile(
    r"[.!?][\"'\u201d\u2019)\]]*(?:<sup>[^<]{1,8}</sup>|\[\^?\d{1,4}\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)?(?=\s)"
)
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|No|vs|etc|e\.g|i\.e)\.$")
_WORD = re.compile(r"\S*\w\S*")
_TYPOGRAPHY = frozenset(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
)


def cut(quote: str, text: Normalised, context: int) -> list[Run] | None:
    """The card text for ``quote`` in ``text``, or None when the quotation is not in it."""
    pieces = quote_pieces(quote)
    found = find_quote(pieces, text)
    if not found.ok:
        return None
    orig = text.original
    spans = _original_spans(quote, text, found.spans)
    start, end = spans[0][0], spans[-1][1]
    runs: list[Run] = []
    if context > 0:
        lo, hi = _paragraph(orig, start, end)
        runs += _context_before(orig, lo, start, context)
    for i, (s, e) in enumerate(spans):
        if i:
            runs.append(Run(_shown(orig[spans[i - 1][1] : s]), "skipped"))
        runs.append(Run(_shown(orig[s:e]), "read"))
    if context > 0:
        runs += _context_after(orig, end, hi, context)
    return [r for r in runs if r.kind != "context" or _WORD.search(r.text)]


def _original_spans(quote: str, text: Normalised, spans) -> list[tuple[int, int]]:
    """The quoted pieces' spans in the original text; the last takes in a full stop the quote ends with."""
    orig = text.original
    out = [(text.original_offset(s), text.original_offset(e - 1) + 1) for s, e in spans]
    last = quote.rstrip()[-1:]
    if (
        last in ".!?" and orig[out[-1][1] : out[-1][1] + 1] == last
    ):  # "… to the U.S." reads its full stop
        out[-1] = (out[-1][0], out[-1][1] + 1)
    return out


def _context_before(orig: str, lo: int, start: int, want: int) -> list[Run]:
    """The context run before the quote (from a sentence start about ``want`` words back), if any."""
    before, clipped = _back(orig, lo, start, want)
    if before < start:
        return [Run(("… " if clipped else "") + _shown(orig[before:start]), "context")]
    return []


def _context_after(orig: str, end: int, hi: int, want: int) -> list[Run]:
    """The context run after the quote (to a sentence end about ``want`` words on), if any."""
    after, clipped = _forward(orig, end, hi, want)
    if after > end:
        return [Run(_shown(orig[end:after]) + (" …" if clipped else ""), "context")]
    return []


def _shown(original: str) -> str:
    """A slice of the original text as readers see it (``textnorm.clean``), keeping the
    spaces at its edges so that runs join as the text did."""
    cleaned, pos = clean(original)
    # clean() makes curly quotes straight and every dash a hyphen, to compare; print the source's own.
    shown = "".join(
        original[pos[i]] if c in "'\"-" and original[pos[i]] in _TYPOGRAPHY else c
        for i, c in enumerate(cleaned)
    )
    if not shown:
        return " " if original[:1].isspace() else ""
    lead = " " if original[:1].isspace() else ""
    trail = " " if original[-1:].isspace() else ""
    return lead + shown + trail


def _paragraph(orig: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(orig)
    for m in _PARAGRAPH_BREAK.finditer(orig):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _sentence_ends(orig: str, lo: int, hi: int) -> list[int]:
    """Offsets just past the end of each sentence in orig[lo:hi] (abbreviations such as U.S. are not ends)."""
    out = []
    for m in _SENTENCE_END.finditer(orig, lo, hi):
        if m.group().startswith(".") and _ABBREVIATION.search(
            orig[max(lo, m.start() - 12) : m.start() + 1]
        ):
            continue
        out.append(m.end())
    return out


def _nearest(candidates: list[int], distance, want: int) -> int | None:
    """The candidate whose word distance is nearest ``want`` (the longer one on a tie), if within reason."""
    best = min(candidates, key=lambda c: (abs(distance(c) - want), -distance(c)), default=None)
    if best is None or distance(best) > 2 * want + 15:
        return None
    return best


def _back(orig: str, lo: int, start: int, want: int) -> tuple[int, bool]:
    """Where the context before ``start`` begins: a sentence start about ``want`` words back
    (and False), else, with no sentence boundary near, ``want`` words back (and True: clipped)."""
    words = [m.start() for m in _WORD.finditer(orig, lo, start)]

    def distance(at: int) -> int:
        return len(words) - bisect_left(words, at)

    starts = [lo] + [_skip_space(orig, e, start) for e in _sentence_ends(orig, lo, start)]
    best = _nearest(starts, distance, want)
    if best is not None:
        return best, False
    return (words[-want], True) if len(words) > want else (lo, False)


def _forward(orig: str, end: int, hi: int, want: int) -> tuple[int, bool]:
    """Where the context after ``end`` stops: a sentence end about ``want`` words on (see ``_back``)."""
    words = [m.end() for m in _WORD.finditer(orig, end, hi)]

    def distance(at: int) -> int:
        return bisect_left(words, at + 1)

    ends = [e for e in _sentence_ends(orig, end, hi)] + [len(orig[:hi].rstrip())]
    best = _nearest(ends, distance, want)
    if best is not None:
        return best, False
    return (words[want - 1], True) if len(words) > want else (hi, False)


def _skip_space(orig: str, at: int, limit: int) -> int:
    while at < limit and orig[at].isspace():
        at += 1
    return at
