"""The cards template in Word: Verbatim's styles (Pocket, Hat, Block, Tag, Cite, Underline),
every quotation a highlighted run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx.enum.text import WD_COLOR_INDEX

from conftest import run_cli
from docx_check import accessibility_problems, clean, headings, open_docx
from evenhand.assemble import assemble
from evenhand.readers.library import load_library

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}
LEVELS = {"Pocket": 1, "Hat": 2, "Block": 3, "Tag": 4}


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    lib = tmp_path_factory.mktemp("cards") / "lib"
    repo = Path(__file__).resolve().parent.parent
    for name in ("arguments", "seeds", "briefs"):
        shutil.copytree(repo / name, lib / name)
    result = run_cli("build", "migration-cards", "--format", "docx", cwd=lib, env=EPOCH)
    assert result.code == 0, result.err
    library, _ = load_library(str(lib))
    brief = assemble(library, library.recipes["migration-cards"], date="2024-05-01")
    return brief, open_docx(lib / "build" / "migration-cards.docx")


def test_cards_use_verbatims_styles_in_their_hierarchy(cards):
    brief, document = cards
    styles = {s.name for s in document.styles}
    assert {"Pocket", "Hat", "Block", "Tag", "Cite", "Underline"} <= styles
    for name, level in LEVELS.items():
        assert document.styles[name].base_style.name == f"Heading {level}"
    outline = [h for h in headings(document) if h.style in LEVELS]
    assert [h.level for h in outline] == [LEVELS[h.style] for h in outline]
    # Pocket → Hat → Block → Tag, never skipping a level
    previous = 0
    for h in outline:
        assert h.level <= previous + 1, h
        previous = h.level
    assert [h.text for h in outline if h.style == "Pocket"] == ["PRO", "CON"]
    hats = [h.text for h in outline if h.style == "Hat" and h.text != "Unanswered"]
    assert hats == [f"{s.letter} {s.position.label}" for s in brief.sections]
    assert [h.text for h in outline if h.style == "Block" and not h.text.startswith("A2: ")] == ["Case"] * 3


def test_each_quoted_evidence_is_a_card_under_its_claims_tag(cards):
    brief, document = cards
    paragraphs = document.paragraphs
    tags = [i for i, p in enumerate(paragraphs) if p.style.name == "Tag"]
    own_cards = []
    for i in tags:
        cite, text = paragraphs[i + 1], paragraphs[i + 2]
        assert cite.style.name == "Cite Line"
        assert cite.runs[0].style.name == "Cite" and cite.runs[0].text
        if text.style.name == "Card Text":
            own_cards.append((clean(paragraphs[i].text), clean(text.text)))
    expected = [(f"{bc.label} {bc.claim.title}", " ".join(ce.evidence.quote.split()))
                for s in brief.sections for bc in s.claims for ce in bc.evidence if ce.evidence.quote]
    for card in expected:
        assert card in own_cards
    assert len(expected) >= 30


def test_every_quotation_is_a_highlighted_underlined_run(cards):
    brief, document = cards
    quotes = {" ".join(ce.evidence.quote.split()) for bc in brief.claims for ce in bc.evidence if ce.evidence.quote}
    highlighted = set()
    for p in document.paragraphs:
        for run in p.runs:
            if run.font.highlight_color == WD_COLOR_INDEX.YELLOW:
                assert run.style.name == "Underline"
                assert p.style.name == "Card Text"
                highlighted.add(run.text)
    assert highlighted == quotes
    underline = document.styles["Underline"]
    assert underline.font.underline and document.styles["Card Text"].font.size.pt < underline.font.size.pt


def test_answer_blocks_follow_the_clashes_across_sides(cards):
    brief, document = cards
    blocks = [h.text for h in headings(document) if h.style == "Block" and h.text.startswith("A2: ")]
    expected = {f"A2: {x.target.claim.title} ({x.target.label})" for x in brief.clashes
                if x.attacker.position.stance != x.target.position.stance}
    assert set(blocks) == expected and expected


def test_unanswered_lists_the_other_sides_claims_nothing_attacks(cards):
    brief, document = cards
    texts = [clean(p.text) for p in document.paragraphs]
    for stance in ("pro", "con"):
        answered = {x.target.claim.id for x in brief.clashes if x.attacker.position.stance == stance}
        gaps = [bc for bc in brief.claims if bc.position.stance != stance and bc.claim.id not in answered]
        for bc in gaps:
            assert f"{bc.label} {bc.claim.title} ({bc.position.stance.upper()} · {bc.position.label})" in texts


def test_cards_pass_the_accessibility_checks(cards):
    _, document = cards
    assert accessibility_problems(document) == []
    assert document.core_properties.category == "Debate cards"
