"""Graph lints in `evenhand validate`: unanswered (info), near-duplicate and isolated claims (warnings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

TOPIC = """\
topic: lints
title: Lints
question: Does the graph lint work?
claims:
  - id: a-s1
    position: supporters
    title: The first claim
    evidence: [{source: src}]
    attacks: [a-r1]
  - id: a-l1
    position: critics-left
    title: "The FIRST   claim!"
    evidence: [{source: src}]
    attacks: [a-s1]
  - id: a-r1
    position: critics-right
    title: A claim answered by a supporter
    text: Same words here.
    evidence: [{source: src}]
  - id: a-r2
    position: critics-right
    title: A lonely claim
    text: "same words, here"
    evidence: [{source: src}]
"""

QUIET = """\
topic: quiet
title: No relations at all
question: Are claims without any relation isolated?
claims:
  - {id: q-s1, position: supporters, title: One, evidence: [{source: src}]}
  - {id: q-l1, position: critics-left, title: Two, evidence: [{source: src}]}
  - {id: q-r1, position: critics-right, title: Three, evidence: [{source: src}]}
"""


@pytest.fixture
def lints(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    write(lib / "arguments" / "lints.yaml", TOPIC)
    write(lib / "arguments" / "quiet.yaml", QUIET)
    write(lib / "seeds" / "sources.yaml", "- id: src\n  title: A source\n")
    return lib


def test_graph_lints_at_their_claims(cli, lints):
    result = cli("validate", cwd=lints)
    assert result.code == 0, result.out + result.err  # warnings and notes do not fail validate
    # the graph lints only (the fixture's shouted "FIRST" also gets the acronym note of the glossary check)
    lines = [
        line
        for line in result.lines
        if line.startswith("arguments/lints.yaml") and "acronym" not in line
    ]
    assert lines == [
        "arguments/lints.yaml:10:9: warning: claim 'a-l1' has the same title as claim 'a-s1' (arguments/lints.yaml:5:9); merge them or tell them apart",
        "arguments/lints.yaml:10:9: info: claim 'a-l1' is not answered: no claim of another position attacks it",
        "arguments/lints.yaml:20:9: warning: claim 'a-r2' has the same text as claim 'a-r1' (arguments/lints.yaml:15:9); merge them or tell them apart",
        "arguments/lints.yaml:20:9: warning: claim 'a-r2' is isolated: it attacks or supports no claim and none answers it, while other claims of topic 'lints' are linked",
        "arguments/lints.yaml:20:9: info: claim 'a-r2' is not answered: no claim of another position attacks it",
    ]


def test_a_topic_without_relations_has_no_isolated_claims(cli, lints):
    result = cli("validate", cwd=lints)
    quiet = [line for line in result.lines if line.startswith("arguments/quiet.yaml")]
    assert quiet and all(": info: " in line and "is not answered" in line for line in quiet)


def test_strict_turns_graph_warnings_into_errors(cli, lints):
    result = cli("validate", "--strict", cwd=lints)
    assert result.code == 1
    assert "arguments/lints.yaml:20:9: error: claim 'a-r2' is isolated" in result.out


def test_supports_cycle_is_reported_once_by_the_cycle_check(cli, lints):
    text = TOPIC.replace(
        "    attacks: [a-r1]\n", "    attacks: [a-r1]\n    supports: [a-l1]\n"
    ).replace("    attacks: [a-s1]\n", "    attacks: [a-s1]\n    supports: [a-s1]\n")
    write(lints / "arguments" / "lints.yaml", text)
    result = cli("validate", cwd=lints)
    assert result.code == 1
    assert sum(": error: supports form a cycle" in line for line in result.lines) == 1


def test_bundled_library_still_validates(cli):
    result = cli("validate")
    assert result.code == 0, result.out + result.err
    assert ": error:" not in result.out


def test_same_text_key_folds_case_punctuation_and_spaces():
    from evenhand.checks.graph import same_text_key

    assert (
        same_text_key("It's  the SAME, claim!")
        == same_text_key("its the same claim")
        == "its the same claim"
    )
    assert same_text_key("Café") == same_text_key("cafe")
