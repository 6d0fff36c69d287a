"""The bundled library keeps the promises of its issue: shape, balance, sources, own words."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import REPO, SOURCES_DIR, run_cli

from evenhand.assemble import count_words
from evenhand.readers.library import load_library

ROOT = "migration-cooperation"
POSITIONS = ("supporters", "critics-left", "critics-right")


@pytest.fixture(scope="module")
def lib():
    library, problems = load_library(REPO)
    assert problems == []
    return library


def test_validate_is_clean_even_strict():
    result = run_cli("validate", "--strict")
    assert result.code == 0, result.out + result.err
    assert "0 error(s), 0 warning(s)" in result.err


def test_root_and_at_least_eight_sub_topics_with_claims_for_every_position(lib):
    subs = lib.children(ROOT)
    assert len(subs) >= 8
    for topic in [lib.topic(ROOT), *subs]:
        counts = Counter(c.position for c in topic.claims)
        least = 3 if topic.topic == ROOT else 2
        assert all(counts[p] >= least for p in POSITIONS), (topic.topic, counts)
    listed = run_cli("list").out
    assert all(t.topic in listed for t in [lib.topic(ROOT), *subs])


def test_every_topic_has_the_parts_a_handout_needs(lib):
    for topic in lib.topics:
        words = count_words(topic.background)
        assert topic.question, topic.topic
        assert 80 <= words <= 200, (topic.topic, words)
        assert 3 <= len(topic.facts) <= 6, topic.topic
        assert all(f.evidence for f in topic.facts), topic.topic
        assert 3 <= len(topic.questions) <= 5, topic.topic
        assert any(c.attacks for c in topic.claims), topic.topic
        for claim in topic.claims:
            assert claim.evidence and all(e.locator for e in claim.evidence), claim.id


def test_positions_are_even_in_words(lib):
    words = Counter()
    for claim in lib.all_claims():
        words[claim.position] += count_words(claim.title) + count_words(claim.text)
    assert max(words.values()) <= 1.5 * min(words.values()), words


def test_every_document_is_cited_at_least_three_times_and_quotes_are_short(lib):
    cited = Counter()
    quotes = 0
    for topic in lib.topics:
        for item in [*topic.facts, *topic.claims]:
            for ev in item.evidence:
                cited[ev.source] += 1
                if ev.quote:
                    quotes += 1
                    assert len(ev.quote.split()) < 50, ev.quote
    assert {s.id for s in lib.sources} == set(cited)
    assert min(cited.values()) >= 3, cited
    assert quotes >= 40


def test_the_brief_004_arguments_are_on_their_side(lib):
    """Each argument of the balanced policy brief is quoted by a claim of the position it belongs to."""
    expected = {
        "supporters": [
            "in-region and international pathways",
            "necessary to managing migration",
            "well prepared for future ones",
        ],
        "critics-left": [
            "treat migrants as potential security threats",
            "tied to a single employer",
        ],
        "critics-right": [
            "ineffective in preventing human smuggling",
            "counterintuitive to preventing smuggling",
            "Remain in Mexico",
            "only attract more immigrants",
            "amnesty would encourage irregular immigration",
        ],
    }
    for position, phrases in expected.items():
        quoted = " ".join(
            ev.quote or ""
            for c in lib.all_claims()
            if c.position == position
            for ev in c.evidence
            if ev.source == "cmms-brief-2022"
        )
        quoted = re.sub(r"[\u201c\u201d]", '"', quoted)
        for phrase in phrases:
            assert phrase in quoted, (position, phrase)


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="../shared/sources is not here")
def test_every_quotation_is_verified_and_nothing_is_copied():
    result = run_cli("verify", "--texts", str(SOURCES_DIR), "--strict")
    assert result.code == 0, result.out + result.err
    found = re.search(
        r"(\d+) quotations verified in 5 sources; 0 not found; 0 copied-wording warnings",
        result.err,
    )
    assert found and int(found.group(1)) >= 40, result.err
