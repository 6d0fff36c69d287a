"""What `evenhand build` does once its options are parsed: find recipes, render, write, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer

from evenhand.build_plan import (
    Overrides,
    library_for,
    looks_like_path,
    up_to_date_lines,
)
from evenhand.cli.app import UserError, err, open_library, topic_or_exit
from evenhand.model import Library, Recipe
from evenhand.problems import Location, Severity, did_you_mean

BINARY_FORMATS = ("pdf", "docx")  # written to standard output as they are, never to a terminal


@dataclass
class Job:
    name: str  # shown to the user: the recipe file, or the ad hoc topics
    recipe: Recipe
    where: Location | None  # where problems of the brief as a whole point
    outputs: dict[str, Path] = field(default_factory=dict)  # format → file
    chosen: bool = False  # the user named the output with -o (else: build/ in the library, checked for links out)
    stem: str | None = None  # its entry in build/'s record (incremental builds); None: always built
    recipe_file: Path | None = None


@dataclass
class Outcome:
    """What a build did, brief by brief in the order given."""

    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    recorded: list[tuple[Job, list[str]]] = field(default_factory=list)  # built jobs with a record entry


def shown(path: Path) -> str:
    from evenhand.readers.library import display_path

    return display_path(path)


def open_checked(library: Path | None, recipe_args: list[str]) -> Library:
    """Read and check the library; print its errors and exit 1 if there are any."""
    library = library_for(library, recipe_args)  # `evenhand build ../lib/briefs/x.yaml`: that recipe's library
    lib, problems = open_library(library, check=True)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    for p in errors:
        err(str(p))
    if errors:
        err(f"{len(errors)} error(s) in the library: nothing built (fix them, then build again)")
        raise typer.Exit(1)
    if warnings:
        err(f"note: {len(warnings)} warning(s) in the library; `evenhand validate` lists them")
    return lib


def check_overrides(lib: Library, overrides: Overrides) -> None:
    """--positions names known positions, each once, and --template a known template
    (exit 2 otherwise: the command line is wrong)."""
    from evenhand.paths import template_names

    if overrides.template is not None:
        names = template_names(lib.root)
        if overrides.template not in names:
            raise UserError(f"--template: unknown template '{overrides.template}' (available: {', '.join(sorted(names))})", code=2)
    known = [p.id for p in lib.positions]
    for i, pid in enumerate(overrides.positions or []):
        if pid not in known:
            raise UserError(f"--positions: unknown position '{pid}' (known: {', '.join(known)})", code=2)
        if pid in overrides.positions[:i]:
            raise UserError(f"--positions: '{pid}' is named twice", code=2)
    if overrides.side is not None:
        from evenhand.cards import side_names

        sides = side_names(lib.positions)
        if overrides.side not in sides:
            raise UserError(f"--side: unknown side '{overrides.side}' (known: {', '.join(sides)})", code=2)
    if overrides.focus is not None:
        if overrides.focus not in known:
            raise UserError(f"--focus: unknown position '{overrides.focus}'{_hint(overrides.focus, known)}", code=2)
        if overrides.positions and overrides.focus not in overrides.positions:
            raise UserError(f"--focus: '{overrides.focus}' is not among --positions", code=2)
    check_selection(lib, overrides.tags or [], overrides.claims or [])
    if overrides.language is not None:
        import re

        from evenhand import i18n
        from evenhand.model import LANGUAGE_PATTERN

        if not re.fullmatch(LANGUAGE_PATTERN, overrides.language):
            raise UserError(f"--language '{overrides.language}' is not a language code (such as es or pt-BR)", code=2)
        try:
            i18n.translations(overrides.language, lib.root)
        except i18n.UnknownLanguage as exc:
            raise UserError(f"--language: {exc}", code=2) from None


def check_selection(lib: Library, tags: list[str], claims: list[str]) -> None:
    """--tag names tags of the library and --claims its claim ids, each once (exit 2 otherwise)."""
    from evenhand.checks.references import HINT_ALL_CLAIMS_UP_TO
    from evenhand.select import claim_ids, library_tags

    known_tags = library_tags(lib) if tags else []
    for tag in tags:
        if tag not in known_tags:
            shown_tags = ", ".join(known_tags[:12]) + (", ..." if len(known_tags) > 12 else "")
            hint = _hint(tag, known_tags, f" (tags in the library: {shown_tags or 'none'})")
            raise UserError(f"--tag: unknown tag '{tag}'{hint}", code=2)
    ids = claim_ids(lib) if claims else []
    known_ids = set(ids)
    for i, claim_id in enumerate(claims):
        if claim_id not in known_ids:
            near = ids if len(ids) <= HINT_ALL_CLAIMS_UP_TO else ()
            hint = _hint(claim_id, near, "; `evenhand show TOPIC` lists the claims of a topic")
            raise UserError(f"--claims: unknown claim '{claim_id}'{hint}", code=2)
        if claim_id in claims[:i]:
            raise UserError(f"--claims: '{claim_id}' is named twice", code=2)


def _hint(name: str, known, otherwise: str = "") -> str:
    return did_you_mean(name, known) or otherwise


def recipe_job(lib: Library, arg: str, overrides: Overrides, *, output: Path | None) -> Job:
    root = Path(lib.root)
    name, recipe = _find_recipe(lib, arg)
    recipe = overrides.apply(recipe)
    stem = f"{name}-{overrides.side}" if overrides.side else name  # one side's file beside the full set
    outputs = _outputs(recipe.formats, output, root / "build" / stem)
    recipe_file = _recipe_file(lib, name, arg)
    shown_name = shown(recipe_file) if name in lib.recipes else arg
    return Job(shown_name, recipe, None, outputs, chosen=output is not None,
               stem=None if output is not None else stem, recipe_file=recipe_file)


def _recipe_file(lib: Library, name: str, arg: str) -> Path:
    if name in lib.recipes and not looks_like_path(arg):
        where = lib.recipes[name].where().file
        if where and not where.startswith("<"):
            return Path(where)
        return Path(lib.root) / "briefs" / f"{name}.yaml"
    return Path(arg)


def ad_hoc_job(lib: Library, topics: list[str], overrides: Overrides, *, title: str | None, output: Path | None) -> Job:
    """A brief from --topic, --tag or --claims, with no recipe file."""
    from evenhand.select import default_title, file_stem

    for t in topics:
        topic_or_exit(lib, t)
    tags, claims = overrides.tags or [], overrides.claims or []
    data = {
        "title": title or default_title(lib, topics, tags, claims),
        "topics": topics,
        "tags": tags,
        "claims": claims,
        "template": overrides.template or "handout",
        "formats": overrides.formats or ["pdf"],
    }
    recipe = overrides.apply(Recipe.model_validate(data))
    stem = "-".join(x for x in (file_stem(topics, tags), recipe.template, recipe.focus, recipe.side) if x)
    outputs = _outputs(recipe.formats, output, Path(lib.root) / "build" / stem)
    name = ", ".join([*topics, *(f"tag {t}" for t in tags), *(["claims " + ",".join(claims)] if claims else [])])
    given = "--topic" if topics else "--tag" if tags else "--claims"
    return Job(name, recipe, Location(given), outputs, chosen=output is not None)


def run(
    lib: Library,
    jobs: list[Job],
    *,
    progress: bool,
    texts: Path | None = None,
    workers: int = 1,
    options: dict | None = None,
    force: bool = False,
) -> Outcome:
    """Render and write every job, skipping those up to date (unless ``force``); one failure
    does not stop the others. ``texts``: `--texts DIR`, the folder debate cards are cut from.
    ``workers``: processes rendering at once (evenhand.jobs); results print in the jobs' order."""
    import os
    import sys

    from evenhand import build_record
    from evenhand import jobs as pool
    from evenhand.build import brief_date

    date = brief_date()
    record = build_record.Record(lib.root)
    key = build_record.options_key(options or {}, date)
    outcome = Outcome()
    todo: list[Job] = []
    for job in jobs:
        if not force and job.stem is not None and record.up_to_date(job.stem, key):
            outcome.up_to_date.append(job.name)
        elif not job.chosen and _leads_out(lib, job):
            outcome.failed.append(job.name)
        else:
            todo.append(job)
    if outcome.up_to_date:
        say_up_to_date(outcome.up_to_date, len(jobs))
    tasks = [pool.Task(j.recipe, list(j.outputs), j.where, texts, date) for j in todo]
    results = pool.render_all(lib, tasks, workers=workers)
    bar_wanted = progress and len(todo) > 1 and sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"
    if bar_wanted:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from evenhand.cli.console import install, raw
        from evenhand.control_chars import escape_controls

        console = Console(file=raw(sys.stderr))  # the bar's own escape sequences pass; our text is escaped here
        with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), console=console, transient=True) as bar:
            install()  # Rich now stands in for stdout and stderr: escape what reaches it
            task = bar.add_task("building", total=len(todo))
            for job, result in zip(todo, results):
                bar.update(task, description=escape_controls(f"built {job.name}"))
                _finish(lib, job, result, lambda text: bar.console.print(escape_controls(text), markup=False, highlight=False, soft_wrap=True), outcome)
                bar.advance(task)
    else:
        for i, (job, result) in enumerate(zip(todo, results), 1):
            if progress and len(todo) > 1:
                err(f"[{i}/{len(todo)}] {job.name}")
            _finish(lib, job, result, typer.echo, outcome)
    for job, topic_files in outcome.recorded:  # a failed brief's entry stays: its inputs no longer match it
        folders = [texts] if texts is not None else [Path(lib.root) / job.recipe.texts] if job.recipe.texts else []
        record.put(job.stem, key, recipe_file=job.recipe_file, template=job.recipe.template,
                   topic_files=topic_files, outputs=list(job.outputs.values()), folders=folders)
    if outcome.recorded:
        record.save()
    return outcome


