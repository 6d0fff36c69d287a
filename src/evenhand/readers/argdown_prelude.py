"""Before the Argdown parser reads a line: YAML front matter off the top, comments blanked.

Comments become spaces (newlines kept) so every line and column the parser
reports afterwards is still the place in the user's file. Problems go to
``err(line, col, message)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Report = Callable[[int, int, str], None]

_OPENER = re.compile(r"/\*|<!--|(?:^|(?<=\s))//", re.M)
_CLOSERS = {"/*": "*/", "<!--": "-->"}
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

    try:  # every value stays text (as in our YAML files): `date: 2021-02-30` is no error
        data = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except RecursionError:
        err(line_offset + 1, 1, "front matter is nested too deeply")
        return {}
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
    """`//`, `/* */` and `<!-- -->` comments replaced by spaces; an unclosed one is reported and runs to the end.

    One pass from left to right (each opener's closer is found with one ``find``), so
    a file of many unclosed openers takes linear time.
    """
    out: list[str] = []
    pos = 0
    while True:
        m = _OPENER.search(body, pos)
        if m is None:
            out.append(body[pos:])
            break
        opener = m.group(0)
        start = m.start()
        if opener == "//":
            end = body.find("\n", start)
            end = len(body) if end < 0 else end
        else:
            closer = _CLOSERS[opener]
            end = body.find(closer, m.end())
            if end < 0:
                line = line_offset + body.count("\n", 0, start) + 1
                col = start - (body.rfind("\n", 0, start) + 1) + 1
                err(line, col, f"comment `{opener}` is never closed (`{closer}` is missing)")
                end = len(body)
            else:
                end += len(closer)
        out.append(body[pos:start])
        out.append(_NOT_NEWLINE.sub(" ", body[start:end]))
        pos = end
    return "".join(out)
