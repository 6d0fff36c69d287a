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
        refused = _name_refused(name, suffixes)
        if refused is None and name not in by_file:
            by_file[name], refused = _read_file(folder, name)
        if refused is not None:
            problems.append(error(source.where("text"), *refused))
            _reason(reasons, source.id, problems)
            continue
        found = by_file[name]
        if found is not None:
            texts[source.id] = found
        elif reasons is not None and problems:
            reasons[source.id] = problems[-1].message
    return texts, problems


def _name_refused(name: str, suffixes: tuple[str, ...] | None) -> tuple[str, str] | None:
    """(message, code) when ``name`` is not a plain file name with an allowed ending."""
    if name != Path(name).name or name in (".", "..") or "\\" in name or "\x00" in name:
        return f"text '{name}' must be a file name in the texts folder, not a path", "text-path"
    if suffixes and not name.lower().endswith(suffixes):
        return f"text '{name}' must be a plain text file ({', '.join(suffixes)})", "text-path"
    return None


def _read_file(folder: Path, name: str) -> tuple[SourceText | None, tuple[str, str] | None]:
    """(the text, None), or (None, (message, code)) when it is missing, links out, is too large or unreadable."""
    path = folder / name
    shown = path.as_posix()  # as the user gave the folder, like a compiler's file names
    if not path.is_file():
        what = "is not a file" if path.exists() else "not found"
        return None, (f"source text file '{name}' {what} in {folder.as_posix()}", "text-missing")
    if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(
        os.path.realpath(folder)
    ):
        return None, (
            f"source text file '{name}' links outside {folder.as_posix()}; copy the file instead",
            "text-path",
        )
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            return None, (
                f"source text file '{name}' is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,}",
                "text-too-large",
            )
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, (
            f"source text file '{name}' is not UTF-8 (byte {exc.start:,}); save it as UTF-8",
            "text-not-utf8",
        )
    except OSError as exc:
        return None, (
            f"cannot read source text file '{name}': {exc.strerror or exc}",
            "text-unreadable",
        )
    return SourceText(name, shown, content.replace("\r\n", "\n").replace("\r", "\n")), None


def _reason(reasons: dict[str, str] | None, source_id: str, problems: list[Problem]) -> None:
    if reasons is not None:
        reasons[source_id] = problems[-1].message


@dataclass
class CardTexts:
    """The full texts a cards build found: source id -> text; why others are missing; notices."""

    texts: dict[str, str]
    missing: dict[str, str]
    notices: list[str]


def card_texts(
    lib: Library, source_ids: set[str], *, recipe_texts: str | None, cli_texts: Path | None
) -> CardTexts:
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
            return CardTexts(
                {},
                {},
                [
                    f"cards: texts folder '{recipe_texts}' (the recipe's `texts:`) not found; the cards show bare quotations"
                ],
            )
    else:
        folder = root / "texts"
        if not folder.is_dir():
            return CardTexts({}, {}, [])
    reasons: dict[str, str] = {}
    found, _ = read_texts(
        lib, folder, only=source_ids, suffixes=CARD_TEXT_SUFFIXES, reasons=reasons
    )
    return CardTexts({sid: t.content for sid, t in found.items()}, reasons, [])
