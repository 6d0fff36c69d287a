"""The argument map of a topic as plain data: nodes, edges, clusters (no I/O, no layout).

The question of each topic is a node. Every claim hangs on the claim it
`attacks` or `supports` (the first such target in the map that does not lead
back to it); a claim that answers no claim in the map hangs on its topic's
question, supporting it (a `pro` position) or attacking it (`con`). These
"placement" edges form a tree, which the writers lay out and the outline
follows; every other relation is drawn as an extra edge. Sub-topics are
clusters whose question hangs on the parent's question.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from evenhand.labels import position_letters
from evenhand.model import Claim, Library, Topic

QUESTION_PREFIX = "q:"  # claim ids are slugs and never contain ':'
EVIDENCE_PREFIX = "e:"


@dataclass(frozen=True)
class MapPosition:
    id: str
    label: str
    letter: str
    stance: str  # pro | con
    index: int  # place in the library's positions (picks shape and colour)


@dataclass(frozen=True)
class MapNode:
    id: str  # claim id; "q:<topic>" for a question; "e:<claim>:<n>" for evidence
    kind: str  # question | claim | evidence | subtopic (a sub-topic drawn on a map of its own)
    label: str  # short label: S1, L2 for claims; E1 for evidence; "" for questions; "map 2" for a subtopic
    title: str  # claim title, topic question, or source and locator
    topic: str  # topic id
    position: str | None = None  # claim's position id


@dataclass(frozen=True)
class MapEdge:
    """`source` argues about `target`: kind supports | attacks | subtopic | evidence."""

    source: str
    target: str
    kind: str
    tree: bool  # a placement edge (the layout follows these); else an extra relation


@dataclass
class Cluster:
    topic: str
    title: str
    question: str  # node id of the topic's question
    nodes: list[str] = field(default_factory=list)  # claim and evidence node ids of this topic only
    children: list[Cluster] = field(default_factory=list)


@dataclass
class ArgumentMap:
    topic: str
    title: str
    nodes: dict[str, MapNode]  # in layout order: per topic, question first
    edges: list[MapEdge]
    root: Cluster
    positions: list[MapPosition]
    # node id -> the node it hangs on (placement tree); absent for the root question
    parent: dict[str, str]
    part: str = ""  # for one page of a split map: e.g. "part 1 of 2"
    # the map's fixed words in a brief's language (English when absent)
    words: dict[str, str] = field(default_factory=dict)

    def word(self, text: str) -> str:
        """A fixed word of the drawing or outline ("attacks", "Legend") in the map's language."""
        return self.words.get(text, text)

    def claims(self) -> list[MapNode]:
        return [n for n in self.nodes.values() if n.kind == "claim"]

    def position(self, position_id: str | None) -> MapPosition | None:
        return next((p for p in self.positions if p.id == position_id), None)

    def children(self, node_id: str) -> list[str]:
        """Nodes hanging on ``node_id``, in map order (one call scans the map: use child_lists for many)."""
        return [n for n, p in self.parent.items() if p == node_id]

    def child_lists(self) -> dict[str, list[str]]:
        """Every node's children, in map order, from one pass over the placement tree."""
        out: dict[str, list[str]] = {}
        for n, p in self.parent.items():
            out.setdefault(p, []).append(n)
        return out

    def extra_edges(self, node_id: str) -> list[MapEdge]:
        """Relations from ``node_id`` other than the one it hangs by."""
        return [e for e in self.edges if e.source == node_id and not e.tree]

    def depth(self) -> int:
        """Length of the longest chain in the placement tree (the question is depth 0)."""
        memo: dict[str, int] = {}
        for start in self.parent:
            chain: list[str] = []
            node: str | None = start
            while node is not None and node not in memo and len(chain) <= len(self.parent):
                chain.append(node)
                node = self.parent.get(node)
            base = memo.get(node, 0) if node is not None else -1
            for n in reversed(chain):
                base += 1
                memo[n] = base
        return max(memo.values(), default=0)

    def clusters(self) -> list[Cluster]:
        out: list[Cluster] = []
        todo = [self.root]
        while todo:  # depth first, without recursion
            c = todo.pop()
            out.append(c)
            todo.extend(reversed(c.children))
        return out


