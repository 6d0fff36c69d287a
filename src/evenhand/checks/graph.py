"""Lints on the argument graph: one-sided debate, near-duplicate claims, isolated claims.

`supports` cycles are errors reported by checks/cycles.py, not here. Every
problem points at the claim's `id`. Linear in claims and relations.
"""

from __future__ import annotations

import re
import unicodedata

from evenhand.model import Claim, Library
from evenhand.problems import Problem, info, warning

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def same_text_key(text: str) -> str:
    """Case, punctuation and whitespace folded away: "It's  here!" and "its here" are the same."""
    if text.isascii():  # the same result, without the per-character pass (most text)
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text).casefold()
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def check(lib: Library) -> list[Problem]:
    claims = _unique(lib.all_claims())
    position_of = {c.id: c.position for c in claims}
    answered: set[str] = set()
    related: set[str] = set()
    for c in claims:
        for target in c.attacks:
            if target in position_of and position_of[target] != c.position:
                answered.add(target)
        for target in [*c.attacks, *c.supports]:
            if target in position_of and target != c.id:
                related.update((c.id, target))

    problems: list[Problem] = []
    for topic in lib.topics:
        has_relations = any(c.id in related for c in topic.claims)
        for c in topic.claims:
            if c.id not in answered:
                problems.append(
                    info(
                        c.where("id"),
                        f"claim '{c.id}' is not answered: no claim of another position attacks it",
                        "unanswered",
                    )
                )
            if has_relations and c.id not in related:
                problems.append(
                    warning(
                        c.where("id"),
                        f"claim '{c.id}' is isolated: it attacks or supports no claim and none answers it, "
                        f"while other claims of topic '{topic.topic}' are linked",
                        "isolated-claim",
                    )
                )
    problems.extend(_duplicates(claims))
    return problems


def _duplicates(claims: list[Claim]) -> list[Problem]:
    problems: list[Problem] = []
    for key, what in (("title", "title"), ("text", "text")):
        first: dict[str, Claim] = {}
        for c in claims:
            norm = same_text_key(getattr(c, key) or "")
            if not norm:
                continue
            earlier = first.setdefault(norm, c)
            if earlier is not c:
                problems.append(
                    warning(
                        c.where("id"),
                        f"claim '{c.id}' has the same {what} as claim '{earlier.id}' ({earlier.where('id')}); merge them or tell them apart",
                        "duplicate-claim",
                    )
                )
    return problems


def _unique(claims: list[Claim]) -> list[Claim]:
    """First claim per id (duplicate ids are reported by checks/references.py)."""
    seen: set[str] = set()
    out = []
    for c in claims:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out