def up_to_date_before_reading(library: Path | None, recipes: list[str], all_recipes: bool, overrides: Overrides, options: dict) -> bool:
    """Whether every named recipe (or all) is up to date, from build/'s record alone; if so, say so."""
    from evenhand.fast_build import up_to_date

    names = up_to_date(library, recipes, all_recipes, overrides, options)
    if names is None:
        return False
    say_up_to_date(names, len(names))
    return True


def will_make_pdf(library: Path | None, recipes: list[str], all_recipes: bool, overrides: Overrides) -> bool:
    """Before the library is read: whether the build will (likely) make a PDF."""
    from evenhand.jobs import will_make_pdf as likely
    from evenhand.readers.library import LibraryNotFound, find_library

    try:
        root = find_library(library)
    except LibraryNotFound:
        root = None
    paths = [Path(r) for r in recipes if looks_like_path(r)]
    names = [r for r in recipes if not looks_like_path(r)]
    return likely(root, paths, None if all_recipes else names, formats=overrides.formats, template=overrides.template,
                  ad_hoc=not (recipes or all_recipes))


def say_up_to_date(names: list[str], total: int) -> None:
    """`NAME: up to date` for each, then how many (to standard error: nothing was written)."""
    for line in up_to_date_lines(names, total):
        err(line)


