"""Time `evenhand validate` as a whole process on synthetic libraries.

    python bench/bench_validate.py [--sizes 10000 100000] [--runs 3] [--work DIR]

For each size it makes a library with bench/make_library.py (kept in --work
for reuse), runs `evenhand validate --library LIB` --runs times and reports
the best and median wall time and the peak resident memory of the child
process (resource.getrusage(RUSAGE_CHILDREN) after each run, which on Linux
is the largest peak among the children waited for so far; the small library
runs first, so every figure belongs to its own size). It also times
`evenhand --help`, which must import nothing heavy.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_library import make_library  # noqa: E402

GOALS = {10_000: 2.0}


def run(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and the children's peak RSS in MB so far."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "evenhand", *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"evenhand {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, round(after.ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000], help="claims per library"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per size (best and median are shown)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "evenhand-bench",
        help="where the libraries go",
    )
    args = parser.parse_args()

    helps = [run(["--help"])[0] for _ in range(5)]  # before the libraries: its RSS is not reported
    print(
        f"evenhand --help: best {min(helps):.3f} s, median {statistics.median(helps):.3f} s (goal < 0.3 s)"
    )

    results: dict[int, float] = {}
    for size in sorted(args.sizes):
        lib = args.work / f"lib-{size}"
        if not (lib / "arguments").is_dir():
            make_library(lib, size)
        files = sum(1 for _ in (lib / "arguments").rglob("*.yaml"))
        mb = sum(p.stat().st_size for p in lib.rglob("*.yaml")) / 1e6
        times, cpus, peak = [], [], 0
        for _ in range(args.runs):
            seconds, cpu, peak = run(["validate", "--library", str(lib)])
            times.append(seconds)
            cpus.append(cpu)
        results[size] = min(times)
        goal = f" (goal < {GOALS[size]} s)" if size in GOALS else ""
        print(
            f"{size:>7} claims, {files} topic files, {mb:.1f} MB: wall best {min(times):.2f} s, "
            f"median {statistics.median(times):.2f} s{goal}; CPU best {min(cpus):.2f} s; peak RSS {peak} MB"
        )
    sizes = sorted(results)
    for small, big in zip(sizes, sizes[1:], strict=False):
        print(
            f"{big} / {small} claims: {results[big] / results[small]:.1f} times the time for {big / small:.0f} times the claims"
        )
    print(
        f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
