"""Each format of one brief, rendered to text or bytes: the templates a recipe needs, its
map and debate cards when its templates show them, then HTML, Markdown, Word and PDF.

`evenhand.build` decides what to render and when (a one-pager is laid out again as it
is fitted); this module renders. Nothing here writes a file.
"""

from __future__ import annotations

from pathlib import Path

from evenhand.brief import Brief
from evenhand.model import Library, Recipe
from evenhand.problems import Location, Problem, error
from evenhand.template_errors import in_template, template_problem


class BuildError(Exception):
    """The brief cannot be built; ``problems`` say why (located, all of them)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# Which template file each format renders, and the variable that asks for the brief's map.
_TEMPLATE_FILES = ((".html.j2", {"pdf", "html"}, "brief_map"), (".md.j2", {"md"}, "map_mermaid"))


def template_files(template: str) -> list[str]:
    """The template files a template name's formats render (``handout.html.j2``, ...)."""
    return [f"{template}{suffix}" for suffix, _, _ in _TEMPLATE_FILES]


def _template_file(lib: Library, template: str, suffix: str) -> Path | None:
    """The file a template name stands for (a library's own templates/ first), or None."""
    from evenhand.paths import template_dirs

    return next(
        (f for d in template_dirs(lib.root) if (f := d / f"{template}{suffix}").is_file()), None
    )


def check_templates(
    lib: Library, recipe: Recipe, formats: list[str], where: Location | None
) -> None:
    from evenhand.paths import template_dirs

    problems = []
    for suffix, fmts, _ in _TEMPLATE_FILES:
        wanted = sorted(fmts.intersection(formats))
        if wanted and _template_file(lib, recipe.template, suffix) is None:
            problems.append(
                error(
                    where or recipe.where("template"),
                    f"template '{recipe.template}' has no {recipe.template}{suffix}, "
                    f"needed for {' and '.join(wanted)} (looked in {', '.join(_show(d) for d in template_dirs(lib.root))})",
                    "unknown-template",
                )
            )
    from evenhand.checks.recipes import docx_template

    problem = docx_template(recipe, formats, where)
    if problem is not None:
        problems.append(problem)
    if problems:
        raise BuildError(problems)


def _show(path: Path) -> str:
    from evenhand.readers.library_files import display_path

    return display_path(path) + "/"


def maps_shown(lib: Library, template: str, *, html: bool, md: bool) -> tuple[bool, bool]:
    """Whether the template shows the map: (HTML reads `brief_map`, Markdown reads
    `map_mermaid`), itself or in a part it includes. Drawing costs time."""
    from evenhand.writers.templating import uses_variable

    (html_suffix, _, html_slot), (md_suffix, _, md_slot) = _TEMPLATE_FILES
    return (
        html and uses_variable(lib.root, f"{template}{html_suffix}", html_slot),
        md and uses_variable(lib.root, f"{template}{md_suffix}", md_slot),
    )


def draw_maps(lib: Library, brief: Brief, notices: list[str], *, svg: bool, mermaid: bool):
    """The brief's argument map (evenhand.writers.brief_map) in the forms its templates show, or None."""
    if not (svg or mermaid):
        return None
    from evenhand.writers.brief_map import brief_maps

    maps = brief_maps(lib, brief, svg=svg, mermaid=mermaid)
    notices.extend(n for n in maps.notices if n not in notices)
    return maps


def cards_shown(
    lib: Library,
    recipe: Recipe,
    *,
    html: bool,
    md: bool,
    where: Location | None,
    notices: list[str],
    docx: bool = False,
) -> bool:
    """Whether the template shows debate cards (reads ``cards``, like `maps_shown`; Word's cards layout does)."""
    from evenhand.writers.templating import uses_variable

    shown = (docx and recipe.template == "cards") or any(
        asked and uses_variable(lib.root, f"{recipe.template}{suffix}", "cards")
        for (suffix, _, _), asked in zip(_TEMPLATE_FILES, (html, md), strict=False)
    )
    if not shown and recipe.side is not None:
        notices.append(
            f"side '{recipe.side}': the {recipe.template} template shows no debate cards, so it shows every side"
        )
    return shown


