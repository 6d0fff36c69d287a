"""The Typer application and what every command shares."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="evenhand",
    help="Balanced debate briefs from a library of structured argument files.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # color=True: Click must not strip escape sequences on its own when output is not a terminal;
    # evenhand.cli.console escapes every control character instead, the same everywhere
    context_settings={"help_option_names": ["-h", "--help"], "color": True},
)


class UserError(Exception):
    """Something the user's files or command line caused; printed as one line."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


LibraryOpt = Annotated[
    Path | None,
    typer.Option(
        "--library",
        "-L",
        help="The library folder. Default: the nearest folder at or above this one that holds arguments/.",
        show_default=False,
    ),
]


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"


FormatOpt = Annotated[
    ProblemFormat,
    typer.Option("--format", "-f", help="text (path:line:col: severity: message) or json."),
]


def print_problems(problems, fmt: ProblemFormat) -> None:
    """Problems on standard output: one `path:line:col: severity: message` line each, or a JSON list."""
    if fmt is ProblemFormat.json:
        from evenhand.problems import problems_json

        typer.echo(problems_json(problems))
    else:
        for p in problems:
            typer.echo(str(p))


def version_callback(value: bool) -> None:
    if value:
        from evenhand import __version__

        typer.echo(f"evenhand {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Balanced debate briefs from a library of structured argument files.

    Add --debug to any command to see the traceback of an internal error.
    """


def open_library(library: Path | None, *, check: bool = False):
    """Find and read the library; returns (library, problems). Exit 2 if there is none."""
    from evenhand.readers.library import load_library
    from evenhand.readers.library_files import LibraryNotFound, find_library

    try:
        root = find_library(library)
    except LibraryNotFound as exc:
        raise UserError(str(exc), code=2) from None
    lib, problems = load_library(root)
    if check:
        from evenhand.checks import check_library
        from evenhand.problems import sort_problems

        problems = sort_problems(problems + check_library(lib))
    return lib, problems


def topic_or_exit(lib, topic_id: str):
    """The library's topic ``topic_id``; an unknown one is a command-line error (exit 2) with a hint."""
    from evenhand.select import unknown_topic

    found = lib.topic(topic_id)
    if found is None:
        raise UserError(unknown_topic(lib, topic_id), code=2)
    return found


def print_or_write(text: str, output: Path | None, *, wrote: str = "") -> None:
    """``text`` to standard output (also for ``-o -`` and ``-o /dev/stdout``), or written
    whole to ``output`` (then "wrote PATH" on stderr): atomically, or in place when it is
    a device or FIFO (evenhand.output.write_output)."""
    from evenhand.output import fd_of, write_output

    if output is None or fd_of(output) == 1:
        from evenhand.cli.console import write_data

        write_data(text if text.endswith("\n") else text + "\n")
        return
    try:
        write_output(output, text)
    except OSError as exc:
        raise UserError(f"cannot write '{output}': {exc.strerror or exc}") from None
    err(f"wrote {output}{wrote}")


def err(message: str) -> None:
    typer.echo(message, err=True)


def report_load_problems(problems) -> bool:
    """Print reading errors (not lints) to stderr; True if any stop the command."""
    from evenhand.problems import Severity

    errors = [p for p in problems if p.severity is Severity.ERROR]
    for p in errors:
        err(str(p))
    if errors:
        err(f"{len(errors)} error(s) in the library; run `evenhand validate` for all problems")
    return bool(errors)
