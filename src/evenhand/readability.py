"""Reading level of claims: a U.S. school grade per text, and per position the median and range.

English: the Flesch-Kincaid grade. Spanish: the Fernández-Huerta reading-ease
score (Spanish syllables), turned into a grade with Flesch's own table of ease
against school grade, interpolated. Other languages: Flesch-Kincaid with that
language's syllable rules where Pyphen has them. Markdown is reduced to its
words first.

The counting is textstat 0.7.5's, which gave the grades before (the tests hold
this module to it): words are what is left between spaces once every character
that is not a letter, digit or space is dropped; a sentence ends at `.`, `!` or
`?` and counts only with three words or more (at least one per text); a word's
syllables are Pyphen's hyphenation points plus one; the averages are rounded to
one decimal before the formula. Done here, a build loads no textstat, whose
import took about 0.35 s (setuptools' pkg_resources and a second dictionary).
"""

from __future__ import annotations

import math
import re
import statistics
from functools import lru_cache

# Flesch's table (reading ease → U.S. grade); Fernández-Huerta keeps Flesch's scale.
_EASE_TO_GRADE = (
    (100.0, 4.0),
    (90.0, 5.0),
    (80.0, 6.0),
    (70.0, 7.0),
    (60.0, 9.0),
    (50.0, 12.0),
    (30.0, 16.0),
    (0.0, 18.0),
)

_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|~]+|<[^>]+>")
_NOT_IN_WORDS = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def plain(text: str | None) -> str:
    """The words of a Markdown text: links keep their text, marks and tags go."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", text or "").split())


def claim_text(title: str, text: str | None) -> str:
    """A claim's title and text as one passage (the title as its own sentence)."""
    title = plain(title)
    if title and title[-1] not in ".!?:":
        title += "."
    return f"{title} {plain(text)}".strip()


@lru_cache(maxsize=4)
def _hyphenator(language: str):
    """Pyphen's hyphenation rules for the language ("en", "es"...), else English ones."""
    from pyphen import Pyphen

    base = language.split("-", maxsplit=1)[0]
    try:
        return Pyphen(lang=base)
    except (KeyError, ValueError, OSError):  # no rules for it
        return Pyphen(lang="en")


def _words(text: str) -> list[str]:
    return _NOT_IN_WORDS.sub("", text).split()


def _rounded(number: float, places: int) -> float:
    """Rounded half away from zero, as textstat rounds."""
    scale = 10**places
    return math.floor(number * scale + math.copysign(0.5, number)) / scale


def _averages(text: str, language: str) -> tuple[float, float]:
    """(words per sentence, syllables per word), each rounded to one decimal."""
    words = len(_words(text))
    if not words:
        return 0.0, 0.0
    sentences = max(1, sum(1 for s in _SENTENCE.findall(text) if len(_words(s)) > 2))
    hyphenator = _hyphenator(language)
    syllables = sum(len(hyphenator.positions(w)) + 1 for w in _words(text.lower()))
    return _rounded(words / sentences, 1), _rounded(syllables / words, 1)


def flesch_kincaid(text: str, language: str = "en") -> float:
    sentence_length, syllables_per_word = _averages(text, language)
    return _rounded(0.39 * sentence_length + 11.8 * syllables_per_word - 15.59, 1)


def fernandez_huerta(text: str) -> float:
    """The Spanish reading ease, 0-100 (higher is easier), with Spanish syllables."""
    sentence_length, syllables_per_word = _averages(text, "es")
    return _rounded(206.84 - 60 * syllables_per_word - 1.02 * sentence_length, 2)


def ease_to_grade(ease: float) -> float:
    """A reading-ease score (Flesch's scale) as a grade, interpolated in Flesch's table."""
    ease = max(0.0, min(100.0, ease))
    for (e1, g1), (e2, g2) in zip(_EASE_TO_GRADE, _EASE_TO_GRADE[1:], strict=False):
        if e2 <= ease <= e1:
            return g1 + (e1 - ease) * (g2 - g1) / (e1 - e2)
    return _EASE_TO_GRADE[-1][1]


