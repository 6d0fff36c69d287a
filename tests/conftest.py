"""Shared fixtures: run the real CLI (in this process or a new one), copy the bundled library."""

from __future__ import annotations

import gc
import io
import os
import shutil
import subprocess
import sys
import traceback
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


def run_cli(
    *args: str,
    cwd: Path | str | None = None,
    env: dict | None = None,
    input: str | None = None,
    process: bool = False,
) -> Result:
    """Run `evenhand ARGS` as a user would, and capture what it prints.

    In this process by default (evenhand's own `main`, with its own standard streams,
    working directory and environment), which saves a Python start-up per call;
    ``process=True`` starts ``python -m evenhand`` for what only a real process shows
    (start-up imports, signals, the PDF worker, a crash's exit status).
    """
    full_env = {**os.environ, "COLUMNS": "100", **(env or {})}
    full_env.pop("EVENHAND_DEBUG", None)
    if process or os.environ.get("EVENHAND_TESTS_IN_PROCESS") == "0":
        proc = subprocess.run(
            [sys.executable, "-m", "evenhand", *args],
            cwd=cwd or REPO,
            env=full_env,
            capture_output=True,
            text=True,
            input=input,
            timeout=900,  # a safety net against a hang
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)
    return _run_in_process(list(args), Path(cwd or REPO), full_env, input)


def _run_in_process(args: list[str], cwd: Path, env: dict, input: str | None) -> Result:
    from evenhand.cli import main

    saved = (sys.stdin, sys.stdout, sys.stderr, sys.argv, os.getcwd(), dict(os.environ))
    out, err = _capture(), _capture()
    code = 0
    try:
        os.environ.clear()
        os.environ.update(env)
        # render here: WeasyPrint is imported once per test run
        os.environ.setdefault("EVENHAND_NO_PDF_WORKER", "1")
        os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
        sys.stdout, sys.stderr, sys.argv = out, err, ["evenhand", *args]
        try:
            main(args)
        except SystemExit as exc:
            code = _exit_status(exc.code, err)
        except BaseException:  # what an uncaught exception does to a process (with --debug)
            traceback.print_exc(file=err)
            code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved[:4]
        os.chdir(saved[4])
        os.environ.clear()
        os.environ.update(saved[5])
        gc.unfreeze()  # a library read freezes what it built: a process ends there, a test run goes on
    return Result(code, _text(out), _text(err))


def _capture() -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True
    )


def _exit_status(code, err) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


def _text(stream: io.TextIOWrapper) -> str:
    """What `subprocess.run(text=True)` would return: UTF-8 with universal newlines."""
    stream.flush()
    data = stream.buffer.getvalue().decode("utf-8", errors="replace")
    return data.replace("\r\n", "\n").replace("\r", "\n")


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


def pdf_text(path: Path) -> str:
    """The words of a PDF as a reader's copy-and-paste gets them (pdftotext -layout)."""
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
