"""The command line: a thin Typer layer over readers, checks, assemble and writers.

Command modules import nothing heavy at import time, so `evenhand --help` stays fast;
this module imports even Typer only inside main().
"""

from __future__ import annotations

import functools
import importlib
import os
import sys

# Each module registers its commands on the Typer `app`.
COMMAND_MODULES = (
    "evenhand.cli.library_cmds",
    "evenhand.cli.build_cmd",
    "evenhand.cli.watch_cmd",
    "evenhand.cli.map_cmd",
    "evenhand.cli.verify_cmd",
    "evenhand.cli.interop_cmds",
)


def load_app():
    """The Typer app with every command registered."""
    from evenhand.cli.app import app

    for name in COMMAND_MODULES:
        importlib.import_module(name)
    return app


@functools.cache
def command():
    """The app as a Click command, made once per process: Typer makes it again from the commands'
    signatures on every call of the app (about 40 ms), which a caller that runs the CLI many
    times in one process (the tests, the fuzzer) would pay each time."""
    import typer.main

    return typer.main.get_command(load_app())


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors print one line, internal errors too unless --debug."""
    from evenhand.cli import console

    console.install()  # control characters from a library never reach the terminal raw
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("EVENHAND_DEBUG") == "1"
    args = [a for a in args if a != "--debug"]
    _answer_fast(args, debug)
    from evenhand.cli.app import UserError

    try:
        command()(args=args, prog_name="evenhand")
    except UserError as exc:
        print(f"evenhand: error: {exc}", file=sys.stderr)
        sys.exit(exc.code)
    except KeyboardInterrupt:
        print("evenhand: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug in evenhand, not in the user's files
        if debug:
            raise
        print(
            f"evenhand: internal error: {type(exc).__name__}: {exc} (run again with --debug for the traceback)",
            file=sys.stderr,
        )
        sys.exit(3)


def _answer_fast(args: list[str], debug: bool) -> None:
    """A build with every brief up to date ends here, before Typer and pydantic are imported
    (evenhand.fast_build); anything it cannot settle goes on to the full CLI."""
    from evenhand import fast_build

    try:
        lines = fast_build.answer(args)
    except Exception:  # any doubt: the full CLI decides (and reports)
        if debug:
            raise
        lines = None
    if lines is not None:
        # escaped: console.install() came first
        sys.stderr.write("".join(line + "\n" for line in lines))
        sys.exit(0)
