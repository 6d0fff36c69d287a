"""Importing files into a library: what an import would write, checked as a whole
library before any file is touched (`plan_import`), and the writing (`write_plan`).

A pipeline like `build`: it drives readers, checks and the YAML writer; `evenhand
import` (cli/interop_cmds.py) only reads the inputs, prints and asks for this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evenhand.model import Library, Position, Source, Topic
from evenhand.problems import Problem, Severity
from evenhand.readers.imported import ImportResult, reconcile_sources
from evenhand.readers.library import POSITIONS_FILE, validate
from evenhand.readers.library_files import display_path
from evenhand.readers.yaml_source import parse_yaml
from evenhand.writers.library_yaml import append_positions, positions_yaml, sources_yaml, topic_yaml

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass
class Plan:
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # display path -> (path, text)
    refusals: list[str] = field(default_factory=list)  # existing files; --force replaces them
    # the imported files among themselves, links out of the library; --force does not help
    clashes: list[str] = field(default_factory=list)
    # planned files that exist (--force); the others are created exclusively
    replaces: set[Path] = field(default_factory=set)
    errors: list[Problem] = field(default_factory=list)
    new_positions: list[str] = field(default_factory=list)
    reused_sources: list[int] = field(default_factory=list)  # per imported file


def _file_of(obj) -> Path | None:
    loc = obj.where()
    return None if loc.file == "<memory>" else Path(loc.file).resolve()


HEADER = "Imported by `evenhand import`; edit freely."


def plan_import(
    lib: Library,
    load_problems: list[Problem],
    results: list[tuple[str, ImportResult]],
    *,
    force: bool,
) -> Plan:
    """The files that importing ``results`` (display path of each input, its result) would write."""
    plan = Plan()
    planner = _Planner(lib, plan, results)
    planner.targets(force)
    if plan.clashes or plan.refusals:
        return plan
    plan.replaces = set(planner.replaced)
    imported_sources = planner.reconcile()
    texts = planner.topic_and_source_files()
    positions = list(lib.positions)
    missing = _missing_positions(lib, results)
    if missing:
        added = planner.positions_file(positions, missing)
        if added is None:
            return plan
        texts.append(added)
        plan.new_positions = [p.id for p in missing]
    plan.errors = planner.errors(load_problems, texts, imported_sources, positions, missing)
    return plan


def _missing_positions(lib: Library, results: list[tuple[str, ImportResult]]) -> list[Position]:
    """Positions the imported files use that the library lacks (debated only by topics that list them)."""
    known = {p.id for p in lib.positions}
    missing = []
    for _, result in results:
        for p in result.positions:
            if (
                p.id not in known
            ):  # the library's own topics do not take it up: only those that list it
                known.add(p.id)
                missing.append(p.model_copy(update={"default": False}))
    return missing


class _Planner:
    """The steps of `plan_import`, sharing the library, the plan and what each step found."""

    def __init__(self, lib: Library, plan: Plan, results: list[tuple[str, ImportResult]]):
        self.lib, self.plan, self.results = lib, plan, results
        self.root = Path(lib.root)
        self.replaced: set[Path] = set()
        self.topic_files: list[tuple[Topic, Path]] = []
        self.seeds_paths: list[Path] = []
        self.base = lib

    def targets(self, force: bool) -> None:
        """Where each imported topic and each file's sources go; clashes and refusals into the plan."""
        from_file: dict[str, str] = {}  # topic id -> the input file it comes from
        for shown_input, result in self.results:
            for topic in result.topics:
                first = from_file.setdefault(topic.topic, shown_input)
                if first != shown_input:
                    self.plan.clashes.append(
                        f"topic '{topic.topic}' comes from both '{first}' and '{shown_input}'; import them in separate runs"
                    )
                    continue
                self._topic_target(topic, force)
            seeds_path = _inside(
                self.plan,
                self.root,
                self.root / "seeds" / f"imported-{result.topics[0].topic}.yaml",
            )
            if seeds_path is None:
                continue
            self.seeds_paths.append(seeds_path)
            if result.sources and seeds_path.exists():
                if not force:
                    self.plan.refusals.append(f"{display_path(seeds_path)} already exists")
                self.replaced.add(seeds_path)

    def _topic_target(self, topic: Topic, force: bool) -> None:
        old = self.lib.topic(topic.topic)
        target = _file_of(old) if old is not None else None
        if target is None:
            target = _inside(self.plan, self.root, self.root / "arguments" / f"{topic.topic}.yaml")
            if target is None:
                return
        if old is not None or target.exists():
            what = (
                f"topic '{topic.topic}' already exists in {display_path(target)}"
                if old is not None
                else f"{display_path(target)} already exists"
            )
            if not force:
                self.plan.refusals.append(what)
            self.replaced.add(target)
        self.topic_files.append((topic, target))

    def reconcile(self) -> list[Source]:
        """Fit each file's sources to the library and to the files before it; the imported sources."""
        lib = self.lib
        self.base = Library(
            root=lib.root,
            topics=[t for t in lib.topics if _file_of(t) not in self.replaced],
            positions=list(lib.positions),
            sources=[s for s in lib.sources if _file_of(s) not in self.replaced],
            recipes=lib.recipes,
        )
        imported_sources: list[Source] = []
        for _, result in self.results:
            before = len(result.sources)
            reconcile_sources(
                result, Library(root=lib.root, sources=self.base.sources + imported_sources)
            )
            self.plan.reused_sources.append(before - len(result.sources))
            imported_sources += result.sources
        return imported_sources

    def topic_and_source_files(self) -> list[tuple[str, type, str]]:
        """Plan the topic and sources files; (display path, model, text) of each."""
        texts: list[tuple[str, type, str]] = []
        for topic, target in self.topic_files:
            shown = display_path(target)
            self.plan.files[shown] = (target, topic_yaml(topic, HEADER))
            texts.append((shown, Topic, self.plan.files[shown][1]))
        for (_, result), seeds_path in zip(self.results, self.seeds_paths, strict=False):
            if result.sources:
                shown = display_path(seeds_path)
                self.plan.files[shown] = (seeds_path, sources_yaml(result.sources, HEADER))
                texts.append((shown, Source, self.plan.files[shown][1]))
        return texts

    def positions_file(
        self, positions: list[Position], missing: list[Position]
    ) -> tuple[str, type, str] | None:
        """Plan positions.yaml with the missing positions added; None when it cannot be written."""
        path = _inside(self.plan, self.root, self.root / "arguments" / POSITIONS_FILE)
        if path is None:
            return None
        if path.exists():
            self.plan.replaces.add(path)
        shown = display_path(path)
        if path.is_file():
            from evenhand.readers.files import decode_utf8

            current, problem = decode_utf8(path.read_bytes(), shown)
            if (
                problem is not None
            ):  # reported when the library was read; the import cannot add to it
                self.plan.errors = [problem]
                return None
            assert current is not None  # decode_utf8 gives the text when it gives no problem
            text = append_positions(current, missing)
        else:
            text = positions_yaml(positions + missing)
        self.plan.files[shown] = (path, text)
        return shown, Position, text

    def errors(self, load_problems, texts, imported_sources, positions, missing) -> list[Problem]:
        """The errors the library would have after the import that it does not have now."""
        # Only errors stop an import, so the lint-only checks (coverage, graph) are not run.
        from evenhand.checks import check_errors
        from evenhand.problems import sort_problems

        lib, base = self.lib, self.base
        existing = set(load_problems) | set(check_errors(lib))
        imported_topics = [t for t, _ in self.topic_files]

        def new_errors(problems: list[Problem], topics, sources, positions) -> list[Problem]:
            would_be = Library(
                root=lib.root,
                topics=base.topics + topics,
                positions=positions,
                sources=base.sources + sources,
                recipes=lib.recipes,
            )
            found = sort_problems(problems + check_errors(would_be))
            return [p for p in found if p.severity is Severity.ERROR and p not in existing]

        # Fast path: check the imported objects as they are. Only when that finds an
        # error, read the planned files back, so that each error points into them.
        if not new_errors([], imported_topics, imported_sources, positions + missing):
            return []
        problems: list[Problem] = []
        parsed: dict[type, list] = {Topic: [], Source: [], Position: []}
        for shown, model, text in texts:
            if model is Topic:
                data, found = parse_yaml(text, shown)
                problems += found
                obj = validate(Topic, data, shown, problems) if data is not None else None
                parsed[Topic] += [obj] if obj is not None else []
            else:
                parsed[model] += _parse_list(model, text, shown, problems)
        return new_errors(
            problems, parsed[Topic], parsed[Source], parsed[Position] or positions
        ) or new_errors([], imported_topics, imported_sources, positions + missing)


