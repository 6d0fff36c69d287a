"""Many briefs at once: `build --all` with --jobs 1 and the default, the no-change rebuild, save-to-PDF under watch.

    python bench/bench_batch.py [--runs 1] [--recipes 35] [--steps build,nochange,watch,parts]

In a scratch copy of the bundled library, the bundled recipes plus one PDF recipe
per topic and template (handout, one-pager, cards) up to --recipes in all. Each
step is a whole `python -m evenhand` process, as a user runs it:
  1. `build --all --jobs 1 --force`   (one brief after another, one PDF worker)
  2. `build --all --force`            (the default: a worker per usable CPU)
  3. `build --all`                    (nothing changed: every brief up to date)
  4. `watch migration-handout`: the time from saving a topic file to the rewritten PDF.
  5. (parts) where step 4's time goes, in this process: reading and checking the library,
     assembling and rendering the HTML, and the PDF: WeasyPrint's layout, its PDF writer,
     our tagging pass; wall and CPU time of each.
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
    proc = subprocess.run(
        [sys.executable, "-m", "evenhand", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"evenhand {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def save_to_pdf(lib: Path, runs: int) -> list[float]:
    """Seconds from saving migration-cooperation's topic file to the new migration-handout.pdf."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "evenhand", "watch", "migration-handout", "-f", "pdf"],
        cwd=lib,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
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
            print(f"  save {i + 1}: {times[-1]:.2f} s (load {os.getloadavg()[0]:.1f})", flush=True)
        return times
    finally:
        proc.send_signal(2)
        try:
            proc.wait(timeout=120)  # Ctrl-C lets the PDF worker finish the page it lays out
        except subprocess.TimeoutExpired:
            proc.kill()
            print("  (watch did not stop within 120 s of Ctrl-C: killed)")


class Clock:
    """Wall and CPU seconds of the code run between two calls of ``lap``."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        got = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return got


def parts(lib: Path, runs: int) -> None:
    """Where the save-to-PDF time goes: each step of rebuilding migration-handout.pdf, here."""
    os.chdir(lib)
    os.environ.update(ENV)
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from evenhand.build import render_outputs
    from evenhand.build_plan import Overrides
    from evenhand.build_record import brief_date
    from evenhand.cli import build_jobs
    from evenhand.writers import pdf
    from evenhand.writers.fetcher import LibraryFetcher
    from evenhand.writers.pdf_tags import finish

    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    rows: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs + 1):  # the first run warms imports and fonts: not counted
        clock = Clock()
        library = build_jobs.open_checked(None, [])
        read = clock.lap()
        job = build_jobs.recipe_job(
            library, "migration-handout", Overrides(formats=["html"]), output=None
        )
        built = render_outputs(library, job.recipe, ["html"], date=brief_date())
        html = clock.lap()
        text = pdf.break_long_words(built.outputs["html"].decode())
        fetcher = LibraryFetcher(pdf.allowed_roots(str(lib)))
        fonts = FontConfiguration()
        css = weasyprint.CSS(string=pdf.fonts_css(), font_config=fonts, url_fetcher=fetcher)
        clock.lap()
        doc = weasyprint.HTML(string=text, base_url=lib.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[css], font_config=fonts, **options
        )
        layout = clock.lap()
        data = doc.write_pdf(pdf_identifier=b"0" * 32, **options)
        write = clock.lap()
        finish(data)
        tags = clock.lap()
        for name, got in (
            ("read and check the library", read),
            ("assemble, map, HTML", html),
            (f"WeasyPrint layout ({len(doc.pages)} pages)", layout),
            ("WeasyPrint PDF writer", write),
            ("tagging pass (pdf_tags)", tags),
        ):
            rows.setdefault(name, []).append(got)
    for name, got in rows.items():
        counted = got[1:]
        print(
            f"  {name:36s} wall {min(w for w, _ in counted):6.2f} s  CPU {min(c for _, c in counted):6.2f} s"
        )
    print(f"  (load {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--recipes", type=int, default=35)
    parser.add_argument("--steps", default="build,nochange,watch,parts")
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        n = make_library(lib, args.recipes)
        print(
            f"{n} recipes; load average before: {os.getloadavg()[0]:.1f}; usable CPUs: {len(os.sched_getaffinity(0))}"
        )
        rows = []
        for label, cmd, step in (
            ("build --all --jobs 1", ["build", "--all", "--jobs", "1", "--force"], "build"),
            ("build --all (default jobs)", ["build", "--all", "--force"], "build"),
            ("build --all, nothing changed", ["build", "--all"], "nochange"),
        ):
            if step not in steps:
                continue
            if step == "nochange" and not (lib / "build").is_dir():
                timed(["build", "--all"], lib)  # a first build to have nothing to do
            got = [timed(cmd, lib) for _ in range(args.runs)]
            walls, cpus = [w for w, _ in got], [c for _, c in got]
            rows.append((label, min(walls), statistics.median(walls), min(cpus)))
            print(
                f"{label:32s} wall best {min(walls):6.2f} s  median {statistics.median(walls):6.2f} s  "
                f"CPU {min(cpus):6.2f} s  (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        if "build" in steps:
            print(f"parallel / --jobs 1: {rows[1][1] / rows[0][1]:.2f} (goal <= 0.6)")
        if "watch" in steps:
            times = save_to_pdf(lib, max(3, args.runs))
            print(
                f"save topic -> rebuilt PDF under watch: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
                f"(goal < 1.5 s; load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        if "parts" in steps:
            print(
                "where the time goes (the root handout, PDF; best of --runs after a warm-up run):"
            )
            parts(lib, max(1, args.runs))


if __name__ == "__main__":
    main()
