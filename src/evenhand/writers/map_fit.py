"""Fit a brief's map to paper without shrinking its text under 9 pt.

Each map page is laid out both ways (question at the left, LR, and at the top,
TB), with wide and narrow boxes, and drawn within the printed text block, never
above 1:1: the widest boxes that fit at (nearly) full size, else the largest
scale (the narrower layouts are drawn only when the wider ones do not fit at
full size). When neither fits at MIN_TEXT_PT, the map is cut into more, smaller pages
(graph.paginate with fewer claims per page), each of which the handout prints on
a page of its own.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from evenhand.graph import MAX_CLAIMS_PER_PAGE, ArgumentMap, paginate
from evenhand.writers.map_dot import SMALL_SIZE

MIN_TEXT_PT = 9.0  # the smallest text of the map on paper
# The text block of a brief's page (brief.css: margins 0.75in 0.8in 0.7in), in points, less
# room on the height for the "Argument map" heading, a part heading and the legend's row.
PAPER_PT = {"letter": (8.5 * 72, 11 * 72), "a4": (595.3, 841.9)}
MARGIN_W_PT = 1.6 * 72
MARGIN_H_PT = 1.45 * 72 + 1.9 * 72
# (rankdir, characters per line)
LAYOUTS = tuple((r, w) for w in (24, 20, 16, 14) for r in ("LR", "TB"))
NEAR_FULL = 0.98  # a layout drawn at this scale or more counts as full size: the widest boxes win


@dataclass
class FittedMap:
    page: ArgumentMap
    svg: str | None  # None where Graphviz could not draw it
    rankdir: str = "LR"
    wrap: int = 24
    width_pt: float = 0.0  # the drawing's width on paper
    scale: float = 1.0  # paper size / Graphviz's 1:1 size


def text_block(paper: str) -> tuple[float, float]:
    """(width, height) in points that a map may take on a page of ``paper``."""
    w, h = PAPER_PT.get(paper, PAPER_PT["letter"])
    return w - MARGIN_W_PT, h - MARGIN_H_PT


_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', re.S)


def svg_size(svg: str) -> tuple[float, float]:
    """Graphviz's width and height of the drawing, in points."""
    m = _SIZE.search(svg)
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def fit_pages(pages: list[ArgumentMap], paper: str, draw) -> list[FittedMap]:
    """Each page drawn (``draw(page, rankdir, wrap)`` returns SVG text or None) the way that fits best;
    pages too big to fit at MIN_TEXT_PT are cut again, with fewer claims per page."""
    box = text_block(paper)
    min_scale = MIN_TEXT_PT / SMALL_SIZE
    out: list[FittedMap] = []
    for page in pages:
        fitted = _fit_one(page, box, draw)
        if fitted.svg is None or fitted.scale >= min_scale or len(page.claims()) <= 1:
            out.append(fitted)
            continue
        out.extend(_split(page, box, draw, min_scale, fitted))
    return out


def _split(page: ArgumentMap, box, draw, min_scale: float, whole: FittedMap) -> list[FittedMap]:
    limit = min(len(page.claims()), MAX_CLAIMS_PER_PAGE)
    while limit > 1:
        limit = max(1, (limit * 2) // 3)
        parts = paginate(page, limit)
        if len(parts) <= 1:
            continue
        fitted = [_fit_one(p, box, draw) for p in parts]
        if all(f.svg is None or f.scale >= min_scale for f in fitted) or limit == 1:
            return fitted
    return [whole]  # cannot be cut further: drawn as large as the page allows


def _fit_one(page: ArgumentMap, box: tuple[float, float], draw) -> FittedMap:
    """The first of LAYOUTS drawn at (nearly) full size, else the one drawn largest (the first
    of equals). Drawn two at a time, in order, until one is at full size: a small map is
    usually settled by the first two, without running Graphviz for the other six."""
    candidates: list[FittedMap] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for start in range(0, len(LAYOUTS), 2):
            batch = LAYOUTS[start : start + 2]
            svgs = list(pool.map(lambda layout: draw(page, *layout), batch))
            drawn = _measured(page, box, batch, svgs)
            candidates.extend(drawn)
            full = next((c for c in drawn if c.scale >= NEAR_FULL), None)  # none before was
            if full is not None:
                return full
    if candidates:
        return max(candidates, key=lambda c: c.scale)  # max keeps the first of equals
    return FittedMap(page, None)


def _measured(page: ArgumentMap, box: tuple[float, float], layouts, svgs) -> list[FittedMap]:
    out = []
    for (rankdir, wrap), svg in zip(layouts, svgs, strict=True):
        if svg is None:
            continue
        w, h = svg_size(svg)
        if not w or not h:
            scale = 1.0
            w = box[0]
        else:
            scale = min(1.0, box[0] / w, box[1] / h)
        out.append(FittedMap(page, svg, rankdir, wrap, w * scale, scale))
    return out
