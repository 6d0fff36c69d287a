"""Shared fixtures: run the real CLI in a subprocess, copy the bundled library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SOURCES_DIR = SHARED / "sources"
EXTERNAL_DIR = SHARED / "external"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_cli(*args: str, cwd: Path | str | None = None, env: dict | None = None, input: str | None = None) -> Result:
    """Run `python -m evenhand ARGS` as a user would, and capture what it prints."""
    full_env = {**os.environ, "COLUMNS": "100", **(env or {})}
    full_env.pop("EVENHAND_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "evenhand", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        input=input,
        timeout=900,  # a safety net against a hang; build --all of the bundled library takes about 80 s of CPU
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A copy of the bundled library (arguments, seeds, briefs, templates) to change freely."""
    dest = tmp_path / "lib"
    dest.mkdir()
    for name in ("arguments", "seeds", "briefs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    return dest


@pytest.fixture
def tiny_library(tmp_path: Path) -> Path:
    """A fresh `evenhand init` library."""
    dest = tmp_path / "tiny"
    result = run_cli("init", str(dest))
    assert result.code == 0, result.err
    return dest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
