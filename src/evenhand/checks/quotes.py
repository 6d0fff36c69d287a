"""Quotations against the full texts of their sources, and wording copied from them.

Pure logic over strings: ``find_quote`` (is the quotation in the text?),
``closest_passage`` (what the text says instead), ``copied_runs`` (where our
own words repeat a source); and ``check``, which walks a library with the texts
of its sources and returns the problems (not part of ``check_library``: the
texts are optional, and only ``evenhand verify --texts DIR`` has them).
"""

from __future__ import annotations

import difflib
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Mapping

from evenhand.checks.textnorm import Normalised, clean, normalise
from evenhand.model import Evidence, Library
from evenhand.problems import Location, Problem, error, info, warning
from evenhand.readers.texts import SourceText

__all__ = [
    "COPY_WORDS",
    "LONG_QUOTE_WORDS",
    "MAX_GAP_WORDS",
    "Copied",
    "Found",
    "Passage",
    "Report",
    "check",
    "closest_passage",
    "copied_runs",
    "find_quote",
    "normalise",
    "quote_pieces",
]

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


def _occurrences(piece: Normalised, text: Normalised) -> list[int]:
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
        lists = [text.postings.get(words[i]) for i in inner]
        if all(lists):
            i, best = min(zip(inner, lists), key=lambda pair: len(pair[1]))
            offset = piece.word_starts[i]
            for w in best:
                start = text.word_starts[w] - offset
                if start >= 0 and text.key.startswith(key, start) and text.bounded(start, start + len(key)):
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


