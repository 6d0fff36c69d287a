"""What `evenhand build` does once its options are parsed: find recipes, render, write, report."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import typer

from evenhand import brief_jobs
from evenhand.brief_jobs import Job, JobError, shown
from evenhand.build_plan import (
    Overrides,
    library_for,
    looks_like_path,
    up_to_date_lines,
)
from evenhand.cli.app import UserError, err, open_library
from evenhand.model import Library
from evenhand.problems import Severity


@dataclass
class Outcome:
    """What a build did, brief by brief in the order given."""

    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # built jobs with a record entry
    recorded: list[tuple[Job, list[str]]] = field(default_factory=list)


def open_checked(library: Path | None, recipe_args: list[str]) -> Library:
    """Read and check the library; print its errors and exit 1 if there are any."""
    # `evenhand build ../lib/briefs/x.yaml`: that recipe's library
    library = library_for(library, recipe_args)
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


@contextmanager
def job_errors():
    """A JobError (evenhand.brief_jobs) as the CLI reports it: its problems, then exit 1 or a one-line error."""
    try:
        yield
    except JobError as exc:
        for line in exc.problems:
            err(line)
        if exc.message is None:
            raise typer.Exit(exc.code) from None
        raise UserError(exc.message, code=exc.code) from None


def check_overrides(lib: Library, overrides: Overrides) -> None:
    """The command line's options name what the library has (exit 2 otherwise)."""
    with job_errors():
        brief_jobs.check_overrides(lib, overrides)


def check_selection(lib: Library, tags: list[str], claims: list[str]) -> None:
    """--tag and --claims name what the library has (exit 2 otherwise)."""
    with job_errors():
        brief_jobs.check_selection(lib, tags, claims)


def recipe_job(lib: Library, arg: str, overrides: Overrides, *, output: Path | None) -> Job:
    with job_errors():
        return brief_jobs.recipe_job(
            lib, arg, overrides, output=output, stdout_is_terminal=sys.stdout.isatty()
        )


def ad_hoc_job(
    lib: Library, topics: list[str], overrides: Overrides, *, title: str | None, output: Path | None
) -> Job:
    with job_errors():
        return brief_jobs.ad_hoc_job(
            lib,
            topics,
            overrides,
            title=title,
            output=output,
            stdout_is_terminal=sys.stdout.isatty(),
        )


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
    from evenhand import build_record
    from evenhand import jobs as pool

    date = build_record.brief_date()
    record = build_record.Record(lib.root)
    key = build_record.options_key(options or {}, date)
    outcome = Outcome()
    todo = _to_build(lib, jobs, record, key, force, outcome)
    tasks = [pool.Task(j.recipe, list(j.outputs), j.where, texts, date) for j in todo]
    results = pool.render_all(lib, tasks, workers=workers)
    if (
        progress
        and len(todo) > 1
        and sys.stderr.isatty()
        and os.environ.get("CI", "").lower() != "true"
    ):
        _finish_with_bar(lib, todo, results, outcome)
    else:
        for i, (job, result) in enumerate(zip(todo, results, strict=False), 1):
            if progress and len(todo) > 1:
                err(f"[{i}/{len(todo)}] {job.name}")
            _finish(lib, job, result, typer.echo, outcome)
    if outcome.recorded:  # a failed brief's entry stays: its inputs no longer match it
        brief_jobs.record_built(record, key, outcome.recorded, texts)
        record.save()
    return outcome


def _to_build(
    lib: Library, jobs: list[Job], record, key: str, force: bool, outcome: Outcome
) -> list[Job]:
    """The jobs to build: not those up to date (said so) nor those whose output leads out of the library."""
    todo: list[Job] = []
    for job in jobs:
        if not force and job.stem is not None and record.up_to_date(job.stem, key):
            outcome.up_to_date.append(job.name)
        elif not job.chosen and (said := brief_jobs.leads_out(lib, job)):
            for line in said:
                err(line)
            outcome.failed.append(job.name)
        else:
            todo.append(job)
    if outcome.up_to_date:
        say_up_to_date(outcome.up_to_date, len(jobs))
    return todo


def _finish_with_bar(lib: Library, todo: list[Job], results, outcome: Outcome) -> None:
    """Report and write each result under a progress bar (a terminal, not CI)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from evenhand.cli.console import install, raw
    from evenhand.control_chars import escape_controls

    # the bar's own escape sequences pass; our text is escaped here
    console = Console(file=raw(sys.stderr))
    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        install()  # Rich now stands in for stdout and stderr: escape what reaches it
        task = bar.add_task("building", total=len(todo))
        for job, result in zip(todo, results, strict=False):
            bar.update(task, description=escape_controls(f"built {job.name}"))
            _finish(
                lib,
                job,
                result,
                lambda text: bar.console.print(
                    escape_controls(text), markup=False, highlight=False, soft_wrap=True
                ),
                outcome,
            )
            bar.advance(task)


def up_to_date_before_reading(
    library: Path | None, recipes: list[str], all_recipes: bool, overrides: Overrides, options: dict
) -> bool:
    """Whether every named recipe (or all) is up to date, from build/'s record alone; if so, say so."""
    from evenhand.fast_build import up_to_date

    names = up_to_date(library, recipes, all_recipes, overrides, options)
    if names is None:
        return False
    say_up_to_date(names, len(names))
    return True


def will_make_pdf(
    library: Path | None, recipes: list[str], all_recipes: bool, overrides: Overrides
) -> bool:
    """Before the library is read: whether the build will (likely) make a PDF."""
    from evenhand.jobs import will_make_pdf as likely
    from evenhand.readers.library_files import LibraryNotFound, find_library

    try:
        root = find_library(library)
    except LibraryNotFound:
        root = None
    paths = [Path(r) for r in recipes if looks_like_path(r)]
    names = [r for r in recipes if not looks_like_path(r)]
    return likely(
        root,
        paths,
        None if all_recipes else names,
        formats=overrides.formats,
        template=overrides.template,
        ad_hoc=not (recipes or all_recipes),
    )


def say_up_to_date(names: list[str], total: int) -> None:
    """`NAME: up to date` for each, then how many (to standard error: nothing was written)."""
    for line in up_to_date_lines(names, total):
        err(line)


def _finish(lib: Library, job: Job, result, say, outcome: Outcome) -> None:
    """Report one job's result and write its outputs; note it in ``outcome``."""
    from evenhand.cli.console import write_data
    from evenhand.output import fd_of

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
            brief_jobs.write_output(job, fmt, data, to_stdout=write_data)
        except OSError as exc:
            err(f"{shown(path)}: error: cannot write: {exc.strerror or exc}")
            err(f"{job.name}: not built")
            outcome.failed.append(job.name)
            return
        outcome.written.append(path)
        extra = (
            f" ({result.pages} page{'s' if result.pages != 1 else ''})"
            if fmt == "pdf" and result.pages
            else ""
        )
        written.append(f"{'standard output' if fd_of(path) == 1 else shown(path)}{extra}")
    say(f"{job.name} → {', '.join(written)}")
    say(_indent(result.table))
    outcome.built.append(job.name)
    if job.stem is not None:
        outcome.recorded.append((job, result.topic_files))


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
