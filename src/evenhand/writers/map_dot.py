"""An ArgumentMap as Graphviz DOT source, styled for paper and for colour-blind readers.

Positions differ by shape and border as well as by colour (Okabe-Ito palette)
and carry a short label (S1, L2, R3); attacks are dashed with a bar at the
target, supports solid with an arrowhead. The question sits at the left and
every claim to the right of what it answers: edges are written target -> source
with ``dir=back``, so that dot ranks the target first while the arrowhead still
points at it.
"""

from __future__ import annotations

import html
import textwrap

from evenhand.graph import ArgumentMap, Cluster, MapEdge, MapNode, MapPosition

FONT = "Liberation Sans"
WRAP = 24  # characters per line in a claim's box
WRAP_QUESTION = 24
BIG_NODES = 400  # beyond this many nodes, or this many levels, a faster layout
BIG_DEPTH = 40
NBSP = "&#160;"  # a plain space after the bold label would be dropped by SVG renderers

# Okabe-Ito (Okabe & Ito 2008): border colour, light tint of it for the fill.
POSITION_STYLES = (
    {"shape": "box", "style": "rounded,filled", "color": "#0072B2", "fillcolor": "#DCEBF7", "penwidth": "1.6"},
    {"shape": "box", "style": "filled", "peripheries": "2", "color": "#E69F00", "fillcolor": "#FCEFD2", "penwidth": "1.2"},
    {"shape": "box", "style": "filled,diagonals,bold", "color": "#CC79A7", "fillcolor": "#F7E4EF", "penwidth": "2"},
    {"shape": "hexagon", "style": "filled", "color": "#009E73", "fillcolor": "#D9F0E9", "penwidth": "1.6"},
    {"shape": "octagon", "style": "filled,dashed", "color": "#56B4E9", "fillcolor": "#E3F2FB", "penwidth": "1.6"},
    {"shape": "parallelogram", "style": "filled", "color": "#D55E00", "fillcolor": "#F9E1D1", "penwidth": "1.6"},
)
QUESTION_STYLE = {"shape": "box", "style": "filled,bold", "color": "#000000", "fillcolor": "#EEEEEE", "penwidth": "2"}
SUBQUESTION_STYLE = {"shape": "box", "style": "filled", "color": "#000000", "fillcolor": "#F4F4F4", "penwidth": "1.4"}
EVIDENCE_STYLE = {"shape": "note", "style": "filled", "color": "#777777", "fillcolor": "#FFFFFF", "penwidth": "0.8", "fontsize": "7"}
EDGE_STYLES = {
    "supports": {"style": "solid", "color": "#009E73", "arrowtail": "normal", "penwidth": "1.4"},
    "attacks": {"style": "dashed", "color": "#D55E00", "arrowtail": "tee", "penwidth": "1.6"},
    "subtopic": {"style": "solid", "color": "#666666", "arrowtail": "empty", "penwidth": "1.0"},
    "evidence": {"style": "dotted", "color": "#777777", "arrowtail": "odot", "penwidth": "1.0"},
}
EDGE_WORDS = {"supports": "supports", "attacks": "attacks", "subtopic": "sub-question of", "evidence": "evidence for"}


def position_style(p: MapPosition | None) -> dict[str, str]:
    return dict(POSITION_STYLES[(p.index if p else 0) % len(POSITION_STYLES)])


