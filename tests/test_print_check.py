"""Print check of the bundled handout's PDF, read with PyMuPDF as a printer would see it: the map
names exactly the brief's claims, its smallest text is at least 9 pt on paper, only the bundled
fonts are embedded, and the structure tree (a screen reader's reading order) holds no running
header or page number."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BUNDLED_EPOCH, pdf_text, run_cli, untraced

pymupdf = pytest.importorskip("pymupdf")

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}  # May 1, 2024
HAS_DOT = shutil.which("dot") is not None
# Vollkorn, Inter
BUNDLED_FONTS = re.compile(r"^(?:[A-Z]{6}\+)?Evenhand-(?:Serif|Sans)(?:-[A-Za-z-]+)?$")
LABEL = re.compile(r"^[SLR]\d+$")


@pytest.fixture
def handout(bundled_build) -> tuple[Path, str]:
    """The bundled root handout as PDF, with its Markdown (the claims it prints): the
    bundled build's (conftest), dated as here."""
    assert BUNDLED_EPOCH == EPOCH
    lib, result = bundled_build
    assert result.code == 0, result.err
    out = lib / "build" / "migration-handout.pdf"
    return out, out.with_suffix(".md").read_text(encoding="utf-8")


def printed_claims(markdown: str) -> dict[str, str]:
    """Label -> title of each claim the handout prints ("### S1. Title")."""
    return dict(re.findall(r"^### ([SLR]\d+)\. (.+)$", markdown, re.M))


def map_figures(doc) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page index, box measured from the top) of each Figure of the map or its legend, from the
    structure tree: its /Pg and its /BBox (PDF points from the bottom)."""
    pages = {page.xref: i for i, page in enumerate(doc)}
    out = []
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "S") != ("name", "/Figure"):
            continue
        alt = doc.xref_get_key(xref, "Alt")[1]
        if not alt.startswith(("Argument map of", "Legend:")):
            continue
        page = pages[int(doc.xref_get_key(xref, "Pg")[1].split()[0])]
        box = re.search(r"/BBox\s*\[([^\]]+)\]", doc.xref_get_key(xref, "A")[1]).group(1).split()
        x0, y0, x1, y1 = (float(v) for v in box)
        height = doc[page].rect.height
        out.append((page, (x0, height - y1, x1, height - y0)))
    return out


def drawing_spans(doc) -> list[dict]:
    """The text spans inside the map's figures (the drawings, not the headings or the outline)."""
    spans = []
    for index, (x0, y0, x1, y1) in map_figures(doc):
        for block in doc[index].get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    sx0, sy0, sx1, sy1 = span["bbox"]
                    if (
                        span["text"].strip()
                        and x0 - 1 <= sx0
                        and sx1 <= x1 + 1
                        and y0 - 1 <= sy0
                        and sy1 <= y1 + 1
                    ):
                        spans.append(span)
    return spans


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_the_map_names_exactly_the_claims_the_handout_prints(handout):
    pdf, markdown = handout
    claims = printed_claims(markdown)
    assert len(claims) == 9  # three per position
    doc = pymupdf.open(pdf)
    spans = drawing_spans(doc)
    assert spans, "no map drawn"
    labels = [
        s["text"].strip() for s in spans if LABEL.match(s["text"].strip()) and "Bold" in s["font"]
    ]
    assert sorted(labels) == sorted(claims)  # each once, none from outside the brief
    words = " ".join(" ".join(s["text"].split()) for s in spans)
    words = re.sub(r"\s+", " ", words)
    for title in claims.values():
        assert " ".join(title.split()) in words, title
    # the question
    assert "Should the United States manage migration in cooperation with Mexico" in words
    # the legend names the positions with their letters
    for name in (
        "Supporters",
        "Critics on the left",
        "Critics on the right",
        "supports",
        "attacks",
    ):
        assert name in words


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_the_maps_smallest_text_is_at_least_9_pt_on_paper(handout):
    doc = pymupdf.open(handout[0])
    sizes = [s["size"] for s in drawing_spans(doc)]
    assert sizes
    assert min(sizes) >= 9.0, sorted(sizes)[:5]