def _finish(lib: Library, job: Job, result, say, outcome: Outcome) -> None:
    """Report one job's result and write its outputs; note it in ``outcome``."""
    from evenhand.output import fd_of, remove_stale_parts

    if any(fd_of(p) == 1 for p in job.outputs.values()):
        say = err  # the brief itself goes to standard output: the report goes beside it
    if result.outputs is None:
        for p in result.problems:
            err(p)
        err(f"{job.name}: not built")
        outcome.failed.append(job.name)
        return
    for notice in result.notices:
        err(f"{job.name}: {notice}")
    written = []
    for fmt, data in result.outputs.items():
        path = job.outputs[fmt]
        try:
            if not job.chosen:
                remove_stale_parts(path)  # left by a build killed while writing
            _write(path, data, fmt, chosen=job.chosen)
        except OSError as exc:
            err(f"{shown(path)}: error: cannot write: {exc.strerror or exc}")
            err(f"{job.name}: not built")
            outcome.failed.append(job.name)
            return
        outcome.written.append(path)
        extra = f" ({result.pages} page{'s' if result.pages != 1 else ''})" if fmt == "pdf" and result.pages else ""
        written.append(f"{'standard output' if fd_of(path) == 1 else shown(path)}{extra}")
    say(f"{job.name} → {', '.join(written)}")
    say(_indent(result.table))
    outcome.built.append(job.name)
    if job.stem is not None:
        outcome.recorded.append((job, result.topic_files))


