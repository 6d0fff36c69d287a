"""Citations: APA, MLA and Chicago author-date entries and in-text citations, via citeproc."""

from __future__ import annotations

import warnings

import pytest
from conftest import REPO

from evenhand.model import Source
from evenhand.readers.library import load_library
from evenhand.writers.citations import Bibliography, csl_json


@pytest.fixture(scope="module")
def bundled() -> dict[str, Source]:
    lib, _ = load_library(REPO)
    return {s.id: s for s in lib.sources}


ORDER = [
    "cole-etal-2021",
    "giorguli-selee-2021",
    "selee-tanco-ruizsoto-2021",
    "mpi-2024",
    "cmms-brief-2022",
]

EXPECTED_ENTRIES = {
    "apa": [
        "Cole, K., Hydari, Z., Martín Gil, A., & Norman, K. (2021). If Biden wants to work with Mexico on migration "
        "and asylum, he might start talking to Mexican NGOs. *The Washington Post*.",
        "Giorguli, S., & Selee, A. (2021). *Rethinking U.S.-Mexico Cooperation on Migration* (U.S.-Mexico Forum 2025).",
        "Selee, A., Tanco, A., & Ruiz Soto, A. G. (2021). Setting the Course Toward Sustainable Migration Cooperation: "
        "Levering Bilateral Opportunities. In *Re-Building a Complex Partnership: The Outlook for U.S.-Mexico Relations "
        "under the Biden Administration*. Wilson Center Mexico Institute.",
        # no author: APA starts with the title, and the title is not repeated
        "The Limits of the Go-It-Alone Approach: U.S. Migration Management Increasingly Requires Other Countries' "
        "Cooperation. (2024). *Migration Information Source*.",
        # no title of its own: a description in brackets says it is a brief about the strategy
        "*\\[Policy brief on the Collaborative Migration Management Strategy, with its supporters and critics\\]*. (2022).",
    ],
    "mla": [
        "Cole, Kevin, et al. “If Biden Wants to Work with Mexico on Migration and Asylum, He Might Start Talking to "
        "Mexican NGOs.” *The Washington Post*, 2021.",
        "Giorguli, Silvia, and Andrew Selee. *Rethinking U.S.-Mexico Cooperation on Migration*. 2021. "
        "U.S.-Mexico Forum 2025.",
        "Selee, Andrew, et al. “Setting the Course Toward Sustainable Migration Cooperation: Levering Bilateral "
        "Opportunities.” *Re-Building a Complex Partnership: The Outlook for U.S.-Mexico Relations under the Biden "
        "Administration*, Wilson Center Mexico Institute, 2021.",
        "“The Limits of the Go-It-Alone Approach: U.S. Migration Management Increasingly Requires Other Countries' "
        "Cooperation.” *Migration Information Source*, 2024.",
        "*\\[Policy Brief on the Collaborative Migration Management Strategy, with Its Supporters and Critics\\]*. 2022.",
    ],
    "chicago": [
        "Cole, Kevin, Zaid Hydari, Ana Martín Gil, and Kelsey Norman. 2021. “If Biden Wants to Work with Mexico on "
        "Migration and Asylum, He Might Start Talking to Mexican NGOs.” *The Washington Post*.",
        "Giorguli, Silvia, and Andrew Selee. 2021. *Rethinking U.S.-Mexico Cooperation on Migration*. "
        "U.S.-Mexico Forum 2025.",
        "Selee, Andrew, Andrea Tanco, and Ariel G. Ruiz Soto. 2021. “Setting the Course Toward Sustainable Migration "
        "Cooperation: Levering Bilateral Opportunities.” In *Re-Building a Complex Partnership: The Outlook for "
        "U.S.-Mexico Relations under the Biden Administration*. Wilson Center Mexico Institute.",
        # Chicago: an unsigned magazine article goes under the magazine's name
        "*Migration Information Source*. 2024. “The Limits of the Go-It-Alone Approach: U.S. Migration Management "
        "Increasingly Requires Other Countries' Cooperation.”",
        "*\\[Policy Brief on the Collaborative Migration Management Strategy, with Its Supporters and Critics\\]*. 2022.",
    ],
}

