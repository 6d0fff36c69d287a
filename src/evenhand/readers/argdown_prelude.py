"""Before the Argdown parser reads a line: YAML front matter off the top, comments blanked.

Comments become spaces (newlines kept) so every line and column the parser
reports afterwards is still the place in the user's file. Problems go to
``err(line, col, message)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Report = Callable[[int, int, str], None]

_COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->|(?:^|(?<=\s))//[^\n]*", re.S | re.M)
_NOT_NEWLINE = re.compile(r"[^\n]")


def read_front_matter(lines: list[str], err: Report) -> tuple[dict, int]:
    """The front matter between two `===` lines at the top (or {}), and the index of the first body line."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != "===":
        return {}, 0
    for j in range(i + 1, len(lines)):
        if lines[j].strip() == "===":
            return _mapping("\n".join(lines[i + 1 : j]), i + 1, err), j + 1
    err(i + 1, 1, "the front matter opened here is never closed (a line `===` is missing)")
    return {}, len(lines)


def _mapping(text: str, line_offset: int, err: Report) -> dict:
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = line_offset + (mark.line + 1 if mark else 1)
        col = mark.column + 1 if mark else 1
        err(line, col, f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        err(line_offset + 1, 1, "front matter must be a mapping of keys and values")
        return {}
    return data


def blank_comments(body: str, line_offset: int, err: Report) -> str:
    """`//`, `/* */` and `<!-- -->` comments replaced by spaces; an unclosed one is reported and runs to the end."""
    out = _COMMENT.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group(0)), body)
    for opener, closer in (("/*", "*/"), ("<!--", "-->")):
        pos = out.find(opener)
        if pos >= 0 and out.find(closer, pos) < 0:
            line = line_offset + out.count("\n", 0, pos) + 1
            col = pos - (out.rfind("\n", 0, pos) + 1) + 1
            err(line, col, f"comment `{opener}` is never closed (`{closer}` is missing)")
            out = out[:pos] + _NOT_NEWLINE.sub(" ", out[pos:])
    return out
