"""Import an AIF argument graph (AIFdb JSON: ``{"nodes": [...], "edges": [...]}``).

- I-nodes (information) become claims; the I-node no edge leads out of (the
  conclusion) is the main thesis: it becomes the topic's question and title
  and stays a claim. With several, the one with the most nodes leading to it.
- RA-nodes (inference) become ``supports`` from each premise to the
  conclusion; CA-nodes (conflict) become ``attacks``; MA-nodes (rephrase)
  ``supports`` with a note.
- A CA-node aimed at another relation node is an undercut: each of its
  premises attacks the premises of that relation, with a note saying so.
- L, YA, TA (dialogue: locutions, illocutions, transitions) and PA
  (preference) nodes are not content and are skipped.
- Positions as for Argdown: the side of the thesis each claim is on.
Also accepted: the same graph under an ``"AIF"`` key (AIF+ / OVA files).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from pathlib import Path

from evenhand.problems import Location, error, warning
from evenhand.readers.graph_import import GEdge, GNode, GTopic, build_result, short_title
from evenhand.readers.imported import ImportResult, read_text, slugify

RELATION_TYPES = {"RA": "supports", "CA": "attacks", "MA": "supports"}
SKIPPED_TYPES = {"L", "YA", "TA", "PA"}


class _Locator:
    """Line and column of a node or edge in the raw JSON, found by its id."""

    def __init__(self, text: str, display: str):
        self.text = text
        self.display = display
        self.offsets: dict[tuple[str, str], list[int]] = {}
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for key in ("nodeID", "edgeID"):
            for m in re.finditer(rf'"{key}"\s*:\s*"?([^",}}\s]+)', text):
                self.offsets.setdefault((key, m.group(1)), []).append(m.start())

    def at(self, offset: int) -> Location:
        # a binary search: the locator is asked once per node
        line = bisect_right(self.line_starts, offset)
        return Location(self.display, line, offset - self.line_starts[line - 1] + 1)

    def of(self, key: str, ident: object, nth: int = 0) -> Location:
        """Where the ``nth`` object with this id starts (the first when there are fewer)."""
        found = self.offsets.get((key, str(ident)))
        return self.at(found[min(nth, len(found) - 1)]) if found else Location(self.display, 1, 1)


def read(path: Path, *, topic_id: str | None = None, display: str) -> ImportResult:
    text, problem = read_text(path, display)
    if problem is not None:
        return ImportResult(problems=[problem])
    assert text is not None  # read_text gives the text when it gives no problem
    return from_text(text, display=display, topic_id=topic_id, default_title=path.stem)


def from_text(
    text: str, *, display: str, topic_id: str | None = None, default_title: str = "Imported"
) -> ImportResult:
    result = ImportResult()
    problems = result.problems
    data = _graph_json(text, display, problems)
    if data is None:
        return result
    loc = _Locator(text, display)
    nodes = _nodes(data["nodes"], loc, problems)
    ins, outs = _links(data["edges"], nodes, loc, display, problems)
    if not result.ok:
        return result
    graph = _Graph(nodes, ins, outs)
    i_nodes = [n for n in nodes if graph.kind[n] == "I"]
    if not i_nodes:
        problems.append(
            error(
                Location(display, 1, 1),
                "the graph has no I-node (no statement) to import",
                "aif-empty",
            )
        )
        return result
    for n in nodes:
        if (
            graph.kind[n] not in RELATION_TYPES
            and graph.kind[n] not in SKIPPED_TYPES
            and graph.kind[n] != "I"
        ):
            problems.append(
                warning(
                    loc.of("nodeID", n),
                    f"node '{n}' has unknown type '{graph.kind[n]}'; skipped",
                    "aif-type",
                )
            )
    edges = graph.edges(loc, problems)

    thesis = _thesis(i_nodes, outs, ins, graph.content)
    thesis_text = " ".join(str(nodes[thesis]["text"]).split())
    title = short_title(thesis_text) or default_title
    topic = GTopic(title=title, question=thesis_text, where=Location(display, 1, 1))
    topic.id = topic_id or slugify(title, set(), fallback="imported")
    gnodes = []
    for n in i_nodes:
        text = " ".join(str(nodes[n]["text"]).split())
        short = short_title(text)
        gnodes.append(
            GNode(
                key=n,
                title=short,
                text="" if short == text else text,
                topic=0,
                where=loc.of("nodeID", n),
            )
        )
    return build_result([topic], gnodes, edges, thesis, result)


def _graph_json(text: str, display: str, problems: list) -> dict | None:
    """The graph object (``nodes`` and ``edges`` lists) of the JSON text, or None with the problem."""
    try:
        data = json.loads(text)
        too_deep = _nested_past_limit(data)
    except RecursionError:  # Python 3.11's parser gives up near 1,000 levels, 3.12's goes on
        too_deep = True
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string"):
            why = "a string is never closed: the file ends inside it (is it truncated?)"
        elif exc.pos >= len(text.rstrip()):
            why = "the file ends too early (is it truncated?)"
        else:
            why = exc.msg[:1].lower() + exc.msg[1:]
        problems.append(
            error(Location(display, exc.lineno, exc.colno), f"not valid JSON: {why}", "aif-json")
        )
        return None
    if too_deep:
        problems.append(
            error(
                _too_deep(text, display),
                f"not an AIF graph: the JSON is nested more than {MAX_JSON_DEPTH} levels deep here",
                "aif-json",
            )
        )
        return None
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("nodes"), list)
        or not isinstance(data.get("edges"), list)
    ):
        problems.append(
            error(
                Location(display, 1, 1),
                'not an AIF graph: expected an object with "nodes" and "edges" lists',
                "aif-shape",
            )
        )
        return None
    return data


def _nodes(raw: list, loc: _Locator, problems: list) -> dict[str, dict]:
    """The nodes by id; a node without id or type, a repeated id or an I-node without text is a problem."""
    nodes: dict[str, dict] = {}
    for i, node in enumerate(raw):
        nid = node.get("nodeID") if isinstance(node, dict) else None
        if nid is None or not isinstance(node.get("type"), str):
            problems.append(
                error(
                    loc.at(0) if nid is None else loc.of("nodeID", nid),
                    f'node {i + 1} needs a "nodeID" and a "type"',
                    "aif-node",
                )
            )
            continue
        nid = str(nid)
        if nid in nodes:
            problems.append(
                error(loc.of("nodeID", nid, nth=1), f"node id '{nid}' is used twice", "aif-node")
            )
            continue
        nodes[nid] = node
        if node["type"] == "I" and not isinstance(node.get("text"), str):
            what = (
                "no text"
                if node.get("text") is None
                else f'a {_json_kind(node["text"])} as its "text", not a string'
            )
            problems.append(error(loc.of("nodeID", nid), f"I-node '{nid}' has {what}", "aif-node"))
        elif node["type"] == "I" and not node["text"].strip():
            problems.append(error(loc.of("nodeID", nid), f"I-node '{nid}' has no text", "aif-node"))
    return nodes


def _links(
    raw: list, nodes: dict[str, dict], loc: _Locator, display: str, problems: list
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(node → the nodes with an edge into it, node → the nodes its edges lead to)."""
    ins: dict[str, list[str]] = {n: [] for n in nodes}
    outs: dict[str, list[str]] = {n: [] for n in nodes}
    for i, edge in enumerate(raw):
        if not isinstance(edge, dict):
            problems.append(
                error(Location(display, 1, 1), f"edge {i + 1} is not an object", "aif-edge")
            )
            continue
        where = loc.of("edgeID", edge.get("edgeID"))
        src, dst = str(edge.get("fromID")), str(edge.get("toID"))
        bad = [
            f"{k} '{edge.get(k)}'" for k, v in (("fromID", src), ("toID", dst)) if v not in nodes
        ]
        if bad:
            problems.append(
                error(
                    where,
                    f"edge '{edge.get('edgeID', i + 1)}' points to a missing node: {', '.join(bad)}",
                    "aif-edge",
                )
            )
            continue
        outs[src].append(dst)
        ins[dst].append(src)
    return ins, outs