EXPECTED_CITES = {
    "apa": [
        "(Cole et al., 2021)",
        "(Giorguli & Selee, 2021)",
        "(Selee et al., 2021)",
        "(“The Limits of the Go-It-Alone Approach,” 2024)",
        "([Brief on the Strategy], 2022)",
    ],
    "mla": [
        "(Cole et al.)",
        "(Giorguli and Selee)",
        "(Selee et al.)",
        "(“The Limits of the Go-It-Alone Approach”)",
        "([Brief on the Strategy])",
    ],
    "chicago": [
        "(Cole et al. 2021)",
        "(Giorguli and Selee 2021)",
        "(Selee et al. 2021)",
        "(Migration Information Source 2024)",
        "([Brief on the Strategy] 2022)",
    ],
}


@pytest.mark.parametrize("style", ["apa", "mla", "chicago"])
def test_bundled_sources_in_each_style(bundled, style):
    sources = [bundled[i] for i in ORDER]
    bib = Bibliography(sources, style)
    # each source's entry (the list sorts them)
    assert [bib.entry_forms(s)[2] for s in sources] == EXPECTED_ENTRIES[style]
    assert [bib.short_cite(s) for s in sources] == EXPECTED_CITES[style]


@pytest.mark.parametrize("style", ["apa", "mla", "chicago"])
def test_html_entries_use_i_and_escape(bundled, style):
    bib = Bibliography([bundled["selee-tanco-ruizsoto-2021"]], style)
    [entry] = bib.entries_html()
    assert (
        "<i>Re-Building a Complex Partnership: The Outlook for U.S.-Mexico Relations under the Biden Administration</i>"
        in entry
    )
    assert "*" not in entry
    if style == "apa":
        assert entry.startswith("Selee, A., Tanco, A., &amp; Ruiz Soto, A. G. (2021).")


@pytest.mark.parametrize("style", ["apa", "mla", "chicago"])
def test_author_date_lists_are_alphabetical_and_unnumbered(bundled, style):
    """APA, MLA and Chicago author-date do not number their lists: the entries are sorted by their
    first words (a bracketed description by its first word, "The" set aside), not in cited order."""
    sources = [
        bundled[k]
        for k in ("selee-tanco-ruizsoto-2021", "cole-etal-2021", "cmms-brief-2022", "mpi-2024")
    ]
    bib = Bibliography(sources, style)
    assert not bib.numbered
    firsts = [e.split(" ", 1)[0].strip('*\\[“"') for e in bib.entries_text()]
    # Chicago lists an unsigned magazine article under the magazine's name
    assert firsts == ["Cole,", "Migration" if style == "chicago" else "The", "Policy", "Selee,"]
    assert [bib.number(s) for s in sources] == [4, 1, 3, 2]  # ref-n anchors follow the list


def test_short_cite_with_page_locator(bundled):
    s = bundled["selee-tanco-ruizsoto-2021"]
    assert Bibliography([s], "apa").short_cite(s, "12-14") == "(Selee et al., 2021, pp. 12–14)"
    assert Bibliography([s], "mla").short_cite(s, "12") == "(Selee et al. 12)"
    assert Bibliography([s], "chicago").short_cite(s, "12") == "(Selee et al. 2021, 12)"
    # "p. 12" and "pp. 12-14" are pages too: the page goes into the citation
    assert Bibliography([s], "apa").short_cite(s, "p. 12") == "(Selee et al., 2021, p. 12)"
    assert Bibliography([s], "apa").short_cite(s, "pp. 12-14") == "(Selee et al., 2021, pp. 12–14)"
    # a section heading is not a page: the citation stays the same
    assert (
        Bibliography([s], "apa").short_cite(s, "Expanding Legal Migration Pathways")
        == "(Selee et al., 2021)"
    )


