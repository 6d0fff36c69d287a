"""Pathological inputs, timed as whole processes (issue #10, item 7 and 8).

    python bench/bench_hostile.py [--only NAME ...] [--timeout 60] [--list]

Each case writes a small hostile file (a Kialo export, an Argdown file, an AIF
graph, a library) into a scratch folder, then runs one `python -m evenhand`
command on it and reports the wall time, the exit code and whether the time
is within the case's goal. Nothing large is kept in the repository: every
input is generated here. Goals (issue #10): Kialo, Argdown, Markdown and
verify inputs read, built or refused in under 5 s; AIF import time in
proportion to the nodes (40,000 nodes at most 5 times 10,000; 100,000 under
15 s); a quote with a 6,000-letter word builds the one-pager PDF and Markdown
in under 10 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# --- inputs ----------------------------------------------------------------------------


def kialo(body_lines: list[str]) -> str:
    return "Discussion Title: Hostile\n\n1. Thesis: A thesis.\n" + "\n".join(body_lines) + "\n"


def kialo_escaped(size: int = 100_000) -> str:
    """Claims full of escaped brackets around unescaped ones: `[a\\] \\[b\\]` ..."""
    piece = "[a\\] \\[b\\] \\(c\\) "
    return kialo([f"1.1. Pro: {piece * (size // len(piece))}](x"])


def kialo_bracket_titles(size: int = 100_000) -> str:
    """Many claims whose titles are runs of `[` with a `](` but no link."""
    title = "[" * 400 + "](" + "[" * 100
    n = size // (len(title) + 12)
    return kialo([f"1.{i + 1}. {'Pro' if i % 2 else 'Con'}: {title}" for i in range(n)])


def kialo_see_chain(n: int = 1_200) -> str:
    """Claim 1.i. is a `-> See 1.(i+1).1.` link: each stance hangs on the next, 1,200 deep."""
    lines = []
    for i in range(1, n + 1):
        lines.append(f"1.{i}. Pro: -> See 1.{i + 1}.1.")
        lines.append(f"1.{i}.1. {'Con' if i % 2 else 'Pro'}: Claim number {i}.")
    lines.append(f"1.{n + 1}. Pro: The last claim.")
    lines.append(f"1.{n + 1}.1. Con: Its answer.")
    return kialo(lines)


def argdown_tags(size: int = 100_000) -> str:
    piece = "#(a #a#b "
    return "[S]: A statement " + piece * (size // len(piece)) + "\n"


def argdown_many_tags(size: int = 100_000) -> str:
    return "[S]: A statement " + " ".join(f"#t{i}" for i in range(size // 7)) + "\n"


def argdown_unclosed_comment(size: int = 100_000) -> str:
    return "[S]: A statement.\n\n" + "<!-- /* x " * (size // 10) + "\n"


def argdown_data(size: int = 100_000) -> str:
    return "[S]: A statement " + "{a{b{" * (size // 5) + "\n"


def aif_unconnected(n: int) -> str:
    nodes = [{"nodeID": str(i), "text": f"Statement number {i}.", "type": "I"} for i in range(n)]
    return json.dumps({"nodes": nodes, "edges": []}, indent=1)


def aif_chains(n: int, length: int = 10) -> str:
    """Premise -> RA -> conclusion -> RA -> ... chains of ``length`` I-nodes, ``n`` nodes in all."""
    nodes, edges = [], []
    i = 0
    while len(nodes) < n:
        prev = None
        for _ in range(length):
            nodes.append({"nodeID": f"i{i}", "text": f"Statement number {i}.", "type": "I"})
            if prev is not None:
                nodes.append({"nodeID": f"r{i}", "text": "Default Inference", "type": "RA"})
                edges.append({"edgeID": f"e{i}a", "fromID": prev, "toID": f"r{i}"})
                edges.append({"edgeID": f"e{i}b", "fromID": f"r{i}", "toID": f"i{i}"})
            prev = f"i{i}"
            i += 1
    return json.dumps({"nodes": nodes, "edges": edges}, indent=1)


def new_library(root: Path) -> Path:
    lib = root / "lib"
    subprocess.run(
        [sys.executable, "-m", "evenhand", "init", str(lib)], check=True, capture_output=True
    )
    return lib


def set_question(lib: Path, question: str) -> None:
    """Replace the topic's discussion question (`questions:`) with ``question``."""
    path = lib / "arguments" / "school-start-time.yaml"
    text = path.read_text()
    block = "  - |\n" + "".join(f"    {line}\n" if line else "\n" for line in question.split("\n"))
    path.write_text(text.replace("  - Who gains and who loses if the day starts later?\n", block))


def set_quote(lib: Path, quote: str) -> None:
    path = lib / "arguments" / "school-start-time.yaml"
    path.write_text(
        path.read_text().replace("quote: I can't think in first period.", f"quote: {quote}")
    )


def big_topic(lib: Path, n: int) -> None:
    """One topic of ``n`` claims (one line each, short position ids to stay under the 5 MB file limit)."""
    (lib / "arguments" / "positions.yaml").write_text(
        "- {id: s, label: Supporters, stance: pro}\n- {id: l, label: Left, stance: con}\n- {id: r, label: Right, stance: con}\n"
    )
    lines = ["topic: big", "title: A big topic", "question: Is this big?", "claims:"]
    for i in range(n):
        rel = "" if not i else f",attacks: [c{i - 1}]" if i % 3 else f",supports: [c{i - 3}]"
        lines.append(f"- {{id: c{i},position: {'slr'[i % 3]},title: T{rel}}}")
    (lib / "arguments" / "big.yaml").write_text("\n".join(lines) + "\n")
    (lib / "arguments" / "school-start-time.yaml").unlink()
    (lib / "briefs" / "handout.yaml").unlink()


