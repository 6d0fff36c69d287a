"""The cards template in Word: the same card set as the Markdown and HTML cards (side → position →
block → card), in Verbatim's styles (Pocket, Hat, Block, Tag, Cite, Underline), the quoted words of
each card highlighted in the text cut from its source."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from conftest import REPO, SOURCES_DIR, run_cli
from docx.enum.text import WD_COLOR_INDEX
from docx_check import accessibility_problems, clean, headings, open_docx

from evenhand.assemble import assemble
from evenhand.readers.library import load_library

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}
LEVELS = {"Pocket": 1, "Hat": 2, "Block": 3, "Tag": 4}


def words(text: str) -> list[str]:
    """Lower-case words, punctuation and typography aside."""
    return re.findall(r"[a-z0-9]+", html.unescape(text).lower().replace("’", "'"))


def md_outline(md: str) -> list[tuple[int, str]]:
    """The Markdown cards' headings from the first side on (after the title and the contents)."""
    found = [
        (len(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^(#{1,4}) (.+)$", md, re.M)
    ]
    start = (
        next(i for i, (level, text) in enumerate(found) if level == 2 and text == "Contents") + 1
    )
    return [(level, text.replace("\\", "")) for level, text in found[start:]]


def verbatim_outline(document) -> list[tuple[int, str]]:
    return [(LEVELS[h.style], h.text) for h in headings(document) if h.style in LEVELS]


def highlighted(paragraph) -> list:
    return [r for r in paragraph.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    if not SOURCES_DIR.is_dir():
        pytest.skip("needs ../shared/sources")
    lib = tmp_path_factory.mktemp("cards") / "lib"
    for name in ("arguments", "seeds", "briefs"):
        shutil.copytree(REPO / name, lib / name)
    return lib


@pytest.fixture(scope="module")
def cards(bundled_build):
    """The bundled cards recipe as Word and Markdown, cut from ../shared/sources: the shared
    `build --all` (conftest.bundled_build)."""
    if not SOURCES_DIR.is_dir():
        pytest.skip("needs ../shared/sources")
    built, result = bundled_build
    assert result.code == 0, result.err
    # every quotation found in its source's text: no fallback warning of the migration cards
    assert "migration-cards.yaml: cards:" not in result.err
    library, _ = load_library(str(built))
    brief = assemble(library, library.recipes["migration-cards"], date="2024-05-01")
    md = (built / "build" / "migration-cards.md").read_text(encoding="utf-8")
    return brief, open_docx(built / "build" / "migration-cards.docx"), md


def test_cards_use_verbatims_styles_in_their_hierarchy(cards):
    _, document, _ = cards
    styles = {s.name for s in document.styles}
    assert {"Pocket", "Hat", "Block", "Tag", "Cite", "Underline"} <= styles
    for name, level in LEVELS.items():
        assert document.styles[name].base_style.name == f"Heading {level}"
    outline = [h for h in headings(document) if h.style in LEVELS]
    assert [h.level for h in outline] == [LEVELS[h.style] for h in outline]
    previous = 0
    for h in outline:  # Pocket → Hat → Block → Tag, never skipping a level
        assert h.level <= previous + 1, h
        previous = h.level


def test_pocket_hat_block_tag_outline_is_the_markdown_cards_headings(cards):
    brief, document, md = cards
    outline = verbatim_outline(document)
    assert outline == md_outline(md)
    assert [text for level, text in outline if level == 1] == ["PRO", "CON"]
    assert [text for level, text in outline if level == 2 and text != "Unanswered"] == [
        f"{s.position.stance.upper()} · {s.position.label}" for s in brief.sections
    ]
    # one tag per claim, "S1. <title>" as the Markdown's "#### S1. <title>"
    assert [text for level, text in outline if level == 4] == [
        f"{bc.label}. {bc.claim.title}" for bc in brief.claims
    ]
    assert len(brief.claims) == 12


def test_each_card_has_its_cites_then_its_text_cut_in_context(cards):
    brief, document, _ = cards
    paragraphs = document.paragraphs
    tags = {clean(p.text): i for i, p in enumerate(paragraphs) if p.style.name == "Tag"}
    for bc in brief.claims:
        i = tags[f"{bc.label}. {bc.claim.title}"]
        cites = []
        for p in paragraphs[i + 1 :]:
            if p.style.name in LEVELS:
                break
            if p.style.name == "Cite Line":
                assert p.runs[0].style.name == "Cite" and p.runs[0].text
                cites.append(p)
        # every evidence item under the claim's one tag
        assert len(cites) == len(bc.evidence), bc.label
    texts = [p for p in paragraphs if p.style.name == "Card Text" and highlighted(p)]
    in_context = [
        p
        for p in texts
        if len(words(p.text)) > len(words(" ".join(r.text for r in highlighted(p))))
    ]
    # cut from the source: its words around the quotation
    assert len(in_context) >= len(texts) * 0.8
    smaller = [
        r for p in texts for r in p.runs if r.font.highlight_color is None and r.text.strip()
    ]
    assert smaller and all(r.style.name != "Underline" and r.font.size is None for r in smaller)
    assert document.styles["Card Text"].font.size.pt < document.styles["Underline"].font.size.pt


def test_highlighted_runs_are_the_quotations(cards):
    brief, document, _ = cards
    quotes = sorted(
        words(ce.evidence.quote) for bc in brief.claims for ce in bc.evidence if ce.evidence.quote
    )
    read = []
    for p in document.paragraphs:
        runs = highlighted(p)
        for run in runs:
            assert run.style.name == "Underline" and p.style.name == "Card Text"
        if runs:
            read.append(words(" ".join(r.text for r in runs)))
    assert sorted(read) == quotes
    assert len(quotes) >= 30
    assert document.styles["Underline"].font.underline


def test_answer_blocks_and_unanswered_follow_the_card_set(cards):
    brief, document, _ = cards
    blocks = [
        h.text for h in headings(document) if h.style == "Block" and h.text.startswith("A2: ")
    ]
    expected = {
        f"A2: {x.target.claim.title} ({x.target.label})"
        for x in brief.clashes
        if x.attacker.position.stance != x.target.position.stance
    }
    assert set(blocks) == expected and expected
    texts = [clean(p.text) for p in document.paragraphs]
    for stance in ("pro", "con"):
        answered = {
            x.target.claim.id for x in brief.clashes if x.attacker.position.stance == stance
        }
        gaps = [
            bc
            for bc in brief.claims
            if bc.position.stance != stance and bc.claim.id not in answered
        ]
        for bc in gaps:
            assert (
                f"{bc.label}. {bc.claim.title} ({bc.position.stance.upper()} · {bc.position.label})"
                in texts
            )


def test_key_terms_line_lists_the_html_cards_terms_in_order(cards, bundled_cards_html):
    brief, document, _ = cards
    at, line = next(
        (i, p) for i, p in enumerate(document.paragraphs) if p.text.startswith("Key terms:")
    )
    assert line.style.name == "Key Term" and at < 8  # near the start
    terms = [r.text for r in line.runs[1:] if r.bold]
    page = bundled_cards_html.read_text(encoding="utf-8")
    box = re.search(r'<aside class="key-terms".*?</aside>', page, re.S).group(0)
    assert terms == [html.unescape(t) for t in re.findall(r"<dt>(.*?)</dt>", box)]
    assert len(terms) >= 5 and set(terms) <= {t.term for t in brief.key_terms}
    defined = {t.term: t.definition for t in brief.key_terms}
    assert all(defined[t].rstrip(".") in line.text for t in terms)


def test_cards_pass_the_accessibility_checks(cards):
    _, document, _ = cards
    assert accessibility_problems(document) == []
    assert document.core_properties.category == "Debate cards"


def test_side_con_gives_the_con_pocket_only(lib, tmp_path):
    out = tmp_path / "con.docx"
    result = run_cli(
        "build",
        "migration-cards",
        "-f",
        "docx",
        "-f",
        "md",
        "--side",
        "con",
        "--texts",
        str(SOURCES_DIR),
        "-o",
        str(out),
        cwd=lib,
        env=EPOCH,
    )
    assert result.code == 0, result.err
    document = open_docx(out)
    outline = verbatim_outline(document)
    assert outline == md_outline(out.with_suffix(".md").read_text(encoding="utf-8"))
    assert [text for level, text in outline if level == 1] == ["CON"]
    assert not any(text.startswith("S") and level == 4 for level, text in outline)
    assert "DEBATE CARDS · CON ·" in document.paragraphs[0].text
