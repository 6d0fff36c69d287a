"""Topics, sources and positions as YAML text a person would have written.

Keys in the order of DESIGN.md, ``|`` blocks for multi-line text, quotes only
where YAML needs them, no anchors; what is written loads back through
``load_library`` to the same objects.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from evenhand.model import Claim, Evidence, Fact, Name, Position, Source, Topic

if TYPE_CHECKING:
    from pydantic import BaseModel

_TOPIC_KEYS = (
    "topic",
    "title",
    "parent",
    "question",
    "background",
    "facts",
    "questions",
    "tags",
    "positions",
    "claims",
)
_CLAIM_KEYS = ("id", "position", "title", "text", "evidence", "attacks", "supports", "rank", "tags")
_EVIDENCE_KEYS = ("source", "locator", "quote", "note", "context")
_POSITION_KEYS = ("id", "label", "stance", "perspective", "short")

# Plain scalars: no indicator first, no ': ' or ' #', nothing YAML 1.1 would read as non-text.
_PLAIN_OK = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_PLAIN_BAD = re.compile(r": |:$| #|\s$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_NOT_TEXT = re.compile(
    r"^(?:[-+.]?\d.*|~|null|true|false|yes|no|on|off|y|n|\.inf|\.nan|<<|=)$", re.IGNORECASE
)
# Characters YAML does not allow raw (or reads as line breaks): escaped. Spelt as the
# characters left out of YAML's printable set, which compiles 10x faster than its negation.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)


_SCALARS: dict[str, str] = {}  # short values (ids, positions) come back thousands of times


def scalar(value: str) -> str:
    """One-line YAML for a string: plain when safe, else double-quoted."""
    done = _SCALARS.get(value)
    if done is not None:
        return done
    if (
        value
        and _PLAIN_OK.match(value)
        and not _PLAIN_BAD.search(value)
        and not _NOT_TEXT.match(value)
    ):
        done = value
    else:
        done = quoted(value)
    if len(value) <= 80 and len(_SCALARS) < 100_000:
        _SCALARS[value] = done
    return done


def quoted(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _block_ok(value: str) -> bool:
    if "\n" not in value or _UNPRINTABLE.search(value) or "\r" in value or "\ufeff" in value:
        return False
    lines = value.split("\n")
    # whitespace-only lines and leading blank lines do not survive a literal block
    return (
        not any(line.strip() == "" and line for line in lines)
        and lines[0] != ""
        and not value.startswith((" ", "\t"))
    )


def text_value(value: str, indent: int) -> str:
    """``key: <this>`` for any string; a literal block for multi-line text."""
    if not _block_ok(value):
        return quoted(value) if "\n" in value else scalar(value)
    if value.endswith("\n\n"):
        chomp, body = "+", value[:-1]
    elif value.endswith("\n"):
        chomp, body = "", value[:-1]
    else:
        chomp, body = "-", value
    pad = " " * indent
    lines = [pad + line if line else "" for line in body.split("\n")]
    return "|" + chomp + "\n" + "\n".join(lines)


def _flow_list(items: list[str]) -> str:
    return "[" + ", ".join(_flow_item(i) for i in items) + "]"


_FLOW_SPECIAL = re.compile(r"[,\[\]{}]")


def _flow_item(value: str) -> str:
    s = scalar(value)
    return quoted(value) if s == value and _FLOW_SPECIAL.search(value) else s


def _mapping(obj: BaseModel, keys: tuple[str, ...], indent: int, first_prefix: str) -> list[str]:
    """Lines of a block mapping; the first line starts with ``first_prefix`` (e.g. '- ')."""
    pad = " " * indent
    out: list[str] = []
    attrs = _attrs(type(obj))
    for key in keys:
        value = getattr(obj, attrs[key])
        if (
            value is None
            or value == []
            or (key == "text" and value == "" and isinstance(obj, Claim))
        ):
            continue
        lead = first_prefix if not out else pad
        out.extend(_entry(obj, key, value, indent, lead))
    return out


def _entry(obj, key: str, value, indent: int, lead: str) -> list[str]:
    child = indent + 2
    if isinstance(value, str):
        return [f"{lead}{key}: {text_value(value, child)}"]
    if isinstance(value, int):
        return [f"{lead}{key}: {value}"]
    if key in ("facts", "evidence", "claims"):
        lines = [f"{lead}{key}:"]
        for item in value:
            lines.extend(_item(item, child))
        return lines
    if all(isinstance(v, str) and "\n" not in v for v in value):
        flow = _flow_list(value)
        if len(flow) < 80 - indent:
            return [f"{lead}{key}: {flow}"]
    lines = [f"{lead}{key}:"]
    for v in value:
        if isinstance(v, str):
            lines.append(f"{' ' * child}- {text_value(v, child + 2)}")
        else:  # names (author, editor)
            lines.append(f"{' ' * child}- {name_flow(v)}")
    return lines


_ATTRS: dict[type[BaseModel], dict[str, str]] = {}


def _attrs(model: type[BaseModel]) -> dict[str, str]:
    """File key -> attribute name (``container-title`` -> ``container_title``)."""
    found = _ATTRS.get(model)
    if found is None:
        found = _ATTRS[model] = {(f.alias or n): n for n, f in model.model_fields.items()}
    return found


def _item(item: Claim | Evidence | Fact, indent: int) -> list[str]:
    keys_of: dict[type[BaseModel], tuple[str, ...]] = {
        Claim: _CLAIM_KEYS,
        Evidence: _EVIDENCE_KEYS,
        Fact: ("text", "evidence"),
    }
    keys = keys_of[type(item)]
    return _mapping(item, keys, indent + 2, " " * indent + "- ")


def name_flow(name: dict | Name) -> str:
    data = name.model_dump(by_alias=True, exclude_none=True) if isinstance(name, Name) else name
    return "{" + ", ".join(f"{k}: {_flow_item(str(v))}" for k, v in data.items()) + "}"


def topic_yaml(topic: Topic, header: str | None = None) -> str:
    """A topic file's text."""
    lines = [f"# {h}".rstrip() for h in header.splitlines()] if header else []
    lines += _mapping(topic, _TOPIC_KEYS, 0, "")
    return "\n".join(lines) + "\n"


def sources_yaml(sources: list[Source], header: str | None = None) -> str:
    """A seeds file: a list of source records, keys in CSL-JSON model order."""
    lines = [f"# {h}".rstrip() for h in header.splitlines()] if header else []
    keys = tuple(f.alias or n for n, f in Source.model_fields.items())
    for src in sources:
        lines.extend(_mapping(src, keys, 2, "- "))
    return "\n".join(lines) + "\n" if lines else "[]\n"


def position_flow(position: Position) -> str:
    data = position.model_dump(exclude_none=True)
    items = [f"{k}: {_flow_item(str(data[k]))}" for k in _POSITION_KEYS if k in data]
    if not position.default:
        items.append("default: false")
    return "- {" + ", ".join(items) + "}"


def positions_yaml(positions: list[Position]) -> str:
    """A whole positions.yaml."""
    return "\n".join(position_flow(p) for p in positions) + "\n"


def append_positions(existing_text: str, positions: list[Position]) -> str:
    """positions.yaml text with ``positions`` added at the end (comments and order kept)."""
    text = (
        existing_text if existing_text.endswith("\n") or not existing_text else existing_text + "\n"
    )
    return text + "".join(position_flow(p) + "\n" for p in positions)
