"""Write a synthetic, valid evenhand library of N claims across many topic files.

    python bench/make_library.py DIR --claims 10000 [--per-topic 20]

Every topic has claims for all three default positions, every claim cites a
source with a locator and a quote, and claims attack and support others in
the same topic (no `supports` cycles, every claim answered by another
position), so `evenhand validate` walks every check and reports nothing. Topics form a tree (ten children per parent); sources sit
in several seeds files. The output is deterministic.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

POSITIONS = ("supporters", "critics-left", "critics-right")
CLAIMS_PER_SOURCE = 50
SOURCES_PER_FILE = 100

WORDS = [
    "migration",
    "policy",
    "cooperation",
    "asylum",
    "visas",
    "labour",
    "border",
    "enforcement",
    "protection",
    "development",
    "regional",
    "returns",
    "evidence",
    "shelters",
    "capacity",
    "integration",
    "reform",
]


def words(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def topic_yaml(t: int, first_claim: int, n_claims: int, n_sources: int) -> str:
    lines = [
        f"topic: topic-{t:06d}",
        f"title: Synthetic topic {t}",
    ]
    if t > 0:
        lines.append(f"parent: topic-{(t - 1) // 10:06d}")
    lines += [
        f"question: Should we {words(t, 6)}?",
        "background: |",
        f"  {words(t, 12)}.",
        f"  {words(t + 1, 12)}.",
        "facts:",
        f"  - text: {words(t + 2, 10)}.",
        "    evidence:",
        f"      - source: source-{first_claim // CLAIMS_PER_SOURCE % n_sources:06d}",
        "        locator: Table 1",
        "questions:",
        f"  - {words(t + 3, 8)}?",
        "tags: [synthetic, bench]",
        "claims:",
    ]
    for k in range(n_claims):
        c = first_claim + k
        lines += [
            f"  - id: c{c:07d}",
            f"    position: {POSITIONS[k % 3]}",
            f"    title: Claim {c} on {words(c, 6)}",
            "    text: |",
            f"      Claim {c} says {words(c + 1, 14)}.",
            f"      {words(c + 2, 14)}.",
            "    evidence:",
            f"      - source: source-{c // CLAIMS_PER_SOURCE % n_sources:06d}",
            f"        locator: Section {c % 9 + 1}",
            f'        quote: "{words(c + 3, 9)}"',
            f"        note: {words(c + 4, 6)}",
        ]
        last = first_claim + n_claims - 1
        if k >= 1:  # every claim answers the one before it, of another position
            lines.append(f"    attacks: [c{c - 1:07d}]")
        elif n_claims > 1 and (n_claims - 1) % 3:  # and the first answers the last
            lines.append(f"    attacks: [c{last:07d}]")
        if k >= 3:
            lines.append(f"    supports: [c{c - 3:07d}]")  # always to an earlier claim: no cycle
    return "\n".join(lines) + "\n"


def sources_yaml(first: int, count: int) -> str:
    lines = []
    for s in range(first, first + count):
        lines += [
            f"- id: source-{s:06d}",
            "  type: report",
            f"  title: Synthetic report {s}",
            "  author:",
            f"    - {{family: Author{s}, given: Ann}}",
            "  publisher: Bench Press",
            f'  issued: "{2000 + s % 25}"',
        ]
    return "\n".join(lines) + "\n"


def make_library(dest: Path, claims: int, per_topic: int = 20) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    n_topics = max(1, -(-claims // per_topic))
    n_sources = max(1, -(-claims // CLAIMS_PER_SOURCE))
    for t in range(n_topics):
        first = t * per_topic
        n = min(per_topic, claims - first)
        folder = dest / "arguments" / f"group-{t // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"topic-{t:06d}.yaml").write_text(
            topic_yaml(t, first, n, n_sources), encoding="utf-8"
        )
    (dest / "seeds").mkdir(parents=True)
    for i, first in enumerate(range(0, n_sources, SOURCES_PER_FILE)):
        count = min(SOURCES_PER_FILE, n_sources - first)
        (dest / "seeds" / f"sources-{i:04d}.yaml").write_text(
            sources_yaml(first, count), encoding="utf-8"
        )
    (dest / "briefs").mkdir()
    (dest / "briefs" / "all.yaml").write_text(
        "title: Synthetic brief\ntopics: [topic-000000]\ntemplate: handout\nformats: [md]\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to (re)create")
    parser.add_argument(
        "--claims", type=int, default=10_000, help="number of claims (default 10000)"
    )
    parser.add_argument(
        "--per-topic", type=int, default=20, help="claims per topic file (default 20)"
    )
    args = parser.parse_args()
    make_library(args.dest, args.claims, args.per_topic)
    print(f"wrote {args.claims} claims to {args.dest}")


if __name__ == "__main__":
    main()
