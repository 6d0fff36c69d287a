"""What an import would write, checked as a whole library before any file is touched."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer

from evenhand.model import Library, Position, Source, Topic
from evenhand.problems import Problem, Severity
from evenhand.readers.imported import ImportResult, reconcile_sources
from evenhand.readers.library import POSITIONS_FILE, display_path, validate
from evenhand.readers.yaml_source import parse_yaml
from evenhand.writers.library_yaml import append_positions, positions_yaml, sources_yaml, topic_yaml


@dataclass
class Plan:
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # display path -> (path, text)
    refusals: list[str] = field(default_factory=list)  # existing files; --force replaces them
    clashes: list[str] = field(default_factory=list)  # the imported files among themselves, links out of the library; --force does not help
    replaces: set[Path] = field(default_factory=set)  # planned files that exist (--force); the others are created exclusively
    errors: list[Problem] = field(default_factory=list)
    new_positions: list[str] = field(default_factory=list)
    reused_sources: list[int] = field(default_factory=list)  # per imported file


def _file_of(obj) -> Path | None:
    loc = obj.where()
    return None if loc.file == "<memory>" else Path(loc.file).resolve()


def plan_import(lib: Library, load_problems: list[Problem], results: list[tuple[str, ImportResult]], *, force: bool) -> Plan:
    """The files that importing ``results`` (display path of each input, its result) would write."""
    plan = Plan()
    root = Path(lib.root)
    header = "Imported by `evenhand import`; edit freely."
    replaced: set[Path] = set()
    topic_files: list[tuple[Topic, Path]] = []
    seeds_paths: list[Path] = []
    from_file: dict[str, str] = {}  # topic id -> the input file it comes from
    for shown_input, result in results:
        for topic in result.topics:
            first = from_file.setdefault(topic.topic, shown_input)
            if first != shown_input:
                plan.clashes.append(f"topic '{topic.topic}' comes from both '{first}' and '{shown_input}'; import them in separate runs")
                continue
            old = lib.topic(topic.topic)
            target = _file_of(old) if old is not None else None
            if target is None:
                target = _inside(plan, root, root / "arguments" / f"{topic.topic}.yaml")
                if target is None:
                    continue
            if old is not None or target.exists():
                what = f"topic '{topic.topic}' already exists in {display_path(target)}" if old is not None else f"{display_path(target)} already exists"
                if not force:
                    plan.refusals.append(what)
                replaced.add(target)
            topic_files.append((topic, target))
        seeds_path = _inside(plan, root, root / "seeds" / f"imported-{result.topics[0].topic}.yaml")
        if seeds_path is None:
            continue
        seeds_paths.append(seeds_path)
        if result.sources and seeds_path.exists():
            if not force:
                plan.refusals.append(f"{display_path(seeds_path)} already exists")
            replaced.add(seeds_path)
    if plan.clashes or plan.refusals:
        return plan
    plan.replaces = replaced

    base = Library(
        root=lib.root,
        topics=[t for t in lib.topics if _file_of(t) not in replaced],
        positions=list(lib.positions),
        sources=[s for s in lib.sources if _file_of(s) not in replaced],
        recipes=lib.recipes,
    )
    # each file's sources are fitted to the library and to the files before it
    imported_sources: list[Source] = []
    for _, result in results:
        before = len(result.sources)
        reconcile_sources(result, Library(root=lib.root, sources=base.sources + imported_sources))
        plan.reused_sources.append(before - len(result.sources))
        imported_sources += result.sources
    imported_topics = [t for t, _ in topic_files]

    texts: list[tuple[str, type, str]] = []  # (display path, model, text) of each planned file
    for topic, target in topic_files:
        shown = display_path(target)
        plan.files[shown] = (target, topic_yaml(topic, header))
        texts.append((shown, Topic, plan.files[shown][1]))
    for (_, result), seeds_path in zip(results, seeds_paths):
        if result.sources:
            shown = display_path(seeds_path)
            plan.files[shown] = (seeds_path, sources_yaml(result.sources, header))
            texts.append((shown, Source, plan.files[shown][1]))
    positions = list(lib.positions)
    known = {p.id for p in positions}
    missing = []
    for _, result in results:
        for p in result.positions:
            if p.id not in known:  # the library's own topics do not take it up: only those that list it
                known.add(p.id)
                missing.append(p.model_copy(update={"default": False}))
    if missing:
        path = _inside(plan, root, root / "arguments" / POSITIONS_FILE)
        if path is None:
            return plan
        if path.exists():
            plan.replaces.add(path)
        shown = display_path(path)
        text = append_positions(path.read_text(encoding="utf-8"), missing) if path.is_file() else positions_yaml(positions + missing)
        plan.files[shown] = (path, text)
        texts.append((shown, Position, text))
        plan.new_positions = [p.id for p in missing]

    # Only errors stop an import, so the lint-only checks (coverage, graph) are not run.
    from evenhand.checks import check_errors
    from evenhand.problems import sort_problems

    existing = set(load_problems) | set(check_errors(lib))

    def new_errors(problems: list[Problem], topics, sources, positions) -> list[Problem]:
        would_be = Library(root=lib.root, topics=base.topics + topics, positions=positions, sources=base.sources + sources, recipes=lib.recipes)
        found = sort_problems(problems + check_errors(would_be))
        return [p for p in found if p.severity is Severity.ERROR and p not in existing]

    # Fast path: check the imported objects as they are. Only when that finds an
    # error, read the planned files back, so that each error points into them.
    if not new_errors([], imported_topics, imported_sources, positions + missing):
        return plan
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
    plan.errors = new_errors(problems, parsed[Topic], parsed[Source], parsed[Position] or positions) or [
        p for p in new_errors([], imported_topics, imported_sources, positions + missing)
    ]
    return plan


def _inside(plan: Plan, root: Path, path: Path) -> Path | None:
    """``path`` resolved, or None (and a clash) when it or a folder on its way is a link out of the library."""
    from evenhand.confine import link_out

    problem = link_out(path, root)
    if problem is not None:
        plan.clashes.append(f"{problem}; evenhand writes only inside the library (remove the link)")
        return None
    return path.resolve()


def _parse_list(model, text: str, shown: str, problems: list[Problem]) -> list:
    data, found = parse_yaml(text, shown)
    problems += found
    out = []
    for i, item in enumerate(data or []):
        obj = validate(model, item, shown, problems, path_prefix=(i,), container=data)
        if obj is not None:
            out.append(obj)
    return out


def print_summary(plan: Plan, results: list[tuple[str, ImportResult]]) -> None:
    """What each file brings; with several files each block starts with the file's name."""
    for (shown, result), reused_count in zip(results, plan.reused_sources):
        if len(results) > 1:
            typer.echo(f"{shown}:")
        for topic in result.topics:
            typer.echo(f"topic {topic.topic}: {topic.title}" + (f" (under {topic.parent})" if topic.parent else ""))
            counts: dict[str, int] = {}
            for claim in topic.claims:
                counts[claim.position] = counts.get(claim.position, 0) + 1
            per = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
            supports = sum(len(c.supports) for c in topic.claims)
            attacks = sum(len(c.attacks) for c in topic.claims)
            typer.echo(f"  claims: {len(topic.claims)} ({per})")
            typer.echo(f"  relations: {supports} supports, {attacks} attacks")
        where = "the library or an earlier file" if len(results) > 1 else "the library"
        reused = f", {reused_count} already in {where}" if reused_count else ""
        typer.echo(f"sources: {len(result.sources)} new{reused}")
    if plan.new_positions:
        typer.echo(f"positions: {', '.join(plan.new_positions)} (new)")


def write_plan(plan: Plan) -> list[str]:
    """Write every planned file atomically; returns their display paths."""
    from evenhand.cli.app import UserError
    from evenhand.output import write_atomic

    written = []
    for shown, (path, text) in plan.files.items():
        try:
            write_atomic(path, text, exclusive=path not in plan.replaces)
        except FileExistsError:
            raise UserError(f"'{shown}' was made meanwhile (by another import?); left as it is: run the import again") from None
        except OSError as exc:
            raise UserError(f"cannot write '{shown}': {exc.strerror or exc}") from None
        written.append(shown)
    return written
