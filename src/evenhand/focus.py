"""A focused brief: one position's case first, then the other positions' claims
that engage it, as objections, each with the case's answers to it.

Pure: from the candidate claims per position (best first, as `select` ranks
them) and the number each position may show, it picks the objections and
their order. `assemble` turns the plan into the Brief.

- An objection is a claim of another position that attacks a claim of the
  case, or that a claim of the case attacks; its answers are the case's
  claims that attack it. An objection nothing answers is kept (the brief
  lists it as "Not yet answered"), never dropped.
- Every other position keeps at least its strongest claim, engaging or not:
  a focused brief is one-sided in order and emphasis, never in what it hides.
- After that strongest claim, objections are picked by `rank`, then by how
  many claims of the case they engage, then in file order.
"""

from __future__ import annotations

from dataclasses import dataclass

from evenhand.model import Claim, Topic
from evenhand.relations import answers_to, attacked_by

Pair = tuple[Topic, Claim]


@dataclass
class PlannedObjection:
    topic: Topic
    claim: Claim
    answers: list[Claim]  # claims of the case that attack it
    targets: list[Claim]  # claims of the case it attacks


@dataclass
class FocusPlan:
    focus: str  # the position id
    case: list[Pair]
    # shown in this order: answered ones first, each group following the case
    objections: list[PlannedObjection]

    def chosen(self, position_id: str) -> list[Pair]:
        """The claims a position shows: the case, or that position's objections in order."""
        if position_id == self.focus:
            return list(self.case)
        return [(o.topic, o.claim) for o in self.objections if o.claim.position == position_id]


def plan_focus(
    focus: str,
    pool: dict[str, list[Pair]],
    counts: dict[str, int],
    *,
    by_hand: bool = False,
    cap: int | None = None,
) -> FocusPlan:
    """The case (``counts[focus]`` claims of ``pool[focus]``) and up to ``counts[p]``
    objections of every other position ``p`` (at least one where it has a claim).

    ``by_hand``: the claims were picked by id, so every one is shown, in the given order.
    ``cap``: at most this many objections in all (but one per position at least),
    taken in turn from each position (its first, then its second...), so that
    cutting for space never falls on one side only.
    """
    case = pool.get(focus, [])[: counts.get(focus, 0)]
    case_claims = [c for _, c in case]
    per_position = [
        _objections(pool[pid], case_claims, counts.get(pid, 1), by_hand)
        for pid in pool
        if pid != focus and pool[pid]
    ]
    picked = _in_turn(per_position, cap)
    return FocusPlan(focus, case, _following_the_case(picked, case_claims))


def _objections(
    candidates: list[Pair], case: list[Claim], count: int, by_hand: bool
) -> list[PlannedObjection]:
    """One position's objections, at most ``count`` (at least one): its strongest claim, then the
    claims that engage the case by rank, then by how many claims of the case they engage."""
    plans = [
        PlannedObjection(t, c, answers_to(c, case), attacked_by(c, case)) for t, c in candidates
    ]
    if by_hand:
        chosen = plans
    else:
        engaging = [o for o in plans[1:] if o.answers or o.targets]
        engaging.sort(key=lambda o: (o.claim.rank is None, o.claim.rank or 0, -_engaged(o, case)))
        chosen = [plans[0], *engaging]  # sorted() is stable: file order breaks the last ties
    return chosen[: max(1, count)]


def _in_turn(
    per_position: list[list[PlannedObjection]], cap: int | None
) -> list[tuple[int, int, PlannedObjection]]:
    """(position's place, rank in it, objection): each position's first, then each one's second...;
    with ``cap``, only that many (but one per position at least)."""
    picked: list[tuple[int, int, PlannedObjection]] = []
    for n in range(max(map(len, per_position), default=0)):
        for p_index, chosen in enumerate(per_position):
            if n < len(chosen):
                picked.append((p_index, n, chosen[n]))
    if cap is not None:
        picked = picked[: max(cap, len([c for c in per_position if c]))]
    return picked


def _following_the_case(
    picked: list[tuple[int, int, PlannedObjection]], case: list[Claim]
) -> list[PlannedObjection]:
    """The objections in the order shown: answered ones first, each group in the order of the
    first claim of the case it engages, then by position and rank."""
    first = {c.id: i for i, c in enumerate(case)}

    def place(item: tuple[int, int, PlannedObjection]) -> tuple:
        p_index, n, o = item
        engaged = [first[c.id] for c in [*o.answers, *o.targets]]
        return (not o.answers, min(engaged, default=len(case)), p_index, n)

    return [o for *_, o in sorted(picked, key=place)]


def _engaged(o: PlannedObjection, case: list[Claim]) -> int:
    """How many claims of the case the objection engages (attacks, or is attacked by)."""
    ids = {c.id for c in [*o.answers, *o.targets]}
    return sum(c.id in ids for c in case)
