"""The glossary is sound, and acronyms in the library are explained.

- a term or alias given twice (in one entry or two) is an error, as is a
  glossary evidence item citing an unknown source;
- an acronym (two or more capitals: COMAR, TPS, NGOs) in a claim's title or
  text, a fact, a background or a question, that the glossary does not define
  and the same text does not spell out in brackets ("Temporary Protected
  Status (TPS)"), is a note at its exact place; a warning in the topics of a
  recipe with `key-terms: required`, and with `validate --strict`.
"""

from __future__ import annotations

from evenhand.glossary import acronyms, finder, is_acronym, spelled_out
from evenhand.model import Library, Topic
from evenhand.problems import Problem, Severity, did_you_mean, error, info, warning

CODE = "unexplained-acronym"


def check(lib: Library) -> list[Problem]:
    problems = _glossary(lib)
    required = _required_topics(lib)
    for topic in lib.topics:
        problems += _topic_acronyms(lib, topic, topic.topic in required)
    return problems


def strict(problems: list[Problem]) -> list[Problem]:
    """`validate --strict`: unexplained-acronym notes become warnings."""
    return [
        Problem(p.where, Severity.WARNING, p.message, p.code)
        if p.code == CODE and p.severity is Severity.INFO
        else p
        for p in problems
    ]


def _key(form: str) -> str:
    form = " ".join(form.split())
    return form if is_acronym(form) else form.casefold()


def _glossary(lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, object] = {}
    sources = {s.id for s in lib.sources}
    for entry in lib.glossary:
        forms = [("term", None, entry.term)] + [
            ("aliases", i, a) for i, a in enumerate(entry.aliases)
        ]
        for key, index, form in forms:
            k = _key(form)
            where = entry.where(key, index)
            if k in seen:
                first = seen[k]
                problems.append(
                    error(
                        where,
                        f"glossary: '{form}' is already defined (first at {first})",
                        "duplicate-term",
                    )
                )
            else:
                seen[k] = where
        for ev in entry.evidence:
            if ev.source not in sources:
                hint = did_you_mean(ev.source, sources) or " (add it to seeds/)"
                problems.append(
                    error(
                        ev.where("source"), f"unknown source '{ev.source}'{hint}", "unknown-source"
                    )
                )
    return problems


def _required_topics(lib: Library) -> set[str]:
    """Topics (with their sub-topics) of the recipes that say `key-terms: required`."""
    out: set[str] = set()
    for recipe in lib.recipes.values():
        if recipe.key_terms == "required":
            for topic_id in recipe.topics:
                out.update(t.topic for t in lib.subtree(topic_id))
    return out


def _texts(topic: Topic):
    """(object, key, index, text) of every text the lint reads."""
    if topic.question:
        yield topic, "question", None, topic.question
    if topic.background:
        yield topic, "background", None, topic.background
    for fact in topic.facts:
        yield fact, "text", None, fact.text
    for i, q in enumerate(topic.questions):
        yield topic, "questions", i, q
    for claim in topic.claims:
        yield claim, "title", None, claim.title
        if claim.text:
            yield claim, "text", None, claim.text


def _topic_acronyms(lib: Library, topic: Topic, required: bool) -> list[Problem]:
    from evenhand.readers.yaml_source import locate_word

    terms = finder(lib)
    problems: list[Problem] = []
    make = warning if required else info
    for obj, key, index, text in _texts(topic):
        for m in acronyms(text):
            word = m.group(0)
            name = word[:-1] if word.endswith("s") else word
            if terms.covers(text, m.start(), m.end()) or spelled_out(text, name):
                continue
            where = locate_word(obj.where(key, index), text, m.start(), m.end())
            problems.append(
                make(
                    where,
                    f"acronym '{name}' is not explained: add it to arguments/glossary.yaml, "
                    f'or spell it out in brackets in this text ("... ({name})")',
                    CODE,
                )
            )
    return problems
