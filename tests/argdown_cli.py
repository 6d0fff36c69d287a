"""The real Argdown CLI (npm @argdown/cli, pinned in package-lock.json), for tests that compare with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

LOCAL_CLI = REPO / "node_modules" / ".bin" / "argdown"


def argdown_cli() -> str | None:
    """`npm ci`'s node_modules/.bin/argdown, else an `argdown` on PATH; None when absent."""
    if LOCAL_CLI.exists():
        return str(LOCAL_CLI)
    return shutil.which("argdown")


def missing_reason() -> str:
    """Why the Argdown CLI is not here, and how to get it."""
    if shutil.which("npm") is None:
        return (
            "the Argdown CLI is not installed: npm is missing. Install Node.js 18+ with npm "
            "(Debian/Ubuntu: apt-get install nodejs npm; macOS: brew install node), then run "
            "bash scripts/test.sh (or npm ci in the repository)"
        )
    return f"the Argdown CLI is not installed ({LOCAL_CLI.relative_to(REPO)} is missing): run npm ci in the repository (bash scripts/test.sh does it)"


def require_argdown_cli() -> str:
    """The CLI; else skip the test saying why and how to enable it (in CI, CI=true, fail instead)."""
    cli = argdown_cli()
    if cli is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {missing_reason()}")
        pytest.skip(missing_reason())
    return cli


def argdown_json_all(sources: list[Path], work: Path) -> dict[Path, tuple[dict | None, str]]:
    """Run `argdown json` once over all the sources (Node starts once: about half a second
    a file saved); for each source its JSON, or None, and the CLI's output. The CLI exits 0
    even on syntax errors, so success is its JSON file being written and no syntax error
    reported: a syntax error in any of them fails them all."""
    cli = require_argdown_cli()
    folder, out_dir = work / "in", work / "out"
    folder.mkdir(parents=True)
    for i, source in enumerate(sources):
        shutil.copyfile(source, folder / f"{i}.argdown")  # names the glob reads as written
    proc = subprocess.run(
        [cli, "json", str(folder / "*.argdown"), str(out_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = proc.stdout + proc.stderr
    found: dict[Path, tuple[dict | None, str]] = {}
    for i, source in enumerate(sources):
        target = out_dir / f"{i}.json"
        if "syntax error" in out.lower() or not target.exists():
            found[source] = (None, out)
        else:
            found[source] = (json.loads(target.read_text(encoding="utf-8")), out)
    return found