def question_id(topic_id: str) -> str:
    return QUESTION_PREFIX + topic_id


def build_map(
    lib: Library,
    topic_id: str,
    *,
    evidence: bool = False,
    labels: dict[str, str] | None = None,
    only: set[str] | None = None,
) -> ArgumentMap:
    """The map of ``topic_id`` and its sub-topics.

    ``labels`` fixes the short label of some claims (a brief's S1, L2...); the
    others are numbered per position after the highest fixed number, in map order.
    ``only`` keeps just these claims (a brief's), and of the sub-topics those that
    hold one of them (or lead to one). Relations to claims outside the map are left
    out. Raises KeyError for an unknown topic.
    """
    start = lib.topic(topic_id)
    if start is None:
        raise KeyError(topic_id)
    topics = lib.subtree(topic_id)
    if only is not None:
        topics = _topics_holding(lib, topics, only)
    letters = position_letters(lib.positions)
    positions = [
        MapPosition(p.id, p.label, letters[p.id], p.stance, i) for i, p in enumerate(lib.positions)
    ]
    claims = _claims_of(topics, only)
    short = _short_labels([c for _, c in claims], letters, labels or {})
    nodes, clusters = _question_and_claim_nodes(topics, claims, short)
    root = clusters[start.topic]
    parent, edges = _link_subtopics(topics, clusters)
    _place_claims(claims, nodes, {p.id: p.stance for p in positions}, parent, edges)
    if evidence:
        _add_evidence(lib, claims, nodes, clusters, parent, edges)

    # the legend names the positions these topics debate (and any their claims use)
    shown = {p.id for p in lib.positions_of_all(topics)} | {c.position for _, c in claims}
    positions = [p for p in positions if p.id in shown]
    return ArgumentMap(start.topic, start.title, nodes, edges, root, positions, parent)


def _claims_of(topics: list[Topic], only: set[str] | None) -> list[tuple[Topic, Claim]]:
    """The claims to draw, with their topic: those in ``only`` (all when None), first of each id."""
    claims: list[tuple[Topic, Claim]] = []
    seen: set[str] = set()
    for t in topics:
        for c in t.claims:
            if only is not None and c.id not in only:
                continue
            if c.id not in seen:  # duplicate ids are an error reported by checks
                seen.add(c.id)
                claims.append((t, c))
    return claims


def _question_and_claim_nodes(
    topics: list[Topic], claims: list[tuple[Topic, Claim]], short: dict[str, str]
) -> tuple[dict[str, MapNode], dict[str, Cluster]]:
    """Per topic, its question's node then its chosen claims' nodes; and each topic's cluster."""
    chosen = {id(c) for _, c in claims}
    nodes: dict[str, MapNode] = {}
    clusters: dict[str, Cluster] = {}
    for t in topics:
        qid = question_id(t.topic)
        nodes[qid] = MapNode(qid, "question", "", _question_text(t), t.topic)
        clusters[t.topic] = Cluster(t.topic, t.title, qid)
        for c in t.claims:
            if id(c) in chosen:
                nodes[c.id] = MapNode(c.id, "claim", short[c.id], c.title, t.topic, c.position)
                clusters[t.topic].nodes.append(c.id)
    return nodes, clusters


def _link_subtopics(
    topics: list[Topic], clusters: dict[str, Cluster]
) -> tuple[dict[str, str], list[MapEdge]]:
    """Nest each sub-topic's cluster in its parent's; hang its question on the parent's question."""
    parent: dict[str, str] = {}
    edges: list[MapEdge] = []
    for t in topics[1:]:
        if t.parent in clusters:
            clusters[t.parent].children.append(clusters[t.topic])
            parent[question_id(t.topic)] = question_id(t.parent)
            edges.append(MapEdge(question_id(t.topic), question_id(t.parent), "subtopic", True))
    return parent, edges


