"""Fuzzing harness: mutated library files and import files through the CLI, in process.

    python tests/fuzz/fuzz.py [--cases 5000] [--seed 1] [--timeout 5] [--show 20]

Each case takes one file (a topic, the sources or a brief of the bundled
library, or an import fixture: Kialo, Argdown, AIF, CSV), applies one to
three mutations (a flipped byte, truncation, a deleted or duplicated line,
tabs, control characters, a right-to-left mark, NUL, deep nesting, long
words, runs of brackets) and runs the commands a user would, in this process
(`evenhand.cli.main`, no subprocess, so thousands of cases run in minutes):

- a library file: `validate`, then `build --topic T --format md` into a
  scratch file, in a small library holding the mutated file;
- an import file: `import FORMAT FILE --dry-run` into that library.

A case fails on exit code 3 or any other uncaught exception (a traceback),
on a command taking longer than the timeout (5 s), on a library file
changed by a command, and on an output written by a command that failed.
Deterministic: the same seed gives the same cases. tests/test_fuzz.py runs a
short run; tests/fuzz/README.md records long runs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
IMPORTS = {".txt": "kialo", ".argdown": "argdown", ".json": "aif", ".csv": "csv"}
PARENT_TOPIC = "migration-cooperation.yaml"


# --- mutations ----------------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_byte(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return b"\xff"
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"\n".join(lines)


def insert(rng: random.Random, data: bytes, what: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + what + data[i:]


def tab(rng, data):
    return insert(rng, data, b"\t")


def control(rng, data):
    return insert(rng, data, bytes([rng.choice([1, 7, 8, 11, 12, 27, 127])]))


def c1_control(rng, data):
    return insert(rng, data, rng.choice(["\u0085", "\u009b", "\u001b[2J"]).encode())


def rtl_mark(rng, data):
    return insert(rng, data, rng.choice(["\u202e", "\u200f", "\u2066"]).encode())


def nul(rng, data):
    return insert(rng, data, b"\x00")


def deep_nesting(rng, data):
    n = rng.choice([50, 300, 1200])
    kind = rng.choice([(b"[", b"]"), (b"{", b"}"), (b"- ", b"")])
    if kind[0] == b"- ":
        return insert(rng, data, b"\n" + b"".join(b"  " * i + b"- \n" for i in range(min(n, 300))))
    return insert(rng, data, kind[0] * n + kind[1] * n)


def long_word(rng, data):
    return insert(rng, data, b"x" * rng.choice([200, 3000]))


def brackets(rng, data):
    return insert(
        rng,
        data,
        rng.choice([b"[", b"[a](", b"\\[", b"<!--", b"#(", b"<sup>", b"*", b"&"])
        * rng.choice([10, 2000]),
    )


def yaml_tricks(rng, data):
    return insert(
        rng,
        data,
        rng.choice(
            [
                b"&a x",
                b"*a",
                b"!!python/object:os.system ''",
                b": :",
                b"? x",
                b"---\n",
                b"...\n",
                b"<<: *a",
                b"'\n",
                b'"\n',
            ]
        ),
    )


MUTATIONS = [
    flip_byte,
    truncate,
    delete_line,
    duplicate_line,
    tab,
    control,
    c1_control,
    rtl_mark,
    nul,
    deep_nesting,
    long_word,
    brackets,
    yaml_tricks,
]


# --- running ------------------------------------------------------------------------------


@dataclass
class Failure:
    case: int
    file: str
    mutations: list[str]
    command: list[str]
    why: str


@dataclass
class Report:
    cases: int = 0
    commands: int = 0
    exits: dict[int, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    slowest: float = 0.0


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def run_cli(args: list[str], timeout: float) -> tuple[int | None, str, float]:
    """(exit code, or None with the traceback in the text; what it printed; seconds)."""
    import traceback

    from evenhand.cli import main

    out = io.StringIO()
    start = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                main([*args, "--debug"])  # --debug: an internal error raises instead of exiting 3
                code: int | None = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except _Timeout:
        return None, f"timeout: over {timeout} s", time.perf_counter() - start
    except BaseException:
        return None, traceback.format_exc(limit=-6), time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return code, out.getvalue(), time.perf_counter() - start


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def corpus() -> list[Path]:
    files = (
        sorted((REPO / "arguments").glob("*.yaml"))
        + sorted((REPO / "seeds").glob("*.yaml"))
        + sorted((REPO / "briefs").glob("*.yaml"))
    )
    for sub in ("kialo", "argdown", "aif", "csv"):
        files += sorted((FIXTURES / sub).glob("*"))
    return [f for f in files if f.is_file()]


def _library(scratch: Path, file: Path, data: bytes) -> tuple[Path, Path | None]:
    """A small library holding the mutated ``file`` (or, for an import file, the bundled seeds only)."""
    lib = scratch / "lib"
    if lib.exists():
        shutil.rmtree(lib)
    (lib / "arguments").mkdir(parents=True)
    shutil.copytree(REPO / "seeds", lib / "seeds")
    (lib / "briefs").mkdir()
    target = None
    if file.parent.name in ("arguments", "seeds", "briefs") and file.parent.parent == REPO:
        target = lib / file.parent.name / file.name
        if file.parent.name == "briefs":  # a brief needs its topics
            for name in (
                "migration-cooperation.yaml",
                "labor-pathways.yaml",
                "in-region-protection.yaml",
                "remain-in-mexico.yaml",
            ):
                shutil.copy(REPO / "arguments" / name, lib / "arguments" / name)
        elif file.parent.name == "arguments" and file.name != PARENT_TOPIC:
            shutil.copy(REPO / "arguments" / PARENT_TOPIC, lib / "arguments" / PARENT_TOPIC)
        elif file.parent.name == "seeds":
            shutil.copy(
                REPO / "arguments" / "labor-pathways.yaml",
                lib / "arguments" / "labor-pathways.yaml",
            )
        target.write_bytes(data)
    return lib, target


def fuzz(cases: int, seed: int = 1, timeout: float = 5.0, progress=None) -> Report:
    report = Report()
    files = corpus()
    with tempfile.TemporaryDirectory(prefix="evenhand-fuzz-") as tmp:
        scratch = Path(tmp)
        # warm-up, not timed: the first build of a process imports and compiles (seconds on a busy machine)
        topic = REPO / "arguments" / "labor-pathways.yaml"
        lib, _ = _library(scratch, topic, topic.read_bytes())
        for args in (
            ["validate"],
            [
                "build",
                "--topic",
                "labor-pathways",
                "--format",
                "md",
                "-o",
                str(scratch / "warm.md"),
            ],
        ):
            run_cli([*args, "-L", str(lib)], 120)
        for case in range(cases):
            rng = random.Random(f"{seed}:{case}")
            file = rng.choice(files)
            data = file.read_bytes()
            chosen = [rng.choice(MUTATIONS) for _ in range(rng.choice([1, 1, 2, 3]))]
            for mutate in chosen:
                data = mutate(rng, data)
            lib, target = _library(scratch, file, data)
            out = scratch / "out" / "brief.md"
            if out.parent.exists():
                shutil.rmtree(out.parent)
            out.parent.mkdir()
            if target is None:
                imported = scratch / f"input{file.suffix}"
                imported.write_bytes(data)
                commands = [
                    ["import", IMPORTS[file.suffix], str(imported), "--dry-run", "-L", str(lib)]
                ]
            else:
                topic = file.stem if file.parent.name == "arguments" else "labor-pathways"
                build = [
                    "build",
                    "--topic",
                    topic,
                    "--format",
                    "md",
                    "--balance",
                    "off",
                    "-o",
                    str(out),
                    "-L",
                    str(lib),
                ]
                if file.parent.name == "briefs":
                    build = ["build", str(target), "--format", "md", "-o", str(out), "-L", str(lib)]
                commands = [["validate", "-L", str(lib)], build]
            report.cases += 1
            for args in commands:
                before = _digest(lib)
                code, text, secs = run_cli(args, timeout)
                report.commands += 1
                report.slowest = max(report.slowest, secs)
                report.exits[code if code is not None else -1] = (
                    report.exits.get(code if code is not None else -1, 0) + 1
                )
                why = None
                if code is None:
                    why = text
                elif code == 3 or "internal error" in text:
                    why = f"exit {code}: {text[-500:]}"
                elif _digest(lib) != before:
                    why = "a library file changed"
                elif code != 0 and out.exists():
                    why = f"exit {code} but {out.name} was written"
                if why:
                    shown = str(file.relative_to(REPO))
                    report.failures.append(
                        Failure(case, shown, [m.__name__ for m in chosen], args[:2], why)
                    )
            if progress and (
                (case + 1) % 100 == 0 or report.failures and report.failures[-1].case == case
            ):
                progress(report)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--show", type=int, default=20, help="failures to print in full")
    args = ap.parse_args()
    start = time.perf_counter()

    shown = [0]

    def progress(r: Report) -> None:
        for f in r.failures[shown[0] :]:
            print(
                f"--- case {f.case}: {f.file} {f.mutations} {' '.join(f.command)}\n{f.why}",
                file=sys.stderr,
                flush=True,
            )
        shown[0] = len(r.failures)
        print(
            f"{r.cases} cases, {r.commands} commands, {len(r.failures)} failures, {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    report = fuzz(args.cases, args.seed, args.timeout, progress)
    print(
        f"cases {report.cases}, commands {report.commands}, exit codes {dict(sorted(report.exits.items()))}, "
        f"slowest command {report.slowest:.2f} s, failures {len(report.failures)}, {time.perf_counter() - start:.0f} s in all"
    )
    for f in report.failures[: args.show]:
        print(f"\n--- case {f.case}: {f.file} {f.mutations} {' '.join(f.command)}\n{f.why}")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
