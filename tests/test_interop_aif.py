"""evenhand import aif: AIF JSON graphs (AIFdb) into topics and claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXTERNAL_DIR, REPO, write

FIXTURES = REPO / "tests" / "fixtures" / "aif"
EXTERNAL = sorted((EXTERNAL_DIR / "aif").glob("*.json")) if (EXTERNAL_DIR / "aif").is_dir() else []


def load(root: Path):
    from evenhand.readers.library import load_library

    lib, problems = load_library(root)
    assert not [p for p in problems if p.severity.value == "error"], problems
    return lib


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_fixture_conclusion_becomes_the_question_and_relations_are_kept(cli, tiny_library):
    r = cli("import", "aif", str(FIXTURES / "small.json"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert (
        "topic the-town-should-fine-dog-owners-more: The town should fine dog owners more\n  claims: 4 (supporters 3, critics 1)\n  relations: 1 supports, 2 attacks"
        in r.out
    )
    lib = load(tiny_library)
    topic = lib.topic("the-town-should-fine-dog-owners-more")
    assert topic.question == "The town should fine dog owners more."
    by = {c.title: c for c in topic.claims}
    # four I-nodes, no locution / illocution / transition node
    assert sorted(by) == [
        "Dog dirt is a health risk",
        "Fines are rarely collected",
        "The new wardens do collect them",
        "The town should fine dog owners more",
    ]
    thesis = by["The town should fine dog owners more"]
    assert by["Dog dirt is a health risk"].supports == [thesis.id]
    assert by["Fines are rarely collected"].attacks == [thesis.id]
    assert by["Fines are rarely collected"].position == "critics"
    # CA aimed at a CA: an undercut, kept as an attack on the attacking premise, with a note
    wardens = by["The new wardens do collect them"]
    assert wardens.attacks == [by["Fines are rarely collected"].id]
    assert wardens.position == "supporters"
    assert (
        "*Undercuts the attack of “Fines are rarely collected” on “The town should fine dog owners more”.*"
        in wardens.text
    )
    assert cli("validate", "-L", str(tiny_library)).code == 0


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "missing-node",
            "missing-node.json:8:6: error: edge '2' points to a missing node: toID '99'",
        ),
        (
            "truncated",
            "truncated.json:5:29: error: not valid JSON: a string is never closed: the file ends inside it (is it truncated?)",
        ),
    ],
)
def test_bad_aif_is_reported_and_nothing_written(cli, tiny_library, name, message):
    before = snapshot(tiny_library)
    r = cli("import", "aif", f"tests/fixtures/aif/{name}.json", "-L", str(tiny_library))
    assert r.code == 1
    assert r.err.splitlines() == [
        f"tests/fixtures/aif/{message}",
        f"evenhand: error: cannot import 'tests/fixtures/aif/{name}.json': 1 error(s); nothing written",
    ]
    assert snapshot(tiny_library) == before


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '{"nodes": [], "edges": []',
            "x.json:1:26: error: not valid JSON: the file ends too early (is it truncated?)",
        ),
        (
            "[1, 2]",
            'x.json:1:1: error: not an AIF graph: expected an object with "nodes" and "edges" lists',
        ),
        (
            '{"nodes": [{"nodeID": "1", "type": "RA"}], "edges": []}',
            "x.json:1:1: error: the graph has no I-node (no statement) to import",
        ),
        (
            '{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}, {"nodeID": "1", "type": "I", "text": "b"}], "edges": []}',
            "x.json:1:56: error: node id '1' is used twice",
        ),
    ],
)
def test_malformed_graphs(cli, tiny_library, tmp_path, text, message):
    write(tmp_path / "x.json", text)
    r = cli("import", "aif", "x.json", "-L", str(tiny_library), cwd=tmp_path)
    assert r.code == 1
    assert r.err.splitlines()[0] == message


def test_aif_plus_wrapper_is_accepted(cli, tiny_library, tmp_path):
    graph = json.loads((FIXTURES / "small.json").read_text())
    write(tmp_path / "ova.json", json.dumps({"AIF": graph, "text": "..."}))
    r = cli(
        "import",
        "aif",
        str(tmp_path / "ova.json"),
        "--topic-id",
        "dog-fines",
        "-L",
        str(tiny_library),
    )
    assert r.code == 0, r.err
    assert [c.id for c in load(tiny_library).topic("dog-fines").claims] == [
        "dog-fines-1",
        "dog-fines-2",
        "dog-fines-3",
        "dog-fines-4",
    ]


@pytest.mark.skipif(not EXTERNAL, reason="no external AIF files")
@pytest.mark.parametrize("path", EXTERNAL, ids=lambda p: p.stem)
def test_real_aif_file_imports_into_a_valid_library(cli, tiny_library, path):
    starter = {c.id for c in load(tiny_library).all_claims()}
    r = cli("import", "aif", str(path), "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert cli("validate", "-L", str(tiny_library)).code == 0
    graph = json.loads(path.read_text(encoding="utf-8"))
    kinds = {n["nodeID"]: n["type"] for n in graph["nodes"]}
    texts = {n["nodeID"]: " ".join(n["text"].split()) for n in graph["nodes"]}
    lib = load(tiny_library)
    claims = [c for c in lib.all_claims() if c.id not in starter]
    # every I-node is a claim (its text is the claim's text, or its title when short)
    claim_of = {}
    for nid, kind in kinds.items():
        if kind == "I":
            [claim] = [c for c in claims if (c.text or c.title).split("\n\n")[0] == texts[nid]]
            claim_of[nid] = claim
    assert len(claims) == len(claim_of)
    # every RA and CA node between I-nodes is kept as supports / attacks
    for nid, kind in kinds.items():
        if kind not in ("RA", "CA"):
            continue
        froms = [
            e["fromID"] for e in graph["edges"] if e["toID"] == nid and kinds[e["fromID"]] == "I"
        ]
        tos = [e["toID"] for e in graph["edges"] if e["fromID"] == nid and kinds[e["toID"]] == "I"]
        for a in froms:
            for b in tos:
                kept = claim_of[a].supports if kind == "RA" else claim_of[a].attacks
                assert claim_of[b].id in kept
