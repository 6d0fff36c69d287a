"""The focused brief's objection policies on their own: taken in turn from each position, capped fairly."""

from __future__ import annotations

from evenhand.focus import _in_turn


def test_objections_are_taken_in_turn_first_of_each_position_then_second():
    per_position = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]
    assert [o for *_, o in _in_turn(per_position, None)] == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_a_cap_cuts_from_the_end_of_the_turns_but_keeps_one_per_position():
    per_position = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]
    assert [o for *_, o in _in_turn(per_position, 4)] == ["a1", "b1", "c1", "a2"]
    assert [o for *_, o in _in_turn(per_position, 1)] == ["a1", "b1", "c1"]
    assert _in_turn(per_position, 4)[3] == (0, 1, "a2")  # (position's place, rank in it, objection)
