"""Benchmark: import the five real Argdown files against the Argdown CLI exporting them to JSON.

Run from the repository root: `python bench/bench_argdown.py [--runs R] [--file-by-file] [--bytecode-cache]`.
Every step is a whole process, as a user runs it:
`python -m evenhand import argdown FILE...` with all five files in one call
(into a fresh copy of an `evenhand init` library, copying not timed), and
`argdown json 'DIR/*.argdown' OUTDIR`, the Argdown CLI's one call for all five.
Figures: best and median of R runs, wall time, with the machine's load
average. Goal: evenhand in under half the time of the Argdown CLI.

--file-by-file also times one process per file for both tools.
--bytecode-cache lets Python keep compiled bytecode (in a temporary folder)
as an installed evenhand does; by default the environment decides
(PYTHONDONTWRITEBYTECODE=1 makes Python compile evenhand's source on every run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or "syntax error" in (proc.stdout + proc.stderr).lower():
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    return elapsed


def line(name: str, runs: list[float], against: list[float] | None = None) -> str:
    best, median = min(runs), statistics.median(runs)
    ratio = (
        f"  (ratio {best / min(against):.2f} best, {median / statistics.median(against):.2f} median)"
        if against
        else ""
    )
    return f"{name:44s} best {best:.3f} s, median {median:.3f} s{ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeat R times (default 5)")
    parser.add_argument(
        "--file-by-file", action="store_true", help="also time one process per file"
    )
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="keep compiled bytecode, as an installed evenhand does",
    )
    args = parser.parse_args()
    cli = argdown_cli()
    if not FILES or cli is None:
        sys.exit(
            "needs ../shared/external/argdown/*.argdown and the Argdown CLI (npm install --prefix .node @argdown/cli)"
        )
    ev = [sys.executable, "-m", "evenhand"]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = dict(os.environ)
        if args.bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
        seed = tmp_path / "seed"
        subprocess.run([*ev, "init", str(seed)], check=True, capture_output=True, env=env)
        ours, theirs, ours_each, theirs_each = [], [], [], []
        for run in range(args.runs + 1):  # run 0 warms the caches and is not counted
            lib = tmp_path / f"lib-{run}"
            shutil.copytree(seed, lib)
            t_ours = timed([*ev, "import", "argdown", *map(str, FILES), "-L", str(lib)], env)
            t_theirs = timed(
                [cli, "json", str(FILES[0].parent / "*.argdown"), str(tmp_path / f"batch-{run}")]
            )
            if run:
                ours.append(t_ours)
                theirs.append(t_theirs)
            if args.file_by_file and run:
                total = 0.0
                for i, f in enumerate(FILES):
                    lib = tmp_path / f"lib-{run}-{i}"
                    shutil.copytree(seed, lib)
                    total += timed([*ev, "import", "argdown", str(f), "-L", str(lib)], env)
                ours_each.append(total)
                theirs_each.append(
                    sum(timed([cli, "json", str(f), str(tmp_path / f"json-{run}")]) for f in FILES)
                )
        startup = [timed([*ev, "--help"], env) for _ in range(args.runs)]
    load_after = os.getloadavg()
    from evenhand.readers.argdown import read

    reader = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for f in FILES:
            read(f, display=f.name)
        reader.append(time.perf_counter() - start)
    print(
        f"files: {len(FILES)} ({sum(f.stat().st_size for f in FILES):,} bytes), {args.runs} runs,"
        f" bytecode {'cached' if args.bytecode_cache else 'as the environment says'}"
    )
    print(
        f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}; {os.cpu_count()} CPUs"
    )
    print(line("evenhand import argdown, all five, one call", ours, theirs))
    print(line("argdown json, all five, one call", theirs))
    if args.file_by_file:
        print(line("evenhand import argdown, file by file", ours_each, theirs_each))
        print(line("argdown json, file by file", theirs_each))
    print(line("`evenhand --help` alone", startup))
    print(line("the Argdown reader in process, all five", reader))


if __name__ == "__main__":
    main()
