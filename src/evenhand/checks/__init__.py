"""Everything that can be wrong with a library, as data (a list of problems)."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.problems import Problem, sort_problems


def check_library(lib: Library) -> list[Problem]:
    from evenhand.checks import coverage, cycles, graph, languages, recipes, references, terms

    problems: list[Problem] = []
    for module in (references, cycles, recipes, coverage, graph, terms, languages):
        problems.extend(module.check(lib))
    return sort_problems(problems)


# The check modules that can report errors. coverage and graph only lint
# (warnings and notes); a module that starts reporting errors belongs here.
ERROR_CHECKS = ("references", "cycles", "recipes", "terms", "languages")


def check_errors(lib: Library) -> list[Problem]:
    """The problems of the checks that can find errors (and their lints): enough to
    tell whether a library is valid, without the cost of the graph lints."""
    import importlib

    problems: list[Problem] = []
    for name in ERROR_CHECKS:
        problems.extend(importlib.import_module(f"evenhand.checks.{name}").check(lib))
    return sort_problems(problems)
