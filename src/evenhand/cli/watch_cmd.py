"""`evenhand watch`: build, then rebuild what changed on every save; `--serve` previews build/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from evenhand.cli.app import LibraryOpt, UserError, app, err
from evenhand.cli.build_cmd import Format


@app.command()
def watch(
    recipes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Recipes to keep built (names, as for build). Default: every recipe.",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[Format] | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (repeat for more). Default: each recipe's.",
            show_default=False,
        ),
    ] = None,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Also serve build/ on 127.0.0.1; HTML pages reload themselves when rebuilt.",
        ),
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port for --serve (0: any free port).")
    ] = 0,
    library: LibraryOpt = None,
) -> None:
    """Build the recipes, then rebuild the briefs a saved file changes (Ctrl-C stops).

    A file with an error prints its problems and keeps the last good outputs.
    """
    from evenhand import watch as watcher
    from evenhand.build_plan import Overrides, output_options
    from evenhand.cli import build_jobs
    from evenhand.readers.library_files import LibraryNotFound, find_library
    from evenhand.writers import pdf

    try:
        root = find_library(library)
    except LibraryNotFound as exc:
        raise UserError(str(exc), code=1) from None
    overrides = Overrides(formats=[f.value for f in formats] if formats else None)
    rebuild = _rebuilder(root, recipes, overrides, output_options(overrides, None))
    if overrides.formats is None or "pdf" in overrides.formats:
        pdf.start_background()  # one PDF worker for the whole session, before any thread starts
    server = None
    try:
        rebuild()
        server = _serve(root, port) if serve else None
        folders = watcher.watched_folders(root)
        if not folders:
            raise UserError(
                f"nothing to watch: {build_jobs.shown(root)} has no arguments/ or briefs/ folder",
                code=1,
            )
        watcher.run(
            root,
            rebuild,
            ready=lambda: _say(
                f"watching {', '.join(f.name + '/' for f in folders)} (Ctrl-C stops)"
            ),
            on_rebuilt=server.rebuilt if server else None,
            on_change=lambda paths: _say(
                f"changed: {', '.join(build_jobs.shown(p) for p in paths[:5])}"
                + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
            ),
        )
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.close()
        pdf.stop_background(wait=False)
    _say("watch: stopped")


def _rebuilder(root: Path, recipes: list[str] | None, overrides, options: dict):
    """What each save runs: read and check the library, build what is not up to date; the files written."""
    from evenhand.cli import build_jobs

    def rebuild() -> list[Path]:
        try:
            lib = build_jobs.open_checked(root, [])
            build_jobs.check_overrides(lib, overrides)
            names = list(recipes) if recipes else sorted(lib.recipes)
            todo = [build_jobs.recipe_job(lib, name, overrides, output=None) for name in names]
        except typer.Exit:
            err("watch: keeping the last good outputs; waiting for the next save")
            return []
        except UserError as exc:
            err(f"evenhand: error: {exc}")
            return []
        outcome = build_jobs.run(lib, todo, progress=False, workers=1, options=options)
        return outcome.written

    return rebuild


def _serve(root: Path, port: int):
    """The preview server on 127.0.0.1, started."""
    from evenhand.preview_server import PreviewServer

    try:
        server = PreviewServer(root / "build", port)
    except OSError as exc:
        raise UserError(
            f"--serve: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}", code=1
        ) from None
    server.start()
    _say(f"serving build/ at {server.url} (HTML pages reload themselves when rebuilt)")
    return server


def _say(text: str) -> None:
    import sys

    typer.echo(text)
    sys.stdout.flush()
