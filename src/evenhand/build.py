"""The build pipeline: recipe → Brief → every format, rendered in memory.

Nothing here writes a file: the CLI writes what `render_outputs` returns, so a
failure in any format leaves every existing output untouched.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from evenhand.assemble import AssembleError, assemble
from evenhand.brief import Brief
from evenhand.build_formats import (
    BuildError,
    cards_shown,
    check_templates,
    cut_cards,
    draw_maps,
    lay_out_pdf,
    maps_shown,
    render_docx,
    render_html,
    render_markdown,
    render_pdf,
    template_files,
)
from evenhand.build_plan import (
    FORMATS,  # FORMATS and brief_date: read without the model by fast_build
)
from evenhand.model import Library, Recipe
from evenhand.problems import Location, error

__all__ = [
    "ONE_PAGE_TEMPLATES",
    "BuildError",
    "Built",
    "balance_table",
    "render_outputs",
    "template_files",
]

ONE_PAGE_TEMPLATES = ("one-pager",)  # fitted to exactly one printed page


@dataclass
class Built:
    """What one recipe renders to: the bytes of each format, and what to tell the user."""

    outputs: dict[str, bytes]  # format → bytes, in the recipe's order
    brief: Brief
    notices: list[str] = field(default_factory=list)
    pages: int | None = None  # of the PDF, when one was laid out


def render_outputs(
    lib: Library,
    recipe: Recipe,
    formats: list[str] | None = None,
    *,
    date: str,
    recipe_where: Location | None = None,
    texts: Path | None = None,
) -> Built:
    """Assemble the brief and render each format to bytes (no file is written).

    The HTML is rendered once and is also the PDF's source. A one-pager built as
    PDF, HTML or Word is laid out: while its PDF would take more than one page, it is
    assembled again with one claim fewer per position (a focused one first drops
    objections, down to one per other position, then claims of its case). A Markdown
    one-pager built alone has no page to fit and is not laid out.

    A template that shows debate cards (reads ``cards``) gets the brief's card
    set (evenhand.cards), cut from the sources' full texts: ``texts`` (from
    `build --texts`), else the recipe's `texts:`, else the library's texts/.
    """
    formats = list(dict.fromkeys(formats or recipe.formats))
    unknown = set(formats) - set(FORMATS)
    if unknown:  # the command line and the recipe model only allow these
        raise ValueError(f"unknown format {sorted(unknown)[0]!r}")
    check_templates(lib, recipe, formats, recipe_where)
    _check_language(lib, recipe, recipe_where)
    r = _Render.start(lib, recipe, formats, date=date, where=recipe_where, texts=texts)
    asked = r.brief.max_claims
    all_objections = len(r.brief.focus.objections) if r.brief.focus else 0
    r.render()
    while r.one_page and r.page_count > 1:
        r.shrink()
        r.render()
    if r.one_page:
        r.fill()
    r.notices.extend(_fit_notices(r, asked, all_objections))
    r.notices.extend(n for n in r.brief.notices if n not in r.notices)
    return Built(r.encode(), r.brief, r.notices, r.pages)


@dataclass
class _Render:
    """One brief being rendered: what its formats need, and the latest render of it. A one-pager
    for paper (PDF, HTML, Word: same claims) is laid out and shrunk until it fits; Markdown alone is not."""

    lib: Library
    recipe: Recipe
    formats: list[str]
    date: str
    where: Location | None
    texts: Path | None
    brief: Brief
    notices: list[str]
    one_page: bool
    want_html: bool
    want_pdf: bool
    svg_map: bool = False
    mermaid_map: bool = False
    shows_cards: bool = False
    terms_limit: int | None = None  # the one-pager shows fewer key terms before it drops claims
    cap: int | None = None  # objections of a focused one-pager, when cut to fit
    maps: object = None
    cards: object = None
    html_text: str | None = None
    pdf_bytes: bytes | None = None
    pages: int | None = None
    foot: float | None = None
    layouts: dict[str, tuple[int, float]] = field(default_factory=dict)  # (pages, foot) by HTML
    # this build's key for the layouts the PDF writer keeps (evenhand.writers.pdf.lay_out)
    layout_key: str = field(default_factory=lambda: secrets.token_hex(8))

    @classmethod
    def start(
        cls,
        lib: Library,
        recipe: Recipe,
        formats: list[str],
        *,
        date: str,
        where: Location | None,
        texts: Path | None,
    ) -> _Render:
        brief = _assemble(lib, recipe, date, where)
        one_page = recipe.template in ONE_PAGE_TEMPLATES and not {"html", "pdf", "docx"}.isdisjoint(
            formats
        )
        r = cls(
            lib,
            recipe,
            formats,
            date,
            where,
            texts,
            brief,
            list(brief.notices),
            one_page,
            want_html=one_page or not {"html", "pdf"}.isdisjoint(formats),
            want_pdf=one_page or "pdf" in formats,
        )
        md = "md" in formats
        r.svg_map, r.mermaid_map = maps_shown(lib, recipe.template, html=r.want_html, md=md)
        r.shows_cards = cards_shown(
            lib,
            recipe,
            html=r.want_html,
            md=md,
            docx="docx" in formats,
            where=where,
            notices=r.notices,
        )
        return r

    @property
    def page_count(self) -> int:
        """The pages of the latest PDF (a one-pager is always laid out as PDF)."""
        if self.pages is None:
            raise RuntimeError("the brief has not been laid out as PDF")
        return self.pages

    def render(self) -> None:
        """The maps, cards, HTML and PDF of the brief as it now is (those the formats need)."""
        lib, brief = self.lib, self.brief
        self.maps = draw_maps(lib, brief, self.notices, svg=self.svg_map, mermaid=self.mermaid_map)
        self.cards = (
            cut_cards(lib, self.recipe, brief, self.texts, self.notices, self.where)
            if self.shows_cards
            else None
        )
        limit = self.terms_limit if self.one_page else None
        self.html_text = (
            render_html(lib, brief, self.maps, limit, self.cards) if self.want_html else None
        )
        if self.want_pdf:  # printed from the HTML: want_pdf implies want_html
            if self.html_text is None:
                raise RuntimeError("a PDF is wanted but no HTML was rendered")
            if self.one_page:  # laid out only: `encode` writes the one the fitting chooses
                self.pdf_bytes = None
                self.pages, self.foot = self._laid_out(self.html_text)
            else:
                self.pdf_bytes, self.pages, self.foot = render_pdf(
                    lib, self.html_text, self.notices
                )

    def _laid_out(self, html_text: str) -> tuple[int, float]:
        """The pages and foot of ``html_text`` laid out as PDF. A one-pager's fitting often
        makes the same HTML twice (fewer key terms than a brief shows changes nothing): laid
        out once."""
        if html_text not in self.layouts:
            self.layouts[html_text] = lay_out_pdf(
                self.lib, html_text, self.notices, self.layout_key
            )
        return self.layouts[html_text]

    def shrink(self) -> None:
        """One step smaller: fewer key terms, then (focused) fewer objections, then fewer claims per position."""
        fewer = _fewer_terms(len(self.brief.key_terms), self.terms_limit)
        if fewer is not None:
            self.terms_limit = fewer
            return
        focus = self.brief.focus
        least = len({o.claim.position.id for o in focus.objections}) if focus else 0
        if focus and len(focus.objections) > least:
            # one fewer; far too long (3+ pages): a share first
            shown, pages = (
                len(focus.objections),
                self.page_count,
            )
            self.cap = shown - 1 if pages <= 2 else max(least, min(shown - 1, shown * 2 // pages))
            # (the case shrinks last)
            self.brief = _assemble(self.lib, self.recipe, self.date, self.where, self.cap)
            return
        if self.brief.max_claims <= 1:
            raise BuildError(
                [
                    error(
                        self.where or self.recipe.where("template"),
                        f"the one-pager does not fit on one page even with one claim per position "
                        f"({self.pages} pages); shorten the claims or the question, or use the handout template",
                        "one-page",
                    )
                ]
            )
        smaller = self.recipe.model_copy(update={"max_claims": self.brief.max_claims - 1})
        self.brief = _assemble(self.lib, smaller, self.date, self.where, self.cap)

    def fill(self) -> None:
        """The claims fit at the smallest type: now the largest type that still fits."""
        from evenhand import page_fit

        def at(size: float) -> tuple[str, int, float]:
            text = render_html(
                self.lib, self.brief, self.maps, self.terms_limit, self.cards, type_size=size
            )
            return (text, *self._laid_out(text))

        if self.html_text is None or self.foot is None:
            raise RuntimeError("the one-pager has not been laid out as PDF")
        _, self.html_text, self.foot = page_fit.fill(
            at, (self.html_text, self.page_count, self.foot)
        )

    def _pdf_bytes(self) -> bytes:
        """The PDF; a one-pager's is written now, from the layout its fitting chose (which
        the PDF writer kept)."""
        if self.pdf_bytes is None and self.one_page and self.html_text is not None:
            self.pdf_bytes, _, _ = render_pdf(
                self.lib, self.html_text, self.notices, self.layout_key
            )
        if self.pdf_bytes is None:  # want_pdf when pdf is asked
            raise RuntimeError("PDF is asked but was not rendered")
        return self.pdf_bytes

    def encode(self) -> dict[str, bytes]:
        """Each format's bytes, in the order asked."""
        outputs: dict[str, bytes] = {}
        for fmt in self.formats:
            if fmt == "md":
                outputs[fmt] = render_markdown(self.lib, self.brief, self.maps, self.cards).encode(
                    "utf-8"
                )
            elif fmt == "docx":
                limit = self.terms_limit if self.one_page else None
                outputs[fmt] = render_docx(self.lib, self.brief, self.notices, self.cards, limit)
            elif fmt == "json":
                from evenhand.writers import brief_json

                outputs[fmt] = brief_json.render(self.brief).encode("utf-8")
            elif fmt == "html":
                if self.html_text is None:  # want_html when html is asked
                    raise RuntimeError("HTML is asked but was not rendered")
                outputs[fmt] = self.html_text.encode("utf-8")
            else:
                outputs[fmt] = self._pdf_bytes()
        return outputs


