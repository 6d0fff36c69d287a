"""Incremental builds: what went into each brief's outputs, kept in build/ (one small file).

An entry per brief (its output stem) holds the hash of every library file it
read (its recipe, the topics it shows, positions, glossary, sources, locales,
texts, its template's files and the shared ones), and a key for the rest:
evenhand's version, its own templates and fonts, the options and the brief's
date. A brief whose entry matches and whose outputs exist is up to date.

Reading the record needs no parsing of the library: a build with nothing
changed answers from hashes alone. A topic file added or removed makes every
brief stale (it may be a new sub-topic or carry a recipe's tag).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

RECORD_NAME = ".evenhand-record.json"
FORMAT = 1
TOPICS_DIR = "arguments"
SHARED_DIRS = ("seeds", "locales", "texts")  # every brief may read any of these
SPECIAL_TOPIC_FILES = ("positions.yaml", "glossary.yaml")
TEMPLATE_SUFFIXES = (".html.j2", ".md.j2")


def brief_date(environ: dict | None = None) -> str:
    """The brief's date: from SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            pass
    return _dt.date.today().isoformat()


def record_path(root: str | os.PathLike) -> Path:
    return Path(root) / "build" / RECORD_NAME


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out.extend(Path(dirpath) / n for n in sorted(filenames) if not n.startswith("."))
    return out


@dataclass
class Snapshot:
    """The library's input files now: relative path → hash, in groups."""

    root: Path
    hashes: dict[str, str] = field(default_factory=dict)
    # topic files (arguments/, less positions and glossary)
    topics: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # read by every brief
    templates: dict[str, list[str]] = field(default_factory=dict)  # template name → its own files

    @classmethod
    def take(cls, root: str | os.PathLike) -> Snapshot:
        root = Path(root)
        snap = cls(root)
        snap._take_topics()
        for folder in SHARED_DIRS:
            snap.shared.extend(r for r in map(snap._add, _files(root / folder)) if r is not None)
        snap._take_templates()
        for path in _files(root / "briefs"):
            snap._add(path)
        return snap

    def _take_topics(self) -> None:
        folder = self.root / TOPICS_DIR
        for path in _files(folder):
            rel = self._add(path)
            if rel is None:
                continue
            if path.parent == folder and path.name in SPECIAL_TOPIC_FILES:
                self.shared.append(rel)
            elif path.suffix in (".yaml", ".yml"):
                self.topics.append(rel)

    def _take_templates(self) -> None:
        files = _files(self.root / "templates")
        names = {p.name[: -len(s)] for p in files for s in TEMPLATE_SUFFIXES if p.name.endswith(s)}
        names = {n for n in names if not n.startswith("_")}
        for path in files:
            rel = self._add(path)
            if rel is None:
                continue
            owner = path.name.split(".", 1)[0]
            if owner in names:
                self.templates.setdefault(owner, []).append(rel)
            else:  # parts (`_base.html.j2`) and shared stylesheets
                self.shared.append(rel)

    def _add(self, path: Path) -> str | None:
        from evenhand.confine import link_out

        if not path.is_file() or link_out(path, self.root) is not None:
            return None  # a FIFO would block; a link out of the library is not read (the reader refuses both)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        rel = path.relative_to(self.root).as_posix()
        self.hashes[rel] = _sha(data)
        return rel

    def current(self, rel: str) -> str | None:
        """The hash of a library file now, or of a folder outside it (``dir:/path``)."""
        if rel.startswith("dir:"):
            return folder_hash(Path(rel[4:]))
        return self.hashes.get(rel)

    def inputs(
        self,
        recipe_file: Path | None,
        template: str,
        topic_files: list[str],
        folders: Sequence[Path] = (),
    ) -> dict[str, str]:
        """Relative path → hash of what one brief read; ``folders``: texts folders it may read
        (a recipe's `texts:`, `--texts`), each hashed whole, also when missing."""
        found = {f"dir:{os.path.abspath(f)}": folder_hash(Path(f)) for f in folders}
        rels = [*self.shared, *self.templates.get(template, [])]
        root = self.root.resolve()
        for f in [*topic_files, *([str(recipe_file)] if recipe_file else [])]:
            try:
                rels.append(Path(f).resolve().relative_to(root).as_posix())
            except ValueError:
                continue
        found.update((r, self.hashes[r]) for r in set(rels) if r in self.hashes)
        return dict(sorted(found.items()))


def folder_hash(folder: Path) -> str:
    """One hash of every file's name and bytes under ``folder`` ("missing" when it is not a folder)."""
    if not folder.is_dir():
        return "missing"
    h = hashlib.sha256()
    for path in _files(folder):
        try:
            h.update(
                path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
            )
        except OSError:
            h.update(b"?")
    return h.hexdigest()[:24]


_package_key: str | None = None