def _place_claims(
    claims: list[tuple[Topic, Claim]],
    nodes: dict[str, MapNode],
    stance: dict[str, str],
    parent: dict[str, str],
    edges: list[MapEdge],
) -> None:
    """Hang each claim on the first claim it argues about that does not lead back to it, else on
    its topic's question; every relation to a claim in the map becomes an edge."""
    placed = _Roots(parent)
    for t, c in claims:
        relations = _relations_in_map(c, nodes)
        # c is not placed yet, so it is the root of its tree: a target whose root is c hangs below it
        hang = next(((tg, k) for tg, k in relations if placed.root(tg) != c.id), None)
        if hang is None:
            hang = (question_id(t.topic), _stance_relation(stance.get(c.position, "pro")))
            parent[c.id] = hang[0]
            edges.append(MapEdge(c.id, hang[0], hang[1], True))
        placed.link(c.id, hang[0])
        for target, kind in dict.fromkeys(relations):  # each (target, kind) once, in order
            is_tree = (target, kind) == hang
            if is_tree:
                parent[c.id] = target
            edges.append(MapEdge(c.id, target, kind, is_tree))


def _relations_in_map(c: Claim, nodes: dict[str, MapNode]) -> list[tuple[str, str]]:
    """The claims of the map (other than ``c``) that ``c`` attacks, then those it supports."""
    relations = [(target, "attacks") for target in c.attacks] + [
        (target, "supports") for target in c.supports
    ]
    return [
        (target, kind)
        for target, kind in relations
        if target in nodes and target != c.id and nodes[target].kind == "claim"
    ]


def _stance_relation(stance: str) -> str:
    """How a claim that answers no other claim relates to its question: a pro position supports it."""
    return "supports" if stance == "pro" else "attacks"


def _add_evidence(
    lib: Library,
    claims: list[tuple[Topic, Claim]],
    nodes: dict[str, MapNode],
    clusters: dict[str, Cluster],
    parent: dict[str, str],
    edges: list[MapEdge],
) -> None:
    """A node per piece of evidence (source and locator), hanging on its claim."""
    for t, c in claims:
        for i, ev in enumerate(c.evidence, 1):
            eid = f"{EVIDENCE_PREFIX}{c.id}:{i}"
            src = lib.source(ev.source)
            name = src.title if src is not None else ev.source
            title = f"{name}: {ev.locator}" if ev.locator else name
            nodes[eid] = MapNode(eid, "evidence", f"E{i}", title, t.topic)
            clusters[t.topic].nodes.append(eid)
            parent[eid] = c.id
            edges.append(MapEdge(eid, c.id, "evidence", True))


def _topics_holding(lib: Library, topics: list[Topic], only: set[str]) -> list[Topic]:
    """The start topic and the sub-topics on the way to a claim in ``only``, in subtree order."""
    keep = {topics[0].topic}
    by_id = {t.topic: t for t in topics}
    for t in topics:
        if any(c.id in only for c in t.claims):
            node: Topic | None = t
            while node is not None and node.topic not in keep:
                keep.add(node.topic)
                node = by_id.get(node.parent) if node.parent else None
    return [t for t in topics if t.topic in keep]


def _question_text(t: Topic) -> str:
    return (t.question or t.title).strip()


class _Roots:
    """The root of each node's placement tree, with path compression (a union-find without ranks):
    asking whether a claim would hang below itself costs about constant time, not a walk up a chain."""

    def __init__(self, parent: dict[str, str]):
        self.up = dict(parent)

    def link(self, node: str, parent: str) -> None:
        self.up[node] = parent

    def root(self, node: str) -> str:
        path: list[str] = []
        while node in self.up and len(path) <= len(self.up):
            path.append(node)
            node = self.up[node]
        for n in path:
            self.up[n] = node
        return node


