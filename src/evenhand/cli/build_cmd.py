"""`evenhand build`: recipes (or an ad hoc brief) → PDF, HTML, Markdown, Word files.

Thin: it parses options, validates the library, calls `evenhand.build`, prints
the balance table and writes each recipe's outputs (all rendered first, then
written atomically).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from evenhand.cli.app import LibraryOpt, UserError, app


class Format(str, Enum):
    pdf = "pdf"
    html = "html"
    md = "md"
    docx = "docx"
    json = "json"


class Balance(str, Enum):
    strict = "strict"
    warn = "warn"
    off = "off"


class Style(str, Enum):
    apa = "apa"
    mla = "mla"
    chicago = "chicago"


class Paper(str, Enum):
    letter = "letter"
    a4 = "a4"


@app.command()
def build(
    recipes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Brief recipes: a file (briefs/handout.yaml) or a recipe name (handout).",
            show_default=False,
        ),
    ] = None,
    all_recipes: Annotated[
        bool, typer.Option("--all", help="Build every recipe in the library's briefs/ folder.")
    ] = False,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            help="Ad hoc brief on this topic (repeat for more topics); no recipe needed.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            help="handout, one-pager, cards, or a template of your library's templates/. Default: the recipe's, else handout.",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[Format] | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (repeat for more): pdf, html, md, docx (Word), or json (the brief's claims, balance table with reading grades, and key terms as data). Default: the recipe's, else pdf.",
            show_default=False,
        ),
    ] = None,
    balance: Annotated[
        Balance | None,
        typer.Option(
            "--balance",
            help="strict: refuse a brief missing a position and trim to equal claims; warn: build and warn; off: build silently.",
            show_default=False,
        ),
    ] = None,
    positions: Annotated[
        list[str] | None,
        typer.Option(
            "--positions",
            help="Positions to include, in order (comma-separated or repeated). Default: all.",
            show_default=False,
        ),
    ] = None,
    max_claims: Annotated[
        int | None,
        typer.Option(
            "--max-claims", min=1, help="At most this many claims per position.", show_default=False
        ),
    ] = None,
    citation_style: Annotated[
        Style | None,
        typer.Option(
            "--citation-style", help="apa, mla or chicago (author-date).", show_default=False
        ),
    ] = None,
    paper: Annotated[
        Paper | None,
        typer.Option(
            "--paper",
            help="Page size of the PDF and Word output: letter (default) or a4.",
            show_default=False,
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            help="Focus on this position: its case first, then the other positions' claims that engage it, as objections with its answers.",
            show_default=False,
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            help="Ad hoc brief on every topic (and claim) carrying this tag (repeat for more).",
            show_default=False,
        ),
    ] = None,
    claims: Annotated[
        list[str] | None,
        typer.Option(
            "--claims",
            help="Ad hoc brief on these claims, picked by id (comma-separated), in this order.",
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            help="Language of the fixed texts (headings, labels, dates, citations): en, es, or a catalogue in the library's locales/. Content stays as written.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="Title of an ad hoc brief. Default: the topic's title.",
            show_default=False,
        ),
    ] = None,
    side: Annotated[
        str | None,
        typer.Option(
            "--side",
            help="Cards: only this side's cards and its answers: pro, con or a position id. Default: the recipe's, else every side.",
            show_default=False,
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            metavar="DIR",
            help="Cards: folder of the sources' full texts, to cut cards in context. Default: the recipe's `texts:`, else the library's texts/.",
            show_default=False,
        ),
    ] = None,
    card_context: Annotated[
        int | None,
        typer.Option(
            "--card-context",
            min=0,
            max=200,
            help="Cards: words of the source shown around each quote (0: none). Default: the recipe's, else 40.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file (one brief only). With several formats, each gets its own extension. Default: build/NAME.EXT in the library.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Briefs built at once, each in its own process. Default: the usable CPUs.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Build every brief, even those up to date.")
    ] = False,
    library: LibraryOpt = None,
) -> None:
    """Build briefs: PDF, HTML, Markdown and Word from brief recipes, or ad hoc with --topic.

    Checks the library first (errors stop the build), prints a balance table
    for each brief, and writes build/<recipe>.<format> in the library.
    """
    from evenhand.build_plan import output_options
    from evenhand.cli import build_jobs

    ad_hoc = bool(topic or tags or claims)
    _check_what_to_build(recipes, all_recipes, ad_hoc, topic, tags)
    _check_paths(template, texts, output, all_recipes, recipes)
    overrides = _overrides(
        build_jobs,
        template=template,
        formats=formats,
        balance=balance,
        positions=positions,
        max_claims=max_claims,
        citation_style=citation_style,
        paper=paper,
        side=side,
        card_context=card_context,
        focus=focus,
        tags=tags,
        claims=claims,
        language=language,
    )
    options = output_options(overrides, texts)
    recipes, topic = recipes or [], topic or []
    if not (ad_hoc or output is not None or force) and build_jobs.up_to_date_before_reading(
        library, recipes, all_recipes, overrides, options
    ):
        return
    from evenhand.jobs import usable_cpus

    workers = jobs or usable_cpus()
    pdf_here = _one_at_a_time(workers, all_recipes, recipes) and build_jobs.will_make_pdf(
        library, recipes, all_recipes, overrides
    )
    failed, todo = _build_all(
        build_jobs,
        library,
        recipes,
        all_recipes,
        topic,
        ad_hoc,
        overrides,
        title=title,
        output=output,
        texts=texts,
        workers=workers,
        options=options,
        force=force,
        pdf_here=pdf_here,
    )
    if failed:
        if todo > 1:
            build_jobs.err(f"{len(failed)} of {todo} briefs not built: {', '.join(failed)}")
        raise typer.Exit(1)


def _check_what_to_build(recipes, all_recipes: bool, ad_hoc: bool, topic, tags) -> None:
    """Recipes, --all, or an ad hoc brief: exactly one of them (exit 2 otherwise)."""
    if ad_hoc and (recipes or all_recipes):
        given = "--topic" if topic else "--tag" if tags else "--claims"
        raise UserError(
            f"{given} builds an ad hoc brief: give either recipes, --all or --topic/--tag/--claims",
            code=2,
        )
    if all_recipes and recipes:
        raise UserError("give recipes or --all, not both", code=2)
    if not (recipes or all_recipes or ad_hoc):
        raise UserError(
            "nothing to build: name a recipe (briefs/NAME.yaml), use --all, or --topic TOPIC (or --tag TAG)",
            code=2,
        )


def _check_paths(
    template: str | None, texts: Path | None, output: Path | None, all_recipes: bool, recipes
) -> None:
    """A template name, an existing --texts folder, -o only for one brief (exit 2 otherwise)."""
    if template is not None:
        import re

        from evenhand.model import SLUG_PATTERN

        if not re.fullmatch(SLUG_PATTERN, template):
            raise UserError(
                f"--template '{template}' is not a template name (lowercase letters, digits, '-')",
                code=2,
            )
    if texts is not None and not texts.is_dir():
        what = "is not a folder" if texts.exists() else "does not exist"
        raise UserError(f"--texts: folder '{texts}' {what}", code=2)
    if output is not None and (all_recipes or (recipes and len(recipes) > 1)):
        raise UserError(
            "--output needs a single brief; without it each recipe goes to build/NAME.EXT", code=2
        )


def _build_all(
    build_jobs,
    library,
    recipes: list[str],
    all_recipes: bool,
    topic: list[str],
    ad_hoc: bool,
    overrides,
    *,
    title,
    output,
    texts,
    workers: int,
    options: dict,
    force: bool,
    pdf_here: bool,
) -> tuple[list[str], int]:
    """Read and check the library, build the briefs; (the briefs that failed, how many were asked)."""
    from evenhand.writers import pdf

    if pdf_here:
        pdf.start_background()  # briefs built here, one at a time: WeasyPrint loads while the library is read
    done = False
    try:
        lib = build_jobs.open_checked(library, recipes)
        build_jobs.check_overrides(lib, overrides)
        if ad_hoc:
            todo = [build_jobs.ad_hoc_job(lib, topic, overrides, title=title, output=output)]
        else:
            names = sorted(lib.recipes) if all_recipes else recipes
            if all_recipes and not names:
                raise UserError(
                    f"no recipes in {build_jobs.shown(Path(lib.root) / 'briefs')}/ to build", code=1
                )
            todo = [build_jobs.recipe_job(lib, name, overrides, output=output) for name in names]
        outcome = build_jobs.run(
            lib,
            todo,
            progress=len(todo) > 1,
            texts=texts,
            workers=workers,
            options=options,
            force=force,
        )
        done = True
    finally:
        pdf.stop_background(wait=done)
    return outcome.failed, len(todo)


def _one_at_a_time(workers: int, all_recipes: bool, recipes: list[str]) -> bool:
    """Briefs built here, one after another (not in a pool): one brief, or one worker."""
    return workers == 1 or not (all_recipes or len(recipes) > 1)


def _overrides(
    build_jobs,
    *,
    template,
    formats,
    balance,
    positions,
    max_claims,
    citation_style,
    paper,
    side,
    card_context,
    focus,
    tags,
    claims,
    language,
):
    """The command line's recipe options (None: the recipe's own)."""
    return build_jobs.Overrides(
        template=template,
        formats=[f.value for f in formats or []] or None,
        balance=_value(balance),
        positions=_split(positions),
        max_claims=max_claims,
        citation_style=_value(citation_style),
        paper=_value(paper),
        side=side,
        card_context=card_context,
        focus=focus,
        tags=tags or None,
        claims=_split(claims),
        language=language,
    )


def _value(choice: Enum | None) -> str | None:
    return choice.value if choice is not None else None


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return out or None
