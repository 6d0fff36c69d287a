"""The pure logic behind `evenhand verify`: normalising, finding, closest passage, copied wording."""

from __future__ import annotations

import pytest

from evenhand.checks.quote_match import closest_passage, copied_runs, find_quote, quote_pieces
from evenhand.checks.textnorm import Normalised, quote_key

# --- one test per normalisation rule: the two spellings compare equal ------------------


@pytest.mark.parametrize(
    "source, quote",
    [
        pytest.param("the ﬁnal ﬁgures", "the final figures", id="nfkc-ligature"),
        pytest.param("ＵＮＨＣＲ data", "UNHCR data", id="nfkc-fullwidth"),
        pytest.param("cafe\u0301 owners", "café owners", id="nfkc-combining-accent"),
        pytest.param(
            "it\u2019s the \u201cstrategy\u201d", 'it\'s the "strategy"', id="curly-quotes"
        ),
        pytest.param("the \u201cstrategy\u201d", "the 'strategy'", id="double-or-single-quotes"),
        pytest.param("\u2018a\u2019 and \u201eb\u201f", "'a' and \"b\"", id="other-quote-marks"),
        pytest.param("cooperation\u2014and more", "cooperation -- and more", id="em-dash"),
        pytest.param("2010\u20132019", "2010-2019", id="en-dash"),
        pytest.param("cooperation \u2014 and", "cooperation\u2014and", id="spaced-dash"),
        pytest.param("U.S.\u00a0border", "U.S. border", id="non-breaking-space"),
        pytest.param("a\u202fthin space", "a thin space", id="narrow-space"),
        pytest.param("many\n   asylum\r\nseekers", "many asylum seekers", id="line-breaks"),
        pytest.param("the migra-\ntion system", "the migration system", id="hyphenated-line-end"),
        pytest.param("a well-\n  known case", "a well-known case", id="hard-hyphen-at-line-end"),
        pytest.param("soft\u00adhyphen", "softhyphen", id="soft-hyphen"),
        pytest.param("**Few issues** matter", "Few issues matter", id="bold"),
        pytest.param("an *unusual* step", "an unusual step", id="emphasis"),
        pytest.param(
            "# Key Policy Recommendations\n\nPut", "Key Policy Recommendations Put", id="heading"
        ),
        pytest.param("four pillars.<sup>53</sup> While", "four pillars. While", id="sup-note"),
        pytest.param("the backlog[12] grew", "the backlog grew", id="bracket-note"),
        pytest.param("the backlog[^3] grew", "the backlog grew", id="footnote-note"),
        pytest.param("the backlog\u00b9 grew", "the backlog grew", id="superscript-digit"),
        pytest.param("cost \\$45 billion", "cost $45 billion", id="backslash-escape"),
        pytest.param(
            "see [the report](http://x.org/a) now", "see the report now", id="markdown-link"
        ),
        pytest.param("a <em>real</em> change", "a real change", id="html-tag"),
        pytest.param("  \u2022 build asylum systems", "build asylum systems", id="bullet"),
        pytest.param("The Agency", "the agency", id="case"),
    ],
)
def test_normalising_makes_spellings_equal(source: str, quote: str) -> None:
    assert quote_key(source) == quote_key(quote)


@pytest.mark.parametrize(
    "a, b",
    [
        ("about 8,000 Central Americans", "about 9,000 Central Americans"),
        ("the agency still faces bottlenecks", "the agency still faced bottlenecks"),
        ("not a security threat", "a security threat"),
    ],
)
def test_normalising_keeps_every_word(a: str, b: str) -> None:
    assert quote_key(a) != quote_key(b)


def test_normalised_text_maps_back_to_the_original_line_and_column() -> None:
    text = Normalised(
        "# Title\n\nThe **first** line.\nThen the<sup>1</sup> second \u201cline\u201d.\n"
    )
    start = text.key.index("second")
    assert text.line_col(start) == (4, 22)
    assert text.display_slice(start, len(text.key)) == 'second "line".'


# --- finding a quotation ----------------------------------------------------------------

TEXT = Normalised(
    "Few issues present greater cooperation opportunities for both Mexico and the United States.\n"
    "The agency doubled its budget and staffing in two years.<sup>4</sup> Even so, the agency still\n"
    "faces significant bottlenecks in processing claims\u2014and the backlog grows. "
    + "Filler words go here to make a long gap between passages. " * 20
    + "At the end, the report calls for more staff."
)


