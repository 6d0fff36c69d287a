"""Warnings about gaps: claims without evidence, one-sided topics, sources nobody cites."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.problems import Problem, warning


def check(lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    cited: set[str] = set()
    for topic in lib.topics:
        for fact in topic.facts:
            cited.update(ev.source for ev in fact.evidence)
        present = {c.position for c in topic.claims}
        for claim in topic.claims:
            cited.update(ev.source for ev in claim.evidence)
            if not claim.evidence:
                problems.append(
                    warning(claim.where("id"), f"claim '{claim.id}' has no evidence", "no-evidence")
                )
        if topic.claims or not lib.children(topic.topic):
            for position in lib.positions_of(topic):
                if position.id not in present:
                    problems.append(
                        warning(
                            topic.where("topic"),
                            f"topic '{topic.topic}' has no claim for position '{position.id}'",
                            "missing-position",
                        )
                    )
    for source in lib.sources:
        if source.id not in cited:
            problems.append(
                warning(
                    source.where("id"),
                    f"source '{source.id}' is not cited by any claim or fact",
                    "uncited-source",
                )
            )
    return problems
