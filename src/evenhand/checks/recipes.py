"""A brief recipe names topics, positions and a template that exist."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.paths import template_names
from evenhand.problems import Problem, did_you_mean, error


def check(lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    topics = {t.topic for t in lib.topics}
    positions = {p.id for p in lib.positions}
    templates = template_names(lib.root) if lib.recipes else set()
    for recipe in lib.recipes.values():
        for i, topic in enumerate(recipe.topics):
            if topic not in topics:
                hint = did_you_mean(topic, topics)
                problems.append(error(recipe.where("topics", i), f"unknown topic '{topic}'{hint}", "unknown-topic"))
        for i, position in enumerate(recipe.positions or []):
            if position not in positions:
                hint = did_you_mean(position, positions)
                problems.append(error(recipe.where("positions", i), f"unknown position '{position}'{hint}", "unknown-position"))
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
    return problems
