"""Benchmark: import a generated 5,000-claim Kialo export, then validate the library.

Run from the repository root: `python bench/bench_import.py [--claims N] [--runs R]`.
Each step is timed as a whole process (`python -m evenhand ...`), as a user runs it;
the figure reported is the best of R runs. Goal: under 1 s each for 5,000 claims.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def kialo_export(claims: int, seed: int = 1) -> str:
    """A made-up discussion: a bushy tree up to 14 levels deep, written depth first,
    with `-> See` links, web sources, escaped brackets and continuation lines."""
    rng = random.Random(seed)
    children: dict[tuple[int, ...], list[tuple[int, ...]]] = {(1,): []}
    order: list[tuple[int, ...]] = [(1,)]
    for _ in range(claims):
        parent = rng.choice(order[-30:]) if rng.random() < 0.7 else rng.choice(order)
        if len(parent) >= 14:
            parent = parent[:5]
        path = parent + (len(children[parent]) + 1,)
        children[parent].append(path)
        children[path] = []
        order.append(path)
    dotted = lambda p: "".join(f"{x}." for x in p)  # noqa: E731
    lines = [
        "Discussion Title: A generated discussion for the benchmark",
        "",
        "1. The generated thesis holds.",
    ]
    todo, n = list(reversed(children[(1,)])), 0
    while todo:
        path = todo.pop()
        n += 1
        text = f"Generated claim number {n} says something about the thesis"
        if n % 10 == 0:
            text += f", as [report {n % 300}](https://example.org/reports/{n % 300}) shows \\(page {n % 50}\\)"
        if n % 25 == 0:
            text = "-> See " + dotted(rng.choice(order[1:]))
        lines.append(f"{dotted(path)} {rng.choice(('Pro', 'Con'))}: {text}")
        if n % 17 == 0:
            lines.append("It goes on for a second line.")
        todo.extend(reversed(children[path]))
    return "\n".join(lines) + "\n"


def timed(*args: str) -> tuple[tuple[float, float], subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds) of one whole `evenhand` process. CPU time is
    less disturbed by other load on the machine than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "evenhand", *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (wall, cpu), proc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    opts = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="evenhand-bench-"))
    try:
        src = tmp / "discussion.txt"
        src.write_text(kialo_export(opts.claims), encoding="utf-8")
        imports, validates = [], []
        for run in range(opts.runs):
            lib = tmp / f"lib{run}"
            subprocess.run(
                [sys.executable, "-m", "evenhand", "init", str(lib)],
                check=True,
                capture_output=True,
            )
            t, proc = timed("import", "kialo", str(src), "-L", str(lib), "--topic-id", "bench")
            if proc.returncode != 0:
                sys.exit(f"import failed:\n{proc.stderr}")
            imports.append(t)
            t, proc = timed("validate", "-L", str(lib))
            if proc.returncode != 0:
                sys.exit(f"validate failed:\n{proc.stdout}{proc.stderr}")
            validates.append(t)
        print(
            f"{opts.claims} generated Kialo lines under the thesis (every 25th a `-> See` link), {src.stat().st_size:,} bytes"
        )
        for name, runs in (("import kialo", imports), ("validate", validates)):
            walls, cpus = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
            print(
                f"{name:13s} wall: best {walls[0]:.2f} s, median {walls[len(walls) // 2]:.2f} s;"
                f" CPU: best {cpus[0]:.2f} s, median {cpus[len(cpus) // 2]:.2f} s"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
