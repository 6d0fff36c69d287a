"""Who answers whom: the `attacks` relations between claims, read both ways.

Small helpers over model claims (no I/O), for anything that pairs a claim with
the claims answering it: the focused brief (evenhand.focus), card answer blocks.
"""

from __future__ import annotations

from collections.abc import Iterable

from evenhand.model import Claim


def attacks(a: Claim, b: Claim) -> bool:
    """Whether claim ``a`` attacks (answers) claim ``b``."""
    return b.id in a.attacks


def engages(a: Claim, b: Claim) -> bool:
    """Whether either claim attacks the other."""
    return attacks(a, b) or attacks(b, a)


def answers_to(claim: Claim, among: Iterable[Claim]) -> list[Claim]:
    """The claims of ``among``, of another position, that attack ``claim`` (in the order of ``among``)."""
    return [c for c in among if c.position != claim.position and attacks(c, claim)]


def attacked_by(claim: Claim, among: Iterable[Claim]) -> list[Claim]:
    """The claims of ``among``, of another position, that ``claim`` attacks (in the order of ``among``)."""
    return [c for c in among if c.position != claim.position and attacks(claim, c)]
