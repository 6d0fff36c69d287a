"""Pydantic's validation errors as located problems in a user's words.

`problem_from` finds the place in the YAML an error is about (the key, or the
value, by walking the located data along the error's path) and says what is
wrong in terms of the file ("unknown key 'titel' in a claim; did you mean
'title'?"), not of the Python models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic import BaseModel

from evenhand.problems import Location, NodeLoc, Problem, did_you_mean, error

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

_WHAT = {
    "Topic": "a topic",
    "Claim": "a claim",
    "Evidence": "an evidence item",
    "Fact": "a fact",
    "Position": "a position",
    "GlossaryEntry": "a glossary entry",
    "Source": "a source record",
    "Name": "a name",
    "Recipe": "a brief recipe",
}


def problem_from(
    model: type[BaseModel], err: ErrorDetails, root: Any, prefix: tuple, where: str
) -> Problem:
    """One pydantic error as a problem at the place in the YAML it is about, in words a user knows."""
    loc = prefix + tuple(err["loc"])
    kind = err["type"]
    # model-level errors carry no key; pydantic puts the model name in loc for unions
    owner, key_path = _owner(model, tuple(err["loc"]))
    key = str(key_path[-1]) if key_path and isinstance(key_path[-1], str) else None
    what = _WHAT.get(owner.__name__, "this entry") if owner else "this entry"
    if kind == "extra_forbidden":
        known = sorted(_keys_of(owner)) if owner else []
        hint = did_you_mean(key or "", known)
        msg = f"unknown key '{key}' in {what}" + (hint or f"; known keys: {', '.join(known)}")
        return error(_location(root, loc, where, of_key=True), msg, "unknown-key")
    if kind == "missing":
        return error(
            _location(root, loc[:-1], where),
            f"{what} is missing the required key '{key}'",
            "missing-key",
        )
    label = f"'{key}'" if key else "this value"
    if (
        key is None
        and len(key_path) >= 2
        and isinstance(key_path[-1], int)
        and isinstance(key_path[-2], str)
    ):
        label = f"'{key_path[-2]}'"  # an entry of a list: name the list
    return error(
        _location(root, loc, where), _value_message(kind, err, label, key, key_path, what), kind
    )


def _value_message(
    kind: str, err: ErrorDetails, label: str, key: str | None, key_path: tuple, what: str
) -> str:
    """What is wrong with a value, for pydantic error ``kind``."""
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "string_pattern_mismatch":
        return f"{label}: '{value}' is not a valid id (use lowercase letters, digits and '-', up to 80 characters)"
    if kind == "literal_error":
        return f"{label}: '{value}' is not one of {ctx.get('expected', '')}"
    if kind in ("list_type", "tuple_type"):
        return f"{label} must be a list" + _list_example(
            key_path[-2] if key is None and len(key_path) >= 2 else key
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{label if key else what} must be a mapping of keys and values"
    if kind == "string_type":
        return f"{label} must be text, not {'a list' if isinstance(value, list) else 'a mapping' if isinstance(value, dict) else 'empty'}"
    fixed = {
        "string_too_short": f"{label} must not be empty",
        "too_short": f"{label} must list at least one entry",
        "greater_than_equal": f"{label} must be at least {ctx.get('ge')}",
    }
    if kind in fixed:
        return fixed[kind]
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{label} must be a whole number, not '{value}'"
    return f"{label}: {err['msg']}"


# How each list is written, for "must be a list" messages (one line: problems print one per line).
_LIST_EXAMPLES = {
    "claims": "a '- id: ...' entry per claim under 'claims:'",
    "evidence": "evidence: [{source: my-source, locator: page 4}], or a '- source: ...' line per item",
    "facts": "facts: [{text: ..., evidence: [{source: my-source}]}], or a '- text: ...' line per fact",
    "questions": "questions: [Who gains?, Who pays?], or a '- ' line per question",
    "author": "author: [{family: Selee, given: Andrew}]",
    "editor": "editor: [{family: Selee, given: Andrew}]",
}


def _list_example(key: str | None) -> str:
    """How to write the list ``key``."""
    if key is None:
        return ": write [a, b], or a '- ' line per entry"
    return f", such as {_LIST_EXAMPLES.get(key, f'{key}: [a, b]')}"


def _owner(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, tuple]:
    """The model class that holds the last key of ``loc``."""
    current: Any = model
    owner: type[BaseModel] | None = model
    for part in loc[:-1]:
        if _is_model(current) and isinstance(part, str):
            field = _field(current, part)
            if field is None:
                return None, loc
            current = field.annotation
        elif isinstance(part, int):
            current = _entry_type(current)
        current = _unwrap(current)
        if _is_model(current):
            owner = current
    if loc and isinstance(loc[-1], int):  # a list entry: the error is about the entry itself
        entry = _entry_type(current)
        entry = _unwrap(entry) if entry is not None else None
        if _is_model(entry):
            owner = entry
    return owner, loc


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _entry_type(tp: Any) -> Any:
    """The type of a list's entries (None when it has no type argument)."""
    args = [a for a in get_args(tp) if a is not type(None)]
    return args[0] if args else None


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is not None and get_origin(tp) is not list:
        args = [a for a in get_args(tp) if a is not type(None)]
        if not args:
            break
        tp = args[0]
    return tp


def _field(model: type[BaseModel], key: str):
    for name, f in model.model_fields.items():
        if key in (name, f.alias):
            return f
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def loc_of(data: Any, where: str | None) -> Location:
    """Where located data starts (the file's first line when it has no position)."""
    loc = getattr(data, "loc", None)
    if isinstance(loc, NodeLoc):
        return Location(loc.file, loc.line, loc.col)
    return Location(where or "<unknown>", 1, 1)


def _location(root: Any, loc: tuple, where: str, *, of_key: bool = False) -> Location:
    """Walk the located data along ``loc``; the deepest place known wins."""
    node = root
    best = loc_of(root, where)
    for i, part in enumerate(loc):
        nloc = getattr(node, "loc", None)
        last = i == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if isinstance(nloc, NodeLoc) and nloc.has(part):
                best = nloc.at(part, of_key=of_key and last)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            if isinstance(nloc, NodeLoc):
                best = nloc.at(None, part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            break
        if node is None:
            break
    return best