def test_only_the_bundled_fonts_are_embedded(handout):
    """pdffonts would list Vollkorn and Inter only (embedded as "Evenhand Serif" and "Evenhand Sans"):
    no DejaVu or Liberation for the map's labels or the outline's bullets."""
    doc = pymupdf.open(handout[0])
    names = {font[3] for page in doc for font in page.get_fonts(full=True)}
    assert names
    assert all(BUNDLED_FONTS.match(name) for name in names), sorted(names)
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", str(handout[0])], capture_output=True, text=True, check=True
        ).stdout
        assert "DejaVu" not in listing and "Liberation" not in listing


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_the_map_figures_carry_alt_text(handout):
    doc = pymupdf.open(handout[0])
    alts = []
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "S") == ("name", "/Figure"):
            alts.append(doc.xref_get_key(xref, "Alt")[1])
    assert any(a.startswith("Argument map of the question") for a in alts), alts
    assert any(
        a.startswith("Legend: S: Supporters, rounded box; L: Critics on the left, double border")
        for a in alts
    )


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_the_structure_tree_holds_no_running_header_or_page_number(handout):
    pdf = handout[0]
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert '"Should the United States manage migration' in tree  # the text is there...
    assert not re.search(r"Page \d+ of \d+", tree)  # ...the page numbers are not
    assert '"May 1, 2024"' not in tree  # nor the running header's date (the kicker's is upper case)
    doc = pymupdf.open(pdf)
    assert "Page 2 of" in doc[1].get_text()  # on paper they are


