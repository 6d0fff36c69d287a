"""Debate cards through the real CLI: one card per claim, cut from the source texts with the
quoted words highlighted, answer blocks from the map, one side's file, a PDF that holds together."""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SOURCES_DIR, run_cli, untraced, write

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}  # 2024-05-01
PDF_TOOLS = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftohtml"))
needs_poppler = pytest.mark.skipif(
    not PDF_TOOLS, reason="needs poppler-utils (pdftotext, pdfinfo, pdftohtml)"
)
needs_sources = pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="needs ../shared/sources")
STANCE = {"supporters": "pro", "critics-left": "con", "critics-right": "con"}


# -- reading what was built ----------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words, punctuation and typography aside (a reader's view of 'the same words')."""
    return re.findall(r"[a-z0-9]+", html.unescape(text).lower().replace("’", "'"))


def cards_of(page: str) -> dict[str, str]:
    """Card id -> the card's HTML, in page order."""
    return {
        m["id"]: m["body"]
        for m in re.finditer(
            r'<article class="card" id="card-(?P<id>[^"]+)">(?P<body>.*?)</article>', page, re.S
        )
    }


def texts_of(card: str) -> list[tuple[str, str]]:
    """(class, inner HTML) of each card text of a card."""
    return re.findall(r'<blockquote class="(card-text[^"]*)">(.*?)</blockquote>', card, re.S)


def marks(inner: str) -> list[str]:
    # (a glossary term's first use is marked inside the text: tags within a mark are not words)
    return [
        html.unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r"<mark>(.*?)</mark>", inner, re.S)
    ]


def blocks_of(page: str) -> dict[tuple[str, str], list[str]]:
    """(position, target claim) -> the attacking cards an A2 block links to."""
    return {
        (m["pos"], m["target"]): re.findall(r'href="#card-([^"]+)"', m["body"])
        for m in re.finditer(
            r'<section class="block answers" id="a2-(?P<pos>supporters|critics-left|critics-right)-(?P<target>[a-z0-9-]+)">(?P<body>.*?)</section>',
            page,
            re.S,
        )
    }


@functools.cache
def topic_claims() -> tuple[dict, ...]:
    """The root topic's claims in the order a brief shows them: by position, ranked ones first
    (1 = strongest), then file order. Read once (tag_of asks for them per card)."""
    claims = yaml.safe_load(
        (REPO / "arguments" / "migration-cooperation.yaml").read_text(encoding="utf-8")
    )["claims"]
    positions = list(dict.fromkeys(c["position"] for c in claims))
    return tuple(
        sorted(
            claims,
            key=lambda c: (
                positions.index(c["position"]),
                c.get("rank") is None,
                c.get("rank") or 0,
            ),
        )
    )


def tag_of(claim: dict) -> str:
    """The card's label as the brief prints it: position letter and place in that position's list (S1, R2, ...)."""
    same = [c["id"] for c in topic_claims() if c["position"] == claim["position"]]
    return f"{claim['id'].split('-')[1][0].upper()}{same.index(claim['id']) + 1}"


