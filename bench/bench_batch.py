"""Many briefs at once: `build --all` with --jobs 1 and the default, the no-change rebuild, save-to-PDF under watch.

    python bench/bench_batch.py [--runs 1] [--recipes 35]

In a scratch copy of the bundled library, the bundled recipes plus one PDF recipe
per topic and template (handout, one-pager, cards) up to --recipes in all. Each
step is a whole `python -m evenhand` process, as a user runs it:
  1. `build --all --jobs 1 --force`   (one brief after another, one PDF worker)
  2. `build --all --force`            (the default: a worker per usable CPU)
  3. `build --all`                    (nothing changed: every brief up to date)
  4. `watch migration-handout`: the time from saving a topic file to the rewritten PDF.
Goals (2-core machine): 2 at most 0.6 x 1; 3 under 0.5 s; 4 under 1.5 s.
Reports wall and CPU time (user + system of the children) and the load average.
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
TEMPLATES = ("handout", "one-pager", "cards")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "CI": "true"}


def make_library(dest: Path, count: int) -> int:
    for name in ("arguments", "seeds", "briefs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    import yaml

    topics = sorted(
        yaml.safe_load(p.read_text())["topic"]
        for p in (dest / "arguments").glob("*.yaml")
        if p.name not in ("positions.yaml", "glossary.yaml")
    )
    n = len(list((dest / "briefs").glob("*.yaml")))
    for template in TEMPLATES:
        for topic in topics:
            if n >= count:
                return n
            (dest / "briefs" / f"gen-{topic}-{template}.yaml").write_text(
                f"title: {topic} ({template})\ntopics: [{topic}]\ntemplate: {template}\nformats: [pdf]\nbalance: warn\n"
            )
            n += 1
    return n


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "evenhand", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"evenhand {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def save_to_pdf(lib: Path, runs: int) -> list[float]:
    """Seconds from saving migration-cooperation's topic file to the new migration-handout.pdf."""
    proc = subprocess.Popen([sys.executable, "-m", "evenhand", "watch", "migration-handout", "-f", "pdf"], cwd=lib,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("watching"):
                break
        pdf = lib / "build" / "migration-handout.pdf"
        topic = lib / "arguments" / "migration-cooperation.yaml"
        text = topic.read_text()
        times = []
        for i in range(runs):
            time.sleep(1.0)
            before = pdf.stat().st_mtime_ns
            saved = time.perf_counter()
            topic.write_text(text + f"\n# run {i}\n")
            while pdf.stat().st_mtime_ns == before:
                time.sleep(0.01)
                if time.perf_counter() - saved > 60:
                    sys.exit("no rebuilt PDF after 60 s")
            times.append(time.perf_counter() - saved)
        return times
    finally:
        proc.send_signal(2)
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--recipes", type=int, default=35)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        n = make_library(lib, args.recipes)
        print(f"{n} recipes; load average before: {os.getloadavg()[0]:.1f}; usable CPUs: {len(os.sched_getaffinity(0))}")
        rows = []
        for label, cmd in (
            ("build --all --jobs 1", ["build", "--all", "--jobs", "1", "--force"]),
            ("build --all (default jobs)", ["build", "--all", "--force"]),
            ("build --all, nothing changed", ["build", "--all"]),
        ):
            got = [timed(cmd, lib) for _ in range(args.runs)]
            walls, cpus = [w for w, _ in got], [c for _, c in got]
            rows.append((label, min(walls), statistics.median(walls), min(cpus)))
            print(f"{label:32s} wall best {min(walls):6.2f} s  median {statistics.median(walls):6.2f} s  "
                  f"CPU {min(cpus):6.2f} s  (load {os.getloadavg()[0]:.1f})", flush=True)
        ratio = rows[1][1] / rows[0][1]
        print(f"parallel / --jobs 1: {ratio:.2f} (goal <= 0.6)")
        times = save_to_pdf(lib, max(3, args.runs))
        print(f"save topic -> rebuilt PDF under watch: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
              f"(goal < 1.5 s; load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
