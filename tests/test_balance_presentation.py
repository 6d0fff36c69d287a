"""Even treatment, measured (issue 16): quoted, noted, acknowledged and second-hand per position.

Through the real CLI: the terminal table after `build`, `build --format json`,
the handout's appendix (Markdown), the `context:` acknowledgement printed with
its citation, the warn-level notice that names an uneven position, and the
source key `side`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import write

SIDES = """\
# Source records use CSL-JSON field names (type, title, author, issued, ...).
- id: class-survey
  type: report
  title: Class survey on the school start time
  author:
    - {literal: Our class}
  issued: "2026"
- id: teachers-letter
  type: report
  title: Letter from the teachers
  issued: "2026"
  side: critics-left
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_json(cli, root: Path, *more: str):
    out = root / "brief.json"
    result = cli(
        "build", "briefs/handout.yaml", "--format", "json", "-o", str(out), *more, cwd=root
    )
    assert result.code == 0, result.out + result.err
    return result, json.loads(out.read_text(encoding="utf-8"))


def test_build_prints_and_exports_how_each_side_is_presented(cli, tiny_library: Path) -> None:
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    edit(
        topic,
        "        quote: I can't think in first period.\n",
        "        quote: I can't think in first period.\n        note: One student's words.\n"
        '        context: "one answer of many"\n',
    )
    write(tiny_library / "seeds" / "sources.yaml", SIDES)
    edit(
        topic,
        "      - source: class-survey\n        locator: Question 5",
        "      - source: teachers-letter\n        locator: Question 5",
    )
    result, doc = build_json(cli, tiny_library)
    assert re.search(
        r"^  Position\s+Claims\s+Words\s+Evidence\s+Quoted\s+Noted\s+Context\s+2nd-hand\s+Grade$",
        result.out,
        re.M,
    ), result.out
    assert re.search(
        r"^  Supporters\s+1\s+\d+\s+1\s+1\s+1\s+1\s+0%\s+\d+\.\d$", result.out, re.M
    ), result.out
    assert re.search(
        r"^  Critics on the right\s+1\s+\d+\s+1\s+1\s+0\s+0\s+100%\s+\d+\.\d$", result.out, re.M
    ), result.out
    rows = {r["position"]: r for r in doc["balance"]}
    presented = ("position", "claims", "evidence", "quoted", "noted", "acknowledged", "second_hand")
    assert {k: rows["supporters"][k] for k in presented} == {
        "position": "supporters",
        "claims": 1,
        "evidence": 1,
        "quoted": 1,
        "noted": 1,
        "acknowledged": 1,
        "second_hand": 0.0,
    }
    # its only evidence comes from a source on the left's side
    assert rows["critics-right"]["second_hand"] == 1.0
    assert rows["critics-left"]["second_hand"] == 0.0
    # more than twice apart: named, as a warning, but the strict brief still builds
    assert (
        "warning: second-hand claims are uneven: critics-right 100%, supporters 0% (more than 2x apart)"
        in result.err
    )
    assert (
        "warning: evidence items with a note are uneven: supporters 100%, critics-left 0%"
        in result.err
    )
    assert doc["sections"][0]["claims"][0]["id"] == "sst-s1"


def test_balance_off_names_no_uneven_position(cli, tiny_library: Path) -> None:
    edit(
        tiny_library / "arguments" / "school-start-time.yaml",
        "        quote: I can't think in first period.\n",
        "        quote: I can't think in first period.\n        note: One student's words.\n",
    )
    result, _ = build_json(cli, tiny_library, "--balance", "off")
    assert "uneven" not in result.err
    result, _ = build_json(cli, tiny_library)
    assert "warning: evidence items with a note are uneven: supporters 100%" in result.err


def test_the_handout_prints_the_acknowledgement_with_the_citation_and_the_new_columns(
    cli, tiny_library: Path
) -> None:
    edit(
        tiny_library / "arguments" / "school-start-time.yaml",
        "        quote: Who looks after them from eight to nine?\n",
        "        quote: Who looks after them from eight to nine?\n        context: \"one parent's question, not the survey's finding\"\n",
    )
    result = cli("build", "briefs/handout.yaml", "--format", "md", cwd=tiny_library)
    assert result.code == 0, result.err
    md = (tiny_library / "build" / "handout.md").read_text(encoding="utf-8")
    assert re.search(
        r"> — .*Question 4.*\(one parent's question, not the survey's finding\)\n", md
    ), md
    assert (
        "| Position | Claims | Words | Evidence items | Quoted | With a note | Context noted | Second-hand claims |"
        in md
    )
    assert re.search(r"\| Critics on the left \| 1 \| \d+ \| 1 \| 1 \| 0 \| 1 \| 0% \|", md), md
    cards = cli(
        "build",
        "--topic",
        "school-start-time",
        "--template",
        "cards",
        "--format",
        "md",
        "-o",
        "cards.md",
        cwd=tiny_library,
    )
    assert cards.code == 0, cards.err
    assert "(one parent's question, not the survey's finding)" in (
        tiny_library / "cards.md"
    ).read_text(encoding="utf-8")


def test_an_unknown_side_is_a_located_error(cli, tiny_library: Path) -> None:
    write(
        tiny_library / "seeds" / "sources.yaml",
        SIDES.replace("side: critics-left", "side: critics-lefft"),
    )
    result = cli("validate", cwd=tiny_library)
    assert result.code == 1
    assert (
        "seeds/sources.yaml:12:9: error: unknown position 'critics-lefft' in side (did you mean 'critics-left'?)"
        in result.out
    )


def test_the_root_handout_is_even_within_the_stated_factor(cli, tmp_path: Path) -> None:
    from conftest import REPO

    from evenhand.evenness import FACTOR, FLOOR

    out = tmp_path / "handout.json"
    result = cli(
        "build", "briefs/migration-handout.yaml", "--format", "json", "-o", str(out), cwd=REPO
    )
    assert result.code == 0, result.err
    assert "uneven" not in result.err
    rows = json.loads(out.read_text(encoding="utf-8"))["balance"]
    noted = [max(r["noted"] / r["evidence"], FLOOR) for r in rows]
    second = [max(r["second_hand"], FLOOR) for r in rows]
    assert max(noted) <= FACTOR * min(noted), rows
    assert max(second) <= FACTOR * min(second), rows
    # every side's inferences are marked, not only the right's
    assert all(r["noted"] > 0 for r in rows), rows
    chosen = {
        c["id"]
        for s in json.loads(out.read_text(encoding="utf-8"))["sections"]
        for c in s["claims"]
    }
    assert {
        "mc-r4",
        "mc-r2",
        "mc-s2",
    } <= chosen  # Remain in Mexico's cost, the smuggling argument, the safe border