def render_dot(m: ArgumentMap, *, title: bool = True, legend: bool = True) -> str:
    """DOT source for ``m``; node names are the claim ids (``q:<topic>`` for questions)."""
    out: list[str] = [f"digraph {quote(m.topic)} {{"]
    graph_attrs = {
        "rankdir": "LR",
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
    out.append(f'  node [{attrs({"fontname": FONT, "fontsize": "9", "margin": "0.09,0.05", "height": "0.3", "width": "0.4"})}];')
    out.append(f'  edge [{attrs({"dir": "back", "arrowsize": "0.8"})}];')
    _cluster(out, m, m.root, depth=0)
    for e in m.edges:
        out.append("  " + _edge(e))
    if legend:
        _legend(out, m)
    out.append("}")
    return "\n".join(out) + "\n"


def _cluster(out: list[str], m: ArgumentMap, c: Cluster, depth: int) -> None:
    pad = "  " * (depth + 1)
    if depth:
        out.append(f"{pad}subgraph {quote('cluster_' + c.topic)} {{")
        out.append(f'{pad}  graph [{attrs({"label": html_label(esc(c.title)), "style": "rounded,dashed", "color": "#888888", "labeljust": "l", "fontsize": "9"})}];')
    inner = pad + ("  " if depth else "")
    out.append(inner + _node(m, m.nodes[c.question], sub=depth > 0))
    for nid in c.nodes:
        out.append(inner + _node(m, m.nodes[nid]))
    for child in c.children:
        _cluster(out, m, child, depth + 1)
    if depth:
        out.append(f"{pad}}}")


def _node(m: ArgumentMap, n: MapNode, *, sub: bool = False) -> str:
    if n.kind == "question":
        style = dict(SUBQUESTION_STYLE if sub else QUESTION_STYLE)
        head = m.word("Sub-question") if sub else m.word("Question")
        style["label"] = html_label(f"<B>{head}</B>" + _lines(n.title, WRAP_QUESTION))
    elif n.kind == "subtopic":
        style = dict(SUBQUESTION_STYLE, style="filled,dashed")
        head = (esc(m.word("Sub-topic, see")) + " " + esc(n.label) + ":") if n.label else esc(m.word("Sub-topic")) + ":"
        style["label"] = html_label(f"<B>{head}</B>" + _lines(n.title, WRAP + 4))
    elif n.kind == "evidence":
        style = dict(EVIDENCE_STYLE)
        style["label"] = html_label(f"<B>{esc(n.label)}</B>{NBSP}" + _lines(n.title, WRAP, first_inline=True))
    else:
        style = position_style(m.position(n.position))
        style["label"] = html_label(f"<B>{esc(n.label)}</B>{NBSP}" + _lines(n.title, WRAP, first_inline=True))
    style["class"] = f"{n.kind}" + (f" position-{n.position}" if n.position else "")
    return f"{quote(n.id)} [{attrs(style)}];"


def _edge(e: MapEdge) -> str:
    style = dict(EDGE_STYLES[e.kind])
    style["class"] = e.kind
    if not e.tree:
        style["constraint"] = "false"
    return f"{quote(e.target)} -> {quote(e.source)} [{attrs(style)}];"


def _legend(out: list[str], m: ArgumentMap) -> None:
    """A small cluster: one sample box per position stacked in the question's column, and sample edges."""
    out.append('  subgraph "cluster_legend" {')
    legend = html_label("<B>" + esc(m.word("Legend")) + "</B>")
    out.append(f'    graph [{attrs({"label": legend, "style": "solid", "color": "#888888", "labeljust": "l", "fontsize": "9"})}];')
    column: list[str] = []
    for p in m.positions:
        style = position_style(p)
        style.update(label=html_label(f"<B>{esc(p.letter)}</B>{NBSP}{esc(p.label)}"), fontsize="8", height="0.25")
        nid = f"legend:{p.id}"
        out.append(f"    {quote(nid)} [{attrs(style)}];")
        column.append(nid)
    kinds = ["supports", "attacks"] + (["evidence"] if any(e.kind == "evidence" for e in m.edges) else [])
    for kind in kinds:
        a, b = f"legend:{kind}:a", f"legend:{kind}:b"
        for nid in (a, b):
            out.append(f'    {quote(nid)} [shape="point", width="0.01", height="0.01", style="invis"];')
        style = dict(EDGE_STYLES[kind], label=html_label(esc(m.word(EDGE_WORDS[kind]))), fontsize="8", fontname=FONT)
        out.append(f"    {quote(a)} -> {quote(b)} [{attrs(style)}];")
        column.append(a)
    out.append("    { rank=same; " + " ".join(quote(n) + ";" for n in column) + " }")
    out.append("  }")


def _lines(text: str, width: int, *, first_inline: bool = False) -> str:
    """Wrapped, escaped lines, each ended by a left-aligned break."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]
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
