"""Benchmark: the SVG map of one 500-claim topic, as a whole process.

Run from the repository root: `python bench/bench_map.py [--claims N] [--runs R]`.
It generates two libraries with one topic of N claims each: "debate", where
each claim attacks a recent claim of another position (70 %) and supports one
of its own (20 %), a bushy tree a few levels deep like a real debate; and
"chain" (bench/make_library.py: each claim attacks the one before it, a chain
N levels deep, the worst case for the layout). For each it times
`python -m evenhand map topic-000000 --format svg -o FILE` (reading the
library, building the graph, Graphviz layout, writing the file) and, for
comparison, `--format outline`. Reports the best and the median of R runs, wall
and CPU time (evenhand and Graphviz together).
Goal: under 2 s for 500 claims.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_library import make_library  # noqa: E402

POSITIONS = ("supporters", "critics-left", "critics-right")


def debate_library(dest: Path, claims: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    lines = [
        "topic: topic-000000",
        "title: A generated debate",
        "question: Should the generated policy be adopted?",
        "claims:",
    ]
    made: list[tuple[str, str]] = []
    for k in range(claims):
        cid, position = f"c{k:05d}", POSITIONS[k % 3]
        lines += [
            f"  - id: {cid}",
            f"    position: {position}",
            f"    title: Generated claim {k} about migration, cooperation and protection in the region",
            "    evidence: [{source: src, locator: Table 1}]",
        ]
        recent = made[-60:]
        others = [c for c, p in recent if p != position]
        own = [c for c, p in recent if p == position]
        if others and rng.random() < 0.7:
            lines.append(f"    attacks: [{rng.choice(others)}]")
        if own and rng.random() < 0.2:
            lines.append(f"    supports: [{rng.choice(own)}]")
        made.append((cid, position))
    (dest / "arguments").mkdir(parents=True)
    (dest / "arguments" / "debate.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (dest / "seeds").mkdir()
    (dest / "seeds" / "sources.yaml").write_text("- id: src\n  title: A source\n", encoding="utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, evenhand and the `dot` it runs) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "evenhand", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"evenhand {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=500, help="claims in the topic (default 500)")
    parser.add_argument("--runs", type=int, default=5, help="runs per format (default 5)")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        raise SystemExit("Graphviz `dot` is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in ("debate", "chain"):
            lib = Path(tmp) / shape
            if shape == "debate":
                debate_library(lib, args.claims)
            else:
                make_library(lib, args.claims, per_topic=args.claims)
            for fmt in ("svg", "outline"):
                out = Path(tmp) / f"{shape}.{fmt}"
                runs = [
                    timed(["map", "topic-000000", "--format", fmt, "-o", str(out)], lib)
                    for _ in range(args.runs)
                ]
                wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
                print(
                    f"{shape}, {args.claims} claims, --format {fmt}: wall best {min(wall):.2f} s, median {statistics.median(wall):.2f} s; "
                    f"CPU best {min(cpu):.2f} s, median {statistics.median(cpu):.2f} s ({args.runs} runs, {out.stat().st_size // 1024} KiB)"
                )


if __name__ == "__main__":
    main()
