"""`evenhand verify --texts DIR`: quotations against the full texts of their sources."""

from __future__ import annotations

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
    print_problems,
)


@app.command()
def verify(
    texts: Annotated[
        Path,
        typer.Option(
            "--texts",
            metavar="DIR",
            help="Folder holding the full texts of the sources: each source record's `text:` names a file in it.",
            show_default=False,
        ),
    ],
    library: LibraryOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Treat warnings (copied wording, long quotations) as errors."
        ),
    ] = False,
    fmt: FormatOpt = ProblemFormat.text,
    context: Annotated[
        bool,
        typer.Option(
            "--context",
            help="Also print, for every quotation, the source sentence around it (quoted words in « »).",
        ),
    ] = False,
) -> None:
    """Check that every quotation is in its source's full text, word for word.

    Typography, markup and line breaks do not count; each part of a quotation
    cut with '...' must be there, in order, close together. A quotation that is
    not found is an error, followed by the closest passage of the source. Our
    own text (claims, backgrounds, facts, notes) that repeats 12 or more
    consecutive words of a source, and quotations of 50 words or more, are
    warnings. So are quotations whose context changes their meaning: words
    the source attributes to someone else, a '...' over a 'not' or 'although',
    a quote that stops before a 'but', a dropped hedge (silenced by the
    evidence item's `context:`), and sentences of our own that closely
    paraphrase a source sentence. Exit 0 when there is no error (no warning
    either, with --strict), else 1.
    """
    from evenhand.checks.quotes import check
    from evenhand.problems import has_errors, strictened
    from evenhand.readers.texts import read_texts

    if not texts.is_dir():
        what = "is not a folder" if texts.exists() else "does not exist"
        raise UserError(f"texts folder '{texts}' {what}", code=2)
    lib, problems = open_library(library)
    found, read_problems = read_texts(lib, texts)
    report = check(lib, found)
    if context:  # before the problems; with --format json on standard error, so that standard output stays JSON
        from evenhand.checks.quote_context import listing

        typer.echo(listing(report.contexts), nl=False, err=fmt is ProblemFormat.json)
    problems = [*problems, *read_problems, *report.problems]
    if strict:
        problems = strictened(problems)
    print_problems(problems, fmt)
    err(
        f"{report.verified} quotations verified in {report.sources} sources; "
        f"{report.not_found} not found; {report.copied} copied-wording warnings; "
        f"{report.context} context warnings; {report.paraphrased} close-paraphrase warnings"
    )
    if has_errors(problems, strict=strict):
        raise typer.Exit(1)
