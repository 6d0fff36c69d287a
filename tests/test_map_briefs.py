"""The argument map in briefs: an <img> with alt text and the outline in the handout, Mermaid in Markdown,
and a brief that still builds, outline only, where Graphviz is missing."""

from __future__ import annotations

import base64
import html as htmllib
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, pdf_text, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}
HAS_DOT = shutil.which("dot") is not None
IMG = re.compile(
    r'<img class="map" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"'
)


def build_html(lib: Path, env: dict | None = None, *extra: str):
    out = lib / "out.html"
    result = run_cli(
        "build",
        "handout",
        "--format",
        "html",
        "-o",
        str(out),
        *extra,
        cwd=lib,
        env={**EPOCH, **(env or {})},
    )
    return result, (out.read_text(encoding="utf-8") if out.exists() else "")


def no_dot_env(tmp_path: Path) -> dict:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python")
    return {"PATH": str(bindir)}


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_handout_html_carries_the_map_with_alt_and_outline(tiny_library):
    result, page = build_html(tiny_library)
    assert result.code == 0, result.err
    images = IMG.findall(page)
    assert len(images) == 1  # three claims: one map
    data, alt = images[0]
    alt = htmllib.unescape(alt)
    assert alt.startswith(
        "Argument map of the question “Should our school day start an hour later?”: 3 claims"
    )
    svg = ET.fromstring(base64.b64decode(data))
    titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
    assert {"sst-s1", "sst-l1", "sst-r1"} <= titles
    # the outline comes right after the figure, as its text equivalent
    after = page[page.index("</figure>", page.index('<figure class="map">')) + len("</figure>") :]
    assert after.lstrip().startswith('<div class="map-outline"><ul class="map-outline">')
    assert "S1 (Supporters) attacks R1:</span> Teenagers learn better after more sleep" in after


def test_handout_builds_without_graphviz_with_the_outline_and_one_warning(tiny_library, tmp_path):
    result, page = build_html(tiny_library, no_dot_env(tmp_path))
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "Graphviz" in line]
    assert warnings == [
        "briefs/handout.yaml: warning: Graphviz `dot` is not installed, so the argument map is given as an outline only "
        "(install the graphviz package for the drawing)"
    ]
    assert "<img" not in page
    assert "<h2>Argument map</h2>" in page
    assert (
        "Teenagers learn better after more sleep" in page[page.index('<ul class="map-outline">') :]
    )


def test_handout_pdf_builds_without_graphviz(tiny_library, tmp_path):
    out = tmp_path / "h.pdf"
    result = run_cli(
        "build",
        "handout",
        "--format",
        "pdf",
        "-o",
        str(out),
        cwd=tiny_library,
        env={**EPOCH, **no_dot_env(tmp_path)},
    )
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(out).split())  # the outline's lines wrap
    assert "Argument map" in text
    assert (
        "S1 (Supporters) attacks R1: Teenagers learn better after more sleep"
        in text[text.index("Argument map") :]
    )


def test_markdown_brief_carries_a_mermaid_flowchart(tiny_library, tmp_path):
    out = tmp_path / "h.md"
    result = run_cli(
        "build",
        "handout",
        "--format",
        "md",
        "-o",
        str(out),
        cwd=tiny_library,
        env={**EPOCH, **no_dot_env(tmp_path)},
    )
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    block = text[text.index("```mermaid\n") + 11 :]
    block = block[: block.index("\n```")]
    assert block.startswith("flowchart RL\n")
    for cid in ("c_sst_s1", "c_sst_l1", "c_sst_r1"):
        assert cid in block
    assert "Graphviz" not in result.err  # Markdown needs no Graphviz


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_a_big_topics_brief_maps_exactly_the_claims_it_prints(library_copy):
    """The bundled root topic (93 claims with its sub-topics): the handout's map draws the question
    and the claims the brief prints, no other, and names no sub-topic it does not draw."""
    out = library_copy / "out.html"
    result = run_cli(
        "build",
        "--topic",
        "migration-cooperation",
        "--template",
        "handout",
        "--format",
        "html",
        "-o",
        str(out),
        cwd=library_copy,
        env=EPOCH,
    )
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    printed = re.findall(r'<article class="claim" id="claim-([a-z0-9-]+)">', page)
    assert len(printed) >= 6
    images = IMG.findall(page)
    assert len(images) == 1
    assert page.count('<div class="map-outline">') == 1
    svg = ET.fromstring(base64.b64decode(images[0][0]))
    titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title") if t.text]
    claims = [t for t in titles if re.fullmatch(r"[a-z]+-[slr]\d+", t)]  # node titles are claim ids
    assert sorted(claims) == sorted(printed)
    assert "q:migration-cooperation" in titles
    assert '<p class="map-subtopics">' not in page
    # the legend is a drawing of its own, above the map, with its alternative text
    assert '<img class="map-legend"' in page and 'alt="Legend: S: Supporters, rounded box;' in page


