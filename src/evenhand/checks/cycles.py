"""Cycles in the topic tree and in `supports` chains, each named once."""

from __future__ import annotations

from evenhand.model import Library
from evenhand.problems import Location, Problem, error


def check(lib: Library) -> list[Problem]:
    problems: list[Problem] = []
    parents = {t.topic: t.parent for t in lib.topics if t.parent and t.parent != t.topic}
    for cycle in find_cycles({k: [v] for k, v in parents.items()}):
        topic = lib.topic(cycle[0])
        where = topic.where("parent") if topic is not None else Location(lib.root)
        problems.append(
            error(
                where,
                "topic parents form a cycle: " + " → ".join(cycle + [cycle[0]]),
                "topic-cycle",
            )
        )

    supports: dict[str, list[str]] = {}
    for c in lib.all_claims():
        if (
            c.supports and c.id not in supports
        ):  # the first claim of an id (duplicates are reported elsewhere)
            supports[c.id] = [s for s in c.supports if s != c.id]
    for cycle in find_cycles(supports):
        claim = lib.claim(cycle[0])
        where = claim.where("supports") if claim is not None else Location(lib.root)
        problems.append(
            error(
                where, "supports form a cycle: " + " → ".join(cycle + [cycle[0]]), "supports-cycle"
            )
        )
    return problems


MAX_TOPIC_DEPTH = 100  # levels of sub-topics below a root topic: deeper trees are refused


def too_deep(lib: Library) -> list[Problem]:
    """An error at the first topic (in file order) more than MAX_TOPIC_DEPTH levels below its root.

    Run when the library is read, so that no command walks a deeper tree (a cycle counts as no depth:
    it is reported by ``check``).
    """
    parent = {t.topic: t.parent for t in lib.topics if t.parent and t.parent != t.topic}
    depth: dict[str, int] = {}
    for t in lib.topics:
        chain: list[str] = []
        node = t.topic
        while node in parent and node not in depth and node not in chain:
            chain.append(node)
            node = parent[node]
        base = depth.get(node, 0) if node not in chain else 0
        for n in reversed(chain):
            base += 1
            depth[n] = base
        if depth.get(t.topic, 0) > MAX_TOPIC_DEPTH:
            message = f"topic '{t.topic}' is {depth[t.topic]} levels of sub-topics deep; the limit is {MAX_TOPIC_DEPTH}"
            return [error(t.where("parent"), message, "topic-depth")]
    return []


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each elementary cycle found by a depth-first walk, once, starting at its smallest node.

    Iterative (no recursion limit on long chains); linear in nodes and edges.
    """
    WHITE, GREY, BLACK = 0, 1, 2
    colour: dict[str, int] = {}
    cycles: list[list[str]] = []
    seen_cycles: set[tuple[str, ...]] = set()
    for start in sorted(graph):
        if colour.get(start, WHITE) != WHITE:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        on_path = {start: 0}
        colour[start] = GREY
        while stack:
            node, i = stack[-1]
            targets = graph.get(node, [])
            if i < len(targets):
                stack[-1] = (node, i + 1)
                nxt = targets[i]
                state = colour.get(nxt, WHITE)
                if state == GREY and nxt in on_path:
                    cycle = path[on_path[nxt] :]
                    k = cycle.index(min(cycle))
                    norm = tuple(cycle[k:] + cycle[:k])
                    if norm not in seen_cycles:
                        seen_cycles.add(norm)
                        cycles.append(list(norm))
                elif state == WHITE and nxt in graph:
                    colour[nxt] = GREY
                    on_path[nxt] = len(path)
                    path.append(nxt)
                    stack.append((nxt, 0))
            else:
                colour[node] = BLACK
                stack.pop()
                path.pop()
                on_path.pop(node, None)
    return cycles
