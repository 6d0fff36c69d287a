"""Close paraphrase: a sentence of our own that follows a source sentence with a few words swapped.

The measure: the content words of each sentence (words that are not on a
short list of function words; numbers count; a plural ``s`` and ``'s`` are
dropped, ``ies`` read as ``y``), and the longest common subsequence (LCS) of ours and the source's.
A sentence of ours is a close paraphrase of a source sentence when

    LCS >= MIN_COMMON  and  LCS / (content words of ours) >= THRESHOLD

that is, when at least 55 percent of its content words, and at least six,
appear in the source sentence in the same order. Sentences are compared only
with source sentences that share enough words to pass: an index of words to
sentences, entered by the sentence's rarest words only (a prefix filter), which
keeps the check fast and linear in the size of the library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from evenhand.checks.sentences import sentence_starts, split_own
from evenhand.checks.textnorm import Normalised

THRESHOLD = 0.55
MIN_COMMON = 6
MAX_WORDS = 300  # a "sentence" longer than this (a text without full stops) is not compared: LCS is quadratic
# source sentences compared by LCS with one of ours, those sharing the most words first
MAX_CANDIDATES = 32

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "also",
        "however",
        "yet",
        "still",
        "even",
        "many",
        "much",
        "one",
        "two",
        "per",
        "s",
        "t",
        "don",
    ]
)


def _content(w: str) -> str:
    """The compared form of a word, or "" for a function word."""
    if w.endswith("'s"):
        w = w[:-2]
    if w in STOPWORDS or not any(c.isalnum() for c in w):
        return ""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and not w[0].isdigit():
        return w[:-1]
    return w


_FORMS: dict[str, str] = {}  # word -> its compared form; a text's vocabulary is small


def content_words(words: list[str]) -> list[str]:
    forms = _FORMS
    out = []
    for w in words:
        f = forms.get(w)
        if f is None:
            f = _content(w)
            if len(forms) < 200_000:
                forms[w] = f
        if f:
            out.append(f)
    return out


def lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two word lists."""
    if len(a) > len(b):
        a, b = b, a
    prev = [0] * (len(a) + 1)
    for wb in b:
        cur = [0]
        for i, wa in enumerate(a):
            cur.append(prev[i] + 1 if wa == wb else max(prev[i + 1], cur[i]))
        prev = cur
    return prev[-1]


def similarity(ours: list[str], theirs: list[str]) -> tuple[float, int]:
    """(LCS / len(ours), LCS) over content words."""
    if not ours:
        return 0.0, 0
    common = lcs(ours, theirs)
    return common / len(ours), common


@dataclass(frozen=True)
class Match:
    """A sentence of ours and the source sentence it follows."""

    ours: str  # display text of our sentence
    theirs: str  # display text of the source sentence
    ratio: float
    common: int
    source_path: str
    source_line: int
    source_col: int


def own_sentences(mine: Normalised) -> list[tuple[int, int, list[str]]]:
    """(first word, one past the last, content words) of each sentence of ours long enough to compare."""
    out = []
    for a, b in split_own(mine):
        ours = content_words(mine.words[a:b])
        if MIN_COMMON <= len(ours) <= MAX_WORDS:
            out.append((a, b, ours))
    return out


class SourceSentences:
    """Source texts cut into sentences of content words, with one index word -> sentences over all of them."""

    def __init__(self, texts: Mapping[str, Normalised]):
        self.bounds: list[tuple[str, int, int]] = []  # (path, first word, one past the last)
        self.content: list[list[str]] = []
        self.texts = dict(texts)
        seen: set[tuple[str, ...]] = set()  # a sentence that repeats an earlier one is indexed once
        for path, text in self.texts.items():
            starts = sentence_starts(text)
            total = len(text.words)
            for k, a in enumerate(starts):
                b = starts[k + 1] if k + 1 < len(starts) else total
                words = content_words(text.words[a:b])
                if tuple(words) in seen:
                    continue
                seen.add(tuple(words))
                self.bounds.append((path, a, b))
                self.content.append(words)
        self.sets = [set(words) for words in self.content]
        self.index: dict[str, list[int]] = {}
        for k, words in enumerate(self.content):
            for w in set(words):
                self.index.setdefault(w, []).append(k)

    def matches(
        self, mine: Normalised, own: list[tuple[int, int, list[str]]] | None = None
    ) -> list[Match]:
        """The sentences of ``mine`` that closely paraphrase a source sentence (the closest one each).

        ``own``: ``own_sentences(mine)``, when already computed.
        """
        out = []
        for a, b, ours in own_sentences(mine) if own is None else own:
            best = self._closest(ours)
            if best is not None:
                out.append(self._match(mine, a, b, *best))
        return out

    def _candidates(self, ours: list[str]) -> list[int]:
        """The source sentences (by index) that may share enough of ``ours`` in order to be a paraphrase."""
        need = max(MIN_COMMON, THRESHOLD * len(ours))
        distinct = set(ours)
        # The LCS is at most the distinct shared words plus our repeated ones, so a candidate shares
        # at least `least` distinct words, and so one of our len - least + 1 rarest words (prefix filter).
        least = math.ceil(need - (len(ours) - len(distinct)))
        if least > len(distinct):
            return []
        rarest = sorted(distinct, key=lambda w: len(self.index.get(w, ())))[
            : len(distinct) - least + 1
        ]
        candidates = {k for w in rarest for k in self.index.get(w, ())}
        shared = [
            (n, k)
            for k in candidates
            if len(self.content[k]) <= MAX_WORDS and (n := len(distinct & self.sets[k])) >= least
        ]
        if len(shared) > MAX_CANDIDATES:  # only in texts that repeat themselves: the likeliest ones
            shared = sorted(shared, reverse=True)[:MAX_CANDIDATES]
        return [k for _, k in shared]

    def _closest(self, ours: list[str]) -> tuple[float, int, int] | None:
        """(ratio, common words, sentence) of the source sentence ``ours`` paraphrases most closely, or None."""
        best: tuple[float, int, int] | None = None
        for k in self._candidates(ours):
            ratio, common = similarity(ours, self.content[k])
            if common >= MIN_COMMON and ratio >= THRESHOLD and (best is None or ratio > best[0]):
                best = (ratio, common, k)
        return best

    def _match(self, mine: Normalised, a: int, b: int, ratio: float, common: int, k: int) -> Match:
        """Our words ``a``..``b`` of ``mine`` and source sentence ``k``, as they read, with where it is."""
        path, first, last = self.bounds[k]
        text = self.texts[path]
        line, col = text.line_col(text.word_starts[first])
        theirs = text.display_slice(text.word_starts[first], text.word_ends[last - 1])
        ours_text = mine.display_slice(mine.word_starts[a], mine.word_ends[b - 1])
        return Match(ours_text, theirs, ratio, common, path, line, col)


def problems(label: str, match: Match, where, source_file: str):
    """(warning at our field, [the source sentence as a note]) for ``checks.quotes``'s groups."""
    from evenhand.problems import Location, info, warning

    message = (
        f"{label} closely paraphrases a sentence of {source_file} ({match.common} content words in the same order, "
        f'{round(match.ratio * 100)}% of ours): "{_shorten(match.ours)}"; put it in your own words'
    )
    note = f'source sentence: "{match.theirs}"'
    return warning(where, message, "close-paraphrase"), [
        info(
            Location(match.source_path, match.source_line, match.source_col),
            note,
            "paraphrase-source",
        )
    ]


def _shorten(text: str, most: int = 30) -> str:
    words = text.split()
    return (
        text if len(words) <= most else " ".join(words[: most - 6]) + " … " + " ".join(words[-5:])
    )
