"""Brief (+ source texts) → CardSet: the debate cards of one side, or of every side in turn.

Pure: no files, no rendering. The result (``brief.CardSet``) is plain data that
the cards templates render and any other writer (a Word writer) can walk:

    CardSet.sides: [SideCards]              PRO, CON (or the one side asked for)
      .positions: [PositionCards]           in the brief's order
        .cards: [Card]                      one per claim, by rank then file order
          .cites: [CardCite]                short cite, full cite, runs of card text
        .answers: [AnswerBlock]             "A2: <their tag> (<their label>)"
          .target: CardRef, .answers: [Card] (the same Card objects as in .cards)
      .unanswered: [CardRef]                other sides' claims nothing here attacks
    CardSet.sources                         references cited on the shown cards

A side is a stance (``pro``/``con``); ``side`` may also name one position, which
is then a side of its own (its answers may target the other positions of its
stance). A card's text is cut from its source's full text (``evenhand.cut``) when
the text is given and holds the quotation; otherwise it is the bare quotation and
a warning says why.

The cites' wording belongs to the citation style, which is the writers' business: the caller
passes a ``Citer`` (``writers.card_cites.CardCiter``), so this module imports no writer.
"""

from __future__ import annotations

from typing import Protocol

from evenhand.brief import (
    AnswerBlock,
    Brief,
    BriefClaim,
    Card,
    CardCite,
    CardRef,
    CardSet,
    PositionCards,
    Run,
    SideCards,
)
from evenhand.model import Source

STANCES = ("pro", "con")
DEFAULT_CONTEXT = 40  # words of the source shown before and after a quote
MAX_CONTEXT = 200


class Citer(Protocol):
    """What the card set asks of a citation style."""

    def short(self, source: Source) -> str:
        """ "Selee 2021"."""
        ...

    def full(self, source: Source, locator: str | None) -> tuple[str, str, str]:
        """The full cite with its locator, as (plain text, HTML, Markdown)."""
        ...

    def where(self, locator: str | None) -> str | None:
        """The locator as shown beside a quote ("p. 12", a section), None without one."""
        ...


def side_names(positions) -> list[str]:
    """What ``--side`` / ``side:`` accepts: pro, con and every position id."""
    return [*STANCES, *(p.id for p in positions)]


def build_cards(
    brief: Brief,
    citer: Citer,
    texts: dict[str, str] | None = None,
    *,
    side: str | None = None,
    context: int = DEFAULT_CONTEXT,
    missing_texts: dict[str, str] | None = None,
) -> CardSet:
    """The card set of ``brief``, its cites worded by ``citer``.

    ``texts``: source id → full text (what `verify` reads); ``missing_texts``:
    source id → why its text is not there, for the warning on its cards.
    ``side``: None (every side), "pro", "con" or a position id of the brief
    (``ValueError`` otherwise).
    """
    cites = _Cites(citer, texts or {}, missing_texts or {}, context)
    positions = [s.position for s in brief.sections]
    if side is not None and side not in side_names(positions):
        raise ValueError(f"unknown side '{side}' (known: {', '.join(side_names(positions))})")
    if side is None:
        keys = [st for st in STANCES if any(p.stance == st for p in positions)]
    else:
        keys = [side]
    shown_refs: set[int] = set()
    sides = [_side_cards(brief, key, positions, cites, shown_refs) for key in keys]
    sources = [s for i, s in enumerate(brief.references, 1) if i in shown_refs]
    return CardSet(sides, side, context, sources, cites.warnings)


def _side_cards(
    brief: Brief, key: str, positions, cites: _Cites, shown_refs: set[int]
) -> SideCards:
    """The cards of one side (a stance, or one position) with its answers, and the other sides'
    claims it leaves unanswered; adds the references its cards cite to ``shown_refs``."""
    mine = {p.id for p in positions if key in (p.stance, p.id)}
    side_positions: list[PositionCards] = []
    attacked: set[str] = set()
    for section in brief.sections:
        if section.position.id not in mine:
            continue
        head = _head(section.position)
        cards = [_card(bc, section.position, head, cites.of(bc)) for bc in section.claims]
        shown_refs.update(c.ref for card in cards for c in card.cites)
        blocks = _answer_blocks(brief, cards, mine)
        attacked.update(blocks)
        side_positions.append(
            PositionCards(section.position, section.letter, head, cards, list(blocks.values()))
        )
    unanswered = [
        _ref(bc)
        for bc in brief.claims
        if bc.position.id not in mine and bc.claim.id not in attacked
    ]
    name = (
        key.upper()
        if key in STANCES
        else _head(side_positions[0].position)
        if side_positions
        else key
    )
    return SideCards(key, name, side_positions, unanswered)


