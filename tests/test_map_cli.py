"""`evenhand map`: every format carries every claim; escaping; -o; Graphviz missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, write

SNAPSHOTS = Path(__file__).parent / "snapshots"
SVG_NS = "{http://www.w3.org/2000/svg}"
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")

TRICKY_TOPIC = """\
topic: tricky
title: Quotes "and" <brackets> & back\\slashes
question: 'Is [this] {safe} | "quoted" & <b>escaped</b>? #1'
claims:
  - id: t-s1
    position: supporters
    title: 'A "quoted" title with \\N and \\" and <b>tags</b> & [brackets] (parens) {braces}'
    evidence: [{source: src}]
    attacks: [t-r1]
  - id: t-l1
    position: critics-left
    title: "Semicolons; pipes | hashes #35; and `backticks` end"
    evidence: [{source: src}]
    attacks: [t-s1]
  - id: t-r1
    position: critics-right
    title: Ünïcödé — “typographic” quotes and an end
    evidence: [{source: src}]
    attacks: [t-s1]
    supports: [t-l1]
"""

SUB_TOPIC = """\
topic: tricky-sub
title: A sub-topic
parent: tricky
question: Does the sub-topic come along?
claims:
  - id: ts-s1
    position: supporters
    title: Sub-topic claims are drawn too
    evidence: [{source: src}]
  - id: ts-r1
    position: critics-right
    title: They hang in a cluster
    evidence: [{source: src}]
    attacks: [ts-s1]
"""


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    lib = tmp_path / "tricky"
    write(lib / "arguments" / "tricky.yaml", TRICKY_TOPIC)
    write(lib / "arguments" / "tricky-sub.yaml", SUB_TOPIC)
    write(lib / "seeds" / "sources.yaml", "- id: src\n  title: A source\n")
    return lib


def bundled_claims(topic: str = "migration-cooperation"):
    from evenhand.readers.library import load_library

    lib, _ = load_library(REPO)
    return [c for t in lib.subtree(topic) for c in t.claims]


def svg_node_titles(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {
        g.find(f"{SVG_NS}title").text
        for g in root.iter(f"{SVG_NS}g")
        if "node" in (g.get("class") or "").split() and g.find(f"{SVG_NS}title") is not None
    }


@needs_dot
def test_svg_parses_and_carries_every_claim_id(cli):
    result = cli("map", "migration-cooperation", "--format", "svg")
    assert result.code == 0, result.err
    root = ET.fromstring(result.out)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox")
    assert "<!DOCTYPE" not in result.out
    titles = svg_node_titles(result.out)
    claims = bundled_claims()
    assert len(claims) > 40  # sub-topics came along
    assert {c.id for c in claims} <= titles
    assert "q:migration-cooperation" in titles


def test_dot_names_every_claim_and_goes_through_graphviz(cli, tmp_path):
    result = cli("map", "migration-cooperation", "--format", "dot")
    assert result.code == 0, result.err
    for c in bundled_claims():
        assert f'"{c.id}" [' in result.out
    assert 'subgraph "cluster_labor-pathways"' in result.out
    if not HAS_DOT:
        pytest.skip("Graphviz dot not installed")
    proc = subprocess.run(
        ["dot", "-Tsvg"], input=result.out, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr and "Error" not in proc.stderr, proc.stderr


def test_outline_lists_every_claim_title(cli):
    result = cli("map", "migration-cooperation", "--format", "outline")
    assert result.code == 0, result.err
    for c in bundled_claims():
        assert f"{c.title} [{c.id}]" in result.out
    assert result.lines[1].startswith("- Question: Should the United States manage migration")


def test_mermaid_names_every_claim(cli):
    result = cli("map", "migration-cooperation", "--format", "mermaid")
    assert result.code == 0, result.err
    assert result.lines[0] == "flowchart RL"
    from evenhand.writers.map_mermaid import escape

    flat = result.out.replace("<br>", " ")
    for c in bundled_claims():
        assert f"c_{c.id.replace('-', '_')}" in result.out
        assert escape(c.title) in flat


def test_mermaid_snapshot_with_tricky_characters(cli, tricky):
    result = cli("map", "tricky", "--format", "mermaid", "-L", str(tricky))
    assert result.code == 0, result.err
    expected = (SNAPSHOTS / "map-tricky.mmd").read_text(encoding="utf-8")
    assert result.out == expected
    # nothing from a title can end a label or a line: every label line has exactly two quotes
    for line in result.out.splitlines():
        if line.strip().startswith(("c_", "q_", "t_")) and "--" not in line and ".-" not in line:
            assert line.count('"') == 2, line


@needs_dot
def test_tricky_labels_survive_dot_and_svg(cli, tricky):
    dot = cli("map", "tricky", "--format", "dot", "-L", str(tricky))
    assert dot.code == 0, dot.err
    proc = subprocess.run(
        ["dot", "-Tsvg"], input=dot.out, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    svg = cli("map", "tricky", "--format", "svg", "-L", str(tricky))
    assert svg.code == 0, svg.err
    root = ET.fromstring(svg.out)
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
    text = " ".join(text.replace("\u00a0", " ").split())
    assert 'A "quoted" title with \\N and \\" and <b>tags</b> &' in text
    assert "Ünïcödé — “typographic” quotes" in text
    assert {"t-s1", "t-l1", "t-r1", "ts-s1", "ts-r1"} <= svg_node_titles(svg.out)


def test_output_file_is_written_and_stdout_stays_empty(cli, tmp_path):
    target = tmp_path / "out" / "map.txt"
    result = cli("map", "labor-pathways", "--format", "outline", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out == ""
    assert f"wrote {target}" in result.err
    assert "Legal channels can replace some irregular ones [lp-s1]" in target.read_text(
        encoding="utf-8"
    )
    assert [p.name for p in target.parent.iterdir()] == ["map.txt"]  # no temporary file left


def test_evidence_leaves(cli):
    result = cli("map", "labor-pathways", "--format", "outline", "--evidence")
    assert result.code == 0, result.err
    assert "    - E1 evidence for S1: " in result.out


def test_unknown_topic_is_a_command_line_error(cli):
    result = cli("map", "labour-pathways")
    assert result.code == 2
    assert (
        result.err.strip()
        == "evenhand: error: unknown topic 'labour-pathways' (did you mean 'labor-pathways'?)"
    )


def path_without_dot(tmp_path: Path) -> dict:
    """An environment whose PATH holds python and nothing else."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python")
    return {"PATH": str(bindir)}


def test_svg_without_graphviz_says_what_to_do(cli, tmp_path):
    result = cli("map", "labor-pathways", "--format", "svg", env=path_without_dot(tmp_path))
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("evenhand: error: Graphviz `dot` is not installed")
    assert "--format outline" in result.err and "install Graphviz" in result.err


def test_outline_and_mermaid_need_no_graphviz(cli, tmp_path):
    env = path_without_dot(tmp_path)
    claim = "Legal channels can replace some irregular ones"
    shown = {
        "outline": f"{claim} [lp-s1]",
        "mermaid": 'c_lp_s1("S1 · Legal channels can replace<br>some irregular ones")',
        "dot": '"lp-s1" [',
    }
    for fmt, expected in shown.items():
        result = cli("map", "labor-pathways", "--format", fmt, env=env)
        assert result.code == 0, (fmt, result.err)
        assert expected in result.out, (fmt, result.out[:500])
        assert "Graphviz" not in result.err, (fmt, result.err)