def pdf_pages(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext ends each page with a form feed
    return [" ".join(p.split()) for p in out.split("\f")][: out.count("\f")]


# -- the bundled cards, cut from ../shared/sources -----------------------------------------


@pytest.fixture(scope="module")
def built(bundled_build, bundled_cards_html, tmp_path_factory) -> Path:
    """The bundled library's cards recipe, cut from ../shared/sources: its PDF and Markdown from
    the shared `build --all` (conftest.bundled_build), with the HTML the PDF was made from."""
    if not SOURCES_DIR.is_dir():
        pytest.skip("needs ../shared/sources")
    lib, result = bundled_build
    assert result.code == 0, result.err
    # every quotation found in its text: no fallback warning of the migration cards
    assert "migration-cards.yaml: cards:" not in result.err
    folder = tmp_path_factory.mktemp("cards")
    for suffix in ("pdf", "md"):
        shutil.copy(lib / "build" / f"migration-cards.{suffix}", folder)
    shutil.copy(bundled_cards_html, folder)
    return folder


def test_one_card_per_claim_with_its_tag_once(built):
    page = (built / "migration-cards.html").read_text(encoding="utf-8")
    cards = cards_of(page)
    claims = topic_claims()
    # the recipe's 4 per position: the root topic's claims, in order
    assert list(cards) == [c["id"] for c in claims]
    for claim in claims:
        assert html.unescape(page).count(f"</span>{claim['title']}</h4>") == 1, claim["id"]
        card = cards[claim["id"]]
        head = (
            "PRO · Supporters"
            if claim["position"] == "supporters"
            else f"CON · {'Critics on the left' if claim['position'] == 'critics-left' else 'Critics on the right'}"
        )
        assert f'<p class="card-head">{head}</p>' in card
        # every evidence item, one tag
        assert card.count('class="short-cite"') == len(claim["evidence"])


def test_every_quote_is_highlighted_inside_a_longer_passage(built):
    page = (built / "migration-cards.html").read_text(encoding="utf-8")
    cards = cards_of(page)
    checked = 0
    for claim in topic_claims():
        quotes = [ev["quote"] for ev in claim["evidence"] if ev.get("quote")]
        shown = texts_of(cards[claim["id"]])
        assert len(shown) == len(quotes), claim["id"]
        for quote, (cls, inner) in zip(quotes, shown, strict=False):
            assert cls == "card-text", (claim["id"], quote)  # cut from the text, not the bare quote
            assert words(" ".join(marks(inner))) == words(quote), (claim["id"], quote)
            plain = re.sub(r"<[^>]+>", "", inner)
            if not quote.startswith(
                "Persistent violence"
            ):  # a one-sentence bullet of its own: nothing around it
                assert len(words(plain)) > len(words(quote)) + 8, (claim["id"], quote)
            checked += 1
    assert checked >= 30  # the 12 cards carry two or three quotations each


def test_markdown_carries_the_same_cards_with_the_read_words_in_bold(built):
    md = (built / "migration-cards.md").read_text(encoding="utf-8")
    headings = re.findall(r"^(#{1,4}) (.*)$", md, re.M)
    tags = [text for level, text in headings if level == "####"]
    assert tags == [f"{tag_of(c)}. {c['title']}" for c in topic_claims()]
    assert ("#", "PRO") in headings and ("#", "CON") in headings
    assert ("###", "A2: The U.S. cannot manage its border alone (S1)") in headings
    # the card text: context plain, the quotation bold
    assert (
        "> But Mexico still treats migrants as potential security threats, despite some efforts at reform. "
        "**Its system struggles to handle increasing numbers of asylum claims filed by individuals from Central America, "
        "Venezuela and elsewhere.**"
    ) in md
    assert "<mark>" not in md and "<span" not in md


def test_answer_blocks_are_the_attacks_that_cross_sides(built):
    page = (built / "migration-cards.html").read_text(encoding="utf-8")
    claims = {c["id"]: c for c in topic_claims()}
    expected: dict[tuple[str, str], list[str]] = {}
    for cid, c in claims.items():
        for target in c.get("attacks", []):
            if STANCE[claims[target]["position"]] != STANCE[c["position"]]:
                expected.setdefault((c["position"], target), []).append(cid)
    found = blocks_of(page)
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}
    assert ("critics-left", "mc-r4") not in found  # mc-l4 attacks mc-r4: both con, no answer block
    a2 = re.search(r'<h3 class="block-title"[^>]*>A2: (.*?) \((L1)\)</h3>', page)
    assert a2 and html.unescape(a2.group(1)) == claims["mc-l1"]["title"]
    # the con claims no supporter answers are listed as unanswered on the pro side
    unanswered = re.search(
        r'<section class="unanswered" id="unanswered-pro">(.*?)</section>', page, re.S
    ).group(1)
    attacked = {
        t for c in claims.values() if c["position"] == "supporters" for t in c.get("attacks", [])
    }
    gaps = [
        cid for cid, c in claims.items() if STANCE[c["position"]] == "con" and cid not in attacked
    ]
    assert gaps == ["mc-l4"]
    assert "Enforcement cooperation has come with abuses" in unanswered and "L4" in unanswered


