"""A recipe's `language` has a catalogue; a position's `labels` use language codes of one."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.problems import Problem, error


def check(lib: Library) -> list[Problem]:
    from evenhand import i18n

    problems: list[Problem] = []
    for recipe in lib.recipes.values():
        if "language" not in recipe.model_fields_set:
            continue
        try:
            i18n.translations(recipe.language, lib.root)
        except i18n.UnknownLanguage as exc:
            problems.append(error(recipe.where("language"), str(exc), "unknown-language"))
    return problems
