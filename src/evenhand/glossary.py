"""Key terms: which glossary terms a text uses, in order of first use. Pure, no I/O.

Matching rules (the README's "Key terms" section says the same):

- a form with no lowercase letter and two or more capitals (``DHS``, ``MPP``,
  ``FY``) is an acronym: matched with its case, alone or with a plural ``s``
  (``NGOs``);
- any other form (``metering``, ``Remain in Mexico``) is matched in any case,
  with a plural ``s`` or ``es`` on its last word;
- a form matches whole words only (``ICE`` is not in ``NOTICE``), the longest
  form first where two overlap;
- ``aliases`` are more forms of the same term (``MPP`` for Remain in Mexico,
  irregular plurals, spellings with accents).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from evenhand.model import GlossaryEntry


def is_acronym(form: str) -> bool:
    """No lowercase letter and at least two capitals: DHS, MPP, FY, COVID-19."""
    return not any(ch.islower() for ch in form) and sum(ch.isupper() for ch in form) >= 2


@dataclass(frozen=True)
class KeyTerm:
    """A glossary term a brief uses: what the "Key terms" box prints, in order of first use."""

    term: str
    definition: str
    acronym: bool
    forms: tuple[str, ...]  # the term and its aliases
    evidence: list = field(default_factory=list, compare=False)  # CitedEvidence, filled by assemble
    entry: GlossaryEntry | None = field(default=None, compare=False, repr=False)

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.forms[1:]


def _form_pattern(form: str) -> str:
    words = [re.escape(w) for w in form.split()]
    body = r"\s+".join(words)
    if is_acronym(form):
        return body + r"s?"
    return "(?i:" + body + r"(?:e?s)?)"


def _first_letters(forms: list[tuple[str, int]]) -> str:
    """A lookahead for the first letters of the forms: the search fails at most places at
    once instead of trying every form there (a quarter faster on the bundled library)."""
    exact = sorted({form[0] for form, _ in forms if is_acronym(form)})
    any_case = sorted({form[0] for form, _ in forms if not is_acronym(form)})
    sets = []
    if exact:
        sets.append("[" + "".join(re.escape(ch) for ch in exact) + "]")
    if any_case:
        sets.append("(?i:[" + "".join(re.escape(ch) for ch in any_case) + "])")
    return "(?=" + "|".join(sets) + ")"


_RUN = re.compile(r"\w+")
# The only letters that case-insensitive `re` matches to ASCII ones (İ ı ~ i, K ~ k, ſ ~ s):
# a form's first word is folded with them, so that no ASCII word it matches is passed over.
_FOLD = {"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"}


def _first_word_key(form: str) -> str | None:
    """What a text's word must be (lowercased, unless ``form`` is an acronym) for ``form`` to
    start there: its first run of word characters; None when it starts with none."""
    run = _RUN.match(form)
    if run is None:
        return None
    if is_acronym(form):
        return run.group(0)
    return "".join(_FOLD.get(ch, ch.lower()) for ch in run.group(0))


class TermFinder:
    """Finds the glossary's terms in texts; one compiled pattern for the whole glossary.

    The pattern is tried only where a word of the text could begin a form (its first word,
    perhaps with a plural ending): trying every form at every word was most of the time of a
    library's checks. A word with letters outside ASCII is always tried."""

    def __init__(self, glossary: Iterable[GlossaryEntry | KeyTerm]):
        self.entries = list(glossary)
        forms: list[tuple[str, int]] = []
        for i, entry in enumerate(self.entries):
            for form in (entry.term, *entry.aliases):
                if form.strip():
                    forms.append((" ".join(form.split()), i))
        forms.sort(key=lambda f: -len(f[0]))  # the longest form wins where two overlap
        self._forms = forms
        # text → its matches: a build looks at the same texts many times (the check of acronyms,
        # each format, each size a one-pager's fitting tries), and one search of a long pattern
        # costs tens of microseconds
        self._found: dict[str, tuple[tuple[int, int, int], ...]] = {}
        keys = {_first_word_key(form) for form, _ in forms}
        # None: a form starts with no word character; then every place is tried
        self._keys: set[str] | None = None if None in keys else {k for k in keys if k}
        self._pattern: re.Pattern[str] | None = None
        if forms:
            alternatives = "|".join(
                f"(?P<f{n}>{_form_pattern(form)})" for n, (form, _) in enumerate(forms)
            )
            self._pattern = re.compile(rf"(?<!\w){_first_letters(forms)}(?:{alternatives})(?!\w)")

    def matches(self, text: str | None) -> tuple[tuple[int, int, int], ...]:
        """(start, end, entry index) of each use of a term in ``text``, left to right."""
        if not text or self._pattern is None:
            return ()
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = tuple(self._search(self._pattern, text))
        return found

    def _search(self, pattern: re.Pattern[str], text: str) -> Iterable[tuple[int, int, int]]:
        """What `pattern.finditer` finds, trying the pattern only at words that may begin a
        form (a form starts with a word character after none: at the start of a word)."""
        keys = self._keys
        found = pattern.finditer(text) if keys is None else self._tried(pattern, text, keys)
        for m in found:
            group = m.lastgroup
            assert group is not None  # every alternative is a named group, f<n>
            n = int(group[1:])
            yield m.start(), m.end(), self._forms[n][1]

    @staticmethod
    def _tried(pattern: re.Pattern[str], text: str, keys: set[str]) -> Iterable[re.Match[str]]:
        end = 0
        for word in _RUN.finditer(text):
            start = word.start()
            if start < end or not _may_begin(word.group(0), keys):
                continue
            m = pattern.match(text, start)
            if m is not None:
                end = m.end()
                yield m

    def first_uses(self, texts: Iterable[str | None]) -> list[int]:
        """Indexes of the entries used in ``texts``, in order of first use."""
        seen: dict[int, None] = {}
        for text in texts:
            for _, _, i in self.matches(text):
                seen.setdefault(i, None)
        return list(seen)

    def key_terms(self, texts: Iterable[str | None]) -> list[KeyTerm]:
        return [self.key_term(i) for i in self.first_uses(texts)]

    def key_term(self, i: int) -> KeyTerm:
        entry = self.entries[i]
        if isinstance(entry, KeyTerm):
            return entry
        return KeyTerm(
            term=entry.term,
            definition=" ".join(entry.definition.split()),
            acronym=is_acronym(entry.term),
            forms=(entry.term, *entry.aliases),
            entry=entry,
        )

    def covers(self, text: str, start: int, end: int) -> bool:
        """Whether a use of a glossary term in ``text`` covers ``text[start:end]``."""
        return any(s <= start and end <= e for s, e, _ in self.matches(text))


