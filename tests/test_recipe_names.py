"""A recipe's single names on their own: its `texts` folder stays inside the library, its `side` is a side."""

from __future__ import annotations

import pytest

from evenhand.checks.recipes import _side_problem, _texts_problem
from evenhand.model import Recipe
from evenhand.problems import Location

HERE = Location("briefs/b.yaml", 3, 8)


@pytest.mark.parametrize("texts", ["/etc", "~/notes", "\\\\server\\share", "c:/texts", "texts\x00"])
def test_a_texts_folder_outside_the_library_is_refused_at_the_given_place(texts):
    problem = _texts_problem(Recipe(title="B", topics=["t"], texts=texts), HERE)
    assert problem is not None and problem.code == "texts-path" and problem.where == HERE


@pytest.mark.parametrize("texts", [None, "texts", "../sources", "a/b-c"])
def test_a_relative_texts_folder_passes(texts):
    assert _texts_problem(Recipe(title="B", topics=["t"], texts=texts), HERE) is None


def test_a_side_is_pro_con_or_a_position_and_a_misspelt_one_gets_a_hint():
    recipe = Recipe(title="B", topics=["t"], side="critics-lft")
    problem = _side_problem(recipe, ["supporters", "critics-left"], HERE)
    assert problem.message == "unknown side 'critics-lft' (did you mean 'critics-left'?)"
    assert _side_problem(Recipe(title="B", topics=["t"], side="con"), ["supporters"], HERE) is None
    assert _side_problem(
        Recipe(title="B", topics=["t"], side="zz"), ["supporters"], HERE
    ).message == ("unknown side 'zz' (known: pro, con, supporters)")