def test_running_headers_and_page_numbers_are_pagination_artifacts(handout):
    """Their marked content is an /Artifact of type Pagination; every MCID left belongs to the tree."""
    import pikepdf

    from evenhand.writers.pdf_tags import _in_tree

    with pikepdf.open(handout[0]) as pdf:
        tree = _in_tree(pdf.Root.StructTreeRoot)
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        for number, page in enumerate(pdf.pages, 1):
            claimed = parents[int(page.obj.StructParents)]
            artifacts = 0
            for operands, _operator in pikepdf.parse_content_stream(page, "BDC"):
                if operands[0] == pikepdf.Name.Artifact:
                    artifacts += operands[1].get("/Type") == pikepdf.Name.Pagination
                elif "/MCID" in operands[1]:
                    element = claimed[int(operands[1].MCID)]
                    assert element is not None and element.objgen in tree, (number, operands)
            assert artifacts == (1 if number == 1 else 3), number  # page 1: the page number only


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_a_list_groups_div_leaves_only_list_items_in_the_lists_tags(tmp_path):
    """A <div> around a <dt>/<dd> pair (as in the Key terms box), or around a lone item: in
    the PDF's tags the list holds the items themselves, as PDF/UA-1 asks."""
    from evenhand.writers import pdf

    html = (
        "<!doctype html><html lang='en'><head><title>Terms</title></head><body><h1>Terms</h1>"
        "<dl><div><dt>CMMS</dt><dd>A plan.</dd></div><dt>DHS</dt><dd>A department.</dd></dl>"
        "<dl><div><dd>A lone definition.</dd></div></dl></body></html>"
    )
    out = tmp_path / "terms.pdf"
    out.write_bytes(pdf.render(html, library_root=None).data)
    struct = subprocess.run(
        ["pdfinfo", "-struct", str(out)], capture_output=True, text=True, check=True
    ).stdout
    tags = re.findall(r"^ *(\w+)", struct, re.M)
    assert "Div" not in tags, struct
    assert tags.count("LI") == 5, struct  # each <dt> and <dd> an item of the list
    page_validation = pytest.importorskip("page")
    report = untraced(page_validation.validate_pdf)(str(out), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_the_map_figures_bounding_boxes_are_in_points_inside_the_text_block(handout):
    """WeasyPrint writes a Figure's /BBox in CSS pixels from the top; the PDF has it in points from
    the bottom: inside the text block, the legend above the map, each holding its drawing's words."""
    doc = pymupdf.open(handout[0])
    figures = map_figures(doc)
    assert len(figures) == 2  # the legend and the map
    for index, (x0, y0, x1, y1) in figures:
        page = doc[index].rect
        assert 0.8 * 72 - 1 <= x0 < x1 <= page.width - 0.8 * 72 + 1
        assert 0.75 * 72 - 1 <= y0 < y1 <= page.height - 0.7 * 72 + 1
    (_, legend), (_, drawing) = sorted(figures, key=lambda f: f[1][1])
    assert legend[3] <= drawing[1] + 1
    assert "Question" in " ".join(s["text"] for s in drawing_spans(doc))


@pytest.mark.slow
@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_a_map_too_big_for_one_page_is_cut_into_pages_not_shrunk(tmp_path):
    """24 claims of the root topic and its sub-topics: the map takes pages of its own, each at
    9 pt or more, and between them they name each claim the brief prints once."""
    out = tmp_path / "big.pdf"
    args = (
        "build",
        "--topic",
        "migration-cooperation",
        "--template",
        "handout",
        "--max-claims",
        "8",
        "--balance",
        "off",
        "--format",
        "pdf",
        "--format",
        "md",
        "-o",
        str(out),
    )
    result = run_cli(*args, env=EPOCH)
    assert result.code == 0, result.err
    claims = printed_claims(out.with_suffix(".md").read_text(encoding="utf-8"))
    assert len(claims) > 18  # more than one page holds
    doc = pymupdf.open(out)
    figures = map_figures(doc)
    assert len({index for index, _ in figures}) >= 2  # on two pages or more
    spans = drawing_spans(doc)
    assert min(s["size"] for s in spans) >= 9.0
    labels = [
        s["text"].strip() for s in spans if LABEL.match(s["text"].strip()) and "Bold" in s["font"]
    ]
    assert sorted(labels) == sorted(claims)
    assert "Map 1 of " in doc[figures[0][0]].get_text()


def page_words(doc, index: int) -> str:
    return " ".join(doc[index].get_text().split())


def test_apa_cites_by_short_citation_and_lists_sources_alphabetically_unnumbered(handout):
    """APA numbers nothing: the text cites "(Selee et al., 2021)", the key facts and key terms
    too, and the sources list is alphabetical with no [n] before its entries."""
    doc = pymupdf.open(handout[0])
    words = " ".join(page_words(doc, i) for i in range(len(doc)))
    assert "(Selee et al., 2021)" in words and "(Giorguli & Selee, 2021)" in words
    assert "([Brief on the Strategy], 2022)" in words  # a source without an author: its short title
    assert not re.search(r"\[\d+\]", words), re.search(r".{40}\[\d+\].{40}", words).group(0)
    facts = words[words.index("Key facts") : words.index("Supporters FOR")]
    # the facts' sources
    assert facts.count("(“The Limits of the Go-It-Alone Approach,” 2024)") >= 2
    sources = words[words.rindex("Sources ") :]
    order = [
        "Cole, K., Hydari",
        "Giorguli, S., & Selee",
        "The Limits of the Go-It-Alone",
        "[Policy brief on the",
        "Selee, A., Tanco",
    ]
    at = [sources.index(entry) for entry in order]
    assert at == sorted(at), at  # alphabetical ("The" and "[" set aside)


def foot_space(page) -> float:
    """The share of the text block's height left empty below the page's last line of text
    (running header and page number, in the margins, left out)."""
    top, bottom = 0.75 * 72, page.rect.height - 0.7 * 72
    lines = [
        b[3]
        for b in page.get_text("blocks")
        if b[4].strip() and top - 2 < b[1] and b[3] < bottom + 2
    ]
    return (bottom - max(lines, default=top)) / (bottom - top)


def test_no_handout_page_ends_more_than_a_quarter_empty(handout):
    """A claim may run on to the next page (its title keeps its first lines, each piece of
    evidence stays whole), so no page ends far short of the foot; only the last page of the text
    (the map opens a new page), the map's pages and the last page may."""
    doc = pymupdf.open(handout[0])
    map_pages = {
        i
        for i in range(len(doc))
        if page_words(doc, i).startswith(("Argument map", "Map "))
        or "Argument map" in page_words(doc, i)[:200]
    }
    assert map_pages and max(map_pages) == len(doc) - 1
    text_end = min(map_pages) - 1
    assert len(doc) <= 9
    empty = {
        i + 1: round(foot_space(doc[i]) * 100)
        for i in range(len(doc))
        if i not in map_pages | {text_end}
    }
    assert empty and all(v <= 25 for v in empty.values()), empty


def test_a_page_that_opens_on_a_claims_evidence_names_the_claim_continued(handout):
    """No page opens on a claim's leftover quotes unnamed: its running header says "S2, continued"."""
    doc = pymupdf.open(handout[0])
    opened = 0
    for page in list(doc)[1:]:
        lines = [
            line
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            if line["bbox"][1] > 0.7 * 72 and "".join(s["text"] for s in line["spans"]).strip()
        ]
        first = min(lines, key=lambda line: line["bbox"][1])
        text = "".join(s["text"] for s in first["spans"]).strip()
        header = " ".join(page.get_text(clip=pymupdf.Rect(0, 0, page.rect.width, 0.7 * 72)).split())
        if first["spans"][0]["font"].startswith("Evenhand-Serif-Italic") and text.startswith("“"):
            opened += 1
            assert re.search(r"· [SLR]\d, continued", header), (page.number + 1, header, text)
        else:
            assert "continued" not in header, (page.number + 1, header, text)
    assert opened  # the bundled handout has such a page


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_the_maps_text_outline_is_at_least_9_pt(handout):
    """The outline under the map (its text equivalent) is read on paper too: 9 pt or more."""
    doc = pymupdf.open(handout[0])
    below: dict[int, float] = {}
    for index, (_, _, _, y1) in map_figures(doc):
        below[index] = max(below.get(index, 0), y1)
    spans = [
        span
        for index, bottom in below.items()
        for block in doc[index].get_text("dict")["blocks"]
        for line in block.get("lines", [])
        if bottom < line["bbox"][1] < doc[index].rect.height - 0.7 * 72
        and not "".join(s["text"] for s in line["spans"]).startswith("Built with")  # the colophon
        for span in line["spans"]
        if span["text"].strip()
    ]
    words = " ".join(s["text"] for s in spans)
    assert "Question:" in words and "attacks" in words, words[:200]
    assert min(s["size"] for s in spans) >= 8.95, sorted({round(s["size"], 1) for s in spans})


def test_a_one_pagers_sources_line_is_alphabetical_without_numbers(tmp_path):
    """The one-pager's "Sources:" line lists what it shows in alphabetical order, with no [n]."""
    out = tmp_path / "one.pdf"
    result = run_cli(
        "build",
        "briefs/labor-pathways-one-pager.yaml",
        "--format",
        "pdf",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.code == 0, result.err
    doc = pymupdf.open(out)
    assert len(doc) == 1
    words = page_words(doc, 0)
    line = words[words.index("Sources:") :]
    assert not re.search(r"\[\d+\]", words)
    at = [
        line.index(who)
        for who in ("Giorguli and Selee, 2021", "Migration Policy Institute, 2024", "Selee, Tanco")
    ]
    assert at == sorted(at), line
    assert "(Giorguli & Selee, 2021)" in words  # the in-text citations are the style's


def broken_words(text: str) -> list[str]:
    """Words split across two lines without a hyphen: a line that ends in letters and a next
    line that starts in lower case, which together make a word the text holds elsewhere, and
    are not two words it holds."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    broken = []
    for m in re.finditer(r"([A-Za-z]+)\n([a-z]+)", text):
        head, tail = m.group(1), m.group(2)
        if (head + tail).lower() in words and not (
            head.lower() in words and tail in words and min(len(head), len(tail)) > 3
        ):
            broken.append(f"{head}|{tail}")
    return broken


def test_no_bundled_pdf_breaks_a_word_without_a_hyphen(bundled_build):
    """A key term inside a highlighted card quotation was once split "Int" / "ernational"."""
    lib, _ = bundled_build
    pdfs = sorted((lib / "build").glob("*.pdf"))
    assert len(pdfs) == 9
    for pdf in pdfs:  # in reading order: a column's line ends are its own
        assert broken_words(pdf_text(pdf, layout=False)) == [], pdf.name