def _may_begin(word: str, keys: set[str]) -> bool:
    """Whether a form whose first word is in ``keys`` may start at this word: as it is
    (acronyms), lowercased, or without a plural ending (-s, -es)."""
    if not word.isascii():
        return True
    lower = word.lower()
    if word in keys or lower in keys:
        return True
    if lower.endswith("s"):
        return word[:-1] in keys or lower[:-1] in keys or lower[:-2] in keys
    return False


def finder(lib) -> TermFinder:
    """The TermFinder of a library's glossary (built once: a Library is not edited after loading)."""
    cache = lib._cache
    if "term_finder" not in cache:
        cache["term_finder"] = TermFinder(lib.glossary)
    return cache["term_finder"]


_WORD = re.compile(r"(?<!\w)[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*s?(?!\w)")


def acronyms(text: str | None) -> Iterable[re.Match]:
    """Each word of ``text`` written as an acronym (two or more capitals), with its place."""
    return _WORD.finditer(text or "")


def spelled_out(text: str, acronym: str) -> bool:
    """Whether ``text`` spells ``acronym`` out in brackets: "Temporary Protected Status (TPS)"
    or "TPS (Temporary Protected Status)"."""
    a = re.escape(acronym)
    return bool(
        re.search(rf"\(\s*{a}s?\s*\)", text)
        or re.search(rf"(?<!\w){a}s?\s*\(\s*[A-Za-z][^)]*\)", text)
    )
