"""Quotations faithful in context, close paraphrase, and `verify --context` (issue 16).

Each context rule on a small library of our own: flagged, not flagged, and
silenced by the evidence item's `context:` (or, for reported speech, by a note
saying whose words they are). Then the paraphrase check above and below its
threshold, and the two misleading items of the original bundled library,
flagged against the real source texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SOURCES_DIR, write

from evenhand.checks.paraphrase import MIN_COMMON, THRESHOLD, content_words, similarity
from evenhand.checks.textnorm import Normalised

needs_sources = pytest.mark.skipif(
    not SOURCES_DIR.is_dir(), reason=f"no source texts in {SOURCES_DIR}"
)

TEXT = """\
# A report on asylum

The agency doubled its budget and staffing. Although approval rates rose from 49 to 71 percent, the agency still faces significant bottlenecks.

Critics on the left argue that the government is unreliable and unable to handle increasing claims.

Visa rules in transit countries likely pushed some migrants onto dangerous routes through the jungle.

Returns may work for short periods, but they are unsustainable without partners.

The office opened in June with a small staff and a modest budget for the region.
"""

SOURCES = """\
- id: report
  type: report
  title: A report on asylum
  issued: "2021"
  text: report.txt
"""


def topic(quote: str, extra: str = "", text: str = "Our own summary of a report.") -> str:
    return f"""\
