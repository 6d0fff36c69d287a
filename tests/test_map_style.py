"""The map's drawing for paper and greyscale copies, read from `evenhand map --format dot` of the
bundled root topic: one double-headed edge per pair of claims attacking each other, every line and
border colour at least 3:1 against white, no text under 9 pt at full size, the bundled sans."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, run_cli

EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[(.*)\];$', re.M)


@pytest.fixture(scope="module")
def dot() -> str:
    result = run_cli("map", "migration-cooperation", "--format", "dot", cwd=REPO)
    assert result.code == 0, result.err
    return result.out


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (luminance(hex_colour) + 0.05)


def test_claims_attacking_each_other_share_one_double_headed_edge(dot):
    from evenhand.readers.library import load_library

    lib, _ = load_library(REPO)
    claims = {c.id: c for t in lib.subtree("migration-cooperation") for c in t.claims}
    mutual = {
        frozenset((a.id, b))
        for a in claims.values()
        for b in a.attacks
        if b in claims and a.id in claims[b].attacks
    }
    assert mutual, "the bundled library has claims that attack each other"
    edges = [(a, b, attrs) for a, b, attrs in EDGE.findall(dot) if not a.startswith("legend:")]
    for pair in mutual:
        between = [attrs for a, b, attrs in edges if frozenset((a, b)) == pair]
        assert len(between) == 1, (sorted(pair), between)
        assert (
            'dir="both"' in between[0]
            and 'arrowhead="tee"' in between[0]
            and 'arrowtail="tee"' in between[0]
        )
        assert 'style="dashed"' in between[0]
    one_way = [
        attrs
        for a, b, attrs in edges
        if frozenset((a, b)) not in mutual and 'class="attacks"' in attrs
    ]
    assert one_way and all('dir="both"' not in attrs for attrs in one_way)


def test_every_line_and_border_colour_is_at_least_3_to_1_against_white(dot):
    colours = set(re.findall(r'\b(?:color|fontcolor)="(#[0-9A-Fa-f]{6})"', dot))
    assert len(colours) >= 4
    for colour in colours:
        assert contrast_with_white(colour) >= 3.0, colour
    # the three default positions in the briefs' text colours, told apart by shape and border too
    assert {"#1D6B57", "#7B3D8C", "#9C5A12"} <= colours
    styles = re.findall(r'"legend:(supporters|critics-left|critics-right)" \[([^\]]*)\]', dot)
    borders = {
        pid: (re.search(r'style="([^"]*)"', a).group(1), 'peripheries="2"' in a)
        for pid, a in styles
    }
    assert len(set(borders.values())) == 3, borders


def test_no_text_under_9_pt_and_only_the_bundled_sans(dot):
    sizes = [float(v) for v in re.findall(r'\bfontsize="([\d.]+)"', dot)]
    assert sizes and min(sizes) >= 9.0
    assert set(re.findall(r'\bfontname="([^"]+)"', dot)) == {"Inter"}