def test_cite_line(bundled):
    bib = Bibliography([], "apa")
    assert bib.cite_line(
        bundled["selee-tanco-ruizsoto-2021"], "Expanding Legal Migration Pathways"
    ) == (
        "Selee, Tanco and Ruiz Soto, 2021, Setting the Course Toward Sustainable Migration Cooperation: "
        "Levering Bilateral Opportunities, Expanding Legal Migration Pathways"
    )
    assert bib.cite_line(bundled["cole-etal-2021"]) == (
        "Cole et al., 2021, If Biden wants to work with Mexico on migration and asylum, he might start talking to Mexican NGOs"
    )
    # no author: the publisher stands in; neither: date first
    assert bib.cite_line(bundled["mpi-2024"], "What If Mexico Says No?").startswith(
        "Migration Policy Institute, 2024, The Limits of the Go-It-Alone Approach:"
    )
    assert bib.cite_line(bundled["cmms-brief-2022"], "p. 2") == (
        "2022, [Policy brief on the Collaborative Migration Management Strategy, with its supporters and critics], p. 2"
    )


def src(**fields) -> Source:
    return Source.model_validate({"id": "x", "title": "A title", **fields})


def test_literal_name_full_date_url_and_non_ascii():
    s = src(
        type="report",
        title="Migración y desarrollo: el caso de Guatemala",
        author=[{"literal": "Banco Mundial"}, {"family": "Martín Gil", "given": "Ana"}],
        publisher="Organización Ñandú",
        issued="2021-07-29",
        URL="https://example.org/informe?a=1&b=2",
    )
    bib = Bibliography([s], "apa")
    assert bib.entries_text() == [
        "Banco Mundial, & Martín Gil, A. (2021). *Migración y desarrollo: el caso de Guatemala*. "
        "Organización Ñandú. <https://example.org/informe?a=1&b=2>"
    ]
    # the printed URL is also a link
    assert bib.entries_html() == [
        "Banco Mundial, &amp; Martín Gil, A. (2021). <i>Migración y desarrollo: el caso de Guatemala</i>. "
        'Organización Ñandú. <a href="https://example.org/informe?a=1&amp;b=2">https://example.org/informe?a=1&amp;b=2</a>'
    ]
    assert bib.short_cite(s) == "(Banco Mundial & Martín Gil, 2021)"
    chicago = Bibliography([s], "chicago").entries_text()[0]
    assert chicago.startswith("Banco Mundial, and Ana Martín Gil. 2021.")


def test_article_with_full_date_apa():
    s = src(
        type="article-newspaper",
        title="Border talks resume",
        container_title="El País",
        author=[{"family": "Ruiz Soto", "given": "Ariel G."}],
        issued="2021-07-29",
    )
    assert Bibliography([s], "apa").entries_text() == [
        "Ruiz Soto, A. G. (2021, July 29). Border talks resume. *El País*."
    ]


def test_csl_json_conversion():
    s = src(
        type="not-a-csl-type",
        issued="2021-07",
        author=[{"family": "Selee", "given": "Andrew"}],
        URL="javascript:alert(1)",
        note="our own remark",
        text="001.txt",
    )
    item = csl_json(s)
    assert item == {
        "id": "x",
        "type": "document",
        "title": "A title",
        "author": [{"family": "Selee", "given": "Andrew"}],
        "issued": {"date-parts": [[2021, 7]]},
    }
    assert csl_json(src(issued="spring 2024"))["issued"] == {"literal": "spring 2024"}
    assert csl_json(src(title="Main: sub"))["title-short"] == "Main"


def test_user_data_is_escaped():
    s = src(
        title="<script>alert(1)</script> & *bold* [x](javascript:y)",
        author=[{"family": "<b>Evil</b>"}],
        issued="2020",
        container_title="\ue000Sneaky\ue001",
    )
    bib = Bibliography([s], "apa")
    html = bib.entries_html()[0]
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold*" in html
    assert "<i>Sneaky</i>" in html  # the style's italics, not the user's private-use characters
    text = bib.entries_text()[0]
    assert "<" not in text.replace("&lt;", "")
    assert "&lt;script>" in text and r"\*bold\*" in text and r"\[x\](javascript:y)" in text


def test_no_warnings_reach_the_user(bundled, capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for style in ("apa", "mla", "chicago"):
            bib = Bibliography(list(bundled.values()), style)
            bib.entries_html()
            [bib.short_cite(s) for s in bundled.values()]
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_unknown_style():
    with pytest.raises(ValueError, match="unknown citation style 'harvard'"):
        Bibliography([], "harvard")
