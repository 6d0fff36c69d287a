"""The real Argdown CLI (npm @argdown/cli), for tests that compare with it; None when absent."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import REPO


def argdown_cli() -> str | None:
    local = REPO / ".node" / "node_modules" / ".bin" / "argdown"
    if local.exists():
        return str(local)
    return shutil.which("argdown")


def argdown_json(source: Path, out_dir: Path) -> tuple[dict | None, str]:
    """Run `argdown json SOURCE OUT_DIR`; returns (the JSON, or None on syntax errors, and its output).

    The CLI exits 0 even on syntax errors, so success is the JSON file being written.
    """
    cli = argdown_cli()
    assert cli is not None
    proc = subprocess.run([cli, "json", str(source), str(out_dir)], capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    target = out_dir / (source.stem + ".json")
    if "syntax error" in out.lower() or not target.exists():
        return None, out
    return json.loads(target.read_text(encoding="utf-8")), out
