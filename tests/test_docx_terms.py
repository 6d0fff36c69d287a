"""The "Key terms" box in Word: the handout's near the start, the one-pager's as one line that says
how many it left out, with the same terms in the same order as the HTML (and so the PDF)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from docx_check import accessibility_problems, clean, headings, open_docx

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Path:
    lib = tmp_path_factory.mktemp("terms") / "lib"
    for name in ("arguments", "seeds", "briefs"):
        shutil.copytree(REPO / name, lib / name)
    return lib


def build(lib: Path, recipe: str) -> tuple[str, object]:
    result = run_cli("build", recipe, "-f", "html", "-f", "docx", cwd=lib, env=EPOCH)
    assert result.code == 0, result.err
    return (lib / "build" / f"{recipe}.html").read_text(encoding="utf-8"), open_docx(
        lib / "build" / f"{recipe}.docx"
    )


def html_box_terms(page: str) -> list[str]:
    box = re.search(r'<aside class="key-terms".*?</aside>', page, re.S).group(0)
    return [html.unescape(t) for t in re.findall(r"<dt>(.*?)</dt>", box)]


def plain(fragment: str) -> str:
    return clean(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def test_handout_box_has_the_pdfs_terms_in_order_near_the_start(lib):
    page, document = build(lib, "migration-handout")
    outline = [h.text for h in headings(document)]
    assert outline.index("Key terms") == outline.index("The positions at a glance") + 1
    assert outline.index("Key terms") < outline.index("Background")
    box = [p for p in document.paragraphs if p.style.name == "Key Term"]
    terms = [p.runs[0].text for p in box]
    assert terms == html_box_terms(page)
    for term in (
        "CMMS",
        "NGO",
        "Remain in Mexico",
        "metering",
        "Merida Initiative",
        "DHS",
        "Darien Gap",
    ):
        assert term in terms
    # each entry: the term in bold, then its definition, as the HTML's <dd>
    first = box[0]
    assert first.runs[0].bold
    dd = re.search(r"<dd>(.*?)</dd>", page, re.S).group(1)
    assert clean(first.text).startswith(f"{terms[0]} – ") and plain(
        re.sub(r"<sup.*?</sup>", "", dd)
    ) in clean(first.text)
    assert accessibility_problems(document) == []


def test_one_pager_line_says_how_many_terms_it_left_out(lib):
    page, document = build(lib, "remain-in-mexico-one-pager")
    html_line = plain(re.search(r'<p class="key-terms-line">.*?</p>', page, re.S).group(0))
    lines = [p for p in document.paragraphs if p.style.name == "Key Term"]
    assert len(lines) == 1
    line = clean(lines[0].text)
    assert line == html_line
    # the fitting step leaves this page no room for a definition: the line says how many it left out
    assert re.fullmatch(r"Key terms: \d+ key terms? left out for space\.", line) or (
        re.search(r"; \d+ more key terms? left out for space\.$", line)
        and line.startswith("Key terms: Remain in Mexico – ")
    ), line
    # a compact line, not a heading: the one-pager's outline is the question, positions and claims
    assert "Key terms" not in [h.text for h in headings(document)]
