"""The parts of `assemble`, each on its own: the balance policy, citation numbering, clash finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from evenhand.assemble import CitationNumbers, assemble, find_clashes
from evenhand.balance import claim_counts
from evenhand.model import Evidence, Position, Recipe
from evenhand.problems import Location
from evenhand.readers.library import load_library

FIXTURE = Path(__file__).parent / "fixtures" / "md-library"
HERE = Location("briefs/x.yaml", 1, 1)
POSITIONS = [
    Position(id="supporters", label="Supporters", stance="pro"),
    Position(id="critics-left", label="Critics on the left", stance="con"),
    Position(id="critics-right", label="Critics on the right", stance="con"),
]


def recipe(**keys) -> Recipe:
    return Recipe.model_validate({"title": "T", "topics": ["t"], **keys})


# -- the balance policy ---------------------------------------------------------------------


def test_strict_shows_as_many_claims_as_the_thinnest_position_and_says_whom_it_trimmed():
    counts = claim_counts(
        recipe(**{"max-claims": 3}),
        POSITIONS,
        {"supporters": 4, "critics-left": 2, "critics-right": 3},
        "'t'",
        HERE,
    )
    assert counts.per_position == {"supporters": 2, "critics-left": 2, "critics-right": 2}
    assert counts.notices == [
        "balance: 2 claim(s) per position, the most every position has (trimmed supporters, critics-right)"
    ]
    assert counts.problems == []


def test_strict_with_an_empty_position_is_a_located_error_naming_the_positions_that_have_claims():
    counts = claim_counts(
        recipe(), POSITIONS, {"supporters": 2, "critics-left": 0, "critics-right": 1}, "'t'", HERE
    )
    assert counts.per_position == {}
    [problem] = counts.problems
    assert str(problem).startswith(
        "briefs/x.yaml:1:1: error: topic 't' has no claim for position 'critics-left' (Critics on the left)"
    )
    assert "--positions supporters,critics-right" in problem.message and problem.message.endswith(
        "or build with --balance warn"
    )


def test_warn_keeps_each_positions_claims_and_warns_of_the_gap():
    counts = claim_counts(
        recipe(balance="warn"),
        POSITIONS,
        {"supporters": 5, "critics-left": 0, "critics-right": 1},
        "'t'",
        HERE,
    )
    assert counts.per_position == {"supporters": 3, "critics-left": 0, "critics-right": 1}
    assert counts.notices == [
        "warning: topic 't' has no claim for position 'critics-left' (Critics on the left)",
        "warning: positions are uneven: supporters 3, critics-left 0, critics-right 1",
    ]


def test_off_is_silent_and_a_focus_drops_the_evenness_notices():
    available = {"supporters": 5, "critics-left": 1, "critics-right": 2}
    assert claim_counts(recipe(balance="off"), POSITIONS, available, "'t'", HERE).notices == []
    focused = claim_counts(recipe(focus="supporters"), POSITIONS, available, "'t'", HERE)
    assert focused.per_position == {"supporters": 3, "critics-left": 1, "critics-right": 2}
    assert focused.notices == []


# -- citation numbering and clashes on a real library ---------------------------------------


@pytest.fixture(scope="module")
def lib():
    library, problems = load_library(str(FIXTURE))
    assert not [p for p in problems if p.severity == "error"]
    return library


def test_sources_are_numbered_in_order_of_first_citation_and_unknown_ones_are_skipped(lib):
    numbers = CitationNumbers(lib)
    first, second = lib.sources[1].id, lib.sources[0].id
    cited = numbers.cite(
        [
            Evidence(source=first),
            Evidence(source="no-such-source"),
            Evidence(source=second),
            Evidence(source=first),
        ]
    )
    assert [(c.source.id, c.ref) for c in cited] == [(first, 1), (second, 2), (first, 1)]
    assert [s.id for s in numbers.references] == [first, second]
    # numbers stay as first given
    assert [c.ref for c in numbers.cite([Evidence(source=second)])] == [2]


def test_clashes_are_the_attacks_between_shown_claims_in_reading_order(lib):
    brief = assemble(
        lib,
        Recipe.model_validate({"title": "T", "topics": ["phone-ban"], "balance": "warn"}),
        date="2025-03-01",
    )
    by_id = {c.claim.id: c for s in brief.sections for c in s.claims}
    clashes = find_clashes(by_id)
    expected = [(a, t) for a, c in by_id.items() for t in c.claim.attacks if t in by_id]
    assert expected, "the fixture has attacks among the shown claims"
    assert sorted((c.attacker.claim.id, c.target.claim.id) for c in clashes) == sorted(expected)
    order = list(by_id)
    keys = [(order.index(c.target.claim.id), order.index(c.attacker.claim.id)) for c in clashes]
    assert keys == sorted(keys)
    assert [(c.attacker.claim.id, c.target.claim.id) for c in brief.clashes] == [
        (c.attacker.claim.id, c.target.claim.id) for c in clashes
    ]
    # a claim left out of the brief clashes with nothing
    dropped = order[-1]
    rest = {cid: c for cid, c in by_id.items() if cid != dropped}
    assert all(dropped not in (c.attacker.claim.id, c.target.claim.id) for c in find_clashes(rest))