def _card(bc: BriefClaim, position, head: str, cites: list[CardCite]) -> Card:
    return Card(
        id=bc.claim.id,
        label=bc.label,
        tag=bc.claim.title,
        side=position.stance.upper(),
        position=position,
        head=head,
        text=bc.claim.text,
        cites=cites,
    )


def _answer_blocks(brief: Brief, cards: list[Card], mine: set[str]) -> dict[str, AnswerBlock]:
    """The "A2" blocks of one position's cards, by the id of the other side's claim they attack,
    in the brief's order of targets, then attackers."""
    by_id = {card.id: card for card in cards}
    blocks: dict[str, AnswerBlock] = {}
    for clash in brief.clashes:
        target = clash.target
        if clash.attacker.claim.id not in by_id or target.position.id in mine:
            continue
        block = blocks.get(target.claim.id)
        if block is None:
            block = blocks[target.claim.id] = AnswerBlock(_ref(target), [])
        block.answers.append(by_id[clash.attacker.claim.id])
    return blocks


class _Cites:
    """A claim's evidence as card cites: the text of each quotation cut from its source's full text
    where there is one, and the warnings (each once) where it could not be cut."""

    def __init__(
        self, citer: Citer, texts: dict[str, str], missing_texts: dict[str, str], context: int
    ):
        self.citer = citer
        self.texts = texts
        self.missing_texts = missing_texts
        self.context = context
        self.normalised: dict = {}  # source id -> Normalised text, made on first use
        self.warnings: list[str] = []

    def of(self, bc: BriefClaim) -> list[CardCite]:
        out = []
        for ce in bc.evidence:
            ev, source = ce.evidence, ce.source
            runs, cut_ok = self._runs(bc, ev, source) if ev.quote else ([], False)
            plain, html, md = self.citer.full(source, ev.locator)
            out.append(
                CardCite(
                    ref=ce.ref,
                    source_id=source.id,
                    short_cite=self.citer.short(source),
                    full_cite=plain,
                    full_cite_html=html,
                    full_cite_md=md,
                    where=self.citer.where(ev.locator),
                    quote=ev.quote,
                    note=ev.note,
                    runs=runs,
                    cut=cut_ok,
                    context=ev.context,
                )
            )
        return out

    def _runs(self, bc: BriefClaim, ev, source) -> tuple[list[Run], bool]:
        """A quotation's card text and whether it was cut from the source's text (else the bare quote)."""
        runs: list[Run] = []
        cut_ok = False
        if source.id in self.texts:
            from evenhand.checks.textnorm import Normalised
            from evenhand.cut import cut

            if source.id not in self.normalised:
                self.normalised[source.id] = Normalised(self.texts[source.id])
            found = cut(ev.quote, self.normalised[source.id], self.context)
            if found is not None:
                runs, cut_ok = found, True
            else:
                self.warnings.append(
                    f"cards: {bc.label} ({bc.claim.id}): quotation not found in the text of "
                    f"'{source.id}'; the card shows the bare quote (`evenhand verify` shows the closest passage)"
                )
        elif source.id in self.missing_texts:
            note = f"cards: no full text for '{source.id}' ({self.missing_texts[source.id]}); its cards show the bare quote"
            if note not in self.warnings:
                self.warnings.append(note)
        if not runs:
            runs = [Run(" ".join(ev.quote.split()), "read")]
        return runs, cut_ok


def _head(position) -> str:
    return f"{position.stance.upper()} · {position.label}"


def _ref(bc: BriefClaim) -> CardRef:
    return CardRef(bc.claim.id, bc.label, bc.claim.title, _head(bc.position))
