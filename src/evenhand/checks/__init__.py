"""Everything that can be wrong with a library, as data (a list of problems)."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.problems import Problem, sort_problems


def check_library(lib: Library) -> list[Problem]:
    from evenhand.checks import coverage, cycles, graph, recipes, references

    problems: list[Problem] = []
    for module in (references, cycles, recipes, coverage, graph):
        problems.extend(module.check(lib))
    return sort_problems(problems)