class _Graph:
    """The checked nodes and their links; `edges` turns the relation nodes into claim-to-claim edges."""

    def __init__(
        self, nodes: dict[str, dict], ins: dict[str, list[str]], outs: dict[str, list[str]]
    ):
        self.nodes, self.ins, self.outs = nodes, ins, outs
        self.kind = {n: str(v["type"]) for n, v in nodes.items()}

    def content(self, n: str) -> bool:
        return self.kind[n] == "I" or self.kind[n] in RELATION_TYPES

    def premises(self, s: str) -> list[str]:
        return [p for p in self.ins[s] if self.kind[p] == "I"]

    def edges(self, loc: _Locator, problems: list) -> list[GEdge]:
        edges: list[GEdge] = []
        for s in self.nodes:
            rel = RELATION_TYPES.get(self.kind[s])
            if rel is None:
                continue
            targets = [t for t in self.outs[s] if self.content(t)]
            if not self.premises(s) or not targets:
                problems.append(
                    warning(
                        loc.of("nodeID", s),
                        f"{self.kind[s]}-node '{s}' lacks a premise or a conclusion; skipped",
                        "aif-dangling",
                    )
                )
                continue
            for t in targets:
                for p in self.premises(s):
                    edges.extend(self._edges_from(p, s, t, rel))
        return edges

    def _edges_from(self, p: str, s: str, t: str, rel: str) -> list[GEdge]:
        """Premise ``p`` of relation node ``s`` aimed at ``t``: a claim, or a relation node (an undercut)."""
        if self.kind[t] == "I":
            note = (
                f"Rephrases “{short_title(self.nodes[t]['text'])}”."
                if self.kind[s] == "MA"
                else None
            )
            return [GEdge(p, t, rel, note)]
        # aimed at a relation node: an undercut of the inference from its premises
        aimed = (
            ", ".join(
                f"“{short_title(self.nodes[c]['text'])}”"
                for c in self.outs[t]
                if self.kind[c] == "I"
            )
            or "its conclusion"
        )
        verb = "Undercuts" if rel == "attacks" else "Backs"
        what = "the attack" if self.kind[t] == "CA" else "the inference"
        return [
            GEdge(p, q, rel, f"{verb} {what} of “{short_title(self.nodes[q]['text'])}” on {aimed}.")
            for q in self.premises(t)
        ]