def _short_labels(
    claims: list[Claim], letters: dict[str, str], fixed: dict[str, str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for label in fixed.values():
        letter = label.rstrip("0123456789")
        number = label[len(letter) :]
        if number.isdigit():
            used[letter] = max(used.get(letter, 0), int(number))
    for c in claims:
        if c.id in fixed:
            out[c.id] = fixed[c.id]
            continue
        letter = letters.get(c.position, (c.position[:1] or "?").upper())
        used[letter] = used.get(letter, 0) + 1
        out[c.id] = f"{letter}{used[letter]}"
    return out


MAX_CLAIMS_PER_PAGE = 18  # about as many two-line boxes as a portrait page holds at a legible size


def paginate(
    m: ArgumentMap, max_claims: int = MAX_CLAIMS_PER_PAGE, *, first: int = 1
) -> list[ArgumentMap]:
    """Split a map too big for one printed page: one map per topic, sub-topics drawn as a box
    that names their map; then a topic that is still too big is cut between the branches
    of its question. A map that fits comes back whole, as the only element.
    Maps are numbered from ``first`` (when several maps share one document)."""
    if len(m.claims()) <= max_claims:
        return [m]
    pages: list[ArgumentMap] = []
    for c in m.clusters():
        pages.extend(_cut(_topic_page(m, c), max_claims))
    _number_pages(pages, first)
    return pages


def _topic_page(m: ArgumentMap, c: Cluster) -> ArgumentMap:
    """The map of one topic alone: its sub-topics become boxes hanging on its question."""
    keep = [c.question, *c.nodes]
    nodes = {nid: m.nodes[nid] for nid in keep}
    parent = {nid: m.parent[nid] for nid in c.nodes if m.parent.get(nid) in nodes}
    root = Cluster(c.topic, c.title, c.question, list(c.nodes))
    for child in c.children:
        sid = child.question
        # labelled by _number_pages
        nodes[sid] = MapNode(sid, "subtopic", "", child.title, child.topic)
        parent[sid] = c.question
        root.nodes.append(sid)
    for nid in c.nodes:  # a claim hanging on something drawn elsewhere hangs on this question
        if nid not in parent:
            parent[nid] = c.question
    edges = [e for e in m.edges if e.source in nodes and e.target in nodes]
    edges += [
        MapEdge(nid, c.question, _stance_kind(m, nid), True)
        for nid in c.nodes
        if m.parent.get(nid) not in nodes
    ]
    return ArgumentMap(c.topic, c.title, nodes, edges, root, m.positions, parent)


def _number_pages(pages: list[ArgumentMap], first: int) -> None:
    """Name each page "map i of n" and label each sub-topic box with the first map of its topic."""
    number: dict[str, int] = {}
    for i, page in enumerate(pages, first):
        number.setdefault(page.topic, i)
    last = first + len(pages) - 1
    for i, page in enumerate(pages, first):
        page.part = f"map {i} of {last}"
        for nid, n in page.nodes.items():
            if n.kind == "subtopic":
                page.nodes[nid] = replace(n, label=f"map {number[n.topic]}")


def _stance_kind(m: ArgumentMap, nid: str) -> str:
    p = m.position(m.nodes[nid].position)
    return "attacks" if p is not None and p.stance == "con" else "supports"


def _cut(m: ArgumentMap, max_claims: int) -> list[ArgumentMap]:
    """Cut one topic's map between the branches of its question, greedily, keeping map order."""
    if len(m.claims()) <= max_claims:
        return [m]
    q = m.root.question
    return [_page_of(m, set(group) | {q}) for group in _fill_pages(m, _branches(m, q), max_claims)]


def _branches(m: ArgumentMap, q: str) -> list[list[str]]:
    """Each node hanging on ``q`` with everything below it (breadth first), in map order."""
    branches: list[list[str]] = []
    children = m.child_lists()
    for top in children.get(q, []):
        members = [top]
        i = 0
        while i < len(members):
            members.extend(children.get(members[i], []))
            i += 1
        branches.append(members)
    return branches


def _fill_pages(m: ArgumentMap, branches: list[list[str]], max_claims: int) -> list[list[str]]:
    """Put branches on a page in order until the next would pass ``max_claims``; a branch too big
    for any page gets a page of its own."""
    groups: list[list[str]] = []
    size = 0
    for branch in branches:
        claims = sum(1 for nid in branch if m.nodes[nid].kind == "claim")
        if not groups or (size + claims > max_claims and size > 0):
            groups.append([])
            size = 0
        groups[-1].extend(branch)
        size += claims
    return groups


def _page_of(m: ArgumentMap, keep: set[str]) -> ArgumentMap:
    """The part of one topic's map that holds just the nodes in ``keep``."""
    q = m.root.question
    nodes = {nid: n for nid, n in m.nodes.items() if nid in keep}
    parent = {nid: p for nid, p in m.parent.items() if nid in keep}
    edges = [e for e in m.edges if e.source in keep and e.target in keep]
    root = Cluster(m.root.topic, m.root.title, q, [nid for nid in m.root.nodes if nid in keep])
    return ArgumentMap(m.topic, m.title, nodes, edges, root, m.positions, parent)
