"""Print check of the bundled handout and one-pagers, read from the PDFs with PyMuPDF:
type sizes, characters per line, the space left at a one-pager's foot, page numbers,
and the positions' rule styles that a black-and-white copy keeps (rendered in greyscale)."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
from conftest import BUNDLED_URL, untraced

pymupdf = pytest.importorskip("pymupdf")

ONE_PAGERS = (
    "labor-pathways-one-pager",
    "in-region-protection-one-pager",
    "remain-in-mexico-one-pager",
)
HANDOUT = "migration-handout"
URL = "https://www.wilsoncenter.org/program/mexico-institute"
# running header and page number live in the page margins (0.75 in top, 0.7 in foot)
HEADER = 0.7 * 72


@pytest.fixture(scope="module")
def built(bundled_build, bundled_handout_html, tmp_path_factory) -> Path:
    """The bundled handout and one-pagers as PDF and HTML: links to those of the bundled
    build (conftest; one record there has the URL), with the handout's HTML beside them."""
    lib, result = bundled_build
    assert result.code == 0, result.err
    assert BUNDLED_URL == URL
    assert bundled_handout_html.name == f"{HANDOUT}.html"
    folder = tmp_path_factory.mktemp("print")
    for path in [bundled_handout_html, *(lib / "build").iterdir()]:
        (folder / path.name).symlink_to(path)
    return folder


def spans(path: Path):
    """(page number, line's spans, is the block's last line) for every text line of the PDF."""
    with pymupdf.open(path) as doc:
        for pno, page in enumerate(doc):
            for block in page.get_text("dict")["blocks"]:
                lines = block.get("lines", [])
                for i, line in enumerate(lines):
                    yield pno, line, i == len(lines) - 1


def sizes_by_font(path: Path) -> Counter:
    """(font, size rounded to 0.1 pt) → characters set so."""
    counts: Counter = Counter()
    for _, line, _ in spans(path):
        for s in line["spans"]:
            if s["text"].strip():
                counts[(s["font"], round(s["size"], 1))] += len(s["text"].strip())
    return counts


def main_size(path: Path, font: str) -> float:
    """The size at which most characters of ``font`` are set."""
    counts = Counter({size: n for (f, size), n in sizes_by_font(path).items() if f == font})
    return counts.most_common(1)[0][0]


def body_line_lengths(path: Path) -> list[int]:
    """Characters of each full line of body text (regular serif at the body size; a paragraph's
    last line, usually short, left out)."""
    body = main_size(path, "Evenhand-Serif")
    lengths = []
    for _, line, last in spans(path):
        text = [s for s in line["spans"] if s["text"].strip()]
        if last or not text:
            continue
        if all(s["font"] == "Evenhand-Serif" and round(s["size"], 1) == body for s in text):
            lengths.append(len("".join(s["text"] for s in line["spans"]).strip()))
    return lengths


def test_handout_body_text_has_a_readable_measure(built):
    lengths = body_line_lengths(built / f"{HANDOUT}.pdf")
    assert len(lengths) > 40
    assert 55 <= statistics.median(lengths) <= 80, statistics.median(lengths)


def test_handout_type_sizes(built):
    pdf = built / f"{HANDOUT}.pdf"
    assert main_size(pdf, "Evenhand-Serif") >= 10.5  # body text
    assert main_size(pdf, "Evenhand-Serif-Italic") >= 10  # quotations
    assert main_size(pdf, "Evenhand-Sans") >= 8.5  # citations under the quotations


@pytest.mark.parametrize("name", ONE_PAGERS)
def test_one_pager_type_is_big_enough_and_fills_the_page(built, name):
    pdf = built / f"{name}.pdf"
    with pymupdf.open(pdf) as doc:
        assert len(doc) == 1
        page = doc[0]
        text = page.get_text()
        height = page.rect.height
        bottom = max(b[3] for b in page.get_text("blocks") if b[4].strip())
    assert "Page 1" not in text and "of 1" not in text
    assert main_size(pdf, "Evenhand-Serif") >= 9.5  # the claims' text
    assert main_size(pdf, "Evenhand-Serif-Italic") >= 9  # the quotations
    smallest = min(size for (font, size) in sizes_by_font(pdf))
    # citations, reference numbers, badges, the balance line
    assert smallest >= 7.95, sizes_by_font(pdf)
    foot = height - 0.6 * 72 - bottom  # the page margin is 0.6 in
    assert foot <= 0.10 * height, f"{foot:.0f} pt empty at the foot"


@pytest.mark.parametrize("name", ONE_PAGERS)
def test_one_pager_title_never_ends_on_one_word(built, name):
    with pymupdf.open(built / f"{name}.pdf") as doc:
        title_size = main_size(built / f"{name}.pdf", "Evenhand-Sans-Bold")
        lines = [
            "".join(s["text"] for s in line["spans"])
            for block in doc[0].get_text("dict")["blocks"]
            for line in block.get("lines", [])
            if line["spans"]
            and line["spans"][0]["font"] == "Evenhand-Sans-Bold"
            and round(line["spans"][0]["size"], 1) == title_size
        ]
    assert lines
    assert len(lines[-1].split()) >= 2, lines


LABELS = ("Supporters", "Critics on the left", "Critics on the right")
DPI = 200