def test_a_map_used_only_in_an_included_part_is_drawn(tiny_library, tmp_path):
    """Maps are drawn only for templates that show them; a part the template includes counts."""
    out = tmp_path / "cards.md"
    args = (
        "build",
        "--topic",
        "school-start-time",
        "--template",
        "cards",
        "--format",
        "md",
        "-o",
        str(out),
    )
    result = run_cli(*args, cwd=tiny_library, env=EPOCH)
    assert result.code == 0, result.err
    assert "```mermaid" not in out.read_text(encoding="utf-8")  # the built-in cards show no map

    templates = tiny_library / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "cards.md.j2").write_text(
        '# {{ brief.title }}\n\n{% include "_map.md.j2" %}\n', encoding="utf-8"
    )
    (templates / "_map.md.j2").write_text("```mermaid\n{{ map_mermaid }}\n```\n", encoding="utf-8")
    result = run_cli(*args, cwd=tiny_library, env=EPOCH)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "```mermaid\nflowchart RL\n" in text
    for cid in ("c_sst_s1", "c_sst_l1", "c_sst_r1"):
        assert cid in text


# -- which drawing of a map page a brief prints (writers/map_fit) ---------------------------


def _drawn_at(sizes: list[tuple[float, float]]):
    """A stand-in for Graphviz: layout i of map_fit.LAYOUTS drawn sizes[i] points large (only the
    choice among drawings is tested here; the drawings themselves by the tests above). Returns
    the drawing function and the layouts it was asked for."""
    from evenhand.writers.map_fit import LAYOUTS

    asked: list[tuple[str, int]] = []

    def draw(page, rankdir: str, wrap: int) -> str:
        asked.append((rankdir, wrap))
        w, h = sizes[LAYOUTS.index((rankdir, wrap))]
        return f'<svg width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}"></svg>'

    return draw, asked


def test_a_map_page_takes_the_first_layout_at_full_size_else_the_largest_drawing_alone():
    import random

    from evenhand.graph import build_map
    from evenhand.readers.library import load_library
    from evenhand.writers.map_dot import SMALL_SIZE
    from evenhand.writers.map_fit import LAYOUTS, MIN_TEXT_PT, NEAR_FULL, fit_pages, text_block

    library, _ = load_library(REPO)
    page = build_map(library, "labor-pathways")
    width, height = text_block("letter")
    rng = random.Random(11)
    for case in range(300):
        # scales from the smallest a page keeps (smaller ones cut it into more pages) to 1:1;
        # ties on purpose (each scale is one of a few); in a third of the cases none at full size
        scales = [
            rng.choice([MIN_TEXT_PT / SMALL_SIZE, 0.97, NEAR_FULL, 1.0][: 2 + case % 3])
            for _ in LAYOUTS
        ]
        sizes = [(width / s, height / 2) for s in scales]
        draw, asked = _drawn_at(sizes)
        (fitted,) = fit_pages([page], "letter", draw)
        full = [i for i, s in enumerate(scales) if s >= NEAR_FULL]
        chosen = full[0] if full else scales.index(max(scales))
        assert (fitted.rankdir, fitted.wrap) == LAYOUTS[chosen], scales
        assert fitted.scale == pytest.approx(scales[chosen])
        # drawn two at a time, in order, up to the pair that holds the first at full size
        drawn = (full[0] // 2 + 1) * 2 if full else len(LAYOUTS)
        assert sorted(asked) == sorted(LAYOUTS[:drawn]), scales
