"""``evenhand verify``: every quotation against the full text of its source, and our own
wording against copying.

``check`` walks a library with the texts of its sources and returns the
problems, each failed quotation followed by a hint (the closest passage). It is
not part of ``check_library``: the texts are optional, and only
``evenhand verify --texts DIR`` has them. The string matching is in
``quote_match``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field

from evenhand.checks.paraphrase import SourceSentences, own_sentences
from evenhand.checks.paraphrase import problems as paraphrase_problems
from evenhand.checks.quote_context import contexts
from evenhand.checks.quote_context import problems as context_problems
from evenhand.checks.quote_match import (
    COPY_WORDS,
    LONG_QUOTE_WORDS,
    MAX_GAP_WORDS,
    MAX_PIECES,
    closest_passage,
    copied_runs,
    find_quote,
    occurrences,
    quote_pieces,
)
from evenhand.checks.textnorm import Normalised
from evenhand.model import Claim, Evidence, Fact, Library
from evenhand.problems import Location, Problem, error, info, warning
from evenhand.readers.texts import SourceText


@dataclass
class Report:
    """What ``check`` found: problems in print order (a hint follows its error) and counts."""

    problems: list[Problem] = field(default_factory=list)
    verified: int = 0
    not_found: int = 0
    unchecked: int = 0  # quotations whose source has no (readable) text
    copied: int = 0
    context: int = 0  # quotation-context warnings (checks.quote_context)
    paraphrased: int = 0  # close-paraphrase warnings (checks.paraphrase)
    # every found quotation in its sentence (quote_context.Context)
    contexts: list = field(default_factory=list)
    # quotation's location -> where it was found (for quote_context)
    spans: dict = field(default_factory=dict)
    long: int = 0
    sources: int = 0  # source texts read
    per_source: dict[str, list[int]] = field(default_factory=dict)  # id -> [verified, not found]


def check(lib: Library, texts: Mapping[str, SourceText]) -> Report:
    """Every quotation found in its source's text; our own wording not copied from any text."""
    run = _Check(texts)
    for topic in lib.topics:
        run.own_words("background", topic.background, topic.where("background"))
        for fact in topic.facts:
            run.own_words("fact text", fact.text, fact.where("text"))
            run.evidence(fact.evidence)
        for claim in topic.claims:
            run.own_words("claim text", claim.text, claim.where("text"))
            run.evidence(claim.evidence)
    report, groups = run.report, run.groups
    for found in contexts(lib, texts, run.normalised, report.spans):
        report.contexts.append(found)
        found_problems = context_problems(found)
        if found_problems:
            report.context += len(found_problems) - 1
            groups.append((found_problems[0], found_problems[1:]))
    groups.extend(_without_text(lib))
    groups.sort(key=lambda g: g[0].sort_key())
    report.problems = [p for head, notes in groups for p in (head, *notes)]
    return report


