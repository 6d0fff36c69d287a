"""The map's page-filling policy, on its own: branches go on a page in order until the next would overflow it."""

from __future__ import annotations

from evenhand.graph import ArgumentMap, Cluster, MapNode, _fill_pages, _stance_relation


def _map(claims: list[str], evidence: list[str] = ()) -> ArgumentMap:
    nodes = {"q:t": MapNode("q:t", "question", "", "Q?", "t")}
    nodes |= {c: MapNode(c, "claim", c, c, "t") for c in claims}
    nodes |= {e: MapNode(e, "evidence", "E1", e, "t") for e in evidence}
    return ArgumentMap("t", "T", nodes, [], Cluster("t", "T", "q:t"), [], {})


def test_branches_fill_a_page_in_order_and_the_next_page_starts_when_one_would_overflow():
    m = _map(["a", "b", "c", "d", "e"])
    assert _fill_pages(m, [["a", "b"], ["c"], ["d", "e"]], 3) == [["a", "b", "c"], ["d", "e"]]


def test_a_branch_bigger_than_a_page_gets_a_page_of_its_own():
    m = _map(["a", "b", "c", "d", "e"])
    assert _fill_pages(m, [["a"], ["b", "c", "d"], ["e"]], 2) == [["a"], ["b", "c", "d"], ["e"]]


def test_only_claims_count_towards_a_page_not_evidence():
    m = _map(["a", "b"], ["e:a:1", "e:b:1"])
    assert _fill_pages(m, [["a", "e:a:1"], ["b", "e:b:1"]], 2) == [["a", "e:a:1", "b", "e:b:1"]]


def test_a_claim_answering_no_claim_supports_its_question_for_a_pro_position_else_attacks_it():
    assert _stance_relation("pro") == "supports"
    assert _stance_relation("con") == "attacks"
