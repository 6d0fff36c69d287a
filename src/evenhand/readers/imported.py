"""What every import reader returns, and the helpers they share.

A reader module (``evenhand.readers.kialo``, ``csv_import``, ``argdown``,
``aif``) exposes::

    read(path: Path, *, topic_id: str | None = None, display: str) -> ImportResult

``display`` is the path as problems print it (``display:line:col``). A reader
may also accept ``library: Library | None = None`` (the library being imported
into, to resolve source or position ids against it); the CLI passes it only to
readers whose signature names it. Readers never raise for bad input: they
return problems (an error problem means the CLI writes nothing).

Claim ids must be unique in the whole library, so readers build them from the
topic id: ``claim_id(topic_id, n)``. Source ids only need to be unique within
the import; the CLI (``reconcile_sources``) reuses a library source with the
same URL and renames any id that clashes with a different library source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from evenhand.model import (
    DEFAULT_POSITIONS,
    SLUG_PATTERN,
    Claim,
    Fact,
    Library,
    Position,
    Source,
    Topic,
)
from evenhand.problems import Location, Problem, error, has_errors
from evenhand.readers.files import decode_utf8, read_bytes

MAX_IMPORT_BYTES = 20 * 1024 * 1024

# The plain positions for formats without a left/right perspective (Kialo, Argdown, AIF).
SUPPORTERS = {"id": "supporters", "label": "Supporters", "stance": "pro"}
CRITICS = {"id": "critics", "label": "Critics", "stance": "con"}
# The positions every topic from those formats debates (its `positions:`).
PRO_CON = (SUPPORTERS["id"], CRITICS["id"])

_SLUG_RE = re.compile(SLUG_PATTERN)
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class ImportResult:
    """One import: new topics (parents before children), the sources they cite,
    the positions they use that may be missing from the library, and problems."""

    topics: list[Topic] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


# --- ids -------------------------------------------------------------------------------


def slugify(
    text: str, taken: set[str] | None = None, *, max_len: int = 40, fallback: str = "item"
) -> str:
    """A slug id for ``text`` (lowercase ASCII, '-' between words, at most ``max_len``
    characters, cut at a word boundary), made unique against ``taken`` with a
    ``-2``, ``-3`` ... suffix. The result is added to ``taken``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut[1:] else slug[:max_len]
        slug = slug.strip("-")
    if not slug:
        slug = fallback
    if taken is None:
        return slug
    unique, n = slug, 2
    while unique in taken:
        unique = f"{slug}-{n}"
        n += 1
    taken.add(unique)
    return unique


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


def claim_id(prefix: str, n: int) -> str:
    """The n-th claim of a topic: ``<prefix>-<n>`` (prefix is normally the topic id)."""
    return f"{prefix}-{n}"


# --- building model objects from plain dicts -------------------------------------------


def build(model: type[BaseModel], data: dict, where: Location, problems: list[Problem]) -> Any:
    """``model.model_validate(data)``; on failure add located problems and return None."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            key = ".".join(str(p) for p in e["loc"]) or model.__name__.lower()
            problems.append(error(where, f"cannot import: {key}: {e['msg']}", "import-invalid"))
        return None


def make_topic(data: dict, where: Location, problems: list[Problem]) -> Topic | None:
    return build(Topic, data, where, problems)


def make_claim(data: dict, where: Location, problems: list[Problem]) -> Claim | None:
    return build(Claim, data, where, problems)


def make_source(data: dict, where: Location, problems: list[Problem]) -> Source | None:
    return build(Source, data, where, problems)


def plain_positions(*ids: str) -> list[Position]:
    """Position objects for ids among supporters / critics / the three defaults."""
    known = {p["id"]: p for p in [*DEFAULT_POSITIONS, SUPPORTERS, CRITICS]}
    return [Position.model_validate(known[i]) for i in ids if i in known]


def source_from_url(url: str, taken: set[str], title: str | None = None) -> dict:
    """A minimal source record (as a dict) for a link: id from the host and path."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        parts = urlsplit("")
    host = parts.netloc.lower().removeprefix("www.")
    base = f"{host} {parts.path}".strip() if parts.path not in ("", "/") else host
    sid = slugify(base or url, taken, max_len=50, fallback="source")
    record = {
        "id": sid,
        "type": "webpage",
        "title": (title or "").strip() or (host + parts.path.rstrip("/")) or url,
        "URL": url.strip(),
    }
    return record


def looks_like_url(text: str) -> bool:
    try:
        parts = urlsplit(text.strip())
    except ValueError:  # e.g. "http://[x": an unclosed IPv6 host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text.strip()


# --- reading the input file ------------------------------------------------------------


def read_text(path: Path, display: str) -> tuple[str | None, Problem | None]:
    """The file as text (UTF-8, BOM dropped, CRLF and CR turned into LF), or a located problem."""
    raw, problem = read_bytes(path, display, MAX_IMPORT_BYTES)
    if problem:
        return None, problem
    assert raw is not None  # read_bytes gives the bytes when it gives no problem
    text, problem = decode_utf8(raw, display)
    if problem:
        return None, problem
    assert text is not None  # decode_utf8 gives the text when it gives no problem
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


# --- fitting an import into a library --------------------------------------------------


def reconcile_sources(result: ImportResult, lib: Library) -> None:
    """Reuse library sources with the same URL; rename imported ids that clash with
    a different library source; rewrite the claims' evidence to match."""
    by_url = {s.URL.strip(): s.id for s in lib.sources if s.URL}
    existing = {s.id for s in lib.sources}
    taken = existing | {s.id for s in result.sources}
    renames: dict[str, str] = {}
    kept: list[Source] = []
    for src in result.sources:
        if src.URL and src.URL.strip() in by_url:
            renames[src.id] = by_url[src.URL.strip()]
            continue
        if src.id in existing:
            new_id = slugify(src.id, taken, max_len=70)
            renames[src.id] = new_id
            src = src.model_copy(update={"id": new_id})
        kept.append(src)
    result.sources = kept
    if not renames:
        return
    for topic in result.topics:
        evidenced: list[Fact | Claim] = [*topic.claims, *topic.facts]
        for item in evidenced:
            for ev in item.evidence:
                if ev.source in renames:
                    ev.source = renames[ev.source]


# --- titles ----------------------------------------------------------------------------

_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^)\s]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_ESCAPED = re.compile(r"\\([()\[\]\\*_`])")


def title_from_text(text: str, limit: int = 120) -> str:
    """A one-line title for a claim's text: its first line, else first sentence,
    else cut at a word boundary with '…'. Markdown links become their words."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if "](" in first:
        first = _MD_LINK.sub(r"\1", first)
    if "\\" in first:
        first = _ESCAPED.sub(r"\1", first)
    if len(first) <= limit:
        return first
    m = _SENTENCE_END.search(first)
    if m and m.start() <= limit:
        return first[: m.start()]
    cut = first[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"
