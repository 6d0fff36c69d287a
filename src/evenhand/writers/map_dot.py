"""An ArgumentMap as Graphviz DOT source, styled for paper, for greyscale copies and for colour-blind readers.

Positions differ by shape and border (rounded, double, cut corners...) as well
as by colour (the briefs' text colours, each at least 3:1 against white) and
carry a short label (S1, L2, R3); attacks are dashed with a bar at the target,
supports solid with an arrowhead, and two claims attacking each other share one
double-headed edge. The question sits at the left (or top) and every claim after
what it answers: edges are written target -> source with ``dir=back``, so that
dot ranks the target first while the arrowhead still points at it. Labels are
set in Inter, the bundled sans (map_svg lets Graphviz find it).
"""

from __future__ import annotations

import html
import textwrap

from evenhand.graph import ArgumentMap, Cluster, MapEdge, MapNode, MapPosition

FONT = "Inter"  # the bundled sans ("Evenhand Sans" in the PDF); map_svg points Graphviz at its file
FONT_SIZE = 10  # points at 1:1, a claim's text; nothing in the drawing is smaller than SMALL_SIZE
SMALL_SIZE = 9.5  # the legend, edge labels, sub-topic frames, evidence
WRAP = 24  # characters per line in a claim's box
WRAP_QUESTION = 24
BIG_NODES = 400  # beyond this many nodes, or this many levels, a faster layout
BIG_DEPTH = 40
NBSP = "&#160;"  # a plain space after the bold label would be dropped by SVG renderers

# The briefs' position colours (brief.css --pos-1..5, docx_styles), each >= 3:1 against white,
# with a light tint for the fill; shape and border tell the positions apart without colour.
POSITION_STYLES = (
    {
        "shape": "box",
        "style": "rounded,filled",
        "color": "#1D6B57",
        "fillcolor": "#E3F0EC",
        "penwidth": "1.6",
    },
    {
        "shape": "box",
        "style": "filled",
        "peripheries": "2",
        "color": "#7B3D8C",
        "fillcolor": "#F1E7F4",
        "penwidth": "1.2",
    },
    {
        "shape": "box",
        "style": "filled,diagonals,bold",
        "color": "#9C5A12",
        "fillcolor": "#F6ECDF",
        "penwidth": "2",
    },
    {
        "shape": "hexagon",
        "style": "filled",
        "color": "#2C5D99",
        "fillcolor": "#E4ECF6",
        "penwidth": "1.6",
    },
    {
        "shape": "octagon",
        "style": "filled,dashed",
        "color": "#5C5C5C",
        "fillcolor": "#EFEFEF",
        "penwidth": "1.6",
    },
    {
        "shape": "parallelogram",
        "style": "filled",
        "color": "#A23B3B",
        "fillcolor": "#F7E6E6",
        "penwidth": "1.6",
    },
)
QUESTION_STYLE = {
    "shape": "box",
    "style": "filled,bold",
    "color": "#000000",
    "fillcolor": "#EEEEEE",
    "penwidth": "2",
}
SUBQUESTION_STYLE = {
    "shape": "box",
    "style": "filled",
    "color": "#000000",
    "fillcolor": "#F4F4F4",
    "penwidth": "1.4",
}
EVIDENCE_STYLE = {
    "shape": "note",
    "style": "filled",
    "color": "#666666",
    "fillcolor": "#FFFFFF",
    "penwidth": "0.8",
    "fontsize": str(SMALL_SIZE),
}
# Edges in ink and greys: the line (solid, dashed, dotted) and the arrowhead carry the kind.
EDGE_STYLES = {
    "supports": {
        "style": "solid",
        "color": "#333333",
        "arrowtail": "normal",
        "arrowhead": "normal",
        "penwidth": "1.4",
    },
    "attacks": {
        "style": "dashed",
        "color": "#333333",
        "arrowtail": "tee",
        "arrowhead": "tee",
        "penwidth": "1.6",
    },
    "subtopic": {
        "style": "solid",
        "color": "#666666",
        "arrowtail": "empty",
        "arrowhead": "empty",
        "penwidth": "1.0",
    },
    "evidence": {
        "style": "dotted",
        "color": "#666666",
        "arrowtail": "odot",
        "arrowhead": "odot",
        "penwidth": "1.0",
    },
}
EDGE_WORDS = {
    "supports": "supports",
    "attacks": "attacks",
    "subtopic": "sub-question of",
    "evidence": "evidence for",
}


