"""The balance policy of a brief: how many claims each position shows, and the balance table.

`claim_counts` applies the recipe's ``balance`` mode (strict: as many claims for
every position as the thinnest one has; warn: as many as each has, with
warnings; off: as many as each has) to the candidates per position.
`balance_rows` measures what the brief finally shows, per position. Pure
functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evenhand import readability
from evenhand.brief import BalanceRow, Section
from evenhand.evenness import Presentation, presentation, uneven
from evenhand.model import Position, Recipe, Source
from evenhand.problems import Location, Problem, error


@dataclass
class Counts:
    """Claims to show per position id, and what the policy has to say about it."""

    per_position: dict[str, int]
    notices: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def claim_counts(
    recipe: Recipe,
    positions: list[Position],
    available: dict[str, int],
    names: str,
    where: Location,
) -> Counts:
    """How many claims each position shows under the recipe's balance mode.

    ``available`` counts the candidate claims per position id; ``names`` are the
    brief's topics as quoted names for messages. A strict brief with an empty
    position gets problems (and no counts) instead.
    """
    if recipe.balance == "strict":
        counts = _strict(recipe, positions, available, names, where)
    else:
        counts = Counts({pid: min(recipe.max_claims, a) for pid, a in available.items()})
        if recipe.balance == "warn":
            counts.notices = _warnings(positions, available, counts.per_position, names)
    if recipe.focus:  # a focused brief asks one objection per position at least (evenhand.focus), not equal counts
        counts.per_position = {pid: min(recipe.max_claims, a) for pid, a in available.items()}
        counts.notices = [
            n
            for n in counts.notices
            if not n.startswith(("balance:", "warning: positions are uneven"))
        ]
    return counts


def _strict(
    recipe: Recipe,
    positions: list[Position],
    available: dict[str, int],
    names: str,
    where: Location,
) -> Counts:
    having = [p.id for p in positions if available[p.id]]
    hint = (
        f"show only the positions that have claims (--positions {','.join(having)}, or in the recipe "
        f"positions: [{', '.join(having)}]), "
        if having
        else ""
    )
    problems = [
        error(
            where,
            f"topic {names} has no claim for position '{p.id}' ({p.label}); "
            "a strict brief needs a claim for every position it shows: add a claim, "
            + hint
            + "or build with --balance warn",
            "unbalanced",
        )
        for p in positions
        if available[p.id] == 0
    ]
    if problems:
        return Counts({}, problems=problems)
    n = min(recipe.max_claims, *available.values()) if available else 0
    trimmed = [pid for pid, a in available.items() if min(a, recipe.max_claims) > n]
    notices = (
        [
            f"balance: {n} claim(s) per position, the most every position has (trimmed {', '.join(trimmed)})"
        ]
        if trimmed
        else []
    )
    return Counts({pid: n for pid in available}, notices)


def _warnings(
    positions: list[Position], available: dict[str, int], counts: dict[str, int], names: str
) -> list[str]:
    notices = [
        f"warning: topic {names} has no claim for position '{p.id}' ({p.label})"
        for p in positions
        if available[p.id] == 0
    ]
    if len(set(counts.values())) > 1:
        notices.append(
            "warning: positions are uneven: " + ", ".join(f"{pid} {n}" for pid, n in counts.items())
        )
    return notices


def balance_rows(
    sections: list[Section], sources: dict[str, Source]
) -> tuple[list[BalanceRow], list[tuple[str, Presentation]]]:
    """The balance table (one row per section) and each position's evidence presentation."""
    shown = [(s.position.id, presentation([c.claim for c in s.claims], sources)) for s in sections]
    rows = [
        BalanceRow(
            s.position,
            len(s.claims),
            sum(c.words for c in s.claims),
            sum(len(c.evidence) for c in s.claims),
            *readability.summary([c.grade for c in s.claims]),
            quoted=p.quoted,
            noted=p.noted,
            acknowledged=p.acknowledged,
            second_hand=p.second_hand_share,
        )
        for s, (_, p) in zip(sections, shown, strict=False)
    ]
    return rows, shown


def balance_notices(
    recipe: Recipe,
    sections: list[Section],
    rows: list[BalanceRow],
    shown: list[tuple[str, Presentation]],
) -> list[str]:
    """Warnings about reading levels and, unless balance is off, uneven presentation."""
    notices = readability.level_notices(sections, rows, recipe.reading_level)
    if recipe.balance != "off":
        notices.extend(uneven(shown))
    return notices
