"""Word output beside PDF: whole-process `evenhand build` of the root handout to docx and to pdf.

    python bench/bench_docx.py [--runs 5] [--recipe briefs/migration-handout.yaml]

Steps, each a fresh process as a user runs it, in a scratch copy of the library, interleaved:
  1. `evenhand build RECIPE --format docx`   (read + check, assemble, map PNGs, Word document, write)
  2. `evenhand build RECIPE --format pdf`    (read + check, assemble, map SVGs, HTML, WeasyPrint, write)
Then, in this process, the parts of step 1: the map drawn as PNG pages and the Word writer alone.
Reports best and median wall time and CPU time (user + system of the child) per step.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process(lib: Path, recipe: str, runs: int) -> dict[str, list[float]]:
    from evenhand.assemble import assemble
    from evenhand.readers.library import load_library
    from evenhand.writers import docx
    from evenhand.writers.brief_map import brief_maps

    library, _ = load_library(str(lib))
    brief = assemble(library, library.recipes[Path(recipe).stem], date="2024-05-01")
    out: dict[str, list[float]] = {"map as PNG pages": [], "Word writer (python-docx)": []}
    from evenhand.writers import map_svg

    for _ in range(runs):
        map_svg._laid_out.clear()  # draw the map each time: a process keeps what `dot` drew
        start = time.perf_counter()
        maps = brief_maps(library, brief, svg=False, mermaid=False, png=True)
        out["map as PNG pages"].append(time.perf_counter() - start)
        start = time.perf_counter()
        docx.render(brief, brief_map=maps)
        out["Word writer (python-docx)"].append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--recipe", default="briefs/migration-handout.yaml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        for name in ("arguments", "seeds", "briefs", "templates"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, lib / name)
        py = sys.executable
        steps = {
            f"evenhand build --format {fmt}": [
                py,
                "-m",
                "evenhand",
                "build",
                args.recipe,
                "-f",
                fmt,
                "-o",
                str(Path(tmp) / f"out.{fmt}"),
            ]
            for fmt in ("docx", "pdf")
        }
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in steps}
        for _ in range(args.runs):
            for name, cmd in steps.items():
                results[name].append(timed(cmd, lib))
        sizes = {fmt: (Path(tmp) / f"out.{fmt}").stat().st_size for fmt in ("docx", "pdf")}
        parts = in_process(lib, args.recipe, args.runs)

    print(f"{args.recipe}, {args.runs} runs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':30} {'wall best':>10} {'wall med':>9} {'CPU best':>9} {'CPU med':>8}")
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{name:30} {min(walls):9.2f}s {statistics.median(walls):8.2f}s {min(cpus):8.2f}s {statistics.median(cpus):7.2f}s"
        )
    for name, times in parts.items():
        print(
            f"  in process: {name:30} best {min(times):.3f}s, median {statistics.median(times):.3f}s"
        )
    print(f"sizes: docx {sizes['docx'] / 1024:.0f} KB, pdf {sizes['pdf'] / 1024:.0f} KB")


if __name__ == "__main__":
    main()