def _inside(plan: Plan, root: Path, path: Path) -> Path | None:
    """``path`` resolved, or None (and a clash) when it or a folder on its way is a link out of the library."""
    from evenhand.confine import link_out

    problem = link_out(path, root)
    if problem is not None:
        plan.clashes.append(f"{problem}; evenhand writes only inside the library (remove the link)")
        return None
    return path.resolve()


def _parse_list(
    model: type[BaseModel], text: str, shown: str, problems: list[Problem]
) -> list[BaseModel]:
    data, found = parse_yaml(text, shown)
    problems += found
    out = []
    # as read: a list's entries (a mapping's keys or a text's characters each fail validation)
    for i, item in enumerate(data if isinstance(data, Iterable) else []):
        obj = validate(model, item, shown, problems, path_prefix=(i,), container=data)
        if obj is not None:
            out.append(obj)
    return out


def summary_lines(plan: Plan, results: list[tuple[str, ImportResult]]) -> list[str]:
    """What each file brings; with several files each block starts with the file's name."""
    lines = []
    for (shown, result), reused_count in zip(results, plan.reused_sources, strict=False):
        if len(results) > 1:
            lines.append(f"{shown}:")
        for topic in result.topics:
            lines.append(
                f"topic {topic.topic}: {topic.title}"
                + (f" (under {topic.parent})" if topic.parent else "")
            )
            counts: dict[str, int] = {}
            for claim in topic.claims:
                counts[claim.position] = counts.get(claim.position, 0) + 1
            per = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
            supports = sum(len(c.supports) for c in topic.claims)
            attacks = sum(len(c.attacks) for c in topic.claims)
            lines.append(f"  claims: {len(topic.claims)} ({per})")
            lines.append(f"  relations: {supports} supports, {attacks} attacks")
        where = "the library or an earlier file" if len(results) > 1 else "the library"
        reused = f", {reused_count} already in {where}" if reused_count else ""
        lines.append(f"sources: {len(result.sources)} new{reused}")
    if plan.new_positions:
        lines.append(f"positions: {', '.join(plan.new_positions)} (new)")
    return lines


class WriteFailed(Exception):
    """A planned file could not be written; the message says which and why."""


def write_plan(plan: Plan) -> list[str]:
    """Write every planned file atomically; returns their display paths."""
    from evenhand.output import write_atomic

    written = []
    for shown, (path, text) in plan.files.items():
        try:
            write_atomic(path, text, exclusive=path not in plan.replaces)
        except FileExistsError:
            raise WriteFailed(
                f"'{shown}' was made meanwhile (by another import?); left as it is: run the import again"
            ) from None
        except OSError as exc:
            raise WriteFailed(f"cannot write '{shown}': {exc.strerror or exc}") from None
        written.append(shown)
    return written