def rule_under(page, label: str) -> tuple[int, bool]:
    """The rule under the first heading ``label`` in a greyscale rendering of the page: how many
    separate lines it has (2: double) and whether it is broken (dashed or dotted)."""
    line = next(
        line
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        if "".join(s["text"] for s in line["spans"]).strip() == label
    )
    x0, _, _, y1 = line["bbox"]
    clip = pymupdf.Rect(x0, y1, x0 + 110, y1 + 12)
    pix = page.get_pixmap(colorspace=pymupdf.csGRAY, dpi=DPI, clip=clip)
    rows = [pix.samples[r * pix.stride : r * pix.stride + pix.width] for r in range(pix.height)]
    dark = [sum(v < 170 for v in row) / pix.width for row in rows]
    ruled = [d > 0.3 for d in dark]
    lines = sum(1 for i, r in enumerate(ruled) if r and (i == 0 or not ruled[i - 1]))
    return lines, max(dark) < 0.85


@pytest.mark.parametrize("name", [HANDOUT, ONE_PAGERS[0]])
def test_positions_rules_differ_in_greyscale(built, name):
    """Solid, dashed, double: in a greyscale rendering the three positions' rules differ in
    shape, not only in grey."""
    with pymupdf.open(built / f"{name}.pdf") as doc:
        styles = {label: rule_under(doc[0], label) for label in LABELS}
    assert styles == {
        "Supporters": (1, False),  # solid
        "Critics on the left": (1, True),  # dashed
        "Critics on the right": (2, False),  # double
    }


def test_phone_overview_cells_name_their_position(built):
    """At phone width the overview's header row is hidden (handout.css): every cell then
    starts with its position's badge and name, so S1-R3 keep their positions."""
    import re

    html = (built / f"{HANDOUT}.html").read_text(encoding="utf-8")
    overview = html[html.index('<section class="overview">') :]
    overview = overview[: overview.index("</section>")]
    cells = re.findall(
        r'<td class="pos-\d"><p class="cell-head"><span class="badge">(\w)</span>([^<]+)</p>',
        overview,
    )
    assert cells == [
        ("S", "Supporters"),
        ("L", "Critics on the left"),
        ("R", "Critics on the right"),
    ]
    css = html[: html.index("</style>")]
    assert re.search(
        r"@media \(max-width: 40rem\)[^@]*\.overview thead \{ display: none; \}[^@]*\.overview \.cell-head \{ display: block;",
        css,
    )


def test_sources_print_and_link_their_url(built):
    """A record's URL is printed in the handout's sources and one-pager's sources line, and
    is a link in the HTML and the PDF."""
    for name in (HANDOUT, ONE_PAGERS[0]):
        assert f'<a href="{URL}">{URL}</a>' in (built / f"{name}.html").read_text(encoding="utf-8")
        with pymupdf.open(built / f"{name}.pdf") as doc:
            text = "".join(page.get_text() for page in doc)
            links = [link.get("uri") for page in doc for link in page.get_links()]
        assert URL in "".join(text.split()), name  # printed (a long URL may wrap)
        assert URL in links, name


def test_in_text_citations_say_what_the_source_is(built):
    """The short balanced brief is cited as a brief about the strategy, not as the strategy;
    in-text citations are near-black and at least 9 pt in the handout."""
    html = (built / f"{HANDOUT}.html").read_text(encoding="utf-8")
    assert "([Brief on the Strategy], 2022)" in html
    assert "(The Collaborative Migration Management Strategy, 2022)" not in html
    sizes = [
        (s["size"], s["color"])
        for page in pymupdf.open(built / f"{HANDOUT}.pdf")
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for s in line["spans"]
        if "(Selee et al., 2021)" in s["text"]
    ]
    assert sizes
    assert all(size >= 8.95 and color <= 0x404040 for size, color in sizes), sizes


def test_handout_and_one_pager_stay_pdf_ua(built):
    page_validation = pytest.importorskip("page")
    for name in (HANDOUT, ONE_PAGERS[0]):
        report = untraced(page_validation.validate_pdf)(str(built / f"{name}.pdf"), profile="ua1")
        assert report.is_compliant, (name, [(f.rule_id, f.message) for f in report.failures][:5])


def hyphenated_lines(path: Path):
    """(font, the line, the next line) for each line that WeasyPrint hyphenated (ends in U+2010)."""
    with pymupdf.open(path) as doc:
        for page in doc:
            for block in page.get_text("dict")["blocks"]:
                lines = [
                    line
                    for line in block.get("lines", [])
                    if "".join(s["text"] for s in line["spans"]).strip()
                ]
                for line, after in zip(lines, lines[1:] + [None], strict=False):
                    text = "".join(s["text"] for s in line["spans"]).rstrip()
                    if text.endswith("\u2010"):
                        nxt = "".join(s["text"] for s in after["spans"]).strip() if after else ""
                        yield line["spans"][-1]["font"], text, nxt


@pytest.mark.parametrize("name", [HANDOUT, *ONE_PAGERS])
def test_hyphenation_only_in_running_text_and_long_words(built, name):
    """No hyphen breaks a quotation (italic), a heading, a title, a tag or a citation (sans);
    a hyphenated word has 7 letters or more, 3 on each side of the break."""
    found = list(hyphenated_lines(built / f"{name}.pdf"))
    for font, text, nxt in found:
        assert font == "Evenhand-Serif", (font, text)
        before = text[:-1].split()[-1]
        rest = nxt.split()[0] if nxt else ""
        head = "".join(ch for ch in before if ch.isalpha())
        tail = "".join(ch for ch in rest.split("\u2010")[0] if ch.isalpha())
        assert len(head) >= 3 and len(tail) >= 3 and len(head) + len(tail) >= 7, (text, nxt)