def test_a_quotation_across_markup_and_a_line_break_is_found() -> None:
    assert find_quote("the agency still faces significant bottlenecks", TEXT).ok


def test_a_quotation_ending_at_a_dash_is_found() -> None:
    assert find_quote("significant bottlenecks in processing claims", TEXT).ok
    assert find_quote("and the backlog grows", TEXT).ok


def test_a_quotation_with_one_word_changed_is_not_found() -> None:
    found = find_quote("the agency still faces serious bottlenecks", TEXT)
    assert not found.ok
    assert found.missing == 0


def test_part_of_a_word_is_not_a_quotation() -> None:
    assert not find_quote("gency doubled its budget", TEXT).ok
    assert not find_quote("the agency doubled its bud", TEXT).ok


@pytest.mark.parametrize("ellipsis", ["...", "\u2026", " . . . ", " [...] ", "[\u2026]"])
def test_pieces_joined_by_an_ellipsis_are_found_in_order(ellipsis: str) -> None:
    quote = f"The agency doubled its budget{ellipsis}the agency still faces significant bottlenecks"
    assert len(quote_pieces(quote)) == 2
    assert find_quote(quote, TEXT).ok


def test_pieces_in_the_wrong_order_are_not_found() -> None:
    found = find_quote(
        "the agency still faces significant bottlenecks ... The agency doubled its budget", TEXT
    )
    assert not found.ok
    assert found.missing is None  # each piece is there, the order is not


def test_pieces_far_apart_are_not_found() -> None:
    near = "Few issues present greater cooperation opportunities ... The agency doubled its budget"
    far = "The agency doubled its budget ... the report calls for more staff"
    assert find_quote(near, TEXT).ok
    assert not find_quote(far, TEXT).ok
    assert find_quote(far, TEXT, max_gap=500).ok


def test_a_missing_piece_is_named() -> None:
    found = find_quote("The agency doubled its budget ... and hired a thousand new officers", TEXT)
    assert not found.ok
    assert found.missing == 1


# --- the closest passage ---------------------------------------------------------------


def test_closest_passage_is_the_sentence_with_the_changed_word() -> None:
    passage = closest_passage(
        "the agency still faces serious bottlenecks in processing claims", TEXT
    )
    assert passage is not None
    assert passage.text == "the agency still faces significant bottlenecks in processing claims"
    assert TEXT.line_col(passage.start) == (2, 79)
    assert 0.8 < passage.ratio < 1


def test_closest_passage_needs_a_shared_word() -> None:
    assert closest_passage("zebras yodel", TEXT) is None


# --- copied wording ---------------------------------------------------------------------

SOURCE = Normalised(
    "Mexico still treats migrants as potential security threats, despite some efforts at reform, "
    "and its system struggles to handle increasing numbers of asylum claims."
)


def test_twelve_words_of_a_source_are_a_copied_run() -> None:
    own = "Critics say Mexico still treats migrants as potential security threats, despite some efforts at reform."
    runs = copied_runs(own, SOURCE)
    assert [(r.words, r.excerpt) for r in runs] == [
        (
            13,
            "Mexico still treats migrants as potential security threats, despite some efforts at reform",
        )
    ]


def test_eleven_words_are_not_a_copied_run() -> None:
    own = (
        "We think Mexico still treats migrants as potential security threats, despite some reforms."
    )
    assert copied_runs(own, SOURCE) == []


def test_copied_runs_ignore_case_punctuation_and_markup() -> None:
    own = "Efforts at REFORM; and *its system* struggles\nto handle increasing numbers of \u201casylum\u201d claims."
    assert [r.words for r in copied_runs(own, SOURCE)] == [14]


# --- properties over generated text ------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉé0123456789", min_size=1, max_size=8)
_GAPS = st.sampled_from(
    [" ", "\n", "\u00a0", "  \n  ", "\t", " **", "** ", "<sup>7</sup> ", "[12] ", "\n# "]
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_normalises_and_maps_back(text: str) -> None:
    n = Normalised(text)
    for offset in range(len(n.key)):
        line, col = n.line_col(offset)
        assert 1 <= line <= text.count("\n") + 1 and col >= 1
    for start, end in zip(n.word_starts, n.word_ends, strict=False):
        assert n.display_slice(start, end)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GAPS), min_size=3, max_size=40), st.data())
def test_any_run_of_whole_words_is_found(pairs: list[tuple[str, str]], data) -> None:
    text = "".join(w + gap for w, gap in pairs)
    words = [w for w, _ in pairs]
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    assert find_quote(" ".join(words[i:j]), Normalised(text)).ok
