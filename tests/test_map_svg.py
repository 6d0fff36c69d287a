"""Graphviz runs (evenhand.writers.map_svg): a map laid out once per process, a crash retried
with straight edges, a failure reported and never kept."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from evenhand.writers import map_svg

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")

GRAPH = 'digraph { a [label="Teenagers sleep later"]; b [label="Schools start early"]; a -> b }'


@pytest.fixture
def runs(monkeypatch) -> list[list[str]]:
    """The argv of every `dot` this process starts from now on (with an empty layout memo)."""
    started: list[list[str]] = []
    run = map_svg._run

    def counted(argv, source, timeout):
        started.append(argv)
        return run(argv, source, timeout)

    monkeypatch.setattr(map_svg, "_run", counted)
    monkeypatch.setattr(map_svg, "_laid_out", type(map_svg._laid_out)())
    return started


def fake_dot(folder: Path, script: str, monkeypatch) -> None:
    """A `dot` on PATH that runs the shell ``script`` (its arguments in "$@")."""
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    dot.chmod(dot.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")


@needs_dot
def test_a_map_is_laid_out_once_per_process(runs):
    first = map_svg.dot_to_svg(GRAPH, label="Map")
    again = map_svg.dot_to_svg(GRAPH, label="Map")
    assert again == first and "Teenagers sleep later" in first and len(runs) == 1
    other = map_svg.dot_to_svg(GRAPH.replace("later", "longer"))
    assert "Teenagers sleep longer" in other and len(runs) == 2
    png = map_svg.dot_to_png(GRAPH, dpi=72)  # the same source as a PNG: another layout
    assert png.startswith(b"\x89PNG") and len(runs) == 3
    assert map_svg.dot_to_png(GRAPH, dpi=72) == png and len(runs) == 3


def test_the_memo_keeps_the_latest_layouts(runs, tmp_path, monkeypatch):
    fake_dot(tmp_path / "bin", "cat", monkeypatch)  # prints its input: "SVG" of the source
    sources = [f"<svg>{i}</svg>" for i in range(map_svg.LAID_OUT + 1)]
    for source in sources:
        assert map_svg.dot_to_svg(source) == source
    assert len(runs) == map_svg.LAID_OUT + 1
    map_svg.dot_to_svg(sources[-1])  # the newest is kept
    assert len(runs) == map_svg.LAID_OUT + 1
    map_svg.dot_to_svg(sources[0])  # the oldest was let go: laid out again
    assert len(runs) == map_svg.LAID_OUT + 2


def test_a_crash_is_retried_with_straight_edges(runs, tmp_path, monkeypatch):
    fake_dot(
        tmp_path / "bin",
        'case "$*" in *-Gsplines=line*) cat ;; *) kill -SEGV $$ ;; esac',
        monkeypatch,
    )
    assert map_svg.dot_to_svg("<svg>crashes once</svg>") == "<svg>crashes once</svg>"
    assert [argv[1:] for argv in runs] == [["-Tsvg"], ["-Tsvg", "-Gsplines=line", "-Gnslimit=1"]]


def test_a_failure_is_reported_and_not_kept(runs, tmp_path, monkeypatch):
    fake_dot(tmp_path / "bin", 'echo "Error: syntax error in line 1" >&2; exit 1', monkeypatch)
    for _ in range(2):
        with pytest.raises(map_svg.GraphvizFailed, match="syntax error in line 1"):
            map_svg.dot_to_svg("digraph {")
    assert len(runs) == 2  # tried again: a failure is not remembered


def test_the_memo_keeps_no_more_than_its_byte_budget(runs, tmp_path, monkeypatch):
    fake_dot(tmp_path / "bin", "cat", monkeypatch)
    monkeypatch.setattr(map_svg, "LAID_OUT_BYTES", 4000)
    big = "<svg>" + "x" * 1000 + "</svg>"  # 1,011 bytes, twice over with its source
    map_svg.dot_to_svg(big)
    map_svg.dot_to_svg(big)
    assert len(runs) == 2  # over a quarter of the budget: not kept
    small = [f"<svg>{i}{'y' * 300}</svg>" for i in range(8)]  # about 620 bytes each, kept
    for source in small:
        map_svg.dot_to_svg(source)
    assert map_svg._kept_bytes() <= 4000 and len(map_svg._laid_out) == 6  # the newest six
    map_svg.dot_to_svg(small[-1])
    assert len(runs) == 2 + 8
