"""Export a topic and its sub-topics as Argdown (argdown.org).

Each claim becomes an argument ``<Title>: text #pro`` (``#con`` for a
position with stance con) followed by its relations: ``+> <Other>`` for
``supports``, ``-> <Other>`` for ``attacks``. Sub-topics become headings; the
topic's title and question go to the front matter, its background to a
comment. Text is put on one line with Argdown's special characters escaped,
so that any text parses; titles that repeat get the claim id added.
"""

from __future__ import annotations

import json
import re

from evenhand.model import Claim, Library, Topic

# Characters that mean something inside Argdown text: references, tags, data,
# emphasis, mentions, comments, escapes.
_SPECIAL = re.compile(r"([\\\[\]<>#{}*_@/`])")
_SPACES = re.compile(r"\s+")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).strip())


def title_of(text: str) -> str:
    """An argument title: one line, no angle brackets, no escapes needed."""
    text = _SPACES.sub(" ", text).strip().replace("<", "‹").replace(">", "›").replace("\\", "/")
    return text or "Untitled"


def _tag(tag: str) -> str:
    tag = _SPACES.sub(" ", tag).strip().replace(")", "").replace("(", "")
    if not tag:
        return ""
    return f"#{tag}" if re.fullmatch(r"[\w][\w-]*", tag) else f"#({tag})"


def write(lib: Library, topic_id: str) -> str:
    topics = lib.subtree(topic_id)
    root = topics[0]
    depth = {root.topic: 0}
    for t in topics[1:]:
        depth[t.topic] = depth.get(t.parent or "", 0) + 1
    titles = _unique_titles([c for t in topics for c in t.claims])
    stance = {p.id: p.stance for p in lib.positions}

    out = ["===", f"title: {json.dumps(root.title, ensure_ascii=False)}"]
    if root.question:
        out.append(f"subTitle: {json.dumps(root.question, ensure_ascii=False)}")
    out += ["===", ""]
    for t in topics:
        if depth[t.topic] > 0:
            out += [f"{'#' * min(depth[t.topic], 6)} {escape(t.title)}", ""]
        out += _comment(t)
        for claim in t.claims:
            out += _claim(claim, titles, stance.get(claim.position), lib)
    return "\n".join(out).rstrip("\n") + "\n"


def _comment(t: Topic) -> list[str]:
    parts = [p for p in ((t.question if t.parent else None), t.background) if p]
    if not parts:
        return []
    body = "\n\n".join(parts).replace("*/", "* /")
    return ["/*", *body.splitlines(), "*/", ""]


def _claim(claim: Claim, titles: dict[str, str], stance: str | None, lib: Library) -> list[str]:
    tags = [stance] if stance in ("pro", "con") else []
    tags += [t for t in claim.tags if t.lower() not in ("pro", "con")]
    tag_text = " ".join(x for x in (_tag(t) for t in tags) if x)
    text = escape(claim.text) or escape(claim.title)
    line = f"<{titles[claim.id]}>: {text}" + (f" {tag_text}" if tag_text else "")
    lines = [line]
    for op, targets in (("+>", claim.supports), ("->", claim.attacks)):
        for target in targets:
            title = titles.get(target) or _outside(lib, target)
            if title:
                lines.append(f"  {op} <{title}>")
    return lines + [""]


def _outside(lib: Library, claim_id: str) -> str | None:
    """A claim in another topic: referred to by title and id (Argdown shows it without text)."""
    other = lib.claim(claim_id)
    return f"{title_of(other.title)} ({claim_id})" if other is not None else None


def _unique_titles(claims: list[Claim]) -> dict[str, str]:
    seen: dict[str, int] = {}
    for c in claims:
        key = title_of(c.title)
        seen[key] = seen.get(key, 0) + 1
    out = {}
    for c in claims:
        key = title_of(c.title)
        out[c.id] = key if seen[key] == 1 else f"{key} ({c.id})"
    return out
