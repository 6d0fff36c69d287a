"""A brief recipe names topics, positions and a template that exist."""

from __future__ import annotations

from evenhand.model import Library, Recipe
from evenhand.paths import BUILTIN_TEMPLATES, template_names
from evenhand.problems import Location, Problem, did_you_mean, error


def unknown_names(lib: Library, recipe: Recipe, where: Location | None = None) -> list[Problem]:
    """The topics and positions a recipe names that the library does not have.

    Used by ``check`` for the recipes in briefs/ and by ``assemble`` for any
    recipe; ``where`` puts every problem at one place (a build from the
    command line has no recipe file).
    """
    problems: list[Problem] = []
    topics = [t.topic for t in lib.topics]
    positions = [p.id for p in lib.positions]
    for key, kind, names, known in (("topics", "topic", recipe.topics, topics), ("positions", "position", recipe.positions or [], positions)):
        for i, name in enumerate(names):
            if name not in known:
                hint = did_you_mean(name, known) or (_known_topics(known) if kind == "topic" else "")
                at = where or recipe.where(key, i)
                problems.append(error(at, f"unknown {kind} '{name}'{hint}", f"unknown-{kind}"))
    return problems


def _known_topics(known: list[str]) -> str:
    if not known:
        return " (the library has no topic yet: add one to arguments/)"
    more = ", ..." if len(known) > 5 else ""
    return f" (put a topic id here: {', '.join(known[:5])}{more})"


def docx_template(recipe: Recipe, formats: list[str] | None = None, where: Location | None = None) -> Problem | None:
    """Word output has layouts for the built-in templates only: asking docx of another template is an error
    (at ``where``, else at the recipe's `docx` format)."""
    formats = recipe.formats if formats is None else formats
    if "docx" not in formats or recipe.template in BUILTIN_TEMPLATES:
        return None
    if where is None:
        where = recipe.where("formats", recipe.formats.index("docx")) if "docx" in recipe.formats else recipe.where("template")
    return error(
        where,
        f"Word output (docx) is made for the built-in templates ({', '.join(BUILTIN_TEMPLATES)}), "
        f"not for template '{recipe.template}': build it as pdf, html or md, or build docx with --template handout",
        "docx-template",
    )


def check(lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    templates = template_names(lib.root) if lib.recipes else set()
    for recipe in lib.recipes.values():
        problems += unknown_names(lib, recipe)
        for i, position in enumerate(recipe.positions or []):  # a repeat would print its section twice
            if position in recipe.positions[:i]:
                problems.append(error(recipe.where("positions", i), f"'positions' lists '{position}' twice", "duplicate"))
        if recipe.template not in templates:
            problems.append(
                error(
                    recipe.where("template"),
                    f"unknown template '{recipe.template}' (available: {', '.join(sorted(templates))})",
                    "unknown-template",
                )
            )
        elif (problem := docx_template(recipe)) is not None:
            problems.append(problem)
    return problems
