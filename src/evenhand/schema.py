"""JSON Schemas of the files people write, derived from the model."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from evenhand.model import GlossaryEntry, Position, Recipe, Source, Topic

if TYPE_CHECKING:
    from pydantic import BaseModel

_TITLES = {
    "topic": ("evenhand topic file", "arguments/*.yaml: one topic with its claims."),
    "sources": (
        "evenhand source records",
        "seeds/*.yaml: a list of cited documents, CSL-JSON field names.",
    ),
    "positions": ("evenhand positions", "arguments/positions.yaml: the sides of the debate."),
    "recipe": ("evenhand brief recipe", "briefs/*.yaml: which topics, template, formats."),
    "glossary": (
        "evenhand glossary",
        "arguments/glossary.yaml: key terms (term, aliases, definition, evidence), shown in briefs.",
    ),
}


def schema_for(kind: str) -> dict:
    if kind == "topic":
        body = Topic.model_json_schema(by_alias=True)
    elif kind == "recipe":
        body = Recipe.model_json_schema(by_alias=True)
    else:
        lists: dict[str, type[BaseModel]] = {"sources": Source, "glossary": GlossaryEntry}
        item = lists.get(kind, Position)
        inner = item.model_json_schema(by_alias=True)
        defs = inner.pop("$defs", {})
        body = {"type": "array", "items": inner}
        if defs:
            body["$defs"] = defs
    title, description = _TITLES[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        **{k: v for k, v in body.items() if k not in ("title", "description")},
    }


def schema_json(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False)