class _Check:
    """One run of ``check``: the texts read once, the report and its problems as they are found."""

    def __init__(self, texts: Mapping[str, SourceText]):
        self.texts = texts
        self.report = Report()
        self.normalised: dict[str, Normalised] = {}
        for st in texts.values():
            if st.path not in self.normalised:
                self.normalised[st.path] = Normalised(st.content)
        self.report.sources = len(self.normalised)
        self.files = {st.path: st.file for st in texts.values()}
        self.groups: list[tuple[Problem, list[Problem]]] = []
        # the runs of COPY_WORDS words of every text, to rule fields out fast
        self.every_run: set[tuple[str, ...]] = set()
        for text in self.normalised.values():
            self.every_run.update(text.ngrams(COPY_WORDS))
        self.sentences = SourceSentences(self.normalised)

    def own_words(self, label: str, value: str | None, where: Location) -> None:
        """Our own wording: warn where it repeats COPY_WORDS words of a text or paraphrases one."""
        if not value or not value.strip():
            return
        mine = Normalised(value)
        copied = self._copied(label, mine, where)
        own = own_sentences(mine)
        for match in self.sentences.matches(mine, own) if own else ():
            # a sentence that copies 12 words is not also reported as a paraphrase
            if not any(run in match.ours or match.ours in run for run in copied):
                self.report.paraphrased += 1
                self.groups.append(
                    paraphrase_problems(label, match, where, self.files[match.source_path])
                )

    def _copied(self, label: str, mine: Normalised, where: Location) -> list[str]:
        """The runs of ``mine`` copied from a text, each reported; their excerpts."""
        words = mine.words
        if not any(
            tuple(words[i : i + COPY_WORDS]) in self.every_run
            for i in range(len(words) - COPY_WORDS + 1)
        ):
            return []
        copied: list[str] = []
        for path, text in self.normalised.items():
            for run in copied_runs(mine, text):
                self.report.copied += 1
                copied.append(run.excerpt)
                message = f'{label} repeats {run.words} words of {self.files[path]}: "{_shorten(run.excerpt)}"'
                self.groups.append((warning(where, message, "copied-wording"), []))
        return copied

    def evidence(self, items: list[Evidence]) -> None:
        """Each quotation found in its text (and not too long); each note in our own words."""
        for ev in items:
            self.own_words("evidence note", ev.note, ev.where("note"))
            if ev.quote is None or not ev.quote.strip():
                continue
            where = ev.where("quote")
            pieces = quote_pieces(ev.quote)
            n = sum(len(p.display.split()) for p in pieces)
            if n >= LONG_QUOTE_WORDS:
                self.report.long += 1
                message = (
                    f"quotation is {n} words long; keep quotations under {LONG_QUOTE_WORDS} words"
                )
                self.groups.append((warning(where, message, "long-quote"), []))
            st = self.texts.get(ev.source)
            if st is None:
                self.report.unchecked += 1
                continue
            head, notes = _verify(
                pieces, where, st, self.normalised[st.path], self.report, ev.source
            )
            if head is not None:
                self.groups.append((head, notes))


def _verify(
    pieces: list[Normalised],
    where: Location,
    st: SourceText,
    text: Normalised,
    report: Report,
    source_id: str,
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
        return error(
            where,
            f"quotation has {len(pieces) - 1} cuts ('...'); at most {MAX_PIECES - 1} are looked for",
            "quote-cuts",
        ), []
    found = find_quote(pieces, text)
    if found.ok:
        if where.line:  # a known place in a file: unique to this quotation
            report.spans[where] = found.spans
        counts[0] += 1
        report.verified += 1
        return None, []
    counts[1] += 1
    report.not_found += 1
    head = error(where, f"quotation not found in {st.file}", "quote-not-found")
    if found.missing is None:
        start = occurrences(pieces[0], text)[0]
        line, col = text.line_col(start)
        note = f"each part of the quotation is in the text, but not in this order within {MAX_GAP_WORDS} words of each other"
        return head, [info(Location(st.path, line, col), note, "quote-hint")]
    passage = None
    if found.missing > 0:  # look first where the piece should be: just after the one before
        before = occurrences(pieces[found.missing - 1], text)[0]
        after = bisect_left(text.word_starts, before + len(pieces[found.missing - 1].key))
        span = len(pieces[found.missing].words)
        passage = closest_passage(
            pieces[found.missing], text, within=(after, after + MAX_GAP_WORDS + span)
        )
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
        evidenced: list[Fact | Claim] = [*topic.facts, *topic.claims]
        for item in evidenced:
            for ev in item.evidence:
                if ev.quote and ev.quote.strip():
                    quoted[ev.source] = quoted.get(ev.source, 0) + 1
    out: list[tuple[Problem, list[Problem]]] = []
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
    return (
        excerpt
        if len(words) <= most
        else " ".join(words[: most - 6]) + " … " + " ".join(words[-5:])
    )