def _leads_out(lib: Library, job: Job) -> bool:
    """A default output under a symbolic link that leads out of the library: say which, write nothing."""
    from evenhand.confine import link_out, shown_link

    for path in job.outputs.values():
        problem = link_out(path, lib.root)
        if problem is not None:
            err(f"{shown_link(problem.link)}: error: {problem}; evenhand writes only inside the library "
                "(remove the link, or name the output with -o)")
            err(f"{job.name}: not built")
            return True
    return False


def _write(path: Path, data: bytes, fmt: str, *, chosen: bool) -> None:
    """A default output atomically; one named with -o where it is when it is a device,
    FIFO or standard output (evenhand.output.write_output)."""
    from evenhand.output import fd_of, write_atomic, write_output

    if not chosen:
        write_atomic(path, data)
    elif fd_of(path) == 1:
        from evenhand.cli.console import write_data

        write_data(data if fmt in BINARY_FORMATS else data.decode("utf-8"))
    else:
        write_output(path, data)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _find_recipe(lib: Library, arg: str) -> tuple[str, Recipe]:
    """A recipe by name (handout) or file (briefs/handout.yaml, or a file outside briefs/)."""
    if not looks_like_path(arg):
        if arg in lib.recipes:
            return arg, lib.recipes[arg]
        raise UserError(_unknown_recipe(lib, arg), code=2)
    path = Path(arg)
    if not path.is_file():
        raise UserError(f"no recipe file '{arg}'", code=2)
    briefs = (Path(lib.root) / "briefs").resolve()
    if path.resolve().is_relative_to(briefs) and path.stem in lib.recipes:
        return path.stem, lib.recipes[path.stem]
    return path.stem, _read_recipe(path)


def _read_recipe(path: Path) -> Recipe:
    from evenhand.readers.library import display_path, validate
    from evenhand.readers.yaml_source import read_yaml

    where = display_path(path)
    data, problems = read_yaml(path, where)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    recipe = None if errors else validate(Recipe, data, where, problems)
    if recipe is None:
        for p in problems:
            err(str(p))
        raise typer.Exit(1)
    return recipe


def _unknown_recipe(lib: Library, name: str) -> str:
    hint = did_you_mean(name, lib.recipes)
    if hint:
        return f"unknown recipe '{name}'{hint}"
    known = ", ".join(sorted(lib.recipes)) or "none"
    return f"unknown recipe '{name}' (recipes in briefs/: {known})"


def _outputs(formats: list[str], output: Path | None, default_stem: Path) -> dict[str, Path]:
    import sys

    from evenhand.output import fd_of, writes_in_place

    formats = list(dict.fromkeys(formats))
    if output is None:
        return {f: default_stem.with_name(f"{default_stem.name}.{f}") for f in formats}
    if len(formats) == 1:
        if formats[0] in BINARY_FORMATS and fd_of(output) == 1 and sys.stdout.isatty():
            raise UserError(f"-o -: a {formats[0]} file is not text for a terminal; redirect it (> brief.{formats[0]}) or name a file", code=2)
        return {formats[0]: output}
    if writes_in_place(output):
        raise UserError(f"-o {output}: several formats ({', '.join(formats)}) cannot share it; build one format (-f)", code=2)
    return {f: output.with_suffix(f".{f}") for f in formats}