def position_style(p: MapPosition | None) -> dict[str, str]:
    return dict(POSITION_STYLES[(p.index if p else 0) % len(POSITION_STYLES)])


def render_dot(
    m: ArgumentMap,
    *,
    title: bool = True,
    legend: bool = True,
    rankdir: str = "LR",
    wrap: int = WRAP,
) -> str:
    """DOT source for ``m``; node names are the claim ids (``q:<topic>`` for questions).
    ``rankdir`` LR puts the question at the left, TB at the top; ``wrap``: characters per line in a box."""
    out: list[str] = [f"digraph {quote(m.topic)} {{"]
    graph_attrs = {
        "rankdir": rankdir,
        "newrank": "true",
        "fontname": FONT,
        "fontsize": "11",
        "nodesep": "0.12",
        "ranksep": "0.25",
        "pad": "0.1",
        "outputorder": "edgesfirst",
    }
    if len(m.nodes) > BIG_NODES or m.depth() > BIG_DEPTH:
        # Straight edges and a capped x-placement: Graphviz 2.43's spline router takes
        # seconds on (and can crash on) very deep maps such as long chains of rebuttals.
        graph_attrs.update(splines="line", nslimit="1")
    if title:
        heading = f"<B>{esc(m.title)}</B>" + (f"{NBSP}({esc(m.part)})" if m.part else "")
        graph_attrs.update(label=html_label(heading), labelloc="t", labeljust="l")
    out.append(f"  graph [{attrs(graph_attrs)}];")
    out.append(
        f"  node [{attrs({'fontname': FONT, 'fontsize': str(FONT_SIZE), 'margin': '0.09,0.05', 'height': '0.3', 'width': '0.4'})}];"
    )
    out.append(f"  edge [{attrs({'dir': 'back', 'arrowsize': '0.8'})}];")
    _cluster(out, m, m.root, depth=0, wrap=wrap)
    for e, both in _merged_edges(m.edges):
        out.append("  " + _edge(e, both=both))
    if legend:
        _legend(out, m)
    out.append("}")
    return "\n".join(out) + "\n"


def _cluster(out: list[str], m: ArgumentMap, c: Cluster, depth: int, wrap: int = WRAP) -> None:
    pad = "  " * (depth + 1)
    if depth:
        out.append(f"{pad}subgraph {quote('cluster_' + c.topic)} {{")
        out.append(
            f"{pad}  graph [{attrs({'label': html_label(esc(c.title)), 'style': 'rounded,dashed', 'color': '#767676', 'labeljust': 'l', 'fontsize': str(SMALL_SIZE)})}];"
        )
    inner = pad + ("  " if depth else "")
    out.append(inner + _node(m, m.nodes[c.question], sub=depth > 0, wrap=wrap))
    for nid in c.nodes:
        out.append(inner + _node(m, m.nodes[nid], wrap=wrap))
    for child in c.children:
        _cluster(out, m, child, depth + 1, wrap)
    if depth:
        out.append(f"{pad}}}")


