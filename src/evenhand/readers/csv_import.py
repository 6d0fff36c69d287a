"""The spreadsheet a teacher keeps: one row per claim.

Columns (header row, any order, case ignored): topic, position, title, text,
source, locator, quote; position and title are required. Problems point at
``file:row:column`` as a spreadsheet numbers them (the header is row 1, the
first column is 1). A ``source`` cell names a source already in the library or
is a web address, which becomes a new source record. A row with the same
topic, position and title as the row above adds evidence to that claim.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from evenhand.model import DEFAULT_POSITIONS, Library
from evenhand.problems import Location, error, warning
from evenhand.readers.imported import (
    CRITICS,
    SUPPORTERS,
    ImportResult,
    claim_id,
    is_slug,
    looks_like_url,
    make_claim,
    make_source,
    make_topic,
    plain_positions,
    read_text,
    slugify,
    source_from_url,
)

COLUMNS = ("topic", "position", "title", "text", "source", "locator", "quote")
REQUIRED = ("position", "title")


def template_row() -> str:
    return ",".join(COLUMNS) + "\n"


def read(path: Path, *, topic_id: str | None = None, display: str, library: Library | None = None) -> ImportResult:
    result = ImportResult()
    text, problem = read_text(path, display)
    if problem:
        result.problems.append(problem)
        return result
    default_topic = topic_id or slugify(path.stem, fallback="imported")
    return parse(text, display=display, default_topic=default_topic, library=library, result=result)


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "\t" in first and "," not in first:
        return "\t"
    if ";" in first and "," not in first:
        return ";"
    return ","


def parse(text: str, *, display: str, default_topic: str, library: Library | None, result: ImportResult) -> ImportResult:
    problems = result.problems
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        hint = " (a quote opened and never closed?)" if "end of data" in str(exc) else ""
        where = Location(display, len(rows) + 1, 1)
        problems.append(error(where, f"row {len(rows) + 1} is not valid CSV: {exc}{hint}", "csv-syntax"))
        return result
    if not rows or not any(c.strip() for c in rows[0]):
        problems.append(error(Location(display, 1, 1), f"the file is empty: the first row must name the columns ({', '.join(COLUMNS)})", "csv-header"))
        return result

    header = [c.strip().lower() for c in rows[0]]
    col: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in col:
            problems.append(error(Location(display, 1, i + 1), f"column '{name}' appears twice (first in column {col[name] + 1})", "csv-header"))
        elif name in COLUMNS:
            col[name] = i
        elif name:
            problems.append(warning(Location(display, 1, i + 1), f"unknown column '{rows[0][i].strip()}' is ignored (known: {', '.join(COLUMNS)})", "csv-header"))
    for name in REQUIRED + ("topic",) * (default_topic is None):
        if name not in col:
            problems.append(error(Location(display, 1, len(header) + 1), f"missing column '{name}': the header row needs {', '.join(REQUIRED)} (and may have {', '.join(c for c in COLUMNS if c not in REQUIRED)})", "csv-missing-column"))
    if not result.ok:
        return result

    positions = {p.id: p for p in (library.positions if library else plain_positions(*(d["id"] for d in DEFAULT_POSITIONS)))}
    extra = {p["id"]: p for p in (SUPPORTERS, CRITICS)}
    by_label = {p.label.lower(): p.id for p in positions.values()}
    known_sources = {s.id for s in library.sources} if library else set()
    source_ids = set(known_sources)
    by_url: dict[str, str] = {}

    topics: dict[str, dict] = {}
    needed: set[str] = set()
    last: tuple | None = None
    for r, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            where = Location(display, r, min(len(row), len(header)) + 1)
            problems.append(error(where, f"row {r} has {len(row)} cell(s); the header has {len(header)} (a missing column or a stray comma?)", "csv-row-length"))
            continue

        def cell(name: str) -> str:
            return row[col[name]].strip() if name in col else ""

        def at(name: str) -> Location:
            return Location(display, r, col[name] + 1 if name in col else 1)

        topic_cell = cell("topic")
        if not topic_cell:
            tid, ttitle = default_topic, default_topic.replace("-", " ").capitalize()
        elif is_slug(topic_cell):
            tid, ttitle = topic_cell, topic_cell.replace("-", " ").capitalize()
        else:
            tid, ttitle = slugify(topic_cell, fallback="topic"), topic_cell
        position = cell("position")
        pid = position if position in positions or position in extra else by_label.get(position.lower())
        if not position:
            problems.append(error(at("position"), "empty position: name a position such as supporters", "csv-empty"))
            continue
        if pid is None:
            known = ", ".join(sorted(set(positions) | set(extra)))
            problems.append(error(at("position"), f"unknown position '{position}' (known: {known})", "csv-unknown-position"))
            continue
        if pid not in positions:
            needed.add(pid)
        title = cell("title")
        if not title:
            problems.append(error(at("title"), "empty title: every claim needs a one-line title", "csv-empty"))
            continue

        evidence = None
        source = cell("source")
        if source:
            if source in known_sources:
                sid = source
            elif looks_like_url(source):
                sid = by_url.get(source)
                if sid is None:
                    src = make_source(source_from_url(source, source_ids), at("source"), problems)
                    if src is None:
                        continue
                    result.sources.append(src)
                    sid = by_url[source] = src.id
            else:
                problems.append(error(at("source"), f"unknown source '{source}': give the id of a source in seeds/ or a web address (https://...)", "csv-unknown-source"))
                continue
            evidence = {"source": sid, "locator": cell("locator") or None, "quote": cell("quote") or None}
        elif cell("locator") or cell("quote"):
            name = "locator" if cell("locator") else "quote"
            problems.append(error(at(name), f"a {name} without a source: fill in the source column of this row", "csv-no-source"))
            continue

        topic = topics.setdefault(tid, {"topic": tid, "title": ttitle, "claims": [], "where": Location(display, r, 1)})
        key = (tid, pid, title)
        claims = topic["claims"]
        if last == key and claims and (not cell("text") or cell("text") == claims[-1][0]["text"]):
            if evidence:
                claims[-1][0]["evidence"].append(evidence)
            continue
        last = key
        data = {"id": claim_id(tid, len(claims) + 1), "position": pid, "title": title, "text": cell("text"),
                "evidence": [evidence] if evidence else []}
        claims.append((data, Location(display, r, 1)))

    if not result.ok:
        return result
    if not topics:
        problems.append(error(Location(display, len(rows), 1), "no claims: the file has a header row but no rows below it", "csv-empty"))
        return result
    for t in topics.values():
        claims = [make_claim(data, where, problems) for data, where in t["claims"]]
        used = {data["position"] for data, _ in t["claims"]}
        debated = [pid for pid in dict.fromkeys([*positions, *extra]) if pid in used]  # the library's order
        topic = make_topic({"topic": t["topic"], "title": t["title"], "positions": debated, "claims": [c for c in claims if c]}, t["where"], problems)
        if topic is not None:
            result.topics.append(topic)
    result.positions = plain_positions(*sorted(needed))
    return result
