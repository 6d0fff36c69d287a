"""A brief recipe names topics, positions and a template that exist."""

from __future__ import annotations

from collections.abc import Sequence

from evenhand.checks.references import HINT_ALL_CLAIMS_UP_TO
from evenhand.model import Library, Recipe
from evenhand.paths import BUILTIN_TEMPLATES, template_names
from evenhand.problems import Location, Problem, did_you_mean, error
from evenhand.select import claim_ids, library_tags


def unknown_names(lib: Library, recipe: Recipe, where: Location | None = None) -> list[Problem]:
    """The topics, positions, tags, claims and focus a recipe names that the library does not have.

    Used by ``check`` for the recipes in briefs/ and by ``assemble`` for any
    recipe; ``where`` puts every problem at one place (a build from the
    command line has no recipe file).
    """
    positions = [p.id for p in lib.positions]
    problems = _unknown_listed(lib, recipe, positions, where)
    for problem in (
        _side_problem(recipe, positions, where),
        _texts_problem(recipe, where),
        _focus_problem(recipe, positions, where),
    ):
        if problem is not None:
            problems.append(problem)
    return problems


def _unknown_listed(
    lib: Library, recipe: Recipe, positions: list[str], where: Location | None
) -> list[Problem]:
    """The names in the recipe's lists (topics, positions, tags, claims) that the library does not have."""
    problems: list[Problem] = []
    topics = [t.topic for t in lib.topics]
    named = [
        ("topics", "topic", recipe.topics, topics),
        ("positions", "position", recipe.positions or [], positions),
        ("tags", "tag", recipe.tags, library_tags(lib) if recipe.tags else []),
        ("claims", "claim", recipe.claims, claim_ids(lib) if recipe.claims else []),
    ]
    for key, kind, names, known in named:
        wanted = set(known)
        near = known if kind != "claim" or len(known) <= HINT_ALL_CLAIMS_UP_TO else ()
        for i, name in enumerate(names):
            if name not in wanted:
                hint = did_you_mean(name, near) or (_known_topics(known) if kind == "topic" else "")
                at = where or recipe.where(key, i)
                problems.append(error(at, f"unknown {kind} '{name}'{hint}", f"unknown-{kind}"))
    return problems


def _side_problem(recipe: Recipe, positions: list[str], where: Location | None) -> Problem | None:
    """The recipe's `side` is pro, con or a position."""
    if recipe.side is None:
        return None
    sides = ["pro", "con", *positions]
    if recipe.side in sides:
        return None
    hint = did_you_mean(recipe.side, sides)
    return error(
        where or recipe.where("side"),
        f"unknown side '{recipe.side}'" + (hint or f" (known: {', '.join(sides)})"),
        "unknown-side",
    )


def _texts_problem(recipe: Recipe, where: Location | None) -> Problem | None:
    """The recipe's `texts` is a folder relative to the library (no absolute path, drive or NUL)."""
    texts = recipe.texts
    if texts is None or not (texts.startswith(("/", "\\", "~")) or ":" in texts or "\x00" in texts):
        return None
    return error(
        where or recipe.where("texts"),
        f"texts '{texts}' must be a folder relative to the library (such as texts or ../sources)",
        "texts-path",
    )


def _focus_problem(recipe: Recipe, positions: list[str], where: Location | None) -> Problem | None:
    """The recipe's `focus` is a position."""
    if not recipe.focus or recipe.focus in positions:
        return None
    hint = did_you_mean(recipe.focus, positions)
    return error(
        where or recipe.where("focus"),
        f"unknown position '{recipe.focus}'{hint}",
        "unknown-position",
    )


def _known_topics(known: list[str]) -> str:
    if not known:
        return " (the library has no topic yet: add one to arguments/)"
    more = ", ..." if len(known) > 5 else ""
    return f" (put a topic id here: {', '.join(known[:5])}{more})"


def docx_template(
    recipe: Recipe, formats: list[str] | None = None, where: Location | None = None
) -> Problem | None:
    """Word output has layouts for the built-in templates only: asking docx of another template is an error
    (at ``where``, else at the recipe's `docx` format)."""
    asked: Sequence[str] = recipe.formats if formats is None else formats
    if "docx" not in asked or recipe.template in BUILTIN_TEMPLATES:
        return None
    if where is None:
        where = (
            recipe.where("formats", recipe.formats.index("docx"))
            if "docx" in recipe.formats
            else recipe.where("template")
        )
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
        for key in ("positions", "claims"):  # a repeat would print its section (or card) twice
            names = getattr(recipe, key) or []
            for i, name in enumerate(names):
                if name in names[:i]:
                    problems.append(
                        error(recipe.where(key, i), f"'{key}' lists '{name}' twice", "duplicate")
                    )
        if recipe.focus and recipe.positions and recipe.focus not in recipe.positions:
            problems.append(
                error(
                    recipe.where("focus"),
                    f"focus '{recipe.focus}' is not among the recipe's positions",
                    "focus",
                )
            )
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
