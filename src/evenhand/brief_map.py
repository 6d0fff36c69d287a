"""The argument map of a brief, ready for its writers: SVG pages with alt text and outlines, and Mermaid.

The map covers the brief's main topics with their sub-topics, and labels the
brief's own claims as the brief does (S1, L2...), the others after them. For
paper it is split into pages that stay legible (graph.paginate); the brief keeps
the pages of its main topics and names the sub-topics drawn elsewhere beneath
them (`evenhand map SUB-TOPIC` draws each). Where
Graphviz is missing, each page keeps its outline and the brief gets one notice.
"""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from evenhand.brief import Brief
from evenhand.graph import ArgumentMap, build_map, paginate
from evenhand.i18n import N_
from evenhand.model import Library

MISSING_NOTICE = (
    "warning: Graphviz `dot` is not installed, so the argument map is given as an outline only "
    "(install the graphviz package for the drawing)"
)
IMG_STYLE = "max-width: 100%; max-height: 8.6in; width: auto; height: auto;"


@dataclass
class MapPage:
    heading: str  # "Map 2 of 10: Development and rule of law in Central America", or "" for a single map
    svg: str | None  # Markup: an <img> with the SVG as a data: URI and its alt text; None without Graphviz
    alt: str
    outline: str  # Markup: nested lists, the map as text
    png: bytes | None = None  # the drawing as a 300 dpi PNG, when asked for (Word output)
    outline_items: list = field(default_factory=list)  # (depth, map_outline.OutlineItem), in reading order


@dataclass
class BriefMap:
    pages: list[MapPage] = field(default_factory=list)
    mermaid: str | None = None
    notices: list[str] = field(default_factory=list)
    subtopics: list[str] = field(default_factory=list)  # titles of sub-topics not drawn on these pages


def brief_maps(lib: Library, brief: Brief, *, svg: bool = True, mermaid: bool = True, png: bool = False) -> BriefMap:
    """Maps of the brief's main topics (a main topic inside another's subtree is drawn once)."""
    from markupsafe import Markup

    from evenhand.writers.map_outline import alt_text, render_outline_html, walk_outline

    labels = {bc.claim.id: bc.label for bc in brief.claims}
    maps: list[ArgumentMap] = []
    drawn: set[str] = set()
    for topic in brief.main_topics:
        if topic.topic in drawn or lib.topic(topic.topic) is None:
            continue
        m = build_map(lib, topic.topic, labels=labels)
        drawn.update(c.topic for c in m.clusters())
        maps.append(m)
    out = BriefMap()
    if not maps:
        return out
    # A handout draws the claims of its main topics; sub-topics too big to share the
    # page are named under the map instead (`evenhand map SUB-TOPIC` draws each).
    main = {t.topic for t in brief.main_topics}
    pages: list[ArgumentMap] = []
    for m in maps:
        for page in paginate(m, first=len(pages) + 1):
            if page.topic in main:
                pages.append(_without_subtopic_boxes(page, out.subtopics))
    words, positions, part = _language(lib, brief)
    for i, page in enumerate(pages, 1):  # number the pages across all maps of the brief
        page.part = part % {"n": i, "total": len(pages)} if len(pages) > 1 else ""
        if words:
            page.words = words
            page.positions = [replace(p, label=positions.get(p.id, p.label)) for p in page.positions]
    if mermaid and pages:  # the web page shows what paper shows: the first map
        from evenhand.writers.map_mermaid import render_mermaid

        out.mermaid = render_mermaid(pages[0])
    images: list[str | None] = [None] * len(pages)
    if svg:
        images = _svgs(pages, out.notices)
    bitmaps: list[bytes | None] = _svgs(pages, out.notices, png=True) if png else [None] * len(pages)
    for page, image, bitmap in zip(pages, images, bitmaps):
        alt = alt_text(page)
        heading = f"{page.part[:1].upper()}{page.part[1:]}: {page.title}" if page.part else ""
        tag = None
        if image is not None:
            uri = "data:image/svg+xml;base64," + base64.b64encode(image.encode("utf-8")).decode("ascii")
            tag = Markup('<img class="map" src="{}" alt="{}" style="{}">').format(uri, alt, IMG_STYLE)
        out.pages.append(MapPage(heading, tag, alt, Markup(render_outline_html(page)), bitmap, walk_outline(page)))
    return out


# The map's fixed words (graph.ArgumentMap.word), translated for a brief in another language.
MAP_WORDS = (
    N_("supports"), N_("attacks"), N_("sub-question of"), N_("evidence for"), N_("Legend"), N_("Question"),
    N_("Sub-question"), N_("Sub-topic"), N_("Sub-topic, see"), N_("the question"), N_("the sub-question"), N_("also"),
    # the drawing's alternative text and label (writers.map_outline.ALT_TEXT, ARIA_LABEL)
    N_("Argument map of the question “%(question)s”: %(claims)s claims (%(counts)s)"), N_("in %(topics)s topics"),
    N_("with %(rebuttals)s direct rebuttals between claims. The outline below gives the same map as text."),
    N_("Argument map: %(title)s"),
)


def _language(lib: Library, brief: Brief) -> tuple[dict, dict, str]:
    """(the map's words, position labels by id, "map %(n)s of %(total)s") in the brief's language."""
    from evenhand import i18n

    trans = i18n.translations(brief.language, lib.root)
    part = trans.gettext("map %(n)s of %(total)s")
    if brief.language.split("-")[0] == i18n.DEFAULT_LANGUAGE and not any(p.labels for p in lib.positions):
        return {}, {}, part
    words = {w: trans.gettext(w) for w in MAP_WORDS}
    labels = {p.id: i18n.position_label(p, brief.language, trans) for p in lib.positions}
    return words, labels, part


def _without_subtopic_boxes(page: ArgumentMap, titles: list[str]) -> ArgumentMap:
    boxes = [nid for nid, n in page.nodes.items() if n.kind == "subtopic"]
    titles.extend(page.nodes[nid].title for nid in boxes if page.nodes[nid].title not in titles)
    if not boxes:
        return page
    page.nodes = {nid: n for nid, n in page.nodes.items() if nid not in boxes}
    page.edges = [e for e in page.edges if e.source not in boxes and e.target not in boxes]
    page.parent = {nid: p for nid, p in page.parent.items() if nid not in boxes}
    page.root.nodes = [nid for nid in page.root.nodes if nid not in boxes]
    return page


def _svgs(pages: list[ArgumentMap], notices: list[str], *, png: bool = False) -> list:
    """Each page drawn by Graphviz (SVG text, or PNG bytes with ``png``), None where it cannot be."""
    from evenhand.writers.map_svg import GraphvizFailed, GraphvizMissing, dot_program, render_png, render_svg

    if dot_program() is None:
        if MISSING_NOTICE not in notices:
            notices.append(MISSING_NOTICE)
        return [None] * len(pages)

    def one(page: ArgumentMap):
        try:
            return render_png(page) if png else render_svg(page, title=False)
        except (GraphvizMissing, GraphvizFailed) as exc:
            notices.append(f"warning: argument map '{page.topic}' shown as an outline only: {exc}")
            return None

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, pages))