def _node(m: ArgumentMap, n: MapNode, *, sub: bool = False, wrap: int = WRAP) -> str:
    if n.kind == "question":
        style = dict(SUBQUESTION_STYLE if sub else QUESTION_STYLE)
        head = m.word("Sub-question") if sub else m.word("Question")
        style["label"] = html_label(f"<B>{head}</B>" + _lines(n.title, wrap))
    elif n.kind == "subtopic":
        style = dict(SUBQUESTION_STYLE, style="filled,dashed")
        head = (
            (esc(m.word("Sub-topic, see")) + " " + esc(n.label) + ":")
            if n.label
            else esc(m.word("Sub-topic")) + ":"
        )
        style["label"] = html_label(f"<B>{head}</B>" + _lines(n.title, wrap + 4))
    elif n.kind == "evidence":
        style = dict(EVIDENCE_STYLE)
        style["label"] = html_label(
            f"<B>{esc(n.label)}</B>{NBSP}" + _lines(n.title, wrap, first_inline=True)
        )
    else:
        style = position_style(m.position(n.position))
        style["label"] = html_label(
            f"<B>{esc(n.label)}</B>{NBSP}" + _lines(n.title, wrap, first_inline=True)
        )
    style["class"] = f"{n.kind}" + (f" position-{n.position}" if n.position else "")
    return f"{quote(n.id)} [{attrs(style)}];"


def _merged_edges(edges: list[MapEdge]) -> list[tuple[MapEdge, bool]]:
    """Each edge once, with True where the reverse edge of the same kind exists too: a pair of
    claims attacking (or supporting) each other is drawn as one double-headed edge, kept in the
    place of the placement (tree) edge of the two when there is one."""
    present = {(e.source, e.target, e.kind): e for e in edges}
    out: list[tuple[MapEdge, bool]] = []
    done: set[tuple[str, str, str]] = set()
    for e in edges:
        key = (e.source, e.target, e.kind)
        back = present.get((e.target, e.source, e.kind))
        if key in done:
            continue
        if back is None or e.kind in ("subtopic", "evidence"):
            out.append((e, False))
            continue
        done.update({key, (e.target, e.source, e.kind)})
        out.append((back if back.tree and not e.tree else e, True))
    return out


def _edge(e: MapEdge, *, both: bool = False) -> str:
    style = dict(EDGE_STYLES[e.kind])
    style["class"] = e.kind + (" mutual" if both else "")
    if both:
        style["dir"] = "both"
    else:
        style.pop("arrowhead", None)
    if not e.tree:
        style["constraint"] = "false"
    return f"{quote(e.target)} -> {quote(e.source)} [{attrs(style)}];"


def render_legend_dot(m: ArgumentMap, *, rows: int = 1) -> str:
    """The legend alone, in one row (or two: the positions, then the lines): a brief prints it
    above its map, so that it does not widen the map."""
    title = html_label("<B>" + esc(m.word("Legend")) + "</B>")
    graph = {
        "rankdir": "TB",
        "fontname": FONT,
        "fontsize": str(SMALL_SIZE),
        "pad": "0.05",
        "nodesep": "0.15",
        "label": title,
        "labelloc": "t",
        "labeljust": "l",
    }
    out = ['digraph "legend" {', f"  graph [{attrs(graph)}];"]
    out.append(
        f"  node [{attrs({'fontname': FONT, 'fontsize': str(FONT_SIZE), 'margin': '0.09,0.05', 'height': '0.3', 'width': '0.4'})}];"
    )
    out.append(f"  edge [{attrs({'dir': 'back', 'arrowsize': '0.8', 'minlen': '2'})}];")
    _legend(out, m, frame=False, rows=rows)
    out.append("}")
    return "\n".join(out) + "\n"


def _legend(out: list[str], m: ArgumentMap, *, frame: bool = True, rows: int = 1) -> None:
    """A small cluster: one sample box per position stacked in the question's column, and sample edges."""
    out.append('  subgraph "cluster_legend" {')
    legend = html_label("<B>" + esc(m.word("Legend")) + "</B>")
    if frame:
        out.append(
            f"    graph [{attrs({'label': legend, 'style': 'solid', 'color': '#767676', 'labeljust': 'l', 'fontsize': str(SMALL_SIZE)})}];"
        )
    else:  # one row, titled by the drawing's own label
        out.append('    graph [style="invis", label=""];')
    column = _legend_boxes(out, m) + _legend_lines(out, m, frame)
    if frame:
        out.append("    { rank=same; " + " ".join(quote(n) + ";" for n in column) + " }")
    else:
        _legend_rows(out, column, rows)
    out.append("  }")