MAX_JSON_DEPTH = 500


def _nested_past_limit(data: object) -> bool:
    """Whether lists and objects in ``data`` nest more than MAX_JSON_DEPTH levels deep."""
    level = [data]
    for _ in range(MAX_JSON_DEPTH):
        level = [
            child
            for value in level
            if isinstance(value, (list, dict))
            for child in (value.values() if isinstance(value, dict) else value)
        ]
        if not level:
            return False
    return any(isinstance(value, (list, dict)) for value in level)


def _too_deep(text: str, display: str) -> Location:
    """Where the nesting of ``[`` and ``{`` (outside strings) first passes MAX_JSON_DEPTH."""
    depth = 0
    line, col = 1, 0
    in_string = escaped = False
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif in_string:
            escaped = not escaped and ch == "\\"
            in_string = escaped or ch != '"'
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return Location(display, line, col)
        elif ch in "]}":
            depth -= 1
    return Location(display, 1, 1)


def _json_kind(value: object) -> str:
    return {bool: "true/false", int: "number", float: "number", list: "list", dict: "object"}.get(
        type(value), "value"
    )


def _thesis(i_nodes: list[str], outs: dict, ins: dict, content) -> str:
    """The I-node with no content edge out of it that the most nodes lead to."""
    sinks = [n for n in i_nodes if not any(content(t) for t in outs[n])] or i_nodes

    def reach(n: str) -> int:
        seen, stack = {n}, [n]
        while stack:
            for p in ins[stack.pop()]:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        return len(seen)

    order = {n: i for i, n in enumerate(i_nodes)}
    return max(sinks, key=lambda n: (reach(n), -order[n]))
