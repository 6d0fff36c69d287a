"""Read the full texts of the sources (``text:`` in a source record) from a folder.

A source record names a bare file name; only a regular file of that name in the
folder is read (a symbolic link that leads out of the folder is refused), up to
``MAX_TEXT_BYTES``. `verify` reads from the folder given on its command line;
debate cards (``card_texts``) from the library's texts/, a recipe's `texts:` or
`build --texts DIR`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from evenhand.model import Library
from evenhand.problems import Problem, error

MAX_TEXT_BYTES = 20 * 1024 * 1024
CARD_TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")


@dataclass(frozen=True)
class SourceText:
    file: str  # the name in the source record's `text:`
    path: str  # where it was read, as shown in messages
    content: str


def read_texts(
    lib: Library,
    folder: Path,
    *,
    only: set[str] | None = None,
    suffixes: tuple[str, ...] | None = None,
    reasons: dict[str, str] | None = None,
) -> tuple[dict[str, SourceText], list[Problem]]:
    """Source id -> its text, for every source record with a readable `text:` in ``folder``.

    A name that is not a plain file name, a file missing from the folder, a link
    out of it, or one that cannot be read is one error at the record's `text:`
    value. ``only``: just these sources; ``suffixes``: the file name endings
    allowed; ``reasons`` (when given) receives source id -> the error's message.
    """
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    by_file: dict[str, SourceText | None] = {}
    seen: set[str] = set()
    for source in lib.sources:
        if source.id in seen or not source.text or (only is not None and source.id not in only):
            continue
        seen.add(source.id)
        name = source.text
        where = source.where("text")
        if name != Path(name).name or name in (".", "..") or "\\" in name or "\x00" in name:
            problems.append(error(where, f"text '{name}' must be a file name in the texts folder, not a path", "text-path"))
            _reason(reasons, source.id, problems)
            continue
        if suffixes and not name.lower().endswith(suffixes):
            problems.append(error(where, f"text '{name}' must be a plain text file ({', '.join(suffixes)})", "text-path"))
            _reason(reasons, source.id, problems)
            continue
        if name not in by_file:
            by_file[name] = None
            path = folder / name
            shown = path.as_posix()  # as the user gave the folder, like a compiler's file names
            if not path.is_file():
                what = "is not a file" if path.exists() else "not found"
                problems.append(error(where, f"source text file '{name}' {what} in {folder.as_posix()}", "text-missing"))
                _reason(reasons, source.id, problems)
                continue
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder)):
                problems.append(error(where, f"source text file '{name}' links outside {folder.as_posix()}; copy the file instead", "text-path"))
                _reason(reasons, source.id, problems)
                continue
            try:
                size = path.stat().st_size
                if size > MAX_TEXT_BYTES:
                    problems.append(error(where, f"source text file '{name}' is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,}", "text-too-large"))
                    _reason(reasons, source.id, problems)
                    continue
                content = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                problems.append(error(where, f"source text file '{name}' is not UTF-8 (byte {exc.start:,}); save it as UTF-8", "text-not-utf8"))
                _reason(reasons, source.id, problems)
                continue
            except OSError as exc:
                problems.append(error(where, f"cannot read source text file '{name}': {exc.strerror or exc}", "text-unreadable"))
                _reason(reasons, source.id, problems)
                continue
            by_file[name] = SourceText(name, shown, content.replace("\r\n", "\n").replace("\r", "\n"))
        found = by_file[name]
        if found is not None:
            texts[source.id] = found
        elif reasons is not None and problems:
            reasons[source.id] = problems[-1].message
    return texts, problems


def _reason(reasons: dict[str, str] | None, source_id: str, problems: list[Problem]) -> None:
    if reasons is not None:
        reasons[source_id] = problems[-1].message


@dataclass
class CardTexts:
    """The full texts a cards build found: source id -> text; why others are missing; notices."""

    texts: dict[str, str]
    missing: dict[str, str]
    notices: list[str]


def card_texts(lib: Library, source_ids: set[str], *, recipe_texts: str | None, cli_texts: Path | None) -> CardTexts:
    """The texts of ``source_ids`` for debate cards, from the first folder that applies:

    ``cli_texts`` (`build --texts DIR`: anywhere, the user chose it); a recipe's
    `texts:` (relative to the library; it may lead outside it, to a folder; when
    missing: one notice, bare quotations); else the library's own texts/ (a
    folder or a link to one; when missing: bare quotations, no notice). Whatever
    the folder, only the regular .txt/.md files that source records name are read
    (`read_texts`), and a card shows only the passage around a quotation found in one.
    """
    root = Path(lib.root)
    if cli_texts is not None:
        folder = cli_texts
    elif recipe_texts:
        folder = root / recipe_texts
        if not folder.is_dir():
            return CardTexts({}, {}, [f"cards: texts folder '{recipe_texts}' (the recipe's `texts:`) not found; the cards show bare quotations"])
    else:
        folder = root / "texts"
        if not folder.is_dir():
            return CardTexts({}, {}, [])
    reasons: dict[str, str] = {}
    found, _ = read_texts(lib, folder, only=source_ids, suffixes=CARD_TEXT_SUFFIXES, reasons=reasons)
    return CardTexts({sid: t.content for sid, t in found.items()}, reasons, [])
