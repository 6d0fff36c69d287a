"""Export a topic and its sub-topics as JSON: the document model, keys as in the YAML files.

Shape::

    {"format": "evenhand-topics", "version": 1, "topic": "<id>",
     "topics": [<topic>...], "positions": [<position>...], "sources": [<source>...]}

Each entry of ``topics`` is a topic file's content (it validates against
``evenhand schema topic``); ``sources`` holds the sources its claims and facts
cite, ``positions`` the library's positions. Empty values are left out.
"""

from __future__ import annotations

import json

from evenhand.model import Claim, Fact, Library

FORMAT = "evenhand-topics"
VERSION = 1


def _dump(obj) -> dict:
    return obj.model_dump(mode="json", by_alias=True, exclude_none=True)


def _drop_empty(data: dict) -> dict:
    """Leave out empty lists and texts, as a person writing the YAML would."""
    out = {}
    for key, value in data.items():
        if value in ([], "", {}):
            continue
        if isinstance(value, list):
            value = [_drop_empty(v) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


def write(lib: Library, topic_id: str) -> str:
    topics = lib.subtree(topic_id)
    cited: list[str] = []
    for t in topics:
        evidenced: list[Fact | Claim] = [*t.facts, *t.claims]
        for item in evidenced:
            for ev in item.evidence:
                if ev.source not in cited:
                    cited.append(ev.source)
    sources = [lib.source(s) for s in cited if lib.source(s) is not None]
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "topic": topic_id,
        "topics": [_drop_empty(_dump(t)) for t in topics],
        "positions": [_drop_default(_drop_empty(_dump(p))) for p in lib.positions],
        "sources": [_drop_empty(_dump(s)) for s in sources],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _drop_default(position: dict) -> dict:
    """`default: true` is what a position file leaves out; only `default: false` is written."""
    if position.get("default") is True:
        del position["default"]
    return position