topic: asylum
title: Asylum in the region
claims:
  - id: as-s1
    position: supporters
    title: A claim
    text: {text}
    evidence:
      - source: report
        locator: p. 1
        quote: "{quote}"
{extra}"""


def library(
    root: Path, quote: str, extra: str = "", text: str = "Our own summary of a report."
) -> Path:
    write(root / "arguments" / "asylum.yaml", topic(quote, extra, text))
    write(root / "seeds" / "sources.yaml", SOURCES)
    write(root / "texts" / "report.txt", TEXT)
    return root


def verify(cli, root: Path, *more: str):
    return cli("verify", "--texts", "texts", *more, cwd=root)


def warnings(result) -> list[str]:
    return [line for line in result.lines if ": warning: " in line or ": error: " in line]


# --- reported speech dropped ---------------------------------------------------------------


def test_reported_speech_dropped_is_flagged_with_the_source_sentence(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "unable to handle increasing claims")
    result = verify(cli, root)
    assert result.code == 0, result.out + result.err
    assert result.lines == [
        'arguments/asylum.yaml:11:16: warning: the source attributes these words to someone ("left argue" before them); '
        "say whose words or view they are in a `note`, or acknowledge it with `context:`",
        "texts/report.txt:5:1: info: source sentence in report.txt: Critics on the left argue that the government is "
        "unreliable and «unable to handle increasing claims».",
    ]
    assert "1 context warnings" in result.err
    strict = verify(cli, root, "--strict")
    assert strict.code == 1
    assert strict.lines[0].startswith(
        "arguments/asylum.yaml:11:16: error: the source attributes these words"
    )


def test_reported_speech_quoted_with_its_speaker_is_not_flagged(cli, tmp_path: Path) -> None:
    root = library(
        tmp_path,
        "Critics on the left argue that the government is unreliable and unable to handle increasing claims",
    )
    result = verify(cli, root, "--strict")
    assert result.code == 0, result.out
    assert warnings(result) == []


def test_a_note_saying_whose_view_silences_reported_speech(cli, tmp_path: Path) -> None:
    root = library(
        tmp_path,
        "unable to handle increasing claims",
        "        note: The left critics' view, as the report gives it.\n",
    )
    assert verify(cli, root, "--strict").code == 0
    other = library(
        tmp_path / "b", "unable to handle increasing claims", "        note: A figure from 2020.\n"
    )
    assert "the source attributes these words" in verify(cli, other).out


def test_context_acknowledgement_silences_every_rule(cli, tmp_path: Path) -> None:
    root = library(
        tmp_path,
        "unable to handle increasing claims",
        '        context: "reported: the left critics\' view"\n',
    )
    result = verify(cli, root, "--strict")
    assert result.code == 0, result.out
    assert warnings(result) == []


# --- ellipsis over a turn ------------------------------------------------------------------


def test_ellipsis_over_a_concession_is_flagged(cli, tmp_path: Path) -> None:
    root = library(
        tmp_path,
        "doubled its budget and staffing ... the agency still faces significant bottlenecks",
    )
    result = verify(cli, root)
    assert warnings(result) == [
        "arguments/asylum.yaml:11:16: warning: the words left out by '...' hold a turn (although); "
        "quote them, or acknowledge it with `context:`"
    ]
    assert (
        "«doubled its budget and staffing». Although approval rates rose from 49 to 71 percent, «the agency still faces significant bottlenecks»."
        in result.out
    )


def test_ellipsis_over_plain_words_is_not_flagged(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "The office opened in June ... for the region")
    assert warnings(verify(cli, root, "--strict")) == []


# --- stops before a turn / starts after a concession ---------------------------------------


def test_quote_that_stops_before_but_is_flagged(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "Returns may work for short periods")
    result = verify(cli, root)
    assert 'warning: the sentence goes on with "but" right after the quotation' in result.out
    full = library(
        tmp_path / "b",
        "Returns may work for short periods, but they are unsustainable without partners",
    )
    assert warnings(verify(cli, full, "--strict")) == []


def test_quote_that_starts_after_although_is_flagged(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "the agency still faces significant bottlenecks")
    result = verify(cli, root)
    assert warnings(result) == [
        'arguments/asylum.yaml:11:16: warning: the quotation follows "although" in its sentence: it drops the concession; '
        "quote it, or acknowledge it with `context:`"
    ]
    silenced = library(
        tmp_path / "b",
        "the agency still faces significant bottlenecks",
        '        context: "the report credits higher approval rates first"\n',
    )
    assert warnings(verify(cli, silenced, "--strict")) == []


# --- hedge dropped ------------------------------------------------------------------------


def test_a_dropped_hedge_is_flagged_and_a_kept_one_is_not(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "pushed some migrants onto dangerous routes through the jungle")
    result = verify(cli, root)
    assert warnings(result) == [
        "arguments/asylum.yaml:11:16: warning: the sentence hedges it (likely) outside the quoted words; "
        "keep the hedge, or acknowledge it with `context:`"
    ]
    kept = library(
        tmp_path / "b", "likely pushed some migrants onto dangerous routes through the jungle"
    )
    assert warnings(verify(cli, kept, "--strict")) == []


def test_may_the_month_is_not_a_hedge(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "the office opened", text="Our own words.")
    write(
        root / "texts" / "report.txt", "Between May and October the office opened in two cities.\n"
    )
    assert warnings(verify(cli, root, "--strict")) == []


# --- verify --context ---------------------------------------------------------------------


def test_verify_context_prints_every_quotation_in_its_sentence(cli, tmp_path: Path) -> None:
    root = library(tmp_path, "The office opened in June with a small staff")
    result = verify(cli, root, "--context")
    assert result.code == 0
    assert result.lines[:2] == [
        "arguments/asylum.yaml:11:16: report",
        "    texts/report.txt:11:1: «The office opened in June with a small staff» and a modest budget for the region.",
    ]
    as_json = verify(cli, root, "--context", "--format", "json")
    # standard output stays JSON; the listing goes to standard error
    assert as_json.out.strip() == "[]"
    assert "«The office opened in June with a small staff»" in as_json.err


# --- close paraphrase ---------------------------------------------------------------------

ISSUE_OURS = (
    "Federal figures show that most Central Americans who arrived from 2014 to 2019 were neither "
    "granted asylum or other relief nor sent home"
)
ISSUE_SOURCE = (
    "statistics recently released by the U.S. Department of Homeland Security show that most Central Americans "
    "who entered the United States between 2014 and 2019 neither received asylum or other relief nor were "
    "repatriated to their countries of origin"
)


def words(text: str) -> list[str]:
    return content_words(Normalised(text).words)


def test_similarity_of_the_issue_example_is_above_the_threshold_and_a_rewrite_below() -> None:
    ratio, common = similarity(words(ISSUE_OURS), words(ISSUE_SOURCE))
    assert ratio >= THRESHOLD and common >= MIN_COMMON, (ratio, common)
    rewrite = "U.S. statistics for 2014-2019 show that a majority of Central American arrivals had by then neither won protection nor been deported"
    assert similarity(words(rewrite), words(ISSUE_SOURCE))[0] < THRESHOLD


def test_close_paraphrase_is_warned_with_the_source_sentence(cli, tmp_path: Path) -> None:
    root = library(
        tmp_path,
        "The office opened in June",
        text="In June the office opened, with a small staff and a modest budget for the whole region.",
    )
    result = verify(cli, root)
    assert result.code == 0
    assert result.lines == [
        "arguments/asylum.yaml:7:11: warning: claim text closely paraphrases a sentence of report.txt "
        '(7 content words in the same order, 78% of ours): "In June the office opened, with a small staff and '
        'a modest budget for the whole region"; put it in your own words',
        'texts/report.txt:11:1: info: source sentence: "The office opened in June with a small staff and a modest '
        'budget for the region"',
    ]
    assert "1 close-paraphrase warnings" in result.err
    assert verify(cli, root, "--strict").code == 1


def test_own_words_below_the_threshold_pass(cli, tmp_path: Path) -> None:
    root = library(
        tmp_path,
        "The office opened in June",
        text="A regional office started work in early summer, lightly staffed and on little money.",
    )
    result = verify(cli, root, "--strict")
    assert result.code == 0, result.out
    assert warnings(result) == []


# --- the two examples of the issue, on the original items ----------------------------------

ORIGINAL = """\
topic: original-items
title: Two evidence items as the bundled library had them before issue 16
claims:
  - id: mc-l2
    position: critics-left
    title: Mexico's asylum system cannot keep up with claims
    text: Left critics doubt that the system can absorb more claims.
    evidence:
      - source: cmms-brief-2022
        locator: "In Opposition to the Collaborative Migrant Management Strategy"
        quote: "unable to handle increasing claims"
  - id: ip-l2
    position: critics-left
    title: The region's protection systems are too thin to rely on
    text: Protection close to home is only as good as the systems that deliver it.
    evidence:
      - source: selee-tanco-ruizsoto-2021
        locator: "Reforming Humanitarian Protection"
        quote: "doubling its budget and staffing ... the agency still faces significant bottlenecks"