def package_key() -> str:
    """evenhand's version, its own templates and its fonts (names, sizes and times)."""
    global _package_key
    if _package_key is None:
        from evenhand import __version__
        from evenhand.paths import BUILTIN_TEMPLATES_DIR, FONTS_DIR

        h = hashlib.sha256(__version__.encode())
        for path in _files(BUILTIN_TEMPLATES_DIR):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        for path in _files(FONTS_DIR):
            st = path.stat()
            h.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        _package_key = h.hexdigest()[:24]
    return _package_key


def options_key(options: dict, date: str) -> str:
    """The command line's options that change the outputs, and the brief's date."""
    text = json.dumps(
        {"options": options, "date": date, "package": package_key()}, sort_keys=True, default=str
    )
    return _sha(text.encode())


class Record:
    """The record of one library's build/ folder."""

    def __init__(self, root: str | os.PathLike, snapshot: Snapshot | None = None):
        self.root = Path(root)
        self.snapshot = snapshot or Snapshot.take(root)
        self.entries: dict[str, dict] = {}
        self.topics_changed = False
        from evenhand.confine import link_out

        if link_out(record_path(root), root) is not None:
            return  # build/ leads out of the library: nothing there is read (nor written)
        try:
            data = json.loads(record_path(root).read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and isinstance(data.get("briefs"), dict):
                self.entries = data["briefs"]
                if data.get("topics") != self._topics_key():
                    self.entries, self.topics_changed = {}, True  # a topic file came or went
        except (OSError, ValueError, AttributeError):
            pass

    def _topics_key(self) -> str:
        return _sha("\n".join(sorted(self.snapshot.topics)).encode())

    def up_to_date(self, stem: str, key: str) -> bool:
        """Whether the brief's outputs exist and nothing that went into them changed."""
        return self.why_stale(stem, key) is None

    def why_stale(self, stem: str, key: str) -> tuple[str, Path | None] | None:
        """Why the brief must be built again, as (what, the file it is about or None);
        None when it is up to date."""
        entry = self.entries.get(stem)
        if not isinstance(entry, dict):
            return (
                ("a topic file was added or removed", None)
                if self.topics_changed
                else ("not in the build record", None)
            )
        if entry.get("key") != key:
            return "built with other options, on another day or by another evenhand", None
        inputs, outputs = entry.get("inputs"), entry.get("outputs")
        if not isinstance(inputs, dict) or not isinstance(outputs, list) or not outputs:
            return "not in the build record", None
        return self._input_changed(entry.get("template"), inputs) or self._output_missing(outputs)

    def _input_changed(self, template, inputs: dict) -> tuple[str, Path] | None:
        changed = next((rel for rel, h in inputs.items() if self.snapshot.current(rel) != h), None)
        if changed is not None:
            return "changed", Path(changed[4:]) if changed.startswith(
                "dir:"
            ) else self.root / changed
        # a new template file, source, locale, text
        new = [
            *self.snapshot.templates.get(template, []),
            *self.snapshot.shared,
        ]
        added = next((rel for rel in new if rel not in inputs), None)
        return None if added is None else ("is new", self.root / added)

    def _output_missing(self, outputs: list) -> tuple[str, Path] | None:
        missing = next((rel for rel in outputs if not (self.root / rel).is_file()), None)
        return None if missing is None else ("is missing", self.root / missing)

    def put(
        self,
        stem: str,
        key: str,
        *,
        recipe_file: Path | None,
        template: str,
        topic_files: list[str],
        outputs: list[Path],
        folders: Sequence[Path] = (),
    ) -> None:
        root = self.root.resolve()
        self.entries[stem] = {
            "key": key,
            "template": template,
            "inputs": self.snapshot.inputs(recipe_file, template, topic_files, folders),
            "outputs": [Path(p).resolve().relative_to(root).as_posix() for p in outputs],
        }

    def save(self) -> None:
        """Write the record atomically (not when build/ is a link out of the library)."""
        from evenhand.confine import link_out
        from evenhand.output import write_atomic

        path = record_path(self.root)
        if link_out(path, self.root) is not None:
            return
        data = {
            "format": FORMAT,
            "topics": self._topics_key(),
            "briefs": dict(sorted(self.entries.items())),
        }
        with contextlib.suppress(OSError):  # the record only saves time: the outputs are written
            write_atomic(path, json.dumps(data, indent=1, sort_keys=True) + "\n")


def all_up_to_date(
    root: str | os.PathLike, names: list[str] | None, *, side: str | None, options: dict, date: str
) -> list[Path] | None:
    """The recipe files of ``names`` (None: every recipe in briefs/) when each brief is up to
    date, from the record and the files' hashes alone (the library is not parsed); else None."""
    from evenhand.readers.library_files import yaml_files

    root = Path(root)
    # a later file of the same name wins, as in the reader
    files = {p.stem: p for p in yaml_files(root / "briefs")}
    names = sorted(files) if names is None else names
    if not names or any(n not in files for n in names):
        return None
    record = Record(root)
    key = options_key(options, date)
    if not all(record.up_to_date(f"{n}-{side}" if side else n, key) for n in names):
        return None
    return [files[n] for n in names]
