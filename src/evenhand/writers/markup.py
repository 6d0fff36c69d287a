"""Markdown written in argument files, made safe for each output.

HTML output: Markdown → HTML → nh3 (raw HTML stripped, links only http, https,
mailto). Markdown output: raw HTML escaped so GitHub shows it as text, and
links with other schemes dropped to their text.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from evenhand.writers.markup_guard import tame

ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "code",
    "a",
    "ul",
    "ol",
    "li",
    "br",
    "blockquote",
    "sup",
    "sub",
}
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
    out = out.replace("![", "!\\[")  # and no other image (nested brackets, references) can start
    out = _LINK.sub(link, out)
    out = _REFDEF.sub(
        lambda m: m.group(0) if m.group(1).split(":", 1)[0].lower() in ALLOWED_SCHEMES else "", out
    )
    out = _AUTOLINK.sub(
        lambda m: m.group(1) if m.group(1).split(":", 1)[0].lower() in ALLOWED_SCHEMES else "", out
    )
    return out.replace("<", "&lt;")


def markdown_plain(text: str | None) -> str:
    """Plain text as one line of Markdown that shows exactly that text (every Markdown character escaped)."""
    return escape_markdown(" ".join(str(text or "").split()))


def blockquote(text: str | None) -> str:
    """Prefix every line with '> ' (blank lines with '>')."""
    lines = str(text or "").strip("\n").split("\n")
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def no_widow(text: str | None) -> str:
    """A title whose last two words are joined by a no-break space, so that its last
    line never holds one word alone."""
    words = (text or "").split()
    if len(words) < 3:
        return " ".join(words)
    return " ".join(words[:-2]) + " " + words[-2] + "\u00a0" + words[-1]


def markdown_table_cell(text: str | None) -> str:
    """One line of safe Markdown for a GFM table cell."""
    return " ".join(markdown_safe(text).split()).replace("|", "\\|")


def _escape_html(text: str) -> str:
    # `>` stays: it starts a Markdown blockquote and opens no tag on its own.
    return text.replace("&", "&amp;").replace("<", "&lt;")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_URL_START = re.compile(r"https?://")
# A well-formed web address: a host name, then only characters that need no escaping in a URL
# (no brackets, quotes, backslashes or braces; U+E000-E009, citations' emphasis marks, end it).
# What follows it is escaped as plain text.
_WELL_FORMED = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9._~%!$&'()*+,;=:@/?#-]*)?"
)
_TRAILING = ".,:;!?'*"  # sentence punctuation after an address is not part of it


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: no emphasis, links, images or raw HTML.

    A well-formed http(s) address becomes an autolink, ``<https://...>``, inside
    which Markdown is not read; anything else in or after an address is escaped
    like the rest, so ``https://example.org/![x](http://host/p.png)`` cannot
    smuggle in an image or a link. One pass: linear in the text.
    """
    parts = []
    last = pos = 0
    while (m := _URL_START.search(text, pos)) is not None:
        url = _autolink_part(text, m.start())
        if not url:
            pos = m.end()
            continue
        parts.append(_escape_md_plain(text[last : m.start()]))
        parts.append(f"<{url}>")
        last = pos = m.start() + len(url)
    parts.append(_escape_md_plain(text[last:]))
    return _START.sub(_escape_start, "".join(parts))


def _escape_start(m: re.Match) -> str:
    mark = m.group(1)
    # "1\." and "\-" show as written
    return f"{mark[:-1]}\\{mark[-1]}" if mark[0].isdigit() else f"\\{mark}"


def _autolink_part(text: str, start: int) -> str:
    """The well-formed address at ``start``, without trailing punctuation or an
    unmatched ``)``; "" when there is none."""
    m = _WELL_FORMED.match(text, start)
    if not m:
        return ""
    url = m.group(0)
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in _TRAILING or (url[end - 1] == ")" and closed > opened)):
        closed -= url[end - 1] == ")"
        end -= 1
    url = url[:end]
    return "" if url.endswith("://") else url


_START = re.compile(r"^([+\-=>]|\d+[.)])(?=\s|$)")  # no list, heading or quote at the start


def _escape_md_plain(text: str) -> str:
    out = _MD_SPECIAL.sub(r"\\\1", text)
    out = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", out)  # "&lt;" written by a user stays as written
    return out.replace("<", "&lt;")
