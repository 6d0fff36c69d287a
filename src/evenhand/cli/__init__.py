"""The command line: a thin Typer layer over readers, checks, assemble and writers.

Command modules import nothing heavy at import time, so `evenhand --help` stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys

from evenhand.cli.app import UserError, app

# Each module registers its commands on `app`.
COMMAND_MODULES = (
    "evenhand.cli.library_cmds",
    "evenhand.cli.build_cmd",
    "evenhand.cli.map_cmd",
    "evenhand.cli.verify_cmd",
    "evenhand.cli.interop_cmds",
)

for _name in COMMAND_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as _exc:  # a command module not written yet
        if _exc.name != _name:
            raise


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors print one line, internal errors too unless --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("EVENHAND_DEBUG") == "1"
    args = [a for a in args if a != "--debug"]
    try:
        app(args=args, prog_name="evenhand")
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