# --- cases -------------------------------------------------------------------------------


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.write_text(text)
    return path


def import_case(fmt: str, name: str, make):
    def setup(root: Path) -> list[str]:
        lib = new_library(root)
        return ["import", fmt, str(write(root, name, make())), "-L", str(lib)]

    return setup


def question_case(question: str, fmt: str):
    def setup(root: Path) -> list[str]:
        lib = new_library(root)
        set_question(lib, question)
        return [
            "build",
            "--topic",
            "school-start-time",
            "--format",
            fmt,
            "--balance",
            "off",
            "-L",
            str(lib),
        ]

    return setup


def verify_case(root: Path) -> list[str]:
    lib = new_library(root)
    texts = root / "texts"
    texts.mkdir()
    (texts / "survey.txt").write_text(
        "I can't think in first period. "
        + "<sup>" * 100_000
        + " Who looks after them from eight to nine? I'd lose my shift at the store."
    )
    seeds = lib / "seeds" / "sources.yaml"
    seeds.write_text(seeds.read_text() + "  text: survey.txt\n")
    return ["verify", "--texts", str(texts), "-L", str(lib)]


def big_topic_case(n: int):
    def setup(root: Path) -> list[str]:
        lib = new_library(root)
        big_topic(lib, n)
        return ["build", "--topic", "big", "--format", "md", "--balance", "off", "-L", str(lib)]

    return setup


def long_word_case(fmt: str, letters: int = 6_000):
    def setup(root: Path) -> list[str]:
        lib = new_library(root)
        word = "".join("abcdefghij"[(i * 7) % 10] for i in range(letters))
        set_quote(lib, f"I can't think {word} in first period.")
        return [
            "build",
            "--topic",
            "school-start-time",
            "--template",
            "one-pager",
            "--format",
            fmt,
            "--balance",
            "off",
            "-L",
            str(lib),
        ]

    return setup


CASES = {
    "kialo-escaped-brackets-100k": (import_case("kialo", "k.txt", kialo_escaped), 5),
    "kialo-bracket-titles-100k": (import_case("kialo", "k.txt", kialo_bracket_titles), 5),
    "kialo-see-chain-1200": (import_case("kialo", "k.txt", kialo_see_chain), 5),
    "argdown-tags-100k": (import_case("argdown", "a.argdown", argdown_tags), 5),
    "argdown-distinct-tags-100k": (import_case("argdown", "a.argdown", argdown_many_tags), 5),
    "argdown-data-100k": (import_case("argdown", "a.argdown", argdown_data), 5),
    "argdown-unclosed-comment-100k": (
        import_case("argdown", "a.argdown", argdown_unclosed_comment),
        5,
    ),
    **{
        f"aif-unconnected-{n // 1000}k": (
            import_case("aif", "g.json", lambda n=n: aif_unconnected(n)),
            15,
        )
        for n in (10_000, 40_000, 100_000)
    },
    **{
        f"aif-chains-{n // 1000}k": (import_case("aif", "g.json", lambda n=n: aif_chains(n)), 15)
        for n in (10_000, 40_000, 100_000)
    },
    **{f"question-brackets-{fmt}": (question_case("[" * 20_000, fmt), 5) for fmt in ("md", "html")},
    **{
        f"question-open-links-{fmt}": (question_case("[a](" * 25_600, fmt), 5)
        for fmt in ("md", "html")
    },
    **{
        f"question-bracket-lines-{fmt}": (question_case("[\n" * 51_200, fmt), 5)
        for fmt in ("md", "html")
    },
    "verify-sup-openers-100k": (verify_case, 5),
    "topic-32k-claims-md": (big_topic_case(32_000), 5),
    "topic-90k-claims-md": (big_topic_case(90_000), 15),
    "long-word-one-pager-md": (long_word_case("md"), 10),
    "long-word-one-pager-pdf": (long_word_case("pdf"), 10),
}


def run(name: str, timeout: float) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, the process and its PDF worker) and the outcome."""
    setup, goal = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        argv = setup(Path(tmp))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "evenhand", *argv],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            outcome = f"exit {proc.returncode}"
            if proc.returncode not in (0, 1):
                outcome += ": " + (proc.stderr.strip().splitlines() or [""])[-1][:100]
        except subprocess.TimeoutExpired:
            outcome = "TIMEOUT"
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return wall, cpu, outcome + ("" if wall < goal else f" (goal {goal} s MISSED)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="case names (or parts of names) to run")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    args = ap.parse_args()
    names = [n for n in CASES if not args.only or any(o in n for o in args.only)]
    if args.list:
        print("\n".join(names))
        return
    print(f"{'case':34s} {'wall':>8s} {'CPU':>8s}  outcome (goal on wall time)")
    for name in names:
        wall, cpu, outcome = run(name, args.timeout)
        print(f"{name:34s} {wall:7.2f}s {cpu:7.2f}s  {outcome}", flush=True)


if __name__ == "__main__":
    main()