def _fit_notices(r: _Render, asked: int, all_objections: int) -> list[str]:
    """What the build tells the user about a focus, and what a one-pager left out to fit."""
    notices = []
    if r.one_page and r.terms_limit is not None:
        notices.append(
            f"one-pager: at most {r.terms_limit} key term(s) shown so that it fits on one page "
            "(the page says how many it left out)"
        )
    f = r.brief.focus
    if f:
        notices.append(
            f"focus: {f.position.label}, {len(f.case)} claim(s) of their case, {len(f.objections)} objection(s) "
            f"of the other positions, {len(f.unanswered)} not yet answered"
        )
    if f and len(f.objections) < all_objections:
        notices.append(
            f"one-pager: {len(f.objections)} of {all_objections} objections, so that it fits on one page"
        )
    if r.brief.max_claims < asked:
        notices.append(
            f"one-pager: {r.brief.max_claims} claim(s) per position, not {asked}, so that it fits on one page"
        )
    return notices


def balance_table(brief: Brief) -> str:
    """Claims, words and evidence items per position, how that evidence is presented (items
    quoted, noted, acknowledged; share of second-hand claims) and the reading grade (median and
    range), as aligned plain text."""

    head = (
        "Position",
        "Claims",
        "Words",
        "Evidence",
        "Quoted",
        "Noted",
        "Context",
        "2nd-hand",
        "Grade",
    )
    rows = [tuple(r.cells()) for r in brief.balance]
    width = max(len(head[0]), *(len(r[0]) for r in rows)) if rows else len(head[0])
    widths = [width, *(max(6, len(h)) for h in head[1:-1])]
    lines = []
    for row in [head, *rows]:
        cells = [
            f"{row[0]:<{widths[0]}}",
            *(f"{cell:>{w}}" for cell, w in zip(row[1:-1], widths[1:], strict=False)),
            row[-1],
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _assemble(
    lib: Library, recipe: Recipe, date: str, where: Location | None, objections: int | None = None
) -> Brief:
    from evenhand import i18n

    try:
        brief = assemble(lib, recipe, date=date, recipe_where=where, objections=objections)
    except AssembleError as exc:
        raise BuildError(exc.problems) from None
    i18n.localize_brief(brief, i18n.translations(brief.language, lib.root))
    return brief


def _check_language(lib: Library, recipe: Recipe, where: Location | None) -> None:
    """The recipe's language has a catalogue (a located error, not a traceback, when not)."""
    from evenhand import i18n

    try:
        i18n.translations(recipe.language, lib.root)
    except i18n.UnknownLanguage as exc:
        raise BuildError(
            [error(where or recipe.where("language"), str(exc), "unknown-language")]
        ) from None


TERM_STEPS = (3, 0)  # key terms a one-pager shows when all of them do not fit


def _fewer_terms(total: int, limit: int | None) -> int | None:
    """The next, smaller number of key terms for a one-pager that overflows, or None."""
    current = total if limit is None else limit
    return next((n for n in TERM_STEPS if n < current), None)
