"""Is a quotation in a text, what does the text say instead, and does our wording copy it?

Pure logic over normalised strings (``textnorm``): ``find_quote``,
``closest_passage`` and ``copied_runs``. ``checks.quotes`` runs them over a
library.
"""

from __future__ import annotations

import difflib
import math
import re
from bisect import bisect_left
from dataclasses import dataclass

from evenhand.checks.textnorm import Normalised, clean

MAX_GAP_WORDS = 100  # the most words an ellipsis may leave out between two pieces
COPY_WORDS = 12  # this many consecutive words of a source in our own text is copying
LONG_QUOTE_WORDS = 50  # a quotation this long is too long
MAX_PIECES = 100  # cuts ("...") in one quotation

_ELLIPSIS = re.compile(r"\s*[\[(]?\s*\.(?:\s?\.){2,}\s*[\])]?\s*")
_EDGE_PUNCTUATION = ".,;:!? "


def quote_pieces(quote: str) -> list[Normalised]:
    """The parts of a quotation between ellipses (``...``, ``…``, ``[...]``), normalised."""
    display, _ = clean(quote)
    pieces = []
    for part in _ELLIPSIS.split(display):
        part = part.strip(_EDGE_PUNCTUATION)
        if part:
            piece = Normalised(part, cleaned=True)
            if piece.words:
                pieces.append(piece)
    return pieces


@dataclass(frozen=True)
class Found:
    """Where a quotation is in a text: key spans of its pieces, or what went wrong."""

    spans: tuple[tuple[int, int], ...] = ()
    missing: int | None = None  # index of the first piece found nowhere in the text
    pieces: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.spans)


def occurrences(piece: Normalised, text: Normalised) -> list[int]:
    """Key offsets in ``text`` where ``piece`` occurs as whole words.

    An inner word of the piece is a whole word of the text wherever the piece
    occurs, so the occurrences of its rarest inner word are the candidates;
    only when they fail is the text scanned.
    """
    key = piece.key
    words = piece.words
    out: list[int] = []
    if len(words) >= 3:
        inner = range(1, len(words) - 1)
        lists = [text.postings.get(words[i]) or [] for i in inner]
        if all(lists):
            i, best = min(zip(inner, lists, strict=False), key=lambda pair: len(pair[1]))
            offset = piece.word_starts[i]
            for w in best:
                start = text.word_starts[w] - offset
                if (
                    start >= 0
                    and text.key.startswith(key, start)
                    and text.bounded(start, start + len(key))
                ):
                    out.append(start)
            if out:
                return out
    # Short pieces, and the rare piece whose words the text splits otherwise: scan.
    start = text.key.find(key)
    while start >= 0:
        if text.bounded(start, start + len(key)):
            out.append(start)
        start = text.key.find(key, start + 1)
    return out


def _words_between(text: Normalised, end: int, start: int) -> int:
    return bisect_left(text.word_starts, start) - bisect_left(text.word_starts, end)


def find_quote(
    quote: str | list[Normalised], text: Normalised, max_gap: int = MAX_GAP_WORDS
) -> Found:
    """Find the quotation in the text: each piece, in order, at most ``max_gap`` words apart."""
    pieces = quote_pieces(quote) if isinstance(quote, str) else quote
    if not pieces:
        return Found(pieces=0)
    places = []
    for i, piece in enumerate(pieces):
        found = occurrences(piece, text)
        if not found:
            return Found(missing=i, pieces=len(pieces))
        places.append(found)
    lengths = [len(p.key) for p in pieces]
    dead: set[tuple[int, int]] = set()  # (piece, start) that lead nowhere: keeps the search linear

    def chain(i: int, start: int) -> list[tuple[int, int]] | None:
        """Spans of pieces i.. with piece i at ``start``, or None."""
        end = start + lengths[i]
        if i + 1 == len(pieces):
            return [(start, end)]
        if (i, start) in dead:
            return None
        for nxt in places[i + 1][bisect_left(places[i + 1], end) :]:
            if _words_between(text, end, nxt) > max_gap:
                break
            rest = chain(i + 1, nxt)
            if rest is not None:
                return [(start, end), *rest]
        dead.add((i, start))
        return None

    spans = next((chained for s in places[0] if (chained := chain(0, s)) is not None), None)
    return Found(spans=tuple(spans or ()), pieces=len(pieces))