def find_quote(quote: str | list[Normalised], text: Normalised, max_gap: int = MAX_GAP_WORDS) -> Found:
    """Find the quotation in the text: each piece, in order, at most ``max_gap`` words apart."""
    pieces = quote_pieces(quote) if isinstance(quote, str) else quote
    if not pieces:
        return Found(pieces=0)
    places = []
    for i, piece in enumerate(pieces):
        found = _occurrences(piece, text)
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

    spans = next((found for s in places[0] if (found := chain(0, s)) is not None), None)
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
    votes: dict[int, float] = {}
    bucket = 8
    for j, w in enumerate(words):
        where = text.postings.get(w, ())
        if len(where) > common:
            continue
        weight = math.log(1 + total / len(where)) if where else 0.0
        for i in where[bisect_left(where, lo_limit) : bisect_left(where, hi_limit)]:
            slot = (i - j) // bucket
            votes[slot] = votes.get(slot, 0.0) + weight
    best: tuple[float, int, int] | None = None
    for slot, _ in sorted(votes.items(), key=lambda kv: -kv[1])[:candidates]:
        lo = max(lo_limit, slot * bucket - 6)
        hi = min(hi_limit, slot * bucket + bucket + len(words) + 6)
        matcher = difflib.SequenceMatcher(None, words, text.words[lo:hi], autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        first = max(lo_limit, lo + blocks[0].b - blocks[0].a)
        last = min(hi_limit, lo + blocks[-1].b + len(words) - blocks[-1].a)
        ratio = difflib.SequenceMatcher(None, words, text.words[first:last], autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, first, last)
    if best is None:
        return None
    ratio, first, last = best
    start, end = text.word_starts[first], text.word_ends[last - 1]
    return Passage(start, end, ratio, text.display_slice(start, end))


@dataclass(frozen=True)
class Copied:
    """A run of words of our own text that also stands in a source."""

    words: int
    excerpt: str  # the run as it stands in our text
    source_word: int  # where it starts in the source (a word index)


def copied_runs(own: str | Normalised, text: Normalised, min_words: int = COPY_WORDS) -> list[Copied]:
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
        while i + n < len(words) and at + n < len(text.words) and words[i + n] == text.words[at + n]:
            n += 1
        excerpt = mine.display_slice(mine.word_starts[i], mine.word_ends[i + n - 1])
        runs.append(Copied(n, excerpt, at))
        i += n
    return runs


# --- the check over a library -------------------------------------------------------


@dataclass
class Report:
    """What ``check`` found: problems in print order (a hint follows its error) and counts."""

    problems: list[Problem] = field(default_factory=list)
    verified: int = 0
    not_found: int = 0
    unchecked: int = 0  # quotations whose source has no (readable) text
    copied: int = 0
    long: int = 0
    sources: int = 0  # source texts read
    per_source: dict[str, list[int]] = field(default_factory=dict)  # id -> [verified, not found]


def check(lib: Library, texts: Mapping[str, SourceText]) -> Report:
    """Every quotation found in its source's text; our own wording not copied from any text."""
    report = Report()
    normalised: dict[str, Normalised] = {}
    for st in texts.values():
        if st.path not in normalised:
            normalised[st.path] = Normalised(st.content)
    report.sources = len(normalised)
    files = {st.path: st.file for st in texts.values()}
    groups: list[tuple[Problem, list[Problem]]] = []
    every_run: set[tuple[str, ...]] = set()  # the runs of COPY_WORDS words of every text, to rule fields out fast
    for text in normalised.values():
        every_run.update(text.ngrams(COPY_WORDS))

    def own_words(label: str, value: str | None, where: Location) -> None:
        if not value or not value.strip():
            return
        mine = Normalised(value)
        words = mine.words
        if all(tuple(words[i : i + COPY_WORDS]) not in every_run for i in range(len(words) - COPY_WORDS + 1)):
            return
        for path, text in normalised.items():
            for run in copied_runs(mine, text):
                report.copied += 1
                message = f'{label} repeats {run.words} words of {files[path]}: "{_shorten(run.excerpt)}"'
                groups.append((warning(where, message, "copied-wording"), []))

    def evidence(items: list[Evidence]) -> None:
        for ev in items:
            own_words("evidence note", ev.note, ev.where("note"))
            if ev.quote is None or not ev.quote.strip():
                continue
            where = ev.where("quote")
            pieces = quote_pieces(ev.quote)
            n = sum(len(p.display.split()) for p in pieces)
            if n >= LONG_QUOTE_WORDS:
                report.long += 1
                groups.append((warning(where, f"quotation is {n} words long; keep quotations under {LONG_QUOTE_WORDS} words", "long-quote"), []))
            st = texts.get(ev.source)
            if st is None:
                report.unchecked += 1
                continue
            head, notes = _verify(pieces, where, st, normalised[st.path], report, ev.source)
            if head is not None:
                groups.append((head, notes))

    for topic in lib.topics:
        own_words("background", topic.background, topic.where("background"))
        for fact in topic.facts:
            own_words("fact text", fact.text, fact.where("text"))
            evidence(fact.evidence)
        for claim in topic.claims:
            own_words("claim text", claim.text, claim.where("text"))
            evidence(claim.evidence)

    groups.extend(_without_text(lib))
    groups.sort(key=lambda g: g[0].sort_key())
    report.problems = [p for head, notes in groups for p in (head, *notes)]
    return report


def _verify(
    pieces: list[Normalised], where: Location, st: SourceText, text: Normalised, report: Report, source_id: str
) -> tuple[Problem | None, list[Problem]]:
    """The error for a quotation not in the text, with its hint; (None, []) when it is there."""
    counts = report.per_source.setdefault(source_id, [0, 0])
    if not pieces:
        counts[1] += 1
        report.not_found += 1
        return error(where, "quotation has no words to look for", "quote-empty"), []
    if len(pieces) > MAX_PIECES:
        counts[1] += 1
        report.not_found += 1
        return error(where, f"quotation has {len(pieces) - 1} cuts ('...'); at most {MAX_PIECES - 1} are looked for", "quote-cuts"), []
    found = find_quote(pieces, text)
    if found.ok:
        counts[0] += 1
        report.verified += 1
        return None, []
    counts[1] += 1
    report.not_found += 1
    head = error(where, f"quotation not found in {st.file}", "quote-not-found")
    if found.missing is None:
        start = _occurrences(pieces[0], text)[0]
        line, col = text.line_col(start)
        note = f"each part of the quotation is in the text, but not in this order within {MAX_GAP_WORDS} words of each other"
        return head, [info(Location(st.path, line, col), note, "quote-hint")]
    passage = None
    if found.missing > 0:  # look first where the piece should be: just after the one before
        before = _occurrences(pieces[found.missing - 1], text)[0]
        after = bisect_left(text.word_starts, before + len(pieces[found.missing - 1].key))
        span = len(pieces[found.missing].words)
        passage = closest_passage(pieces[found.missing], text, within=(after, after + MAX_GAP_WORDS + span))
    if passage is None or passage.ratio < 0.5:
        anywhere = closest_passage(pieces[found.missing], text)
        if anywhere is not None and (passage is None or anywhere.ratio > passage.ratio):
            passage = anywhere
    if passage is None:
        return head, [info(where, f"no passage of {st.file} shares its words", "quote-hint")]
    line, col = text.line_col(passage.start)
    part = f"part {found.missing + 1} of {len(pieces)}: " if len(pieces) > 1 else ""
    note = f'{part}closest passage ({round(passage.ratio * 100)}% alike): "{passage.text}"'
    return head, [info(Location(st.path, line, col), note, "quote-hint")]


def _without_text(lib: Library) -> list[tuple[Problem, list[Problem]]]:
    quoted: dict[str, int] = {}
    for topic in lib.topics:
        for item in [*topic.facts, *topic.claims]:
            for ev in item.evidence:
                if ev.quote and ev.quote.strip():
                    quoted[ev.source] = quoted.get(ev.source, 0) + 1
    out = []
    seen: set[str] = set()
    for source in lib.sources:
        if source.id in seen or source.text:
            continue
        seen.add(source.id)
        n = quoted.get(source.id, 0)
        message = f"source '{source.id}' has no text file (`text:`): skipped, {n} quotation(s) not checked"
        out.append((info(source.where(), message, "no-text"), []))
    return out


def _shorten(excerpt: str, most: int = 30) -> str:
    words = excerpt.split()
    return excerpt if len(words) <= most else " ".join(words[: most - 6]) + " … " + " ".join(words[-5:])