"""

ORIGINAL_SOURCES = """\
- id: cmms-brief-2022
  title: The Collaborative Migration Management Strategy
  text: 004_6cf25219572e2b5b.txt
- id: selee-tanco-ruizsoto-2021
  title: Setting the Course Toward Sustainable Migration Cooperation
  text: 002_ca176bf91782c92e.txt
"""


@needs_sources
def test_the_original_items_are_flagged_with_their_source_sentences(cli, tmp_path: Path) -> None:
    write(tmp_path / "arguments" / "original.yaml", ORIGINAL)
    write(tmp_path / "seeds" / "sources.yaml", ORIGINAL_SOURCES)
    result = cli("verify", "--texts", str(SOURCES_DIR), cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    out = result.out
    assert re.search(
        r"arguments/original\.yaml:11:16: warning: the source attributes these words to someone \(\"they claim\" before them\)",
        out,
    ), out
    assert (
        "They claim that it is unreliable, continuing to treat migrants as potential security threats, and «unable to handle increasing claims»."
        in out
    )
    assert (
        "arguments/original.yaml:19:16: warning: the words left out by '...' hold a turn (although)"
        in out
    )
    assert (
        "by «doubling its budget and staffing». Although approval rates have increased from 49 percent to 71 percent "
        "from 2018 to 2020, «the agency still faces significant bottlenecks» and logistical needs to timely process cases."
    ) in out
    assert cli("verify", "--texts", str(SOURCES_DIR), "--strict", cwd=tmp_path).code == 1


@needs_sources
def test_the_bundled_library_passes_strict_with_no_context_or_paraphrase_warning(cli) -> None:
    result = cli("verify", "--texts", str(SOURCES_DIR), "--strict")
    assert result.code == 0, result.out + result.err
    assert re.search(
        r"\d+ quotations verified in 5 sources; 0 not found; 0 copied-wording warnings; "
        r"0 context warnings; 0 close-paraphrase warnings",
        result.err,
    ), result.err
