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

    def cells(self) -> list[str]:
        """The row as the balance tables print it (terminal, Word appendix): label, claims,
        words, evidence, quoted, noted, context, second-hand share, reading grade."""
        from evenhand.readability import grade_range

        return [
            self.position.label,
            str(self.claims),
            str(self.words),
            str(self.evidence),
            str(self.quoted),
            str(self.noted),
            str(self.acknowledged),
            f"{round(self.second_hand * 100)}%",
            grade_range(self.grade_median, self.grade_min, self.grade_max),
        ]


@dataclass
class BriefFact:
    fact: Fact
    evidence: list[CitedEvidence]


@dataclass
class Objection:
    """A claim of another position that engages the focus position's case (evenhand.focus)."""

    claim: BriefClaim
    answers: list[BriefClaim]  # the case's claims that attack it (empty: not yet answered)
    targets: list[BriefClaim]  # the case's claims it attacks


@dataclass
class Focus:
    """A focused brief: ``position``'s case first, then the objections to it."""

    position: Position
    case: list[BriefClaim]
    objections: list[Objection]  # answered ones first, then the rest

    @property
    def answered(self) -> list[Objection]:
        return [o for o in self.objections if o.answers]

    @property
    def unanswered(self) -> list[Objection]:
        return [o for o in self.objections if not o.answers]


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
    focus: Focus | None = None  # set for a focused brief (recipe `focus:`); its case is sections[0]
    language: str = "en"  # of the fixed texts (labels, dates, citations); content is as written
    # glossary terms the brief uses, in order of first use
    key_terms: list[KeyTerm] = field(default_factory=list)
    key_terms_mode: str = "auto"  # the recipe's key-terms: auto | required | off
    # the language the library's claims are written in (readability.text_language)
    text_language: str = "en"
    # of the claims' grades: chosen by the language they are written in
    reading_formula: str = "Flesch-Kincaid"

    @property
    def claims(self) -> list[BriefClaim]:
        return [c for s in self.sections for c in s.claims]


# -- debate cards (evenhand.cards builds them; the cards templates and a docx writer show them) --


@dataclass(frozen=True)
class Run:
    """A stretch of card text. ``kind``: "read" (the quoted words: highlighted and underlined),
    "context" (the source's words around them, smaller) or "skipped" (words an ellipsis left out, smaller)."""

    text: str
    kind: str


@dataclass
class CardCite:
    """One evidence item on a card: its cites and its card text."""

    ref: int  # number of the source in Brief.references
    source_id: str
    short_cite: str  # "Selee, Tanco & Ruiz Soto 2021", "Migration Policy Institute 2024"
    full_cite: str  # the style's reference entry, with locator, URL and access date: plain text
    full_cite_html: str  # the same with <i> for titles (escaped)
    full_cite_md: str  # the same as Markdown (escaped)
    where: str | None  # the locator as shown ("p. 12", a section title)
    quote: str | None
    note: str | None
    runs: list[Run]  # the card text; empty when the evidence has no quote
    cut: bool  # True: runs come from the source's full text (read parts in context); False: the bare quote
    context: str | None = None  # the evidence's `context:` acknowledgement, printed with the cite


@dataclass
class Card:
    """One claim's card: its tag once, then its evidence."""

    id: str  # claim id; the anchor is "card-<id>"
    label: str  # S1, L2: position letter + number
    tag: str  # the claim's title
    side: str  # "PRO" or "CON" (a position's stance, upper case)
    position: Position
    head: str  # "CON · Critics on the left"
    text: str  # the claim in our own words (Markdown); shown when it has no evidence
    cites: list[CardCite]


@dataclass(frozen=True)
class CardRef:
    """A claim named but not shown in full here (an A2 block's target, an unanswered claim)."""

    id: str
    label: str
    tag: str
    head: str


@dataclass
class AnswerBlock:
    """ "A2: <their tag> (<their label>)": the cards of this position that attack ``target``."""

    target: CardRef
    answers: list[Card]  # the same objects as in PositionCards.cards (by reference)


@dataclass
class PositionCards:
    position: Position
    letter: str
    head: str  # "CON · Critics on the left"
    cards: list[Card]
    answers: list[AnswerBlock]


@dataclass
class SideCards:
    key: str  # "pro", "con" or a position id (--side POSITION)
    name: str  # "PRO", "CON" or "CON · Critics on the left"
    positions: list[PositionCards]
    unanswered: list[CardRef]  # other sides' claims in the brief that no claim here attacks


@dataclass
class CardSet:
    """What a cards file holds: side → position → (own cards, A2 blocks) → card; then per side the
    unanswered claims. ``sources``: the references cited on the shown cards, in reference order."""

    sides: list[SideCards]
    side: str | None  # the side asked for (--side / `side:`), or None for every side
    context: int  # words of context asked for around each quote (0: none)
    sources: list[Source]
    # quotes not found in their text, missing texts
    warnings: list[str] = field(default_factory=list)
