"""Benchmark: `evenhand verify --texts DIR` on the bundled library, and on copies of it.

Run from the repository root: `python bench/bench_verify.py [--copies 1 10 40] [--runs R]`.
Needs the source texts in ../shared/sources (or --texts DIR). Each figure is a whole
process (`python -m evenhand verify ...`), as a user runs it, best of R runs, in
wall-clock and in CPU seconds (CPU is steadier on a busy machine); the in-process
figure is the quotation check alone (texts read, indexed, every quotation
and every field checked), without start-up and YAML reading.
Goal: under 1 s for the bundled library (about 250 quotations over 17,000 words of text).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def library_copies(dest: Path, copies: int) -> Path:
    """The bundled library with each topic file written ``copies`` times (verify reads ids, never checks them)."""
    (dest / "arguments").mkdir(parents=True)
    shutil.copytree(REPO / "seeds", dest / "seeds")
    for path in sorted((REPO / "arguments").glob("*.yaml")):
        for i in range(copies):
            shutil.copy(path, dest / "arguments" / f"{path.stem}-{i:03d}.yaml")
    return dest


def best_of(runs: int, command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Best wall-clock and best CPU (user + system) seconds of ``runs`` runs, and the last summary line."""
    best_wall = best_cpu = float("inf")
    summary = ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        best_wall = min(best_wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(
            best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        )
        summary = (
            proc.stderr.strip().splitlines()[-1]
            if proc.stderr.strip()
            else f"exit {proc.returncode}"
        )
    return best_wall, best_cpu, summary


def in_process(root: Path, texts: Path, runs: int) -> float:
    from evenhand.checks.quotes import check
    from evenhand.readers.library import load_library
    from evenhand.readers.texts import read_texts

    lib, _ = load_library(root)
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        found, _ = read_texts(lib, texts)
        check(lib, found)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--texts", type=Path, default=REPO.parent / "shared" / "sources")
    args = parser.parse_args()
    texts = args.texts.resolve()
    if not texts.is_dir():
        sys.exit(f"no source texts in {texts}")
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            root = library_copies(Path(tmp) / f"lib{copies}", copies)
            wall, cpu, summary = best_of(
                args.runs, [sys.executable, "-m", "evenhand", "verify", "--texts", str(texts)], root
            )
            check_only = in_process(root, texts, args.runs)
            print(
                f"x{copies:<3} whole command {wall:5.2f} s wall, {cpu:5.2f} s CPU;"
                f" check alone {check_only:5.2f} s CPU   ({summary})"
            )


if __name__ == "__main__":
    main()
