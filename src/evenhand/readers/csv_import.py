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


def read(
    path: Path, *, topic_id: str | None = None, display: str, library: Library | None = None
) -> ImportResult:
    result = ImportResult()
    text, problem = read_text(path, display)
    if problem:
        result.problems.append(problem)
        return result
    assert text is not None  # read_text gives the text when it gives no problem
    default_topic = topic_id or slugify(path.stem, fallback="imported")
    return parse(text, display=display, default_topic=default_topic, library=library, result=result)


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "\t" in first and "," not in first:
        return "\t"
    if ";" in first and "," not in first:
        return ";"
    return ","


def parse(
    text: str, *, display: str, default_topic: str, library: Library | None, result: ImportResult
) -> ImportResult:
    rows = _rows(text, display, result)
    if rows is None:
        return result
    col = _columns(rows[0], display, default_topic, result)
    if not result.ok:
        return result
    sheet = _Sheet(display, default_topic, library, result, col, len(rows[0]))
    for r, row in enumerate(rows[1:], start=2):
        if any(c.strip() for c in row):
            sheet.add_row(r, row)
    if not result.ok:
        return result
    if not sheet.topics:
        result.problems.append(
            error(
                Location(display, len(rows), 1),
                "no claims: the file has a header row but no rows below it",
                "csv-empty",
            )
        )
        return result
    sheet.finish()
    return result


