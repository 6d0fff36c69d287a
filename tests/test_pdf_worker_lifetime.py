"""A killed PDF build leaves no worker behind and no pipe held open; stale part files go (issue #10, item 9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(n) for n in text.split()]


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next(
        (line.split()[1] for line in status.splitlines() if line.startswith("State:")), "X"
    )
    return state not in ("Z", "X")  # a zombie has exited (no one may reap it in a container)


def test_kill_9_of_a_pdf_build_leaves_no_worker_and_frees_its_output(library_copy, tmp_path):
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("EVENHAND_NO_PDF_WORKER", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "evenhand",
            "build",
            "briefs/migration-handout.yaml",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "out.pdf"),
        ],
        cwd=library_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.05)
    assert workers, "the build started no worker (or ended before one was seen)"
    time.sleep(0.3)  # let the worker tie itself to its parent
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)

    got: dict[str, bytes] = {}
    reader = threading.Thread(
        target=lambda: got.update(out=proc.stdout.read(), err=proc.stderr.read()), daemon=True
    )
    reader.start()
    reader.join(timeout=3)
    assert not reader.is_alive(), "a reader of the killed build's output never reached the end"

    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)], "the PDF worker outlived its killed parent"
    assert not (tmp_path / "out.pdf").exists()


def test_a_build_removes_stale_part_files_of_its_own_outputs(cli, tiny_library):
    build = tiny_library / "build"
    build.mkdir()
    stale = build / ".handout.md.x1y2z3.part"
    stale.write_text("half a brief")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = build / ".handout.md.a1b2c3.part"  # another build may be writing this one right now
    fresh.write_text("being written")
    other = build / ".notes.md.q1w2e3.part"  # not an output of this build
    other.write_text("someone else's")
    os.utime(other, (old, old))
    r = cli("build", "handout", "--format", "md", "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert (build / "handout.md").is_file()
    assert not stale.exists()
    assert fresh.exists() and other.exists()
    assert sorted(p.name for p in build.glob(".*.part")) == [
        ".handout.md.a1b2c3.part",
        ".notes.md.q1w2e3.part",
    ]
