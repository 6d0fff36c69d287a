"""Building never runs hostile argument text, never reads outside the library, never fetches the network."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli, write

SECRET = "TOP-SECRET-7d1e9c"
PDF_TOOLS = all(shutil.which(t) for t in ("pdftotext", "pdfdetach"))
needs_poppler = pytest.mark.skipif(
    not PDF_TOOLS, reason="needs poppler-utils (pdftotext, pdfdetach)"
)


def hostile_topic(secret: Path) -> str:
    url = secret.as_uri()
    return f"""\
topic: school-start-time
title: A later start to the school day
question: "Should our day start later? <script>alert('q')</script>"
background: |
  Look <img src="x" onerror="alert(1)"> here and [click me](javascript:alert(2)).

  ![the secret]({url})

  <link rel="attachment" href="{url}">
  <a href="{url}" rel="attachment">attached</a>
facts:
  - text: "A fact <iframe src='{url}'></iframe> with {{{{ 7*7 }}}}"
claims:
  - id: sst-s1
    position: supporters
    title: "Sleep matters {{{{ 1111*3 }}}} <script>alert(3)</script>"
    text: |
      {{% raw %}}{{{{ config }}}} and {{{{ 1111*3 }}}} <svg onload="alert(4)"></svg>
      [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) <a href="javascript:alert(6)">js</a>
    evidence:
      - source: class-survey
        locator: "Question 2 <b onmouseover=alert(7)>"
        quote: "I can't think {{{{ 1111*3 }}}} <script>alert(8)</script>"
  - id: sst-l1
    position: critics-left
    title: Working parents would struggle
    evidence: [{{source: class-survey, locator: Question 4, quote: Who looks after them?}}]
  - id: sst-r1
    position: critics-right
    title: Sports move to the evening
    evidence: [{{source: class-survey, locator: Question 5, quote: I'd lose my shift.}}]
"""


@pytest.fixture
def hostile(tiny_library, tmp_path) -> tuple[Path, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    write(tiny_library / "arguments" / "school-start-time.yaml", hostile_topic(secret))
    return tiny_library, secret


def _tags(html: str) -> list[str]:
    return re.findall(r"<[a-zA-Z][^>]*>", html)


def test_hostile_text_neither_runs_nor_leaks_in_html_and_markdown(hostile):
    lib, _ = hostile
    result = run_cli("build", "handout", "-f", "html", "-f", "md", cwd=lib)
    assert result.code == 0, result.err
    html = (lib / "build" / "handout.html").read_text()
    # The argument map and its legend are the only images allowed: SVGs that evenhand drew, as data: URIs.
    maps = re.findall(r'<img class="map" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    legends = re.findall(
        r'<img class="map-legend" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html
    )
    assert maps and legends
    for data in maps + legends:
        svg = base64.b64decode(data).decode("utf-8")
        assert "<script" not in svg.lower() and not re.search(r"\son[a-z]+\s*=", svg, re.I)
    for data in maps:
        svg = base64.b64decode(data).decode("utf-8")
        assert "{{ 1111*3 }}" in svg or "1111*3" in svg or "Sleep matters" in svg
    drawn = (
        '<img class="map" src="data:image/svg+xml;base64,',
        '<img class="map-legend" src="data:image/svg+xml;base64,',
    )
    tags = [t for t in _tags(html) if not t.startswith(drawn)]
    assert not any(
        t.lower().startswith(("<script", "<iframe", "<svg", "<img", "<link")) for t in tags
    ), tags
    assert not any(re.search(r"\son[a-z]+\s*=", t, re.I) for t in tags)
    # Raw HTML in argument text is shown as text; no real tag links or loads javascript:, data: or file:.
    assert not any(
        re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data|file):""", t, re.I) for t in tags
    )
    assert "&lt;link rel=" in html
    assert SECRET not in html
    # Jinja syntax in argument text is printed as written, never evaluated.
    # (where an evaluation would print: the claim's title, the fact; "3333" and "49" also occur in
    # the stylesheet's colours and the drawings' sizes)
    assert "{{ 1111*3 }}" in html and not re.search(
        r"Sleep matters 3333|\b3333\b(?![0-9a-f;])", re.sub(r"(?s)<style.*?</style>", "", html)
    )
    assert "{{ 7*7 }}" in html and "with 49" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html  # the title, as text
    md = (lib / "build" / "handout.md").read_text()
    # fenced blocks (the Mermaid map) are code, not HTML
    prose = re.sub(r"(?ms)^```.*?^```", "", md)
    assert not re.search(r"<[a-zA-Z/!]", prose)  # no raw HTML at all: it is escaped to text
    # no such Markdown link or image
    assert not re.search(r"\]\(\s*<?\s*(javascript|data|file):", md, re.I)
    # (the Mermaid styles hold #333333)
    assert "Sleep matters 3333" not in md and "I can't think 3333" not in md


@needs_poppler
def test_hostile_text_does_not_attach_or_embed_local_files_in_the_pdf(hostile):
    lib, _ = hostile
    result = run_cli("build", "handout", "-f", "pdf", cwd=lib)
    assert result.code == 0, result.err
    pdf = lib / "build" / "handout.pdf"
    detach = subprocess.run(
        ["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    assert detach.stdout.strip() == "0 embedded files"
    assert SECRET.encode() not in pdf.read_bytes()
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert SECRET not in text
    assert "{{ 1111*3 }}" in " ".join(text.split())


@needs_poppler
def test_a_template_cannot_attach_or_load_files_outside_the_library(tiny_library, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    inside = tiny_library / "templates" / "notes.txt"
    write(inside, "notes that belong to the library\n")
    write(
        tiny_library / "templates" / "handout.html.j2",
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{{{ brief.title }}}}</title>
<link rel="attachment" href="{secret.as_uri()}" title="secret">
<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">
<link rel="attachment" href="{inside.as_uri()}" title="notes">
</head><body><h1>{{{{ brief.title }}}}</h1>
<img src="{secret.as_uri()}" alt="x"><img src="https://example.invalid/pixel.png" alt="y">
<a rel="attachment" href="{secret.as_uri()}">secret</a>
</body></html>
""",
    )
    result = run_cli("build", "handout", "-f", "pdf", cwd=tiny_library)
    assert result.code == 0, result.err
    assert f"refused to load {secret.as_uri()}" in result.err
    assert "refused to load http://127.0.0.1:9/evil.css" in result.err
    pdf = tiny_library / "build" / "handout.pdf"
    assert SECRET.encode() not in pdf.read_bytes()
    listed = subprocess.run(
        ["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "notes.txt" in listed and "secret" not in listed  # the library's own file is allowed
    assert listed.startswith("1 embedded files")


def test_fetcher_refuses_the_network_and_files_outside_its_roots(tmp_path):
    from weasyprint.urls import URLFetchingError  # noqa: F401  (WeasyPrint is installed with evenhand)

    from evenhand.writers.fetcher import LibraryFetcher, RefusedURL

    root = tmp_path / "lib"
    write(root / "templates" / "ok.css", "p {}")
    outside = tmp_path / "outside.txt"
    outside.write_text("no")
    (root / "link.txt").symlink_to(outside)
    fetcher = LibraryFetcher([root])
    assert fetcher.fetch((root / "templates" / "ok.css").as_uri()).read() == b"p {}"
    for url in (
        "http://example.com/x.css",
        "https://example.com/x.css",
        "ftp://example.com/x",
        outside.as_uri(),
        (root / "link.txt").as_uri(),  # a symlink out of the library
        (root / ".." / "outside.txt").as_uri(),
        "file://otherhost/etc/passwd",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_a_template_linked_to_a_file_outside_the_library_is_refused(tiny_library, tmp_path):
    # a symbolic link in templates/ must not carry an outside file into the brief
    secret = tmp_path / "secret.css"
    secret.write_text(f"/* {SECRET} */\n")
    (tiny_library / "templates").mkdir(exist_ok=True)
    (tiny_library / "templates" / "brief.css").symlink_to(secret)
    result = run_cli("build", "handout", "-f", "html", "-f", "pdf", cwd=tiny_library)
    assert result.code == 1
    assert (
        f"error: template error: templates/brief.css links to {secret.resolve()}, outside the library; copy the file"
        in result.err
    )
    assert SECRET not in result.err and "Traceback" not in result.err
    assert not (tiny_library / "build").exists()
    # a link to a file inside the library is fine
    inside = write(tiny_library / "styles" / "ours.css", "p { color: black } /* OUR-STYLE */\n")
    (tiny_library / "templates" / "brief.css").unlink()
    (tiny_library / "templates" / "brief.css").symlink_to(inside)
    result = run_cli("build", "handout", "-f", "html", cwd=tiny_library)
    assert result.code == 0, result.err
    assert "OUR-STYLE" in (tiny_library / "build" / "handout.html").read_text()
