"""The argument map as an outline: the text equivalent of the drawing.

The outline follows the map's placement tree (question, then what answers it,
then what answers those), names every relation in words, and lists the
relations a claim has beyond the one it hangs by ("also attacks S3"). It is
what `evenhand map --format outline` prints, what a screen reader reads in the
handout, and what the handout shows where Graphviz is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from evenhand.graph import ArgumentMap, MapNode
from evenhand.writers.map_dot import EDGE_WORDS


@dataclass
class OutlineItem:
    node: str  # node id (claim id for claims)
    kind: str  # question | subtopic | claim | evidence
    label: str  # S1, E1; "Question" / "Sub-question" for questions
    position: str  # position label, e.g. "Supporters"; "" for others
    relation: str  # "supports", "attacks", "evidence for", "" for questions
    target: str  # what it answers: "the question", "S1", ""
    title: str
    also: list[str] = field(default_factory=list)  # e.g. ["attacks S3"]
    children: list[OutlineItem] = field(default_factory=list)

    @property
    def lead(self) -> str:
        """The words before the title: "S1 (Supporters) supports the question"."""
        if self.kind in ("question", "subtopic"):
            return self.label
        who = f"{self.label} ({self.position})" if self.position else self.label
        return f"{who} {self.relation} {self.target}".strip()


MAX_TEXT_DEPTH = 8  # deeper items are not indented further: each line names what it answers
MAX_HTML_DEPTH = 5


def outline_items(m: ArgumentMap) -> OutlineItem:
    """The outline tree, rooted at the map's question (built without recursion: chains can be long)."""
    kind_of = {(e.source, e.target): e.kind for e in m.edges if e.tree}
    extra: dict[str, list] = {}
    for e in m.edges:
        if not e.tree:
            extra.setdefault(e.source, []).append(e)
    kids: dict[str, list[str]] = {}
    for node, parent in m.parent.items():
        kids.setdefault(parent, []).append(node)
    order = {nid: i for i, nid in enumerate(m.nodes)}

    def target_words(target: MapNode) -> str:
        if target.kind == "question":
            return m.word("the question") if target.topic == m.topic else m.word("the sub-question")
        return target.label

    def make(nid: str) -> OutlineItem:
        n = m.nodes[nid]
        if n.kind == "subtopic":
            head = m.word("Sub-topic, see") + " " + n.label if n.label else m.word("Sub-topic")
            return OutlineItem(nid, "subtopic", head, "", "", "", n.title)
        if n.kind == "question":
            return OutlineItem(
                nid,
                "question",
                m.word("Question") if nid == m.root.question else m.word("Sub-question"),
                "",
                "",
                "",
                n.title,
            )
        parent = m.nodes[m.parent[nid]]
        p = m.position(n.position)
        it = OutlineItem(
            nid,
            n.kind,
            n.label,
            p.label if p else (n.position or ""),
            m.word(EDGE_WORDS[kind_of.get((nid, parent.id), "supports")]),
            target_words(parent),
            n.title,
        )
        it.also = [
            f"{m.word(EDGE_WORDS[e.kind])} {target_words(m.nodes[e.target])}"
            for e in extra.get(nid, [])
        ]
        return it

    root = make(m.root.question)
    todo = [(m.root.question, root)]
    while todo:
        nid, it = todo.pop()
        children = sorted(
            kids.get(nid, []), key=lambda c: (m.nodes[c].kind in ("question", "subtopic"), order[c])
        )
        it.children = [make(c) for c in children]
        todo.extend(zip(children, it.children, strict=False))
    return root


def walk_outline(m: ArgumentMap) -> list[tuple[int, OutlineItem]]:
    """Every item with its depth, in reading order."""
    out: list[tuple[int, OutlineItem]] = []
    todo = [(0, outline_items(m))]
    while todo:
        depth, it = todo.pop()
        out.append((depth, it))
        todo.extend((depth + 1, child) for child in reversed(it.children))
    return out


def render_outline(m: ArgumentMap) -> str:
    """Plain text: one line per node, indented by two spaces per level, claim ids in brackets."""
    lines = [f"Argument map: {m.title}" + (f" ({m.part})" if m.part else "")]
    for depth, it in walk_outline(m):
        line = f"{'  ' * min(depth, MAX_TEXT_DEPTH)}- {it.lead}: {_one_line(it.title)}"
        if it.kind == "claim":
            line += f" [{it.node}]"
        if it.also:
            line += "; also " + "; also ".join(it.also)
        lines.append(line)
    legend = ", ".join(f"{p.letter} = {p.label}" for p in m.positions)
    lines.append(f"Labels: {legend}.")
    return "\n".join(lines) + "\n"


def render_outline_html(m: ArgumentMap) -> str:
    """Nested lists for a brief (escaped HTML): the map's text equivalent."""
    parts: list[str] = ['<ul class="map-outline">']
    level = 0  # lists open below the outer one
    first = True
    for depth, it in walk_outline(m):
        depth = min(depth, MAX_HTML_DEPTH)
        if first:
            first = False
        elif depth > level:
            parts.append("<ul>")
        else:
            parts.append("</li>")
            for _ in range(level - depth):
                parts.append("</ul></li>")
        level = depth
        text = f'<li class="map-{it.kind}"><span class="map-lead">{escape(it.lead)}:</span> {escape(_one_line(it.title))}'
        if it.also:
            text += (
                ' <span class="map-also">('
                + escape(m.word("also"))
                + " "
                + escape("; ".join(it.also))
                + ")</span>"
            )
        parts.append(text)
    parts.append("</li>")
    for _ in range(level):
        parts.append("</ul></li>")
    parts.append("</ul>")
    return "\n".join(parts)


def alt_text(m: ArgumentMap) -> str:
    """A short description of the drawing for `alt`: what it shows and how to read it; the outline follows it."""
    claims = m.claims()
    counts = ", ".join(
        f"{p.label} ({p.letter}) {sum(1 for c in claims if c.position == p.id)}"
        for p in m.positions
    )
    subs = len(m.clusters()) - 1
    attacks = sum(1 for e in m.edges if e.kind == "attacks" and m.nodes[e.target].kind == "claim")
    text = m.word(ALT_TEXT[0]) % {
        "question": _one_line(m.nodes[m.root.question].title),
        "claims": len(claims),
        "counts": counts,
    }
    if subs:
        text += " " + m.word(ALT_TEXT[1]) % {"topics": subs + 1}
    return text + ", " + m.word(ALT_TEXT[2]) % {"rebuttals": attacks}


# The alternative text's sentences (translated with the map's other words: ArgumentMap.word).
ALT_TEXT = (
    "Argument map of the question “%(question)s”: %(claims)s claims (%(counts)s)",
    "in %(topics)s topics",
    "with %(rebuttals)s direct rebuttals between claims. The outline below gives the same map as text.",
)
ARIA_LABEL = "Argument map: %(title)s"


def _one_line(text: str) -> str:
    return " ".join(text.split())
