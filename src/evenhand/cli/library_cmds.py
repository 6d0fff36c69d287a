"""Commands that read a library and report on it: init, validate, list, show, schema."""

from __future__ import annotations

import shutil
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from evenhand.cli.app import (
    FormatOpt,
    LibraryOpt,
    ProblemFormat,
    UserError,
    app,
    err,
    open_library,
    print_or_write,
    print_problems,
    report_load_problems,
    topic_or_exit,
)


class SchemaKind(str, Enum):
    topic = "topic"
    sources = "sources"
    positions = "positions"
    recipe = "recipe"
    glossary = "glossary"


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new library (created if missing; must be empty).")
    ],
    bare: Annotated[
        bool,
        typer.Option(
            "--bare",
            help="No starter topic: positions, an empty seeds file and a recipe skeleton to fill in.",
        ),
    ] = False,
) -> None:
    """Make a new, tiny, valid library: one topic, three claims, one source, one recipe (--bare: no topic)."""
    from evenhand.paths import PACKAGE_DIR

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UserError(
            f"'{directory}' exists and is not an empty folder; choose a new folder", code=2
        )
    starter = PACKAGE_DIR / ("starter-bare" if bare else "starter")
    try:
        shutil.copytree(starter, directory, dirs_exist_ok=True)
        (directory / "gitignore").rename(directory / ".gitignore")
        (directory / "templates").mkdir(exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create '{directory}': {exc.strerror or exc}") from None
    if bare:
        typer.echo(
            f"Made a new, empty library in {directory}: positions in arguments/positions.yaml, no topic yet"
        )
        typer.echo(
            "Next: write a topic file in arguments/ (README: Topic files), or import one "
            "(evenhand import kialo FILE); then fill in briefs/handout.yaml, whose lines are commented out"
        )
        return
    typer.echo(
        f"Made a new library in {directory}: one topic (arguments/school-start-time.yaml), "
        "one source (seeds/sources.yaml) and one brief recipe (briefs/handout.yaml)"
    )
    typer.echo(f"Next: cd {directory} && evenhand validate && evenhand build briefs/handout.yaml")
    typer.echo(
        "To make it yours: replace the topic and source files, and put your topic's id in `topics:` "
        "of briefs/handout.yaml, which names school-start-time (or start over with evenhand init --bare)"
    )


@app.command()
def validate(
    library: LibraryOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    fmt: FormatOpt = ProblemFormat.text,
) -> None:
    """Check the library and list every problem as path:line:col: severity: message.

    Exit 0 when there is no error (no warning either, with --strict), else 1.
    """
    from evenhand.checks import terms
    from evenhand.problems import Severity, has_errors, strictened

    lib, problems = open_library(library, check=True)
    if strict:
        problems = terms.strict(strictened(problems))
    print_problems(problems, fmt)
    if fmt is ProblemFormat.text:
        counts = {s: sum(p.severity is s for p in problems) for s in Severity}
        claims = sum(len(t.claims) for t in lib.topics)
        err(
            f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} note(s) "
            f"in {len(lib.topics)} topic(s), {claims} claim(s), {len(lib.sources)} source(s)"
        )
    if has_errors(problems, strict=strict):
        raise typer.Exit(1)


@app.command("list")
def list_topics(
    tags: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            help="Only the topics (and claims) this tag selects, as `build --tag` would (repeat for more).",
            show_default=False,
        ),
    ] = None,
    library: LibraryOpt = None,
    briefs: Annotated[
        bool,
        typer.Option(
            "--briefs",
            help="List the brief recipes instead: template, formats, topics, and whether build/ holds their outputs, up to date.",
        ),
    ] = False,
) -> None:
    """Show the topics as a tree, with claim counts per position (--tag: the topics a tag selects; --briefs: the brief recipes)."""
    lib, problems = open_library(library)
    failed = report_load_problems(problems)
    if briefs:
        _list_briefs(lib)
        raise typer.Exit(1 if failed else 0)
    if tags:
        from evenhand.cli.build_jobs import check_selection

        check_selection(lib, tags, [])
    from evenhand.listing import topic_rows

    positions = [p.id for p in lib.positions]
    rows = [(r.name, r.counts, r.title) for r in topic_rows(lib, tags)]
    if tags:
        n_claims = sum(n for r in rows for n in r[1] if isinstance(n, int))
        err(
            f"tag {' or '.join(tags)}: {len(rows)} topic(s), {n_claims} claim(s) (`evenhand build --tag` builds on them)"
        )
    if not rows:
        typer.echo("No topics yet: add a YAML file to arguments/.")
        raise typer.Exit(1 if failed else 0)
    _print_table(rows, positions)
    if failed:
        raise typer.Exit(1)


def _print_table(rows: list, positions: list[str]) -> None:
    width = max(len("TOPIC"), *(len(r[0]) for r in rows))
    widths = [max(len(pid), 3) for pid in positions]
    typer.echo(
        "  ".join(
            [
                "TOPIC".ljust(width),
                *(pid.rjust(w) for pid, w in zip(positions, widths, strict=False)),
                "TITLE",
            ]
        )
    )
    for name, counts, title in rows:
        typer.echo(
            "  ".join(
                [
                    name.ljust(width),
                    *(str(n).rjust(w) for n, w in zip(counts, widths, strict=False)),
                    title,
                ]
            )
        )


def _list_briefs(lib) -> None:
    from evenhand.brief_status import brief_statuses
    from evenhand.readers.library_files import display_path

    statuses = brief_statuses(lib)
    if not statuses:
        typer.echo("No brief recipes yet: add a YAML file to briefs/ (README: Brief recipes).")
        return
    rows = []
    for s in statuses:
        state = s.state
        if state == "out of date" and s.stale:  # (out of date always says why)
            what, path = s.stale
            state += f" ({display_path(path)} {what})" if path is not None else f" ({what})"
        r = s.recipe
        rows.append(
            [
                s.name,
                r.template,
                ", ".join(r.formats),
                ", ".join(r.topics),
                state,
                _printable(r.title),
            ]
        )
    head = ["BRIEF", "TEMPLATE", "FORMATS", "TOPICS", "OUTPUTS", "TITLE"]
    widths = [max(len(head[i]), *(len(row[i]) for row in rows)) for i in range(len(head) - 1)]
    for row in [head, *rows]:
        typer.echo(
            "  ".join(
                [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
            ).rstrip()
        )


def _printable(text: str) -> str:
    """Library text for the terminal: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@app.command()
def show(
    topic: Annotated[str, typer.Argument(help="Topic id, as in `evenhand list`.")],
    library: LibraryOpt = None,
) -> None:
    """Show one topic in the terminal: question, background, facts, claims by position, evidence."""
    from evenhand.writers.topic_text import render_topic

    lib, problems = open_library(library)
    report_load_problems(problems)
    found = topic_or_exit(lib, topic)
    typer.echo(
        render_topic(lib, found, width=min(shutil.get_terminal_size((100, 24)).columns, 100))
    )


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="Which file: topic (arguments/*.yaml), sources (seeds/*.yaml), positions, recipe (briefs/*.yaml), glossary (arguments/glossary.yaml)."
        ),
    ] = SchemaKind.topic,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
) -> None:
    """Print the JSON Schema of a file kind, for editors (VS Code's YAML extension) and scripts."""
    from evenhand.schema import schema_json

    print_or_write(schema_json(kind.value) + "\n", output)
