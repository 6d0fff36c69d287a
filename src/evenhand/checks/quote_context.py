"""Is a verbatim quotation faithful in its context? Four rules over the source sentence.

For each quotation found in its source (``quote_match.find_quote``), the
sentence (or sentences) holding it is looked at:

- ``context-reported``: before the quoted words, the sentence attributes them to
  someone (``they claim``, ``critics argue``, ``according to``, ``X said``, ``the
  report details how``) and the evidence item's ``note`` does not say whose
  words or view they are;
- ``context-ellipsis``: the words a ``...`` skips hold a negation, concession or
  contrast (not, no, never, although, though, but, however, yet, despite, while,
  except, unless);
- ``context-turn``: the sentence goes on right after the quote with but,
  however, yet, although, though, unless or except; or the quote starts right
  after although, though, even though, while or despite, or after a clause that
  opened with one of them;
- ``context-hedge``: the sentence has a hedge outside the quoted words that the
  quote leaves out: likely, reportedly, allegedly, possibly, appears, may,
  might anywhere in it (not capitalised mid-sentence: May the month), except after a quotation that
  is itself a subordinate clause ("While ..."); could, can, some right before the quote.

An evidence item's ``context:`` (our acknowledgement, printed with the
citation) silences all four.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from evenhand.checks.quote_match import MAX_PIECES, find_quote, quote_pieces
from evenhand.checks.sentences import sentence_of, sentence_starts
from evenhand.checks.textnorm import Normalised
from evenhand.model import Claim, Evidence, Fact, Library
from evenhand.problems import Location, Problem, info, warning
from evenhand.readers.texts import SourceText

TURN_WORDS = frozenset(
    [
        "not",
        "no",
        "never",
        "although",
        "though",
        "but",
        "however",
        "yet",
        "despite",
        "while",
        "except",
        "unless",
    ]
)
AFTER_TURN = frozenset(["but", "however", "yet", "although", "though", "unless", "except"])
BEFORE_TURN = frozenset(["although", "though", "while", "despite"])
STRONG_HEDGES = frozenset(
    [
        "likely",
        "unlikely",
        "reportedly",
        "allegedly",
        "possibly",
        "perhaps",
        "appears",
        "appear",
        "appeared",
        "apparently",
        "may",
        "might",
    ]
)
WEAK_HEDGES = frozenset(["could", "can", "some"])
WEAK_HEDGE_REACH = 1  # a weak hedge counts right before the quote ("could «explain»")
REPORTING_VERBS = frozenset(
    [
        "claim",
        "claims",
        "claimed",
        "argue",
        "argues",
        "argued",
        "say",
        "says",
        "said",
        "assert",
        "asserts",
        "asserted",
        "contend",
        "contends",
        "contended",
        "allege",
        "alleges",
        "alleged",
        "believe",
        "believes",
        "believed",
        "insist",
        "insists",
        "insisted",
        "maintain",
        "maintains",
        "maintained",
        "warn",
        "warns",
        "warned",
        "accuse",
        "accuses",
        "accused",
        "charge",
        "charges",
        "charged",
        "complain",
        "complains",
        "complained",
        "suggest",
        "suggests",
        "suggested",
        "stated",
        "told",
        "tell",
        "tells",
        "details",
        "detailed",
        "describe",
        "describes",
        "described",
        "reported",
        "reports",
        "recommend",
        "recommends",
        "recommended",
        "fear",
        "fears",
        "feared",
    ]
)
# Words a note uses when it says whose words or view a quotation gives.
_ATTRIBUTING_NOTE = re.compile(
    r"\b(?:view|views|words|opinion|claim|claims|say|says|said|argue|argues|argued|report|reports|reported|"
    r"according|critics?|supporters?|advocates?|opponents?|authors?|position|quotes?|quoting|attribut\w*)\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Context:
    """One quotation in its source: the sentence with the quote marked, and what the rules found."""

    evidence: Evidence
    where: Location
    source_file: str
    source_where: Location
    sentence: str  # the source sentence(s), quoted words between « and »
    findings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


def contexts(
    lib: Library,
    texts: Mapping[str, SourceText],
    normalised: Mapping[str, Normalised],
    spans: Mapping[Location, tuple] | None = None,
) -> Iterator[Context]:
    """Every quotation of the library that is found in its source's text, in its context.

    ``spans``: where each quotation (by its location) was already found, so
    that it is not looked up twice; others are looked up here.
    """
    starts: dict[str, list[int]] = {}
    for topic in lib.topics:
        evidenced: list[Fact | Claim] = [*topic.facts, *topic.claims]
        for item in evidenced:
            for ev in item.evidence:
                if not ev.quote or not ev.quote.strip():
                    continue
                st = texts.get(ev.source)
                if st is None:
                    continue
                text = normalised[st.path]
                where = ev.where("quote")
                found = (spans or {}).get(where) if where.line else None
                if found is None:
                    pieces = quote_pieces(ev.quote)
                    if not pieces or len(pieces) > MAX_PIECES:
                        continue
                    found = find_quote(pieces, text).spans
                if not found:
                    continue
                if st.path not in starts:
                    starts[st.path] = sentence_starts(text)
                yield _context(ev, st, text, starts[st.path], found)


def _word_range(text: Normalised, span: tuple[int, int]) -> tuple[int, int]:
    first = bisect_left(text.word_starts, span[0])
    last = bisect_left(text.word_starts, span[1])  # one past the last word inside the span
    return first, max(first + 1, last)


def _context(ev: Evidence, st: SourceText, text: Normalised, starts: list[int], spans) -> Context:
    words = text.words
    ranges = [_word_range(text, s) for s in spans]
    q_first, q_last = ranges[0][0], ranges[-1][1]  # q_last: one past the quote's last word
    s_first, _ = sentence_of(starts, len(words), q_first)
    _, s_last = sentence_of(starts, len(words), q_last - 1)
    before = words[s_first:q_first]
    after = words[q_last:s_last]
    skipped = [
        w
        for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False)
        for w in words[end:start]
    ]

    found = (
        _reported_finding(ev, before),
        _ellipsis_finding(skipped),
        _turn_finding(before, after),
        _hedge_finding(text, s_first, q_first, q_last, s_last),
    )
    findings = [f for f in found if f is not None]
    if ev.context and ev.context.strip():
        findings = []

    line, col = text.line_col(text.word_starts[s_first])
    return Context(
        evidence=ev,
        where=ev.where("quote"),
        source_file=st.file,
        source_where=Location(st.path, line, col),
        sentence=_marked(text, s_first, s_last, ranges),
        findings=findings,
    )


def _reported_finding(ev: Evidence, before: list[str]) -> tuple[str, str] | None:
    """context-reported: the sentence attributes the words to someone and the note does not say whose."""
    reported = _reporting(before)
    if not reported or (ev.note and _ATTRIBUTING_NOTE.search(ev.note)):
        return None
    return (
        "context-reported",
        f'the source attributes these words to someone ("{reported}" before them); say whose words or '
        "view they are in a `note`, or acknowledge it with `context:`",
    )


def _ellipsis_finding(skipped: list[str]) -> tuple[str, str] | None:
    """context-ellipsis: the words a '...' leaves out hold a turn."""
    turn = sorted({w for w in skipped if _is_turn(w)})
    if not turn:
        return None
    return (
        "context-ellipsis",
        f"the words left out by '...' hold a turn ({', '.join(turn)}); quote them, or acknowledge it with `context:`",
    )


def _turn_finding(before: list[str], after: list[str]) -> tuple[str, str] | None:
    """context-turn: a turn right after the quotation, else a concession the quotation follows."""
    if after and after[0] in AFTER_TURN:
        return (
            "context-turn",
            f'the sentence goes on with "{after[0]}" right after the quotation; quote the turn, or acknowledge it with `context:`',
        )
    opener = next((w for w in before if w in BEFORE_TURN), None)
    if opener == "while" and before[-1:] != ["while"] and before[:1] != ["while"]:
        opener = None  # "while" mid-sentence is as often about time as a concession
    if not opener:
        return None
    return (
        "context-turn",
        f'the quotation follows "{opener}" in its sentence: it drops the concession; '
        "quote it, or acknowledge it with `context:`",
    )


def _hedge_finding(
    text: Normalised, s_first: int, q_first: int, q_last: int, s_last: int
) -> tuple[str, str] | None:
    """context-hedge: a hedge in the sentence, outside the quoted words, that the quotation leaves out."""
    words = text.words
    # A hedge in the clause of a quotation that is itself a subordinate clause ("While X, ...") is not its own.
    outside = list(range(s_first, q_first))
    if words[q_first] not in _SUBORDINATORS:
        outside += range(q_last, s_last)
    before = q_first - s_first
    hedges = [
        words[i] for i in outside if words[i] in STRONG_HEDGES and not _proper(text, i, s_first)
    ]
    hedges += [
        words[i] for i in outside[before - WEAK_HEDGE_REACH : before] if words[i] in WEAK_HEDGES
    ]
    if not hedges:
        return None
    return (
        "context-hedge",
        f"the sentence hedges it ({', '.join(dict.fromkeys(hedges))}) outside the quoted words; "
        "keep the hedge, or acknowledge it with `context:`",
    )


_SUBORDINATORS = frozenset(
    ["while", "although", "though", "if", "when", "because", "since", "unless", "whereas"]
)


def _proper(text: Normalised, i: int, s_first: int) -> bool:
    """Whether word ``i`` is capitalised mid-sentence (May the month, not may the verb)."""
    return i != s_first and text.display[text.display_offset(text.word_starts[i])].isupper()


def _is_turn(word: str) -> bool:
    return word in TURN_WORDS or word.endswith("n't")


def _reporting(before: list[str]) -> str | None:
    """The attribution among the words before a quotation, as it reads ("they claim"), or None."""
    for i, w in enumerate(before):
        if w == "according" and before[i + 1 : i + 2] == ["to"]:
            return "according to"
        if w in REPORTING_VERBS:
            return " ".join(before[max(0, i - 1) : i + 1])
    return None


def _marked(text: Normalised, s_first: int, s_last: int, ranges: list[tuple[int, int]]) -> str:
    """The display text of words s_first..s_last (with the punctuation that ends it), quoted ranges in « »."""
    display = text.display

    def begin(word: int) -> int:
        return text.display_offset(text.word_starts[word])

    def finish(word: int) -> int:
        return text.display_offset(text.word_ends[word] - 1) + 1

    end = finish(s_last - 1)
    while end < len(display) and display[end] in ".,;:!?)\"'%]":
        end += 1

    def close(word: int) -> int:
        at = finish(word)
        return at + 1 if display[at : at + 1] == "%" else at

    marks = sorted([(begin(a), "«") for a, _ in ranges] + [(close(b - 1), "»") for _, b in ranges])
    out, pos = [], begin(s_first)
    for at, mark in marks:
        out.append(display[pos:at])
        out.append(mark)
        pos = at
    out.append(display[pos:end])
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", "".join(out))


def problems(found: Context) -> list[Problem]:
    """A warning per finding at the evidence item, then the source sentence (info) once."""
    if not found.findings:
        return []
    out = [warning(found.where, message, code) for code, message in found.findings]
    out.append(
        info(
            found.source_where,
            f"source sentence in {found.source_file}: {found.sentence}",
            "context-sentence",
        )
    )
    return out


def listing(found: list[Context]) -> str:
    """Every quotation with its source sentence, for a reviewer (``verify --context``)."""
    out = []
    for c in found:
        flags = ", ".join(code.removeprefix("context-") for code, _ in c.findings)
        ack = (
            f" [context: {_CONTROL.sub(' ', c.evidence.context.strip())}]"
            if c.evidence.context and c.evidence.context.strip()
            else ""
        )
        out.append(f"{c.where}: {c.evidence.source}{' (' + flags + ')' if flags else ''}{ack}")
        out.append(f"    {c.source_where}: {c.sentence}")
    return "\n".join(out) + ("\n" if out else "")