def formula(language: str) -> str:
    return "Fernández-Huerta" if language.split("-", maxsplit=1)[0] == "es" else "Flesch-Kincaid"


def prepare(language: str) -> None:
    """The syllable rules of ``language`` loaded now (see templating.prepare: before a fork)."""
    _hyphenator(language)


def grade(text: str, language: str = "en") -> float | None:
    """The text's grade level, rounded to one decimal; None for a text without words."""
    if not re.search(r"\w", text or ""):
        return None
    if language.split("-", maxsplit=1)[0] == "es":
        value = ease_to_grade(fernandez_huerta(text))
    else:
        value = flesch_kincaid(text, language)
    return round(max(0.0, value), 1)


def claim_grade(title: str, text: str | None, language: str = "en") -> float | None:
    return grade(claim_text(title, text), language)


def summary(grades: list[float | None]) -> tuple[float | None, float | None, float | None]:
    """(median, lowest, highest) of the grades that exist."""
    known = [g for g in grades if g is not None]
    if not known:
        return None, None, None
    return round(statistics.median(known), 1), min(known), max(known)


def grade_range(median: float | None, low: float | None, high: float | None) -> str:
    """'9.8 (8.1–11.2)', or '–' when nothing was measured."""
    if median is None:
        return "–"
    return f"{median:.1f} ({low:.1f}–{high:.1f})" if low != high else f"{median:.1f}"


def level_notices(sections, balance, reading_level: float | None) -> list[str]:
    """Warnings: claims above the recipe's ``reading-level``; positions whose median grades
    are more than two grades apart (one side written harder to read than the other)."""
    notices = []
    if reading_level is not None:
        for s in sections:
            for c in s.claims:
                if c.grade is not None and c.grade > reading_level:
                    notices.append(
                        f"warning: reading level: claim '{c.claim.id}' ({c.label}) reads at grade {c.grade:.1f}, "
                        f"above the recipe's reading-level {reading_level:g}"
                    )
    rows = [r for r in balance if r.grade_median is not None]
    if len(rows) > 1:
        hardest = max(rows, key=lambda r: r.grade_median)
        easiest = min(rows, key=lambda r: r.grade_median)
        gap = hardest.grade_median - easiest.grade_median
        if gap > MAX_GRADE_GAP:
            notices.append(
                f"warning: reading level: position '{hardest.position.id}' reads at grade {hardest.grade_median:.1f} "
                f"(median), {gap:.1f} grades above '{easiest.position.id}' ({easiest.grade_median:.1f}); "
                f"keep the positions within {MAX_GRADE_GAP} grades of each other"
            )
    return notices


MAX_GRADE_GAP = 2.0


_COMMON = {
    "en": {
        "the",
        "and",
        "of",
        "to",
        "is",
        "that",
        "it",
        "for",
        "with",
        "are",
        "on",
        "this",
        "would",
        "not",
        "by",
    },
    "es": {
        "el",
        "la",
        "los",
        "las",
        "de",
        "que",
        "y",
        "en",
        "del",
        "por",
        "para",
        "con",
        "una",
        "es",
        "se",
        "no",
        "su",
    },
}


def text_language(texts) -> str:
    """The language the texts are written in, for the choice of formula: 'es' when common
    Spanish words outnumber common English ones, else 'en'."""
    counts = dict.fromkeys(_COMMON, 0)
    for text in texts:
        for word in re.findall(r"[a-záéíóúñü]+", (text or "").lower()):
            for lang, words in _COMMON.items():
                if word in words:
                    counts[lang] += 1
    return "es" if counts["es"] > counts["en"] else "en"


def library_language(lib) -> str:
    """The language of a library's claims (worked out once per library)."""
    cache = lib._cache
    if "text_language" not in cache:
        claims = lib.all_claims()
        step = max(1, len(claims) // 500)  # a sample is enough for a large library
        cache["text_language"] = text_language(f"{c.title} {c.text}" for c in claims[::step])
    return cache["text_language"]