@dataclass(frozen=True)
class Passage:
    """A stretch of a source text: key offsets, how alike it is to what was sought, its words."""

    start: int
    end: int
    ratio: float
    text: str


def closest_passage(
    sought: str | Normalised,
    text: Normalised,
    *,
    within: tuple[int, int] | None = None,
    candidates: int = 8,
) -> Passage | None:
    """The passage of ``text`` most like ``sought``; None when they share no words.

    Candidate places come from the words they share, rarer words weighing more
    (each shared word votes for where ``sought`` would start if that word were in
    place). The best candidate, by difflib over words, runs from where the first
    matching word puts the start of ``sought`` to where the last one puts its end.
    ``within`` limits the search to a range of word indexes.
    """
    piece = sought if isinstance(sought, Normalised) else Normalised(sought)
    words = piece.words
    total = len(text.words)
    lo_limit, hi_limit = within if within is not None else (0, total)
    lo_limit, hi_limit = max(0, lo_limit), min(total, hi_limit)
    if not words or lo_limit >= hi_limit:
        return None
    common = max(50, total // 50) if within is None else total
    votes = _start_votes(words, text, (lo_limit, hi_limit), common)
    best: tuple[float, int, int] | None = None
    for slot, _ in sorted(votes.items(), key=lambda kv: -kv[1])[:candidates]:
        span = _matched_span(words, text, slot, (lo_limit, hi_limit))
        if span is None:
            continue
        first, last = span
        ratio = difflib.SequenceMatcher(None, words, text.words[first:last], autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, first, last)
    if best is None:
        return None
    ratio, first, last = best
    start, end = text.word_starts[first], text.word_ends[last - 1]
    return Passage(start, end, ratio, text.display_slice(start, end))


_SLOT = 8  # start places are voted for in slots of this many words


def _start_votes(
    words: list[str], text: Normalised, limits: tuple[int, int], common: int
) -> dict[int, float]:
    """Votes per slot of ``text`` for where ``words`` would start: each word found within ``limits``
    votes for its own place minus its index, rarer words weighing more, words found more than
    ``common`` times not at all."""
    lo_limit, hi_limit = limits
    total = len(text.words)
    votes: dict[int, float] = {}
    for j, w in enumerate(words):
        where = text.postings.get(w, ())
        if len(where) > common:
            continue
        weight = math.log(1 + total / len(where)) if where else 0.0
        for i in where[bisect_left(where, lo_limit) : bisect_left(where, hi_limit)]:
            slot = (i - j) // _SLOT
            votes[slot] = votes.get(slot, 0.0) + weight
    return votes


def _matched_span(
    words: list[str], text: Normalised, slot: int, limits: tuple[int, int]
) -> tuple[int, int] | None:
    """Around a voted slot, the word range from where the first matching word puts the start of
    ``words`` to where the last one puts its end; None when no word matches there."""
    lo_limit, hi_limit = limits
    lo = max(lo_limit, slot * _SLOT - 6)
    hi = min(hi_limit, slot * _SLOT + _SLOT + len(words) + 6)
    matcher = difflib.SequenceMatcher(None, words, text.words[lo:hi], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    first = max(lo_limit, lo + blocks[0].b - blocks[0].a)
    last = min(hi_limit, lo + blocks[-1].b + len(words) - blocks[-1].a)
    return first, last


@dataclass(frozen=True)
class Copied:
    """A run of words of our own text that also stands in a source."""

    words: int
    excerpt: str  # the run as it stands in our text
    source_word: int  # where it starts in the source (a word index)


def copied_runs(
    own: str | Normalised, text: Normalised, min_words: int = COPY_WORDS
) -> list[Copied]:
    """Each longest run of ``min_words`` or more consecutive words that ``own`` shares with ``text``."""
    mine = own if isinstance(own, Normalised) else Normalised(own)
    words = mine.words
    grams = text.ngrams(min_words)
    runs: list[Copied] = []
    i = 0
    limit = len(words) - min_words
    while i <= limit:
        at = grams.get(tuple(words[i : i + min_words]))
        if at is None:
            i += 1
            continue
        # Extend while the source goes on with the same words.
        n = min_words
        while (
            i + n < len(words) and at + n < len(text.words) and words[i + n] == text.words[at + n]
        ):
            n += 1
        excerpt = mine.display_slice(mine.word_starts[i], mine.word_ends[i + n - 1])
        runs.append(Copied(n, excerpt, at))
        i += n
    return runs
