"""The Markdown writer: exact bytes for a small library, determinism, no raw HTML from hostile text."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, write

from evenhand.assemble import assemble
from evenhand.model import Recipe
from evenhand.readers.library import load_library
from evenhand.writers import markdown

FIXTURE = Path(__file__).parent / "fixtures" / "md-library"
SNAPSHOTS = Path(__file__).parent / "snapshots"
MERMAID = "graph LR\n  pb-s1 -->|attacks| pb-l1\n"
RAW_HTML = re.compile(r"<[A-Za-z!/?]")


def build(
    root: Path | str,
    template: str,
    style: str = "apa",
    topic: str = "phone-ban",
    mermaid: str | None = None,
) -> str:
    lib, problems = load_library(str(root))
    assert not [p for p in problems if p.severity == "error"], [str(p) for p in problems]
    recipe = Recipe.model_validate(
        {
            "title": "Phones in class: the debate",
            "subtitle": "A handout for Year 10",
            "author": "Ms. Rivera",
            "topics": [topic],
            "template": template,
            "citation-style": style,
            "balance": "warn",
        }
    )
    brief = assemble(lib, recipe, date="2025-03-01")
    return markdown.render(brief, library_root=str(root), map_mermaid=mermaid)


@pytest.mark.parametrize("template", ["handout", "one-pager", "cards"])
def test_snapshot(template):
    text = build(FIXTURE, template, mermaid=MERMAID if template == "handout" else None)
    snapshot = SNAPSHOTS / f"phone-ban.{template}.md"
    if os.environ.get("EVENHAND_UPDATE_SNAPSHOTS"):
        snapshot.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == snapshot.read_bytes()


def test_same_input_same_bytes():
    first = build(FIXTURE, "handout", "mla", mermaid=MERMAID)
    second = build(FIXTURE, "handout", "mla", mermaid=MERMAID)
    assert first.encode() == second.encode()


def test_handout_parts():
    text = build(FIXTURE, "handout", "chicago", mermaid=MERMAID)
    # Chicago author-date numbers nothing: short citations in the text, an alphabetical list
    assert (
        "- Two in three students say they check their phone in class. (Year 10 Council 2024)\n"
        in text
    )
    assert "> — (Núñez Peña and Smith 2023, 12)\n" in text
    assert text.index("\nNúñez Peña, María José, and Jo Smith. 2023.") < text.index(
        "\nYear 10 Council. 2024."
    )
    assert not re.search(r"\\\[\d+\\\]", text)
    assert re.search(
        r"\| Critics on the left \| 1 \| 19 \| 1 \| 0 \| 0 \| 0 \| 0% \| \d+\.\d \|\n", text
    )
    assert "```mermaid\ngraph LR\n  pb-s1 -->|attacks| pb-l1\n```\n" in text
    assert "*Chicago author-date, 18th edition; in alphabetical order.*\n" in text


def test_no_map_slot_without_mermaid():
    assert "```mermaid" not in build(FIXTURE, "handout")


@pytest.mark.parametrize("template", ["handout", "one-pager", "cards"])
@pytest.mark.parametrize("style", ["apa", "mla", "chicago"])
def test_bundled_library_is_clean_markdown(template, style):
    text = build(REPO, template, style, topic="migration-cooperation")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert not [line for line in text.split("\n") if line != line.rstrip()]
    assert "\n\n\n" not in text
    assert not RAW_HTML.search(text)


HOSTILE = {
    "title": "<script>alert(1)</script> {{ 1111*3 }}",
    "text": (
        "Click [here](javascript:alert(1)) or ![x](file:///etc/passwd).\n\n"
        '<img src=x onerror=alert(1)>\n\n<a href="javascript:alert(2)">a</a> {{ 1111*3 }} {% if true %}x{% endif %}\n\n'
        "<javascript:alert(3)> [ok](https://example.org)"
    ),
    "quote": "</blockquote><script>alert(4)</script>",
    "note": "<iframe src=//evil></iframe> [n](JavaScript:alert(5))",
    "locator": "<b onmouseover=alert(6)>p</b>",
}


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURE, root)
    path = root / "arguments" / "phone-ban.yaml"
    yaml = path.read_text(encoding="utf-8")
    yaml = yaml.replace("title: Phones distract from learning", f"title: {_q(HOSTILE['title'])}")
    yaml = yaml.replace(
        "      Students who keep phones on their desks remember less of the lesson.\n",
        "".join(f"      {line}\n" if line else "\n" for line in HOSTILE["text"].split("\n")),
    )
    yaml = yaml.replace(
        'quote: "Attention drops when a phone is in sight."', f"quote: {_q(HOSTILE['quote'])}"
    )
    yaml = yaml.replace(
        "note: A laboratory study, not a school trial.", f"note: {_q(HOSTILE['note'])}"
    )
    yaml = yaml.replace('locator: "12"', f"locator: {_q(HOSTILE['locator'])}")
    yaml = yaml.replace(
        "question: Should our school ban phones during lessons?",
        "question: '<svg onload=alert(7)>?'",
    )
    path.write_text(yaml, encoding="utf-8")
    sources = root / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        .replace("title: Student phone survey", "title: '<script>s</script> survey'")
        .replace("URL: https://example.org/rights", "URL: 'javascript:alert(8)'"),
        encoding="utf-8",
    )
    return root


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize("template", ["handout", "one-pager", "cards"])
def test_hostile_text_makes_no_html_and_no_script_links(hostile_library, template):
    text = build(hostile_library, template, mermaid=MERMAID if template == "handout" else None)
    assert not RAW_HTML.search(text), RAW_HTML.search(text)
    assert not re.search(r"\]\(\s*javascript:", text, re.I)
    assert "file:///" not in text
    assert "3333" not in text  # argument text is data, never a template
    if template != "one-pager":
        assert "&lt;script>alert(1)&lt;/script>" in text


def test_hostile_handout_details(hostile_library):
    text = build(hostile_library, "handout")
    # a title is plain text
    assert "### S1. &lt;script>alert(1)&lt;/script> {{ 1111\\*3 }}\n" in text
    assert "&lt;img src=x onerror=alert(1)>" in text  # shown as text, not an element
    assert "{{ 1111*3 }} {% if true %}x{% endif %}" in text  # Jinja syntax printed as written
    assert "Click here or x." in text  # javascript: link and file: image keep their text only
    assert "[ok](https://example.org)" in text
    assert "> &lt;/blockquote>&lt;script>alert(4)&lt;/script>\n" in text
    assert "\nYear 10 Council. (2024). *&lt;script>s&lt;/script> survey*.\n" in text
    assert "javascript:alert(8)" not in text  # a source URL that is not a web link is left out


def test_library_template_overrides_builtin(tmp_path: Path):
    root = tmp_path / "lib"
    shutil.copytree(FIXTURE, root)
    write(
        root / "templates" / "handout.md.j2",
        "# {{ brief.title | md_plain }}\n\n{% for s in sources %}{{ s }}\n{% endfor %}\n\n\n",
    )
    text = build(root, "handout")
    assert text == (
        "# Phones in class: the debate\n\n"  # APA: in alphabetical order
        "*Family rights and school rules*. (2022). Parents' Forum. <https://example.org/rights>\n"
        "Núñez Peña, M. J., & Smith, J. (2023). Phones on the desk: attention in the classroom. "
        "*Journal of School Studies*, *4*(2), 10–20.\n"
        "Year 10 Council. (2024). *Student phone survey*.\n"
    )


@pytest.mark.parametrize("template", ["handout", "one-pager", "cards"])
def test_hostile_text_parses_without_html_or_unsafe_links(hostile_library, template):
    """A CommonMark parser (with raw HTML allowed) finds no HTML and only web links in the output."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    text = build(hostile_library, template, mermaid=MERMAID if template == "handout" else None)
    tokens = md.parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not {"html_block", "html_inline", "image"} & kinds
    hrefs = [
        c.attrs.get("href") for t in tokens for c in (t.children or []) if c.type == "link_open"
    ]
    assert all(h.startswith("https://") for h in hrefs), hrefs
    if template == "handout":
        assert "https://example.org" in hrefs  # the safe link in the claim text survives
