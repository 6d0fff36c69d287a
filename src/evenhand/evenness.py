"""Even treatment of the positions, measured: how each one's evidence is presented.

Per position of a brief: evidence items with a quotation, with a note, with a
context acknowledgement (``context:``), and the share of its claims that are
*second-hand*. An evidence item is second-hand when its source record names a
``side`` (the position whose case the document itself makes) other than the
claim's position; a claim is second-hand when most (more than half) of its
evidence items are. Sources without a ``side`` (balanced or analytic ones) count as
first-hand for every position.

``uneven`` names the positions whose share of noted items or of second-hand
claims differs from another's by more than ``FACTOR`` (shares under
``FLOOR`` count as ``FLOOR``: in a brief of three claims a side, one claim more
or less moves a share by a third, and 0 and 5 percent are not "infinitely"
apart). Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from evenhand.model import Claim, Evidence, Source

FACTOR = 2.0
FLOOR = 0.25


@dataclass(frozen=True)
class Presentation:
    """How one position's evidence is presented in a brief."""

    items: int = 0
    quoted: int = 0
    noted: int = 0
    acknowledged: int = 0
    claims: int = 0
    second_hand: int = 0  # claims

    @property
    def noted_share(self) -> float:
        return self.noted / self.items if self.items else 0.0

    @property
    def second_hand_share(self) -> float:
        return self.second_hand / self.claims if self.claims else 0.0


def is_second_hand_item(ev: Evidence, source: Source | None, position: str) -> bool:
    return source is not None and source.side is not None and source.side != position


def is_second_hand(claim: Claim, sources: dict[str, Source]) -> bool:
    """Most (more than half) of the claim's evidence items come from a source of another side."""
    if not claim.evidence:
        return False
    n = sum(
        is_second_hand_item(ev, sources.get(ev.source), claim.position) for ev in claim.evidence
    )
    return 2 * n > len(claim.evidence)


def presentation(claims: list[Claim], sources: dict[str, Source]) -> Presentation:
    items = [ev for c in claims for ev in c.evidence]
    return Presentation(
        items=len(items),
        quoted=sum(bool(ev.quote and ev.quote.strip()) for ev in items),
        noted=sum(bool(ev.note and ev.note.strip()) for ev in items),
        acknowledged=sum(bool(ev.context and ev.context.strip()) for ev in items),
        claims=len(claims),
        second_hand=sum(is_second_hand(c, sources) for c in claims),
    )


def uneven(rows: list[tuple[str, Presentation]]) -> list[str]:
    """A warning per measure on which two positions are more than FACTOR apart (highest and lowest named)."""
    out = []
    for name, share in (
        ("evidence items with a note", "noted_share"),
        ("second-hand claims", "second_hand_share"),
    ):
        values = [
            (pid, getattr(p, share))
            for pid, p in rows
            if (p.items if share == "noted_share" else p.claims)
        ]
        if len(values) < 2:
            continue
        hi = max(values, key=lambda v: v[1])
        lo = min(values, key=lambda v: v[1])
        if max(hi[1], FLOOR) > FACTOR * max(lo[1], FLOOR):
            out.append(
                f"warning: {name} are uneven: {hi[0]} {round(hi[1] * 100)}%, {lo[0]} {round(lo[1] * 100)}% "
                f"(more than {FACTOR:g}x apart); treat the positions' evidence alike"
            )
    return out
