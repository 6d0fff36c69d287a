"""The language of a brief's fixed texts: gettext catalogues, dates, citation locale, position labels.

Catalogues are gettext `.po` files, `locales/<lang>/LC_MESSAGES/evenhand.po`:
a library's own `locales/` folder first (so a teacher adds a language
without touching evenhand), then the package's. Babel compiles a catalogue
in memory the first time it is used (no `.mo` file to build or commit).
Content (claims, titles, quotations) stays as the library wrote it.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import lru_cache
from pathlib import Path

from evenhand.paths import PACKAGE_DIR

DEFAULT_LANGUAGE = "en"  # the language the templates and messages are written in
DOMAIN = "evenhand"
BUILTIN_LOCALES_DIR = PACKAGE_DIR / "locales"
MAX_CATALOGUE_BYTES = 2 * 1024 * 1024


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel extract) without translating it here."""
    return message


# The default positions' labels (evenhand.model.DEFAULT_POSITIONS), translated where a
# library's positions.yaml gives no `labels:` of its own.
DEFAULT_LABELS = (N_("Supporters"), N_("Critics on the left"), N_("Critics on the right"))
STANCES = {"pro": N_("for"), "con": N_("against")}
BALANCE_MODES = (N_("strict"), N_("warn"), N_("off"))


class UnknownLanguage(Exception):
    """No catalogue for the language; the message names the ones there are."""


def catalogue_dirs(library_root: str | Path | None) -> list[Path]:
    dirs = []
    if library_root is not None and (Path(library_root) / "locales").is_dir():
        dirs.append(Path(library_root) / "locales")
    dirs.append(BUILTIN_LOCALES_DIR)
    return dirs


def available_languages(library_root: str | Path | None) -> list[str]:
    found = {DEFAULT_LANGUAGE}
    for folder in catalogue_dirs(library_root):
        found.update(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return sorted(found)


def catalogue_file(language: str, library_root: str | Path | None) -> Path | None:
    """The `.po` file for ``language`` (or its base language: es for es-MX), or None."""
    candidates = [language, language.split("-", maxsplit=1)[0], language.replace("-", "_")]
    for folder in catalogue_dirs(library_root):
        for name in dict.fromkeys(candidates):
            path = folder / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                return path
    return None


def translations(language: str, library_root: str | Path | None = None) -> gettext.NullTranslations:
    """The catalogue of ``language``; English needs none. Raises UnknownLanguage."""
    if language.split("-", maxsplit=1)[0] == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    path = catalogue_file(language, library_root)
    if path is None:
        raise UnknownLanguage(
            f"no catalogue for language '{language}' (available: {', '.join(available_languages(library_root))}); "
            f"add locales/{language}/LC_MESSAGES/{DOMAIN}.po to the library"
        )
    _confined(path, library_root)
    stat = path.stat()
    return _compiled(str(path), stat.st_mtime_ns, stat.st_size)


def _confined(path: Path, library_root: str | Path | None) -> None:
    """A catalogue is read from the library or the package only (no symbolic link out)."""
    real = Path(os.path.realpath(path))
    roots = [Path(os.path.realpath(BUILTIN_LOCALES_DIR))]
    if library_root is not None:
        roots.append(Path(os.path.realpath(library_root)))
    if not any(real.is_relative_to(r) for r in roots):
        raise UnknownLanguage(
            f"{path} links to {real}, outside the library; copy the catalogue into locales/"
        )


@lru_cache(maxsize=16)
def _compiled(path: str, mtime_ns: int, size: int) -> gettext.GNUTranslations:
    """Compile a `.po` file with Babel, in memory."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    if size > MAX_CATALOGUE_BYTES:
        raise UnknownLanguage(
            f"{path}: catalogue is {size:,} bytes; the limit is {MAX_CATALOGUE_BYTES:,}"
        )
    try:
        with open(path, "rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
    except Exception as exc:  # Babel's PoFileError, a UnicodeDecodeError...
        raise UnknownLanguage(f"{path}: cannot read the catalogue: {exc}") from None
    _drop_bad_placeholders(catalog)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _drop_bad_placeholders(catalog) -> None:
    """A translation whose %(name)s placeholders do not match its message's stays English
    (formatting it would fail): Babel's python-format check, on every message with a placeholder."""
    for message in catalog:
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        if message.id and any("%" in (i or "") for i in ids):
            message.flags.add("python-format")
    for message, errors in catalog.check():
        if errors:
            message.string = (
                ("",) * len(message.string) if isinstance(message.string, tuple) else ""
            )


def long_date(iso: str, language: str) -> str:
    """2024-03-05 → "March 5, 2024", "5 de marzo de 2024" (Babel); the text itself when not a date."""
    import datetime as _dt

    try:
        d = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    if language.split("-", maxsplit=1)[0] == DEFAULT_LANGUAGE:
        return f"{d:%B} {d.day}, {d.year}"
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(d, format="long", locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return d.isoformat()


def csl_locale(language: str) -> str | None:
    """The citeproc locale for ``language`` (es → es-ES), or None for citeproc's default (en-US)."""
    if language.split("-", maxsplit=1)[0] == DEFAULT_LANGUAGE and "-" not in language:
        return None
    from citeproc import frontend

    folder = (
        Path(frontend.LOCALES_PATH)
        if hasattr(frontend, "LOCALES_PATH")
        else Path(frontend.__file__).parent / "data" / "locales"
    )
    names = {p.name[len("locales-") : -len(".xml")] for p in folder.glob("locales-*.xml")}
    if language in names:
        return language
    base = language.split("-", maxsplit=1)[0]
    preferred = f"{base}-{base.upper()}"
    if preferred in names:
        return preferred
    return next((n for n in sorted(names) if n.split("-")[0] == base), None)


def position_label(position, language: str, trans: gettext.NullTranslations) -> str:
    """The label in ``language``: the position's own `labels:` entry, else the catalogue's
    translation of a default label, else the label as written."""
    labels = getattr(position, "labels", None) or {}
    for key in (language, language.split("-", maxsplit=1)[0]):
        if key in labels:
            return labels[key]
    if position.label in DEFAULT_LABELS:
        return trans.gettext(position.label)
    return position.label


def localize_brief(brief, trans: gettext.NullTranslations) -> None:
    """Give the brief's positions their labels in the brief's language (in place)."""
    language = brief.language
    if language.split("-")[0] == DEFAULT_LANGUAGE and not any(
        language in (s.position.labels or {}) for s in brief.sections
    ):
        return
    copies = {}

    def local(position):
        if position.id not in copies:
            label = position_label(position, language, trans)
            copies[position.id] = (
                position
                if label == position.label
                else position.model_copy(update={"label": label})
            )
        return copies[position.id]

    for section in brief.sections:
        section.position = local(section.position)
        for bc in section.claims:
            bc.position = local(bc.position)
    brief.balance = [
        type(r)(**{**r.__dict__, "position": local(r.position)}) for r in brief.balance
    ]
    if (
        getattr(brief, "focus", None) is not None
    ):  # a focused brief names its position in its header
        brief.focus.position = local(brief.focus.position)


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, safe inside a <style> element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_counter_css(trans: gettext.NullTranslations) -> str:
    """The CSS `content` value of the page footer: "Page " counter(page) " of " counter(pages), translated."""
    import re

    text = trans.gettext("Page %(page)s of %(pages)s")
    parts = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", text):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece.replace("%%", "%")))
    return " ".join(parts) or '""'
