"""`evenhand import` and `evenhand export`: other tools' formats in and out of a library."""

from __future__ import annotations

import contextlib
import importlib
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from evenhand.cli.app import (
    LibraryOpt,
    UserError,
    app,
    err,
    open_library,
    print_or_write,
    report_load_problems,
    topic_or_exit,
)
from evenhand.gc_pause import paused_cyclic_gc

IMPORTERS = {
    "kialo": "evenhand.readers.kialo",
    "csv": "evenhand.readers.csv_import",
    "argdown": "evenhand.readers.argdown",
    "aif": "evenhand.readers.aif",
}
EXPORTERS = {
    "argdown": "evenhand.writers.argdown",
    "kialo": "evenhand.writers.kialo",
    "json": "evenhand.writers.json_export",
}


class ImportFormat(str, Enum):
    kialo = "kialo"
    argdown = "argdown"
    aif = "aif"
    csv = "csv"


class ExportFormat(str, Enum):
    argdown = "argdown"
    kialo = "kialo"
    json = "json"


def load_module(kind: str, fmt: str, table: dict[str, str]):
    """The reader or writer module for ``fmt``; a missing one is a user-facing error."""
    name = table[fmt]
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise UserError(
            f"the {fmt} {kind} is not available in this version of evenhand", code=2
        ) from None


@app.command("import")
def import_command(
    fmt: Annotated[
        ImportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="kialo (Kialo's .txt export), argdown, aif (AIF JSON) or csv.",
            show_default=False,
        ),
    ],
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="The file(s) to import; each becomes its own topic(s).",
            show_default=False,
        ),
    ] = None,
    library: LibraryOpt = None,
    topic_id: Annotated[
        str | None,
        typer.Option(
            "--topic-id",
            help="Id for the imported topic (default: made from its title); only with one FILE.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", "-n", help="Print what would be imported and write nothing."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace topics (and their imported sources) that already exist."
        ),
    ] = False,
    template: Annotated[
        bool,
        typer.Option(
            "--template", help="csv only: print the header row of the spreadsheet and exit."
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="With --template: write the header row to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import discussions into the library: topic files under arguments/, sources under seeds/.

    Several files of one format can be imported in one run. All of them are
    read and the whole library is validated with the new files before
    anything is written; on any error nothing is written and the exit code is 1.
    """
    if template:
        if fmt is not ImportFormat.csv:
            raise UserError("--template is only for csv", code=2)
        from evenhand.readers.csv_import import template_row

        print_or_write(template_row(), output)
        return
    if output is not None:
        raise UserError(
            "--output is only for --template (imports go into the library's arguments/ and seeds/)",
            code=2,
        )
    if not files:
        raise UserError("missing FILE: the file to import", code=2)
    _check_inputs(files, topic_id)

    reader = load_module("reader", fmt.value, IMPORTERS)
    with _library_lock(library, dry_run), paused_cyclic_gc():
        _import_files(reader, files, library, topic_id, dry_run=dry_run, force=force)


def _library_lock(library: Path | None, dry_run: bool) -> contextlib.AbstractContextManager:
    """A second import of the same discussion waits, then finds the first one's files."""
    if dry_run:
        return contextlib.nullcontext()
    from evenhand.output import folder_lock
    from evenhand.readers.library_files import LibraryNotFound, find_library

    try:
        return folder_lock(find_library(library))
    except LibraryNotFound:
        return contextlib.nullcontext()  # open_library says so


def _import_files(
    reader,
    files: list[Path],
    library: Path | None,
    topic_id: str | None,
    *,
    dry_run: bool,
    force: bool,
) -> None:
    lib, load_problems = open_library(library)
    from evenhand.import_plan import WriteFailed, plan_import, summary_lines, write_plan

    results = _read_inputs(reader, files, lib, topic_id)
    plan = plan_import(lib, load_problems, results, force=force)
    _stop_unless_clean(plan)
    for line in summary_lines(plan, results):
        typer.echo(line)
    if dry_run:
        for path in plan.files:
            typer.echo(f"would write {path}")
        typer.echo("dry run: nothing written")
        return
    try:
        written = write_plan(plan)
    except WriteFailed as exc:
        raise UserError(str(exc)) from None
    for path in written:
        typer.echo(f"wrote {path}")


def _check_inputs(files: list[Path], topic_id: str | None) -> None:
    """Each FILE exists once; --topic-id only with one FILE and a valid id (exit 2 otherwise)."""
    seen: set[Path] = set()
    for file in files:
        if not file.is_file():
            raise UserError(f"'{file}' is not a file", code=2)
        if file.resolve() in seen:
            raise UserError(f"'{file}' is named twice", code=2)
        seen.add(file.resolve())
    if topic_id is not None:
        if len(files) > 1:
            raise UserError(
                f"--topic-id needs a single FILE (got {len(files)}); each file's topic id is made from its title",
                code=2,
            )
        from evenhand.readers.imported import is_slug

        if not is_slug(topic_id):
            raise UserError(
                f"--topic-id '{topic_id}' is not a valid id (use lowercase letters, digits and '-')",
                code=2,
            )


def _read_inputs(reader, files: list[Path], lib, topic_id: str | None) -> list:
    """(display path, ImportResult) of each file; its problems printed; any error stops here (exit 1)."""
    import inspect

    from evenhand.problems import Severity, sort_problems
    from evenhand.readers.library_files import display_path

    takes_library = "library" in inspect.signature(reader.read).parameters
    results = []
    failures: list[str] = []
    for file in files:
        shown = display_path(file)
        kwargs = {"topic_id": topic_id, "display": shown}
        if takes_library:
            kwargs["library"] = lib
        result = reader.read(file, **kwargs)
        problems = sort_problems(result.problems)
        for p in problems:
            err(str(p))
        n_errors = sum(p.severity is Severity.ERROR for p in problems)
        if n_errors:
            failures.append(f"cannot import '{shown}': {n_errors} error(s)")
        elif not result.topics:
            failures.append(f"'{shown}' holds no discussion to import")
        results.append((shown, result))
    if failures:
        for line in failures[:-1]:
            err(f"evenhand: error: {line}")
        raise UserError(f"{failures[-1]}; nothing written")
    return results


def _stop_unless_clean(plan) -> None:
    """Clashes, refusals or new errors: print them all and stop with nothing written (exit 1)."""
    if plan.clashes:
        for line in plan.clashes[:-1]:
            err(f"evenhand: error: {line}")
        raise UserError(f"{plan.clashes[-1]}; nothing written")
    if plan.refusals:
        for line in plan.refusals:
            err(f"evenhand: error: {line}")
        raise UserError("nothing written (pass --force to replace)")
    if plan.errors:
        for p in plan.errors:
            err(str(p))
        raise UserError(
            f"the import would leave {len(plan.errors)} error(s) in the library; nothing written"
        )


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="argdown, kialo (Kialo's .txt format) or json.",
            show_default=False,
        ),
    ],
    topic: Annotated[str, typer.Argument(help="Id of the topic to export.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
    library: LibraryOpt = None,
) -> None:
    """Export one topic in another tool's format (to standard output, or to a file with -o)."""
    writer = load_module("exporter", fmt.value, EXPORTERS)
    lib, problems = open_library(library)
    if report_load_problems(problems):
        raise typer.Exit(1)
    topic_or_exit(lib, topic)
    print_or_write(writer.write(lib, topic), output)
