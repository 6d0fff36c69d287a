"""An ArgumentMap as a Mermaid `flowchart` (GitHub renders it in Markdown).

Node ids are derived from claim ids (``c_`` + the id with other characters as
``_``; never a Mermaid keyword); labels are quoted with Mermaid's ``#name;``
entity codes for characters that would end or mark up a label. Positions get
their own shape and style class; attacks are dotted edges labelled "attacks",
supports solid edges labelled "supports". The output is deterministic.
"""

from __future__ import annotations

import re
import textwrap

from evenhand.graph import ArgumentMap, Cluster, MapNode
from evenhand.writers.map_dot import EDGE_STYLES, EDGE_WORDS, POSITION_STYLES

WRAP = 32

# Opening and closing of each node shape, picked per position (cycled).
SHAPES = (("(", ")"), ("[[", "]]"), ("{{", "}}"), ("[/", "/]"), ("[\\", "\\]"), (">", "]"))
QUESTION_SHAPE = ("[", "]")
EVIDENCE_SHAPE = ("[(", ")]")

_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "[": "#91;",
    "]": "#93;",
    "(": "#40;",
    ")": "#41;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    "`": "#96;",
}


def escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label (single line)."""
    text = " ".join(text.split())
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def render_mermaid(m: ArgumentMap, *, legend: bool = True) -> str:
    """Mermaid source, without the ``` fence."""
    ids = _mermaid_ids(m)
    out = ["flowchart RL"]
    out.append(f"  accTitle: Argument map: {escape(m.title)}")
    out.append(
        "  accDescr: The question with the claims that answer it; each claim points at what it supports or attacks."
    )
    _cluster(out, m, ids, m.root, 0)
    link_styles = _edges(out, m, ids)
    if legend:
        out.append('  subgraph legend["Legend"]')
        for p in m.positions:
            opening, closing = SHAPES[p.index % len(SHAPES)]
            out.append(
                f'    legend_{p.index}{opening}"{escape(p.letter)} · {escape(p.label)}"{closing}'
            )
        out.append("  end")
    _classes(out, m, ids, legend)
    for kind in ("supports", "attacks", "subtopic", "evidence"):
        if kind in link_styles:
            colour = EDGE_STYLES[kind]["color"]
            out.append(
                f"  linkStyle {','.join(map(str, link_styles[kind]))} stroke:{colour},stroke-width:2px"
            )
    return "\n".join(out) + "\n"


def _edges(out: list[str], m: ArgumentMap, ids: dict[str, str]) -> dict[str, list[int]]:
    """One link per edge; the links' numbers by kind (for their linkStyle)."""
    link_styles: dict[str, list[int]] = {}
    for i, e in enumerate(m.edges):
        word = EDGE_WORDS[e.kind]
        arrow = f"-.->|{word}|" if e.kind in ("attacks", "evidence") else f"-->|{word}|"
        out.append(f"  {ids[e.source]} {arrow} {ids[e.target]}")
        link_styles.setdefault(e.kind, []).append(i)
    return link_styles


def _classes(out: list[str], m: ArgumentMap, ids: dict[str, str], legend: bool) -> None:
    """The positions', the questions' and the evidence's classes, and which nodes take them."""
    for p in m.positions:
        style = POSITION_STYLES[p.index % len(POSITION_STYLES)]
        dash = ",stroke-dasharray:4 3" if "dashed" in style["style"] else ""
        out.append(
            f"  classDef pos{p.index} fill:{style['fillcolor']},stroke:{style['color']},stroke-width:2px,color:#000{dash}"
        )
    out.append("  classDef question fill:#EEEEEE,stroke:#000,stroke-width:2px,color:#000")
    for p in m.positions:
        members = [ids[n.id] for n in m.claims() if n.position == p.id]
        if legend:
            members.append(f"legend_{p.index}")
        if members:
            out.append(f"  class {','.join(members)} pos{p.index}")
    questions = [ids[n.id] for n in m.nodes.values() if n.kind in ("question", "subtopic")]
    out.append(f"  class {','.join(questions)} question")
    evidence = [ids[n.id] for n in m.nodes.values() if n.kind == "evidence"]
    if evidence:
        out.append("  classDef evidence fill:#FFFFFF,stroke:#777,stroke-width:1px,color:#000")
        out.append(f"  class {','.join(evidence)} evidence")


def _cluster(out: list[str], m: ArgumentMap, ids: dict[str, str], c: Cluster, depth: int) -> None:
    pad = "  " * (depth + 1)
    if depth:
        out.append(f'{pad}subgraph t_{_slug(c.topic)}["{escape(c.title)}"]')
    inner = pad + ("  " if depth else "")
    out.append(inner + _node(m, ids, m.nodes[c.question], sub=depth > 0))
    for nid in c.nodes:
        out.append(inner + _node(m, ids, m.nodes[nid]))
    for child in c.children:
        _cluster(out, m, ids, child, depth + 1)
    if depth:
        out.append(f"{pad}end")


def _node(m: ArgumentMap, ids: dict[str, str], n: MapNode, *, sub: bool = False) -> str:
    if n.kind == "question":
        opening, closing = QUESTION_SHAPE
        text = ("Sub-question: " if sub else "Question: ") + n.title
    elif n.kind == "subtopic":
        opening, closing = QUESTION_SHAPE
        text = f"Sub-topic, see {n.label}: {n.title}" if n.label else f"Sub-topic: {n.title}"
    elif n.kind == "evidence":
        opening, closing = EVIDENCE_SHAPE
        text = f"{n.label} · {n.title}"
    else:
        p = m.position(n.position)
        opening, closing = SHAPES[(p.index if p else 0) % len(SHAPES)]
        text = f"{n.label} · {n.title}"
    lines = textwrap.wrap(" ".join(text.split()), WRAP, break_on_hyphens=False) or [""]
    return f'{ids[n.id]}{opening}"{"<br>".join(escape(line) for line in lines)}"{closing}'


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", text)


def _mermaid_ids(m: ArgumentMap) -> dict[str, str]:
    """A unique Mermaid id per node, stable for a given map."""
    out: dict[str, str] = {}
    taken: set[str] = {"legend"}
    for n in m.nodes.values():
        if n.kind in ("question", "subtopic"):
            base = "q_" + _slug(n.topic)
        elif n.kind == "evidence":
            base = "e_" + _slug(n.id[2:])
        else:
            base = "c_" + _slug(n.id)
        candidate, k = base, 1
        while candidate in taken:
            k += 1
            candidate = f"{base}_{k}"
        taken.add(candidate)
        out[n.id] = candidate
    return out