def _legend_boxes(out: list[str], m: ArgumentMap) -> list[str]:
    """One sample box per position; their node names."""
    column = []
    for p in m.positions:
        style = position_style(p)
        style.update(
            label=html_label(f"<B>{esc(p.letter)}</B>{NBSP}{esc(p.label)}"),
            fontsize=str(SMALL_SIZE),
            height="0.25",
        )
        nid = f"legend:{p.id}"
        out.append(f"    {quote(nid)} [{attrs(style)}];")
        column.append(nid)
    return column


def _legend_lines(out: list[str], m: ArgumentMap, frame: bool) -> list[str]:
    """A sample edge per kind of line, between two invisible points; the points to line up."""
    column = []
    kinds = ["supports", "attacks"] + (
        ["evidence"] if any(e.kind == "evidence" for e in m.edges) else []
    )
    for kind in kinds:
        a, b = f"legend:{kind}:a", f"legend:{kind}:b"
        for nid in (a, b):
            out.append(
                f'    {quote(nid)} [shape="point", width="0.01", height="0.01", style="invis"];'
            )
        style = dict(
            EDGE_STYLES[kind],
            label=html_label(esc(m.word(EDGE_WORDS[kind]))),
            fontsize=str(SMALL_SIZE),
            fontname=FONT,
        )
        style.pop("arrowhead", None)
        out.append(f"    {quote(a)} -> {quote(b)} [{attrs(style)}];")
        column.extend([a] if frame else [a, b])  # alone (TB, one rank): flat edges, drawn across
    return column


def _legend_rows(out: list[str], column: list[str], rows: int) -> None:
    """The unframed legend's samples in one row, or two (the boxes, then the lines), in reading order."""
    boxes = [n for n in column if n.count(":") == 1]
    groups = [column] if rows == 1 else [boxes, [n for n in column if n not in boxes]]
    for group in groups:  # each row in reading order
        out.append("    { rank=same; " + " ".join(quote(n) + ";" for n in group) + " }")
        for left, right in zip(group, group[1:], strict=False):
            if not (left.endswith(":a") and right.endswith(":b")):
                out.append(
                    f'    {quote(left)} -> {quote(right)} [style="invis", dir="none", minlen="1"];'
                )
    if len(groups) == 2 and groups[1]:
        out.append(
            f'    {quote(groups[0][0])} -> {quote(groups[1][0])} [style="invis", dir="none", minlen="1"];'
        )


def _lines(text: str, width: int, *, first_inline: bool = False) -> str:
    """Wrapped, escaped lines, each ended by a left-aligned break."""
    lines = textwrap.wrap(
        " ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False
    ) or [""]
    body = "".join(esc(line) + '<BR ALIGN="LEFT"/>' for line in lines)
    return body if first_inline else '<BR ALIGN="LEFT"/>' + body


def esc(text: str) -> str:
    """Text for a Graphviz HTML-like label: entities for & < > " ', no control characters.

    Graphviz expands \\N, \\G and the like even in HTML-like labels (after
    decoding entities), so a backslash is doubled.
    """
    text = "".join(ch if ch >= " " or ch == "\t" else " " for ch in text).replace("\\", "\\\\")
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


class HtmlLabel(str):
    """A Graphviz HTML-like label, written between < and > instead of quotes."""


def html_label(inner: str) -> HtmlLabel:
    return HtmlLabel(f"<{inner}>")


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as spaces."""
    text = " ".join(text.splitlines())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def attrs(values: dict[str, str]) -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, HtmlLabel):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={quote(value)}")
    return ", ".join(parts)
