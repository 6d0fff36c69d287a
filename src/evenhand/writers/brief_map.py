"""The argument map of a brief, ready for its writers: SVG pages with alt text and outlines, and Mermaid.

The map shows exactly what the brief prints: the question of each main topic,
the brief's claims labelled as the brief labels them (S1, L2...), in the colours
of the brief's positions, and the relations among those claims only (sub-topics
appear only where the brief takes a claim from them). For paper it is laid out
and split so that its smallest text stays at 9 pt or more (map_fit). Where
Graphviz is missing, each page keeps its outline and the brief gets one notice.
`evenhand map TOPIC` still draws the whole topic.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace

from evenhand.brief import Brief
from evenhand.graph import ArgumentMap, build_map, paginate
from evenhand.i18n import N_
from evenhand.model import Library
from evenhand.writers.map_fit import FittedMap, svg_size, text_block

MISSING_NOTICE = (
    "warning: Graphviz `dot` is not installed, so the argument map is given as an outline only "
    "(install the graphviz package for the drawing)"
)
# without a fitted width
IMG_STYLE = "max-width: 100%; max-height: 8.6in; width: auto; height: auto;"
# the size map_fit chose for paper
IMG_STYLE_FITTED = "width: %.1fpt; max-width: 100%%; height: auto;"


@dataclass
class MapPage:
    # "Map 2 of 10: Development and rule of law in Central America", or "" for a single map
    heading: str
    # Markup: an <img> with the SVG as a data: URI and its alt text; None without Graphviz
    svg: str | None
    alt: str
    outline: str  # Markup: nested lists, the map as text
    png: bytes | None = None  # the drawing as a 300 dpi PNG, when asked for (Word output)
    # (depth, map_outline.OutlineItem), in reading order
    outline_items: list = field(default_factory=list)
    # Markup: an <img> of the legend with its alt text, printed above the map
    legend: str | None = None


@dataclass
class BriefMap:
    pages: list[MapPage] = field(default_factory=list)
    mermaid: str | None = None
    notices: list[str] = field(default_factory=list)
    # titles of sub-topics not drawn on these pages (unused: a brief's map draws all it prints)
    subtopics: list[str] = field(default_factory=list)


def brief_maps(
    lib: Library, brief: Brief, *, svg: bool = True, mermaid: bool = True, png: bool = False
) -> BriefMap:
    """Maps of the brief's main topics (a main topic inside another's subtree is drawn once)."""
    maps = _topic_maps(lib, brief)
    out = BriefMap()
    if not maps:
        return out
    pages: list[ArgumentMap] = []
    for m in maps:
        pages.extend(paginate(m, first=len(pages) + 1))
    words, positions, part = _language(lib, brief)
    dress = _dresser(lib, brief, words, positions)
    pages = [dress(p) for p in pages]
    fitted = (
        _fitted(pages, brief.paper, out.notices, dress)
        if svg or png
        else [FittedMap(p, None) for p in pages]
    )
    pages = [f.page for f in fitted]
    for i, page in enumerate(pages, 1):  # number the pages across all maps of the brief
        page.part = part % {"n": i, "total": len(pages)} if len(pages) > 1 else ""
    if mermaid and pages:  # the web page shows what paper shows: the first map
        from evenhand.writers.map_mermaid import render_mermaid

        out.mermaid = render_mermaid(pages[0])
    for f, bitmap in zip(fitted, _bitmaps(fitted, png, out.notices), strict=False):
        out.pages.append(_map_page(f, bitmap, svg, brief.paper, out.notices))
    return out


def _bitmaps(fitted: list, png: bool, notices: list[str]) -> list[bytes | None]:
    """Each drawn page as PNG bytes (for Word) when ``png``; None where there is none."""
    if not png:
        return [None] * len(fitted)
    return [
        _draw(f.page, f.rankdir, notices, wrap=f.wrap, png=True) if f.svg is not None else None
        for f in fitted
    ]


def _topic_maps(lib: Library, brief: Brief) -> list[ArgumentMap]:
    """A map of each main topic, of the brief's claims only (a topic already drawn in another's subtree skipped)."""
    labels = {bc.claim.id: bc.label for bc in brief.claims}
    maps: list[ArgumentMap] = []
    drawn: set[str] = set()
    for topic in brief.main_topics:
        if topic.topic in drawn or lib.topic(topic.topic) is None:
            continue
        m = build_map(lib, topic.topic, labels=labels, only=set(labels))
        drawn.update(c.topic for c in m.clusters())
        maps.append(m)
    return maps


def _dresser(lib: Library, brief: Brief, words: dict, positions: dict):
    """A function that puts a map page in the brief's order (colours and shapes follow pos-1,
    pos-2... of the text) and language."""
    order = {s.position.id: i for i, s in enumerate(brief.sections)}
    index = {p.id: order.get(p.id, len(order) + i) for i, p in enumerate(lib.positions)}

    def dress(page: ArgumentMap) -> ArgumentMap:
        page.positions = sorted(
            (
                replace(p, index=index.get(p.id, p.index), label=positions.get(p.id, p.label))
                for p in page.positions
            ),
            key=lambda p: p.index,
        )
        if words:
            page.words = words
        return page

    return dress


def _map_page(f, bitmap: bytes | None, svg: bool, paper: str, notices: list[str]) -> MapPage:
    """One fitted map page for the templates: heading, <img> of the drawing and of its legend, alt text, outline."""
    from markupsafe import Markup

    from evenhand.writers.map_outline import alt_text, render_outline_html, walk_outline

    page = f.page
    alt = alt_text(page)
    heading = f"{page.part[:1].upper()}{page.part[1:]}: {page.title}" if page.part else ""
    tag = key = None
    if svg and f.svg is not None:
        style = IMG_STYLE_FITTED % f.width_pt if f.width_pt else IMG_STYLE
        tag = Markup('<img class="map" src="{}" alt="{}" style="{}">').format(
            _data_uri(f.svg), alt, style
        )
        legend, width = _legend(page, paper, notices)
        if legend is not None:
            key = Markup('<img class="map-legend" src="{}" alt="{}" style="{}">').format(
                _data_uri(legend), legend_alt(page), IMG_STYLE_FITTED % width
            )
    return MapPage(
        heading, tag, alt, Markup(render_outline_html(page)), bitmap, walk_outline(page), legend=key
    )


def _legend(page: ArgumentMap, paper: str, notices: list[str]) -> tuple[str | None, float]:
    """The legend drawn in one row, or in two when one row would print its text under 9 pt;
    with its width on paper."""
    from evenhand.writers.map_dot import SMALL_SIZE
    from evenhand.writers.map_fit import MIN_TEXT_PT

    block = text_block(paper)[0]
    legend = None
    for rows in (1, 2):
        legend = _draw(page, "TB", notices, legend=True, rows=rows)
        if legend is None:
            return None, 0.0
        width = svg_size(legend)[0] or block
        if width * MIN_TEXT_PT / SMALL_SIZE <= block:
            break
    return legend, min(width, block)


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def legend_alt(page: ArgumentMap) -> str:
    """The legend in words, in the map's language: each position's letter, name and box, and the
    two kinds of line."""
    from evenhand.writers.map_dot import position_style

    def box(p) -> str:
        style = position_style(p)
        if style.get("peripheries") == "2":
            return "double border"
        if "diagonals" in style["style"]:
            return "box with cut corners"
        if "rounded" in style["style"]:
            return "rounded box"
        return style["shape"]

    w = page.word
    parts = [f"{p.letter}: {p.label}, {w(box(p))}" for p in page.positions]
    lines = f"{w('solid arrow')}: {w('supports')}; {w('dashed line with a bar')}: {w('attacks')}"
    return f"{w('Legend')}: " + "; ".join(parts) + "; " + lines


# The map's fixed words (graph.ArgumentMap.word), translated for a brief in another language.
MAP_WORDS = (
    N_("supports"),
    N_("attacks"),
    N_("sub-question of"),
    N_("evidence for"),
    N_("Legend"),
    N_("Question"),
    N_("Sub-question"),
    N_("Sub-topic"),
    N_("Sub-topic, see"),
    N_("the question"),
    N_("the sub-question"),
    N_("also"),
    # the drawing's alternative text and label (writers.map_outline.ALT_TEXT, ARIA_LABEL)
    N_("Argument map of the question “%(question)s”: %(claims)s claims (%(counts)s)"),
    N_("in %(topics)s topics"),
    N_(
        "with %(rebuttals)s direct rebuttals between claims. The outline below gives the same map as text."
    ),
    N_("Argument map: %(title)s"),
    # the legend's alternative text (legend_alt): the positions' boxes and the lines
    N_("rounded box"),
    N_("double border"),
    N_("box with cut corners"),
    N_("hexagon"),
    N_("octagon"),
    N_("parallelogram"),
    N_("box"),
    N_("solid arrow"),
    N_("dashed line with a bar"),
)


def _language(lib: Library, brief: Brief) -> tuple[dict, dict, str]:
    """(the map's words, position labels by id, "map %(n)s of %(total)s") in the brief's language."""
    from evenhand import i18n

    trans = i18n.translations(brief.language, lib.root)
    part = trans.gettext("map %(n)s of %(total)s")
    if brief.language.split("-")[0] == i18n.DEFAULT_LANGUAGE and not any(
        p.labels for p in lib.positions
    ):
        return {}, {}, part
    words = {w: trans.gettext(w) for w in MAP_WORDS}
    labels = {p.id: i18n.position_label(p, brief.language, trans) for p in lib.positions}
    return words, labels, part


def _fitted(pages: list[ArgumentMap], paper: str, notices: list[str], dress) -> list:
    """The pages drawn and fitted to ``paper`` (map_fit); without Graphviz, undrawn, with one notice."""
    from evenhand.writers.map_fit import FittedMap, fit_pages
    from evenhand.writers.map_svg import dot_program

    if dot_program() is None:
        if MISSING_NOTICE not in notices:
            notices.append(MISSING_NOTICE)
        return [FittedMap(p, None) for p in pages]
    return fit_pages(
        pages, paper, lambda page, rankdir, wrap: _draw(dress(page), rankdir, notices, wrap=wrap)
    )


def _draw(
    page: ArgumentMap,
    rankdir: str,
    notices: list[str],
    *,
    wrap: int = 24,
    png: bool = False,
    legend: bool = False,
    rows: int = 1,
):
    """The page drawn by Graphviz (SVG text, or PNG bytes with ``png``), None where it cannot be.
    On paper the legend is a drawing of its own (``legend``), printed above the map."""
    from evenhand.writers.map_dot import render_dot
    from evenhand.writers.map_svg import (
        GraphvizFailed,
        GraphvizMissing,
        dot_to_png,
        render_legend_svg,
        render_svg,
    )

    try:
        if legend:
            return render_legend_svg(page, rows=rows)
        if png:  # Word: one picture, with its legend
            return dot_to_png(render_dot(page, title=False, rankdir=rankdir, wrap=wrap))
        return render_svg(page, title=False, legend=False, rankdir=rankdir, wrap=wrap)
    except (GraphvizMissing, GraphvizFailed) as exc:
        notice = f"warning: argument map '{page.topic}' shown as an outline only: {exc}"
        if notice not in notices:
            notices.append(notice)
        return None
