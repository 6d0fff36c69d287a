"""The Markdown brief of a hostile library holds no image and no link but plain http(s) autolinks."""

from __future__ import annotations

import re

import markdown
import pytest
from conftest import run_cli, write
from markdown_it import MarkdownIt

PIXEL = "https://example.org/![x](http://host/pixel.png)"
JS = "https://example.org/[c](javascript:alert(1))"


def hostile(lib) -> None:
    topic = lib / "arguments" / "school-start-time.yaml"
    text = topic.read_text()
    text = text.replace(
        "    title: Teenagers learn better after more sleep\n", f'    title: "Sleep {PIXEL}"\n', 1
    )
    text = text.replace("quote: I can't think in first period.", f'quote: "I can\'t think {JS}"', 1)
    text = text.replace("locator: Question 2", f'locator: "Question 2 {PIXEL}"', 1)
    text = text.replace(
        "question: Should our school day start an hour later?", f'question: "Later? {JS}"', 1
    )
    text = text.replace(
        "background: |\n",
        "background: |\n  Nested ![a [b] c](http://host/nested.png) and ![ref][r] and [ok](https://example.org/fine).\n\n"
        "  [r]: http://host/ref.png\n\n",
        1,
    )
    topic.write_text(text)
    write(
        lib / "arguments" / "positions.yaml",
        f"""\
- {{id: supporters, label: "Supporters {JS}", stance: pro}}
- {{id: critics-left, label: "Critics {PIXEL}", stance: con}}
- {{id: critics-right, label: Critics on the right, stance: con}}
""",
    )
    sources = lib / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text().replace(
            "title: Class survey on the school start time",
            f'title: "Survey {PIXEL}"\n  publisher: "Club {JS}"\n  URL: "{PIXEL}"',
        )
    )


def links_and_images(md: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(images, [(href, shown text)]) as CommonMark (markdown-it) reads the Markdown."""
    images, links = [], []
    for block in MarkdownIt("commonmark").parse(md):
        children = block.children or []
        for i, tok in enumerate(children):
            if tok.type == "image":
                images.append(tok.attrGet("src"))
            if tok.type == "link_open":
                shown = "".join(t.content for t in children[i + 1 :] if t.type == "text")
                links.append((tok.attrGet("href"), tok.markup, shown))
    return images, links


@pytest.mark.parametrize("template", ["handout", "cards"])
def test_no_hidden_image_or_link_in_the_markdown_brief(tiny_library, template):
    hostile(tiny_library)
    result = run_cli(
        "build", "handout", "--template", template, "-f", "md", "-o", "brief.md", cwd=tiny_library
    )
    assert result.code == 0, result.err
    md = (tiny_library / "brief.md").read_text()
    images, links = links_and_images(md)
    assert images == []
    for href, markup, _ in links:
        assert href.startswith(("http://", "https://")), href
        # plain fields give only autolinks; the background (Markdown) may link to the web
        assert markup == "autolink" or href in (
            "https://example.org/fine",
            "http://host/ref.png",
        ), (href, markup)
        assert "javascript" not in href
    # the same through the Markdown → HTML path (python-markdown)
    html = markdown.markdown(md)
    assert "<img" not in html and "javascript:" not in re.sub(
        r"(?s)<[^>]*>", "", "".join(re.findall(r"<a [^>]*>", html))
    )
    for tag in re.findall(r"<a [^>]*>", html):
        assert re.fullmatch(r'<a href="https?://[^"]*">', tag), tag
    # and every trick stays visible as the text it is
    shown = re.sub(r"<[^>]+>", "", html)
    assert "[c](javascript:alert(1))" in shown
    assert "![x](http://host/pixel.png)" in shown
    if template == "handout":  # a plain label in a table cell is shown as written
        # then words, evidence, ...
        assert "| Supporters <https://example.org/>\\[c\\](javascript:alert(1)) | 1 | " in md


def test_urls_in_plain_fields_are_autolinks(tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    topic.write_text(
        topic.read_text().replace(
            "locator: Question 2", 'locator: "See https://example.org/a_b*c (p. 2)."', 1
        )
    )
    result = run_cli("build", "handout", "-f", "md", "-o", "-", cwd=tiny_library)
    assert result.code == 0, result.err
    assert "See <https://example.org/a_b*c> (p. 2)." in result.out
