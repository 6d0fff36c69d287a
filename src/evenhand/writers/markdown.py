"""Brief → GitHub-flavoured Markdown, through ``templates/<template>.md.j2``.

The output holds no raw HTML: argument text goes through ``md_text`` (Markdown
kept, raw HTML escaped, links only http/https/mailto), plain values (titles,
quotations, labels) through ``md_plain`` (every Markdown character escaped),
table cells through ``md_cell``. Sources are cited as in the HTML
(``writers.cite_refs``): by the style's short citation and an alphabetical list
in an author-date style, by ``\\[3\\]`` and a list numbered as cited in a
numbered one; each entry formatted by citeproc in the brief's citation style.

The bytes depend only on the brief (no clock, no paths): trailing spaces are
removed, runs of blank lines collapsed, and the text ends with one newline.
"""

from __future__ import annotations

import re

from evenhand.brief import Brief, CitedEvidence
from evenhand.model import Source
from evenhand.writers.citations import STYLE_TITLES, Bibliography
from evenhand.writers.cite_refs import cite_markdown, in_line_order
from evenhand.writers.html import first_sentence
from evenhand.writers.markup import escape_markdown
from evenhand.writers.templating import render as render_template


def render(
    brief: Brief, *, library_root: str | None, map_mermaid: str | None = None, cards=None
) -> str:
    """The brief as Markdown text, from ``<brief.template>.md.j2`` (a library's own first).
    ``cards`` (brief.CardSet) is the cards template's; ``card_text`` renders a card's runs."""
    from evenhand import i18n
    from evenhand.readability import grade_range

    trans = i18n.translations(brief.language, library_root)
    bib = Bibliography(brief.references, brief.citation_style, brief.language, trans)
    helpers = _Helpers(bib)
    if cards is None:
        from evenhand.writers.html import default_cards

        cards = default_cards(brief, library_root, f"{brief.template}.md.j2")
    text = render_template(
        library_root,
        f"{brief.template}.md.j2",
        language=brief.language,
        brief=brief,
        key_terms=brief.key_terms,
        grade_range=grade_range,
        reading_formula=brief.reading_formula,
        bib=bib,
        cite=helpers.cite,
        cite_name=helpers.cite_name,
        line_sources=lambda: in_line_order(bib, helpers.cite_name),
        cite_line=helpers.cite_line,
        ref=ref,
        sources=bib.entries_text(),
        style_title=STYLE_TITLES.get(brief.citation_style, brief.citation_style),
        map_mermaid=_mermaid(map_mermaid),
        cards=cards,
        card_text=card_text,
        first_sentence=first_sentence,
    )
    return tidy(text)


def card_text(runs) -> str:
    """A card's text as Markdown: the read words **bold** (GitHub has no highlight), the rest plain."""
    out = []
    for run in runs:
        text = escape_markdown(" ".join(run.text.split()) if run.text.strip() else " ")
        if run.text[:1].isspace() and text != " ":
            text = " " + text
        if run.text[-1:].isspace() and text != " ":
            text += " "
        if run.kind == "read" and text.strip():
            lead, core, trail = (
                text[: len(text) - len(text.lstrip())],
                text.strip(),
                text[len(text.rstrip()) :],
            )
            text = f"{lead}**{core}**{trail}"
        out.append(text)
    return "".join(out).strip()


def ref(n: int) -> str:
    """Reference number n as Markdown that shows "[n]" (never a link)."""
    return f"\\[{n}\\]"


class _Helpers:
    def __init__(self, bib: Bibliography):
        self.bib = bib

    def cite(self, ev: CitedEvidence, locator: bool = True) -> str:
        """'(Selee et al., 2021, p. 4)' or '(Selee et al., 2021), Section title' as Markdown
        (``\\[3\\]`` in a numbered style; see ``writers.cite_refs``).

        A page locator goes inside the citation, as the style wants; any other
        locator (a section, a paragraph) follows it. With ``locator=False`` only
        page locators are shown.
        """
        return cite_markdown(self.bib, ev, locator)

    def cite_name(self, source: Source) -> str:
        """'Selee et al., 2021' (the in-text citation without its parentheses) as Markdown."""
        text = self.bib.short_cite_markdown(source)
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        return text

    def cite_line(self, ev: CitedEvidence) -> str:
        return escape_markdown(self.bib.cite_line(ev.source, ev.evidence.locator))


def _mermaid(text: str | None) -> str | None:
    """Mermaid source for a fenced block: no line may close the fence early."""
    if not text or not text.strip():
        return None
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return "\n".join(
        line if not line.lstrip().startswith("```") else line.replace("`", "'") for line in lines
    )


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, exactly one newline at the end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip("\n") + "\n"
