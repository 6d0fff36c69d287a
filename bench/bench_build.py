"""Whole-process `evenhand build` of the root handout to PDF against bare WeasyPrint on the same HTML.

    python bench/bench_build.py [--runs 5] [--recipe briefs/migration-handout.yaml]

Steps, each a fresh process as a user runs it, in a scratch copy of the library:
  1. `evenhand build RECIPE --format pdf`            (read + check library, assemble, render, lay out, write)
  2. `evenhand build RECIPE --format html`           (once, untimed: the HTML that step 1 lays out)
  3. `weasyprint that.html out.pdf`                   (the bare WeasyPrint command on that HTML)
  4. `weasyprint -s fonts.css --pdf-variant pdf/ua-1`  (the same with evenhand's fonts and tagging: like for like)
Reports best and median wall time and CPU time (user + system of the child) per step, and the ratios.
Goal: step 1 at most 1.15 x step 3.
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
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--recipe", default="briefs/migration-handout.yaml")
    args = parser.parse_args()
    weasyprint = shutil.which("weasyprint")
    if weasyprint is None:
        sys.exit("the weasyprint command is not on PATH")

    from evenhand.writers.pdf import fonts_css

    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        for name in ("arguments", "seeds", "briefs", "templates"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, lib / name)
        html = Path(tmp) / "brief.html"
        css = Path(tmp) / "fonts.css"
        css.write_text(fonts_css())
        py = sys.executable
        subprocess.run(
            [py, "-m", "evenhand", "build", args.recipe, "-f", "html", "-o", str(html)],
            cwd=lib,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        steps = {
            "evenhand build --format pdf": [
                py,
                "-m",
                "evenhand",
                "build",
                args.recipe,
                "-f",
                "pdf",
                "-o",
                str(Path(tmp) / "e.pdf"),
            ],
            "weasyprint brief.html": [weasyprint, str(html), str(Path(tmp) / "w.pdf")],
            "weasyprint + fonts + pdf/ua-1": [
                weasyprint,
                "-s",
                str(css),
                "--pdf-variant",
                "pdf/ua-1",
                str(html),
                str(Path(tmp) / "u.pdf"),
            ],
        }
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in steps}
        for _ in range(args.runs):  # interleaved, so that a busy spell hits every step alike
            for name, cmd in steps.items():
                results[name].append(timed(cmd, lib))

    print(f"{args.recipe}, {args.runs} runs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':34} {'wall best':>10} {'wall med':>9} {'CPU best':>9} {'CPU med':>8}")
    summary = {}
    for name, runs in results.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        summary[name] = (min(walls), statistics.median(walls), min(cpus), statistics.median(cpus))
        print(
            f"{name:34} {min(walls):9.2f}s {statistics.median(walls):8.2f}s {min(cpus):8.2f}s {statistics.median(cpus):7.2f}s"
        )
    ours, bare, like = (summary[k] for k in steps)
    print(
        f"ratio evenhand / bare weasyprint: wall best {ours[0] / bare[0]:.2f}, CPU best {ours[2] / bare[2]:.2f} (goal <= 1.15)"
    )
    print(
        f"ratio evenhand / weasyprint with the same fonts and tagging: wall best {ours[0] / like[0]:.2f}, CPU best {ours[2] / like[2]:.2f}"
    )


if __name__ == "__main__":
    main()
