"""Markdown written in argument files, made safe for each output.

HTML output: Markdown → HTML → nh3 (raw HTML stripped, links only http, https,
mailto). Markdown output: raw HTML escaped so GitHub shows it as text, and
links with other schemes dropped to their text.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from evenhand.writers.markup_guard import tame

ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "ul", "ol", "li", "br", "blockquote", "sup", "sub"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_md = None


def _markdown():
    global _md
    if _md is None:
        import markdown

        _md = markdown.Markdown(extensions=[], output_format="html")
    return _md


def _clean(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    md = _markdown()
    md.reset()
    # Escape raw HTML before Markdown sees it, then sanitise what Markdown made.
    tamed, restore = tame(text)
    html = restore(md.convert(_escape_html(tamed)))
    return Markup(_clean(html))


def markdown_inline_html(text: str | None) -> Markup:
    html = str(markdown_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


# Link texts hold no bracket, so each `[` is scanned only to the next one (linear on `[[[[...`).
_URL = r"[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*"
_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?(" + _URL + r")>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(" + _URL + r"[^()]*\)")
_REFDEF = re.compile(r"(?m)^ {0,3}\[[^\[\]]+\]:[ \t]*<?([^\s>]*)>?(?:[ \t]+.*)?$")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


def markdown_safe(text: str | None) -> str:
    """Markdown for Markdown output: no raw HTML, only http(s)/mailto links, no images."""
    if not text:
        return ""

    def link(m: re.Match) -> str:
        label, url = m.group(1), m.group(2)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme in ALLOWED_SCHEMES:
            return f"[{label}]({url})"
        return label

    out = text.replace("\r\n", "\n")
    out = _IMAGE.sub(r"\1", out)  # images: keep the alt text only
    out = _LINK.sub(link, out)
    out = _REFDEF.sub(lambda m: m.group(0) if m.group(1).split(":", 1)[0].lower() in ALLOWED_SCHEMES else "", out)
    out = _AUTOLINK.sub(lambda m: m.group(1) if m.group(1).split(":", 1)[0].lower() in ALLOWED_SCHEMES else "", out)
    return out.replace("<", "&lt;")


def markdown_plain(text: str | None) -> str:
    """Plain text as one line of Markdown that shows exactly that text (every Markdown character escaped)."""
    return escape_markdown(" ".join(str(text or "").split()))


def blockquote(text: str | None) -> str:
    """Prefix every line with '> ' (blank lines with '>')."""
    lines = str(text or "").strip("\n").split("\n")
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def markdown_table_cell(text: str | None) -> str:
    """One line of safe Markdown for a GFM table cell."""
    return " ".join(markdown_safe(text).split()).replace("|", "\\|")


def _escape_html(text: str) -> str:
    # `>` stays: it starts a Markdown blockquote and opens no tag on its own.
    return text.replace("&", "&amp;").replace("<", "&lt;")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"\ue000-\ue009]+")  # U+E000-E009: citations' emphasis marks end a URL


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: no emphasis, links or raw HTML."""
    parts = []
    last = 0
    for m in _URL_IN_TEXT.finditer(text):  # bare URLs stay as they are: GitHub links them
        parts.append(_escape_md_plain(text[last:m.start()]))
        parts.append(m.group(0).replace("*", "%2A").replace("_", "%5F").replace("~", "%7E"))
        last = m.end()
    parts.append(_escape_md_plain(text[last:]))
    return "".join(parts)


def _escape_md_plain(text: str) -> str:
    out = _MD_SPECIAL.sub(r"\\\1", text)
    out = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", out)  # "&lt;" written by a user stays as written
    out = out.replace("<", "&lt;")
    out = re.sub(r"^([+\-=>]|\d+[.)])(?=\s|$)", r"\\\1", out)  # no list, heading or quote at the start
    return out