def _rows(text: str, display: str, result: ImportResult) -> list[list[str]] | None:
    """The CSV's rows, or None with the problem (not CSV, or no header row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        hint = " (a quote opened and never closed?)" if "end of data" in str(exc) else ""
        where = Location(display, len(rows) + 1, 1)
        result.problems.append(
            error(where, f"row {len(rows) + 1} is not valid CSV: {exc}{hint}", "csv-syntax")
        )
        return None
    if not rows or not any(c.strip() for c in rows[0]):
        result.problems.append(
            error(
                Location(display, 1, 1),
                f"the file is empty: the first row must name the columns ({', '.join(COLUMNS)})",
                "csv-header",
            )
        )
        return None
    return rows


def _columns(
    first_row: list[str], display: str, default_topic: str | None, result: ImportResult
) -> dict[str, int]:
    """Column name → index, from the header row; twice-named, unknown and missing columns are problems."""
    problems = result.problems
    header = [c.strip().lower() for c in first_row]
    col: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in col:
            problems.append(
                error(
                    Location(display, 1, i + 1),
                    f"column '{name}' appears twice (first in column {col[name] + 1})",
                    "csv-header",
                )
            )
        elif name in COLUMNS:
            col[name] = i
        elif name:
            problems.append(
                warning(
                    Location(display, 1, i + 1),
                    f"unknown column '{first_row[i].strip()}' is ignored (known: {', '.join(COLUMNS)})",
                    "csv-header",
                )
            )
    for name in REQUIRED + ("topic",) * (default_topic is None):
        if name not in col:
            problems.append(
                error(
                    Location(display, 1, len(header) + 1),
                    f"missing column '{name}': the header row needs {', '.join(REQUIRED)} (and may have {', '.join(c for c in COLUMNS if c not in REQUIRED)})",
                    "csv-missing-column",
                )
            )
    return col


class _Sheet:
    """The claims of the rows read so far, grouped by topic; `finish` makes them topics."""

    def __init__(
        self,
        display: str,
        default_topic: str,
        library: Library | None,
        result: ImportResult,
        col: dict[str, int],
        width: int,
    ):
        self.display, self.default_topic, self.result, self.col, self.width = (
            display,
            default_topic,
            result,
            col,
            width,
        )
        self.problems = result.problems
        self.positions = {
            p.id: p
            for p in (
                library.positions
                if library
                else plain_positions(*(d["id"] for d in DEFAULT_POSITIONS))
            )
        }
        self.extra = {p["id"]: p for p in (SUPPORTERS, CRITICS)}
        self.by_label = {p.label.lower(): p.id for p in self.positions.values()}
        self.known_sources = {s.id for s in library.sources} if library else set()
        self.source_ids = set(self.known_sources)
        self.by_url: dict[str, str] = {}
        self.topics: dict[str, dict] = {}
        self.needed: set[str] = set()
        self.last: tuple | None = None

    def add_row(self, r: int, row: list[str]) -> None:
        """Add one row's claim (or its evidence to the claim above); a problem skips the row."""
        if len(row) != self.width:
            where = Location(self.display, r, min(len(row), self.width) + 1)
            self.problems.append(
                error(
                    where,
                    f"row {r} has {len(row)} cell(s); the header has {self.width} (a missing column or a stray comma?)",
                    "csv-row-length",
                )
            )
            return
        cells = _Row(self.display, r, row, self.col)
        tid, ttitle = self._topic(cells.get("topic"))
        pid = self._position(cells)
        if pid is None:
            return
        title = cells.get("title")
        if not title:
            self.problems.append(
                error(
                    cells.at("title"),
                    "empty title: every claim needs a one-line title",
                    "csv-empty",
                )
            )
            return
        ok, evidence = self._evidence(cells)
        if ok:
            self._add_claim(r, tid, ttitle, pid, title, cells.get("text"), evidence)

    def _topic(self, topic_cell: str) -> tuple[str, str]:
        if not topic_cell:
            return self.default_topic, self.default_topic.replace("-", " ").capitalize()
        if is_slug(topic_cell):
            return topic_cell, topic_cell.replace("-", " ").capitalize()
        return slugify(topic_cell, fallback="topic"), topic_cell

    def _position(self, cells: _Row) -> str | None:
        position = cells.get("position")
        if not position:
            self.problems.append(
                error(
                    cells.at("position"),
                    "empty position: name a position such as supporters",
                    "csv-empty",
                )
            )
            return None
        pid = (
            position
            if position in self.positions or position in self.extra
            else self.by_label.get(position.lower())
        )
        if pid is None:
            known = ", ".join(sorted(set(self.positions) | set(self.extra)))
            self.problems.append(
                error(
                    cells.at("position"),
                    f"unknown position '{position}' (known: {known})",
                    "csv-unknown-position",
                )
            )
            return None
        if pid not in self.positions:
            self.needed.add(pid)
        return pid

    def _evidence(self, cells: _Row) -> tuple[bool, dict | None]:
        """(row still usable, its evidence item or None)."""
        source = cells.get("source")
        if not source:
            if cells.get("locator") or cells.get("quote"):
                name = "locator" if cells.get("locator") else "quote"
                self.problems.append(
                    error(
                        cells.at(name),
                        f"a {name} without a source: fill in the source column of this row",
                        "csv-no-source",
                    )
                )
                return False, None
            return True, None
        sid = self._source_id(source, cells.at("source"))
        if sid is None:
            return False, None
        return True, {
            "source": sid,
            "locator": cells.get("locator") or None,
            "quote": cells.get("quote") or None,
        }

    def _source_id(self, source: str, where: Location) -> str | None:
        """The id of the cell's source: a known one, or a new record made from a web address."""
        if source in self.known_sources:
            return source
        if not looks_like_url(source):
            self.problems.append(
                error(
                    where,
                    f"unknown source '{source}': give the id of a source in seeds/ or a web address (https://...)",
                    "csv-unknown-source",
                )
            )
            return None
        if source not in self.by_url:
            src = make_source(source_from_url(source, self.source_ids), where, self.problems)
            if src is None:
                return None
            self.result.sources.append(src)
            self.by_url[source] = src.id
        return self.by_url[source]

    def _add_claim(
        self, r: int, tid: str, ttitle: str, pid: str, title: str, text: str, evidence: dict | None
    ) -> None:
        topic = self.topics.setdefault(
            tid,
            {"topic": tid, "title": ttitle, "claims": [], "where": Location(self.display, r, 1)},
        )
        key = (tid, pid, title)
        claims = topic["claims"]
        if (
            self.last == key and claims and (not text or text == claims[-1][0]["text"])
        ):  # more evidence for the claim above
            if evidence:
                claims[-1][0]["evidence"].append(evidence)
            return
        self.last = key
        data = {
            "id": claim_id(tid, len(claims) + 1),
            "position": pid,
            "title": title,
            "text": text,
            "evidence": [evidence] if evidence else [],
        }
        claims.append((data, Location(self.display, r, 1)))

    def finish(self) -> None:
        """The topics of the rows, each debating the positions its rows use (in the library's order)."""
        for t in self.topics.values():
            claims = [make_claim(data, where, self.problems) for data, where in t["claims"]]
            used = {data["position"] for data, _ in t["claims"]}
            debated = [pid for pid in dict.fromkeys([*self.positions, *self.extra]) if pid in used]
            topic = make_topic(
                {
                    "topic": t["topic"],
                    "title": t["title"],
                    "positions": debated,
                    "claims": [c for c in claims if c],
                },
                t["where"],
                self.problems,
            )
            if topic is not None:
                self.result.topics.append(topic)
        self.result.positions = plain_positions(*sorted(self.needed))


class _Row:
    """One row's cells by column name, and where each is."""

    def __init__(self, display: str, r: int, row: list[str], col: dict[str, int]):
        self.display, self.r, self.row, self.col = display, r, row, col

    def get(self, name: str) -> str:
        return self.row[self.col[name]].strip() if name in self.col else ""

    def at(self, name: str) -> Location:
        return Location(self.display, self.r, self.col[name] + 1 if name in self.col else 1)