@needs_poppler
def test_pdf_is_pdf_ua_with_tagged_tags_and_no_card_split(built):
    page_validation = pytest.importorskip("page")
    pdf = built / "migration-cards.pdf"
    report = untraced(page_validation.validate_pdf)(str(pdf), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    struct = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    h4 = re.findall(r"^\s*H4 \(block\)\n((?:\s*(?:Span \(inline\)|\".*\")\n)+)", struct, re.M)
    tags = ["".join(re.findall(r'^\s*"(.*)"$', block, re.M)) for block in h4]
    assert tags == [tag_of(c) + c["title"] for c in topic_claims()]  # every tag a heading
    outline = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bookmarks = {
        html.unescape(t): int(n) for n, t in re.findall(r'<item page="(\d+)">(.*?)</item>', outline)
    }
    pages = pdf_pages(pdf)
    for c in topic_claims():
        page_no = bookmarks[f"{tag_of(c)}. {c['title']}"]  # a bookmark per card, at its tag
        last = " ".join(words(c["evidence"][-1]["quote"])[-4:])
        assert " ".join(c["title"].split()) in pages[page_no - 1], c["id"]
        assert last in " ".join(words(pages[page_no - 1])), (c["id"], "card split across pages")
    # the running header names the side and position of the cards on the page
    # after the contents
    first = min(bookmarks[f"{tag_of(c)}. {c['title']}"] for c in topic_claims())
    for p in pages[first - 1 :]:
        first_card = re.search(
            r"(PRO|CON) · (Supporters|Critics on the left|Critics on the right)", p
        )
        assert p.startswith(first_card.group(0)), p[:80]


def test_each_key_term_stays_with_its_definition_in_three_columns(built):
    """The Key terms box on paper: three columns; a term (bold) is never the last line of a
    column and a column never opens with the rest of a definition begun in the one before."""
    import pymupdf

    doc = pymupdf.open(built / "migration-cards.pdf")
    page = next(p for p in doc if "Key terms" in p.get_text())
    box = [
        (round(line["bbox"][0]), line["bbox"][1], "Bold" in line["spans"][0]["font"], text)
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        if (text := "".join(s["text"] for s in line["spans"]).strip())
        and 7 <= line["spans"][0]["size"] < 7.5  # the box's type: 7.3 pt
    ]
    columns: dict[int, list[tuple[float, bool, str]]] = {}
    for x, y, bold, text in box:
        columns.setdefault(x, []).append((y, bold, text))
    assert len(columns) == 3, sorted(columns)
    terms = []
    for _, lines in sorted(columns.items()):
        lines.sort()
        assert lines[0][1], f"a column opens with a definition's rest: {lines[0][2]!r}"
        assert not lines[-1][1], f"a column ends with a term alone: {lines[-1][2]!r}"
        terms += [text for _, bold, text in lines if bold]
    html_terms = re.findall(r"<dt>(.*?)</dt>", (built / "migration-cards.html").read_text())
    assert terms == [html.unescape(t) for t in html_terms]  # each once, in the order of the list


# -- one side's file, built in the repository with --texts ../shared/sources ------------------


@needs_sources
def test_side_con_holds_only_the_critics_cards_and_their_answers(tmp_path):
    out = tmp_path / "con.html"
    result = run_cli(
        "build",
        "--topic",
        "migration-cooperation",
        "--template",
        "cards",
        "--format",
        "html",
        "--format",
        "md",
        "--side",
        "con",
        "--max-claims",
        "4",
        "--texts",
        str(SOURCES_DIR),
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    cards = cards_of(page)
    claims = topic_claims()
    assert list(cards) == [c["id"] for c in claims if STANCE[c["position"]] == "con"]
    assert 'id="side-pro"' not in page and '<h1 class="side-title">CON</h1>' in page
    assert all(
        STANCE[next(c for c in claims if c["id"] == target)["position"]] == "pro"
        for _, target in blocks_of(page)
    )
    assert {t for _, t in blocks_of(page)} == {"mc-s1", "mc-s2", "mc-s3", "mc-s4"}
    assert all(
        texts_of(card) and all(cls == "card-text" for cls, _ in texts_of(card))
        for card in cards.values()
    )
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "\n# CON\n" in md and "\n# PRO\n" not in md and "#### S1." not in md


# -- small libraries: fallbacks, ellipses, options ----------------------------------------------

TEXT = """\
# Annual report

The agency opened four new offices this year. Its budget doubled, and its staff grew
from 300 to 620 people. Even so, the agency still faces long delays in deciding claims,
and many applicants wait more than a year. The report calls for more funding. A second
review is due next spring.
"""

TOPIC = """\
topic: asylum
title: Asylum offices
question: Should the agency get more money?
claims:
  - id: as-s1
    position: supporters
    title: The agency has grown fast
    evidence:
      - {source: report, locator: p. 2, quote: "Its budget doubled ... still faces long delays"}
    attacks: [as-l1]
  - id: as-l1
    position: critics-left
    title: Delays remain long
    evidence:
      - {source: report, quote: "many applicants wait more than a year"}
      - {source: other, quote: "no text for this one", note: An interview.}
  - id: as-r1
    position: critics-right
    title: Money is not the answer
    evidence:
      - {source: report, quote: "words the report never says"}
"""

SOURCES = """\
- id: report
  title: Annual report
  author: [{family: Doe, given: Ann}, {family: Roe, given: Bo}]
  issued: "2023"
  URL: https://example.org/report
  accessed: "2024-03-05"
  text: report.txt
- id: other
  title: "An interview: what staff say"
  publisher: City Radio
  issued: "2022"
  text: missing.txt
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    write(root / "arguments" / "asylum.yaml", TOPIC)
    write(root / "seeds" / "sources.yaml", SOURCES)
    write(root / "texts" / "report.txt", TEXT)
    return root


def build_small(root: Path, *extra: str):
    return run_cli(
        "build",
        "--topic",
        "asylum",
        "--template",
        "cards",
        "-f",
        "html",
        "-f",
        "md",
        *extra,
        cwd=root,
        env=EPOCH,
    )


def test_an_ellipsis_quote_highlights_both_parts_and_shows_the_skipped_words(small):
    result = build_small(small)
    assert result.code == 0, result.err
    page = (small / "build" / "asylum-cards.html").read_text(encoding="utf-8")
    ((cls, inner),) = texts_of(cards_of(page)["as-s1"])
    assert cls == "card-text"
    assert marks(inner) == ["Its budget doubled", "still faces long delays"]
    assert (
        '<span class="skipped">, and its staff grew from 300 to 620 people. Even so, the agency </span>'
        in inner
    )
    assert inner.startswith(
        '<span class="context">The agency opened four new offices this year. </span>'
    )
    md = (small / "build" / "asylum-cards.md").read_text(encoding="utf-8")
    assert (
        "> The agency opened four new offices this year. **Its budget doubled**, and its staff grew from 300 to 620 "
        "people. Even so, the agency **still faces long delays** in deciding claims, and many applicants wait more "
        "than a year."
    ) in md
    # cites: short (family names & year), full (style entry, locator, URL, access date)
    assert '<strong class="short-cite">Doe &amp; Roe 2023</strong>' in page
    assert (
        "https://example.org/report" in page
        and "p. 2" in page
        and "Accessed March 5, 2024." in page
    )
    assert '<strong class="short-cite">City Radio 2022</strong>' in page


def test_a_missing_text_or_a_quote_not_in_it_falls_back_to_the_bare_quote_with_a_warning(small):
    result = build_small(small)
    assert result.code == 0, result.err
    assert (
        "asylum: cards: no full text for 'other' (source text file 'missing.txt' not found in "
        f"{(small / 'texts').as_posix()}); its cards show the bare quote"
    ) in result.err
    assert (
        "asylum: cards: R1 (as-r1): quotation not found in the text of 'report'; the card shows the bare quote"
        in result.err
    )
    page = (small / "build" / "asylum-cards.html").read_text(encoding="utf-8")
    cards = cards_of(page)
    assert texts_of(cards["as-l1"])[1] == ("card-text bare", "<mark>no text for this one</mark>")
    assert '<p class="note">An interview.</p>' in cards["as-l1"]
    assert texts_of(cards["as-r1"]) == [
        ("card-text bare", "<mark>words the report never says</mark>")
    ]


def test_card_context_zero_shows_only_the_quoted_words(small):
    result = build_small(small, "--card-context", "0")
    assert result.code == 0, result.err
    cards = cards_of((small / "build" / "asylum-cards.html").read_text(encoding="utf-8"))
    assert texts_of(cards["as-l1"])[0] == (
        "card-text",
        "<mark>many applicants wait more than a year</mark>",
    )
    assert 'class="context"' not in cards["as-s1"] and 'class="skipped"' in cards["as-s1"]


def test_side_names_and_recipe_keys_are_checked(small):
    bad = build_small(small, "--side", "left")
    assert bad.code == 2
    assert bad.err.endswith(
        "evenhand: error: --side: unknown side 'left' (known: pro, con, supporters, critics-left, critics-right)\n"
    )
    write(
        small / "briefs" / "cards.yaml",
        "title: Cards\ntopics: [asylum]\ntemplate: cards\nside: conn\ntexts: /etc\ncard-context: -1\n",
    )
    result = run_cli("validate", cwd=small)
    assert result.code == 1
    assert "briefs/cards.yaml:6:15: error:" in result.out  # card-context below 0
    write(
        small / "briefs" / "cards.yaml",
        "title: Cards\ntopics: [asylum]\ntemplate: cards\nside: conn\ntexts: /etc\n",
    )
    result = run_cli("validate", cwd=small)
    assert "briefs/cards.yaml:4:7: error: unknown side 'conn' (did you mean 'con'?)" in result.out
    assert (
        "briefs/cards.yaml:5:8: error: texts '/etc' must be a folder relative to the library"
        in result.out
    )
    bad_dir = build_small(small, "--texts", str(small / "nope"))
    assert bad_dir.code == 2 and "--texts: folder" in bad_dir.err


def test_a_recipe_side_builds_that_side_and_a_missing_texts_folder_is_one_note(small):
    write(
        small / "briefs" / "pro-cards.yaml",
        "title: Pro cards\ntopics: [asylum]\ntemplate: cards\nformats: [md]\nside: pro\ntexts: ../sources\n",
    )
    result = run_cli("build", "pro-cards", cwd=small, env=EPOCH)
    assert result.code == 0, result.err
    assert (
        "cards: texts folder '../sources' (the recipe's `texts:`) not found; the cards show bare quotations"
        in result.err
    )
    md = (small / "build" / "pro-cards.md").read_text(encoding="utf-8")
    assert "#### S1. The agency has grown fast" in md and "#### L1." not in md
    assert "### A2: Delays remain long (L1)" in md
    assert "- R1. Money is not the answer (CON · Critics on the right)" in md  # unanswered
    # now the folder is there, outside the library
    write(small.parent / "sources" / "report.txt", TEXT)
    result = run_cli("build", "pro-cards", cwd=small, env=EPOCH)
    assert "texts folder" not in result.err
    assert "**Its budget doubled**" in (small / "build" / "pro-cards.md").read_text(
        encoding="utf-8"
    )


def test_texts_are_only_plain_files_named_by_the_records_not_links_out(small, tmp_path):
    secret = write(tmp_path / "secret.txt", TEXT)
    (small / "texts" / "report.txt").unlink()
    (small / "texts" / "report.txt").symlink_to(secret)
    result = build_small(small)
    assert result.code == 0, result.err
    assert "source text file 'report.txt' links outside" in result.err
    page = (small / "build" / "asylum-cards.html").read_text(encoding="utf-8")
    assert "The agency opened four new offices" not in page
    path = small / "seeds" / "sources.yaml"
    path.write_text(SOURCES.replace("text: report.txt", "text: report.pdf"), encoding="utf-8")
    write(small / "texts" / "report.pdf", TEXT)
    result = build_small(small)
    assert "text 'report.pdf' must be a plain text file (.txt, .md, .text, .markdown)" in result.err


def test_key_terms_cite_their_sources_without_dead_links(built):
    """The cards have no source list: the key terms' citations are the style's short cites, not
    numbers and not links to entries that are not there."""
    page = (built / "migration-cards.html").read_text(encoding="utf-8")
    box = re.search(r'<aside class="key-terms".*?</aside>', page, re.S).group(0)
    assert '<span class="cite">(Giorguli and Selee)</span>' in box  # MLA: names, no year
    assert 'href="#ref-' not in page and not re.search(r"\[\d+\]", box)