def cut_cards(
    lib: Library,
    recipe: Recipe,
    brief: Brief,
    texts: Path | None,
    notices: list[str],
    where: Location | None,
):
    """The brief's debate cards (evenhand.cards), their source texts read first."""
    from evenhand.cards import build_cards
    from evenhand.readers.texts import card_texts
    from evenhand.writers.card_cites import CardCiter

    side = recipe.side
    if side is not None and not any(
        side in (s.position.stance, s.position.id) for s in brief.sections
    ):
        raise BuildError(
            [
                error(
                    where or recipe.where("side"),
                    f"side '{side}' has no position in this brief (positions: {', '.join(s.position.id for s in brief.sections)})",
                    "unknown-side",
                )
            ]
        )
    quoted = {ce.source.id for bc in brief.claims for ce in bc.evidence if ce.evidence.quote}
    found = card_texts(lib, quoted, recipe_texts=recipe.texts, cli_texts=texts)
    cards = build_cards(
        brief,
        CardCiter(brief),
        found.texts,
        side=side,
        context=recipe.card_context,
        missing_texts=found.missing,
    )
    for note in [*found.notices, *cards.warnings]:
        if note not in notices:
            notices.append(note)
    return cards


def render_html(
    lib: Library,
    brief: Brief,
    maps=None,
    key_terms_limit: int | None = None,
    cards=None,
    type_size: float | None = None,
) -> str:
    from evenhand.writers import html

    with _template_errors():
        return html.render(
            brief,
            library_root=lib.root,
            brief_map=maps,
            key_terms_limit=key_terms_limit,
            cards=cards,
            type_size=type_size,
        )


def render_markdown(lib: Library, brief: Brief, maps=None, cards=None) -> str:
    from evenhand.writers import markdown

    with _template_errors():
        return markdown.render(
            brief,
            library_root=lib.root,
            map_mermaid=maps.mermaid if maps is not None else None,
            cards=cards,
        )


def render_docx(
    lib: Library, brief: Brief, notices: list[str], cards=None, key_terms_limit: int | None = None
) -> bytes:
    """The Word document; the handout's has the argument map as PNG pages (drawn here: Word wants bitmaps),
    the cards' the card set of the HTML and Markdown (``cards``), the one-pager at most ``key_terms_limit`` key terms."""
    from evenhand.writers import docx

    brief_map = None
    if brief.template in docx.MAP_TEMPLATES:
        from evenhand.writers.brief_map import brief_maps

        brief_map = brief_maps(lib, brief, svg=False, mermaid=False, png=True)
        notices.extend(n for n in brief_map.notices if n not in notices)
    return docx.render(
        brief,
        brief_map=brief_map,
        cards=cards,
        key_terms_limit=key_terms_limit,
        library_root=lib.root,
    )


def render_pdf(
    lib: Library, html_text: str, notices: list[str], kept: str | None = None
) -> tuple[bytes, int, float]:
    from evenhand.writers import pdf

    rendered = pdf.render(html_text, library_root=lib.root, kept=kept)
    _note_refused(rendered.refused, notices)
    return rendered.data, rendered.pages, rendered.foot


def lay_out_pdf(lib: Library, html_text: str, notices: list[str], keep: str) -> tuple[int, float]:
    """Pages and foot of the PDF, not written (evenhand.writers.pdf.lay_out)."""
    from evenhand.writers import pdf

    laid_out = pdf.lay_out(html_text, library_root=lib.root, keep=keep)
    _note_refused(laid_out.refused, notices)
    return laid_out.pages, laid_out.foot


def _note_refused(refused: list[str], notices: list[str]) -> None:
    for url in refused:
        note = f"pdf: refused to load {url} (only files in the library, its templates and evenhand's fonts)"
        if note not in notices:
            notices.append(note)


class _template_errors:
    """Turn a Jinja2 error in a (user's) template into a located BuildError."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None:
            return False
        import jinja2

        if not isinstance(exc, (jinja2.TemplateError, RecursionError)) and not (
            isinstance(exc, Exception) and in_template(tb)
        ):
            return False  # a fault of evenhand's own code: the CLI reports it as such
        raise BuildError([template_problem(exc, tb)]) from None
