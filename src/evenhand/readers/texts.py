"""Read the full texts of the sources (``text:`` in a source record) from a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evenhand.model import Library
from evenhand.problems import Problem, error

MAX_TEXT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    file: str  # the name in the source record's `text:`
    path: str  # where it was read, as shown in messages
    content: str


def read_texts(lib: Library, folder: Path) -> tuple[dict[str, SourceText], list[Problem]]:
    """Source id -> its text, for every source record with a readable `text:` in ``folder``.

    A name that is not a plain file name, a file missing from the folder, or one
    that cannot be read is one error at the record's `text:` value.
    """
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    by_file: dict[str, SourceText | None] = {}
    seen: set[str] = set()
    for source in lib.sources:
        if source.id in seen or not source.text:
            continue
        seen.add(source.id)
        name = source.text
        where = source.where("text")
        if name != Path(name).name or name in (".", "..") or "\\" in name or "\x00" in name:
            problems.append(error(where, f"text '{name}' must be a file name in the texts folder, not a path", "text-path"))
            continue
        if name not in by_file:
            by_file[name] = None
            path = folder / name
            shown = path.as_posix()  # as the user gave the folder, like a compiler's file names
            if not path.is_file():
                what = "is not a file" if path.exists() else "not found"
                problems.append(error(where, f"source text file '{name}' {what} in {folder.as_posix()}", "text-missing"))
                continue
            try:
                size = path.stat().st_size
                if size > MAX_TEXT_BYTES:
                    problems.append(error(where, f"source text file '{name}' is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,}", "text-too-large"))
                    continue
                content = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                problems.append(error(where, f"source text file '{name}' is not UTF-8 (byte {exc.start:,}); save it as UTF-8", "text-not-utf8"))
                continue
            except OSError as exc:
                problems.append(error(where, f"cannot read source text file '{name}': {exc.strerror or exc}", "text-unreadable"))
                continue
            by_file[name] = SourceText(name, shown, content.replace("\r\n", "\n").replace("\r", "\n"))
        found = by_file[name]
        if found is not None:
            texts[source.id] = found
    return texts, problems
