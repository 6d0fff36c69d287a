"""Benchmark: import the five real Argdown files against the Argdown CLI exporting them to JSON.

Run from the repository root: `python bench/bench_argdown.py [--runs R]`.
Every step is a whole process, as a user runs it: `python -m evenhand import
argdown FILE` (into a fresh copy of an `evenhand init` library, copying not
timed) and `argdown json FILE DIR`, file by file; and once `argdown json` on
all five in one call. The figure is the best of R runs of the five files.
Goal: evenhand in under half the time of the Argdown CLI.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILES = sorted((REPO.parent / "shared" / "external" / "argdown").glob("*.argdown"))


def argdown_cli() -> str | None:
    local = REPO / ".node" / "node_modules" / ".bin" / "argdown"
    return str(local) if local.exists() else shutil.which("argdown")


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or "syntax error" in (proc.stdout + proc.stderr).lower():
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeat and keep the best run (default 5)")
    args = parser.parse_args()
    cli = argdown_cli()
    if not FILES or cli is None:
        sys.exit("needs ../shared/external/argdown/*.argdown and the Argdown CLI (npm install --prefix .node @argdown/cli)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        seed = tmp_path / "seed"
        subprocess.run([sys.executable, "-m", "evenhand", "init", str(seed)], check=True, capture_output=True)
        ours, theirs, batch = [], [], []
        for run in range(args.runs):
            total = 0.0
            for i, f in enumerate(FILES):
                lib = tmp_path / f"lib-{run}-{i}"
                shutil.copytree(seed, lib)
                total += timed([sys.executable, "-m", "evenhand", "import", "argdown", str(f), "-L", str(lib)])
            ours.append(total)
            theirs.append(sum(timed([cli, "json", str(f), str(tmp_path / f"json-{run}")]) for f in FILES))
            batch.append(timed([cli, "json", str(FILES[0].parent / "*.argdown"), str(tmp_path / f"batch-{run}")]))
    best_ours, best_theirs, best_batch = min(ours), min(theirs), min(batch)
    from evenhand.readers.argdown import read

    reader = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for f in FILES:
            read(f, display=f.name)
        reader.append(time.perf_counter() - start)
    startup = min(timed([sys.executable, "-m", "evenhand", "--help"]) for _ in range(args.runs))
    print(f"files: {len(FILES)} ({sum(f.stat().st_size for f in FILES):,} bytes), best of {args.runs} runs")
    print(f"evenhand import argdown, file by file: {best_ours:.2f} s")
    print(f"argdown json, file by file:            {best_theirs:.2f} s  (ratio {best_ours / best_theirs:.2f})")
    print(f"argdown json, all five in one call:    {best_batch:.2f} s  (ratio {best_ours / best_batch:.2f})")
    print(f"of which the Argdown reader, in process, all five: {min(reader) * 1000:.0f} ms; `evenhand --help` alone: {startup:.2f} s")


if __name__ == "__main__":
    main()
