"""The Brief: what `assemble` chooses and every writer renders. Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from evenhand.glossary import KeyTerm
from evenhand.model import Claim, Evidence, Fact, Position, Source, Topic


@dataclass(frozen=True)
class CitedEvidence:
    evidence: Evidence
    source: Source
    ref: int  # number of the source in Brief.references (from 1)


@dataclass
class BriefClaim:
    claim: Claim
    topic: Topic
    position: Position
    label: str  # e.g. S1, L2, R3: position letter + place in its section
    evidence: list[CitedEvidence]
    words: int
    grade: float | None = None  # reading grade of title + text (evenhand.readability)


@dataclass
class Section:
    position: Position
    letter: str
    claims: list[BriefClaim]


@dataclass(frozen=True)
class Clash:
    """`attacker` answers `target`; both are in the brief."""

    attacker: BriefClaim
    target: BriefClaim


@dataclass(frozen=True)
class BalanceRow:
    position: Position
    claims: int
    words: int
    evidence: int
    # reading grade of the position's claims (evenhand.readability): median and range
    grade_median: float | None = None
    grade_min: float | None = None
    grade_max: float | None = None
    # How the evidence is presented (evenhand.evenness): items with a quote, a note, a `context:`
    # acknowledgement, and the share of claims that are second-hand (0 to 1).
    quoted: int = 0
    noted: int = 0
    acknowledged: int = 0
    second_hand: float = 0.0


@dataclass
class BriefFact:
    fact: Fact
    evidence: list[CitedEvidence]


@dataclass
class Brief:
    title: str
    subtitle: str | None
    author: str | None
    date: str  # ISO date the brief was built
    template: str
    citation_style: str
    paper: str
    balance_mode: str
    max_claims: int  # claims per position actually used
    main_topics: list[Topic]  # the topics the recipe names
    topics: list[Topic]  # those and their sub-topics, in tree order
    question: str | None
    background: str | None
    facts: list[BriefFact]
    questions: list[str]
    sections: list[Section]
    clashes: list[Clash]
    references: list[Source]  # reference n is references[n - 1]
    balance: list[BalanceRow]
    notices: list[str] = field(default_factory=list)  # warnings to print, e.g. about balance
    keywords: list[str] = field(default_factory=list)
    language: str = "en"  # of the fixed texts (labels, dates, citations); content is as written
    key_terms: list[KeyTerm] = field(default_factory=list)  # glossary terms the brief uses, in order of first use
    key_terms_mode: str = "auto"  # the recipe's key-terms: auto | required | off
    text_language: str = "en"  # the language the library's claims are written in (readability.text_language)
    reading_formula: str = "Flesch-Kincaid"  # of the claims' grades: chosen by the language they are written in

    @property
    def claims(self) -> list[BriefClaim]:
        return [c for s in self.sections for c in s.claims]
