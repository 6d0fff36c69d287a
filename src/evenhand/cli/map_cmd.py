"""`evenhand map`: the argument map of a topic as SVG, DOT, Mermaid or a text outline."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from evenhand.cli.app import (
    LibraryOpt,
    UserError,
    app,
    open_library,
    print_or_write,
    report_load_problems,
    topic_or_exit,
)


class MapFormat(str, Enum):
    svg = "svg"
    dot = "dot"
    mermaid = "mermaid"
    outline = "outline"


@app.command("map")
def map_command(
    topic: Annotated[
        str,
        typer.Argument(
            help="Topic id, as in `evenhand list`; its sub-topics come along as clusters."
        ),
    ],
    fmt: Annotated[
        MapFormat,
        typer.Option(
            "--format",
            "-f",
            help="svg (laid out by Graphviz `dot`), dot (Graphviz source), mermaid (a flowchart for Markdown), outline (plain text).",
        ),
    ] = MapFormat.svg,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Add each claim's evidence as leaves.")
    ] = False,
    library: LibraryOpt = None,
) -> None:
    """Draw the argument map of a topic: the question, the claims that support or attack it, and the claims that answer those.

    Each claim hangs on the claim it attacks or supports, else on its topic's
    question (supporting it if its position is `pro`, attacking it if `con`).
    Exit 1 if the library has errors or Graphviz is missing for --format svg.
    """
    from evenhand.graph import build_map

    lib, problems = open_library(library)
    if report_load_problems(problems):
        raise typer.Exit(1)
    topic_or_exit(lib, topic)
    m = build_map(lib, topic, evidence=evidence)

    if fmt is MapFormat.svg:
        from evenhand.writers.map_svg import GraphvizFailed, GraphvizMissing, render_svg

        try:
            text = render_svg(m)
        except (GraphvizMissing, GraphvizFailed) as exc:
            raise UserError(str(exc), code=1) from None
    elif fmt is MapFormat.dot:
        from evenhand.writers.map_dot import render_dot

        text = render_dot(m)
    elif fmt is MapFormat.mermaid:
        from evenhand.writers.map_mermaid import render_mermaid

        text = render_mermaid(m)
    else:
        from evenhand.writers.map_outline import render_outline

        text = render_outline(m)

    print_or_write(text, output, wrote=f" ({len(m.claims())} claims)")
