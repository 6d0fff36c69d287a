"""The context rules on their own, on the words around a quotation (the CLI tests cover them in a library)."""

from __future__ import annotations

from evenhand.checks.quote_context import _ellipsis_finding, _turn_finding


def test_while_opening_the_sentence_or_right_before_the_quote_is_a_concession_but_not_mid_sentence():
    assert _turn_finding(["while", "costs", "rose"], [])[0] == "context-turn"
    assert _turn_finding(["costs", "rose", "while"], [])[0] == "context-turn"
    # about time as often as not
    assert _turn_finding(["costs", "rose", "while", "prices", "fell"], []) is None


def test_a_turn_right_after_the_quote_comes_before_a_concession_before_it():
    code, message = _turn_finding(["although", "it", "helps"], ["but", "slowly"])
    assert code == "context-turn" and '"but" right after the quotation' in message


def test_an_ellipsis_over_a_negation_names_each_turn_once_in_order():
    code, message = _ellipsis_finding(["never", "the", "not", "didn't", "not"])
    assert code == "context-ellipsis" and "(didn't, never, not)" in message
    assert _ellipsis_finding(["the", "plan", "works"]) is None
