"""evenhand export argdown / json: what other tools read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argdown_cli import argdown_json_all, require_argdown_cli
from conftest import REPO, copy_library, run_cli, write

FIXTURES = REPO / "tests" / "fixtures" / "argdown"


def load(root: Path):
    from evenhand.readers.library import load_library

    lib, problems = load_library(root)
    assert not [p for p in problems if p.severity.value == "error"], problems
    return lib


def export(cli, fmt: str, topic: str, library: Path, out: Path):
    r = cli("export", fmt, topic, "-o", str(out), "-L", str(library))
    assert r.code == 0, r.err
    assert r.err == f"wrote {out}\n"
    return out


def test_argdown_export_is_headed_by_front_matter_and_writes_relations(cli, tiny_library, tmp_path):
    assert (
        cli(
            "import", "argdown", str(FIXTURES / "school-phones.argdown"), "-L", str(tiny_library)
        ).code
        == 0
    )
    text = export(
        cli, "argdown", "phones-in-school", tiny_library, tmp_path / "out.argdown"
    ).read_text()
    assert text.startswith(
        '===\ntitle: "Phones in school"\nsubTitle: "Schools should ban phones during lessons."\n===\n'
    )
    assert "<Distraction>: Phones pull attention away from the lesson. #pro\n  +> <Ban>\n" in text
    assert (
        "<Emergencies>: Parents need to reach their children. #con #(family safety)\n  -> <Ban>\n"
        in text
    )
    assert "\n# Practicalities\n" in text


def test_argdown_export_round_trips_through_import(cli, tiny_library, tmp_path):
    assert (
        cli(
            "import", "argdown", str(FIXTURES / "school-phones.argdown"), "-L", str(tiny_library)
        ).code
        == 0
    )
    out = export(cli, "argdown", "phones-in-school", tiny_library, tmp_path / "phones.argdown")
    again = tmp_path / "again"
    assert cli("init", str(again)).code == 0
    r = cli("import", "argdown", str(out), "--topic-id", "again", "-L", str(again))
    assert r.code == 0, r.err
    first, second = load(tiny_library), load(again)

    def shape(lib, root):
        claims = [c for t in lib.subtree(root) for c in t.claims]
        title = {c.id: c.title for c in claims}
        return sorted(
            (
                c.title,
                c.position,
                sorted(title[i] for i in c.supports),
                sorted(title[i] for i in c.attacks),
            )
            for c in claims
        )

    assert shape(second, "again") == shape(first, "phones-in-school")


AWKWARD = (
    "topic: awkward\ntitle: 'Awkward # text: [x] <y>'\nquestion: 'Is */ this /* fine?'\nbackground: 'Ends a comment */ early'\n"
    "claims:\n"
    "  - id: aw-1\n    position: supporters\n    title: 'A <title> with [brackets] #and {data}'\n"
    '    text: "Costs [a] <b> #c {d: 1} *e _f @g // h /* i */ \\\\ j\\n- k\\n(1) l\\n\\n----\\n# m"\n'
    "    tags: [two words, 'x(y)']\n"
    "  - id: aw-2\n    position: critics-left\n    title: 'A <title> with [brackets] #and {data}'\n    text: ''\n    attacks: [aw-1]\n"
)


def test_argdown_export_escapes_text_that_would_be_syntax(cli, tiny_library, tmp_path):
    write(tiny_library / "arguments" / "awkward.yaml", AWKWARD)
    text = export(cli, "argdown", "awkward", tiny_library, tmp_path / "awkward.argdown").read_text()
    assert text == (
        '===\ntitle: "Awkward # text: [x] <y>"\nsubTitle: "Is */ this /* fine?"\n===\n\n'
        "/*\nEnds a comment * / early\n*/\n\n"
        "<A ‹title› with [brackets] #and {data} (aw-1)>: Costs \\[a\\] \\<b\\> \\#c \\{d: 1\\} \\*e \\_f \\@g \\/\\/ h "
        "\\/\\* i \\*\\/ \\\\ j - k (1) l ---- \\# m #pro #(two words) #xy\n\n"
        "<A ‹title› with [brackets] #and {data} (aw-2)>: A \\<title\\> with \\[brackets\\] \\#and \\{data\\} #con\n"
        "  -> <A ‹title› with [brackets] #and {data} (aw-1)>\n"
    )


@pytest.fixture(scope="module")
def parsed_exports(tmp_path_factory) -> tuple[Path, dict[str, tuple[dict | None, str]]]:
    """The bundled library (with AWKWARD beside it), and what the real Argdown CLI makes of
    the Argdown export of two of its topics and of AWKWARD: one run of the CLI for all three."""
    require_argdown_cli()
    work = tmp_path_factory.mktemp("exports")
    lib = copy_library(work / "lib")
    write(lib / "arguments" / "awkward.yaml", AWKWARD)
    topics = ["migration-cooperation", "labor-pathways", "awkward"]
    outs = [export(run_cli, "argdown", t, lib, work / f"{t}.argdown") for t in topics]
    parsed = argdown_json_all(outs, work / "cli")
    return lib, {t: parsed[out] for t, out in zip(topics, outs, strict=True)}


@pytest.mark.parametrize("topic", ["migration-cooperation", "labor-pathways"])
def test_argdown_export_parses_with_the_argdown_cli_and_carries_every_claim(parsed_exports, topic):
    library, by_topic = parsed_exports
    parsed, log = by_topic[topic]
    assert parsed is not None, log
    lib = load(library)
    claims = [c for t in lib.subtree(topic) for c in t.claims]
    assert len(parsed["arguments"]) >= len(claims)
    titles = set(parsed["arguments"])
    assert [
        c.title for c in claims if c.title not in titles and f"{c.title} ({c.id})" not in titles
    ] == []
    # relations inside the exported topics survive
    inside = {c.id for c in claims}
    expected = sum(len([i for i in c.supports + c.attacks if i in inside]) for c in claims)
    kept = [r for r in parsed["relations"] if r["relationType"] in ("support", "attack")]
    assert len(kept) >= expected


def test_argdown_export_of_awkward_text_parses(parsed_exports):
    parsed, log = parsed_exports[1]["awkward"]
    assert parsed is not None, log
    assert sorted(parsed["arguments"]) == [
        "A ‹title› with [brackets] #and {data} (aw-1)",
        "A ‹title› with [brackets] #and {data} (aw-2)",
    ]
    [member] = [
        m
        for m in parsed["arguments"]["A ‹title› with [brackets] #and {data} (aw-1)"]["members"]
        if m.get("text")
    ]
    assert member["text"].startswith(
        "Costs [a] <b> #c {d: 1} *e _f @g // h /* i */ \\ j - k (1) l ---- # m"
    )
    assert [r["relationType"] for r in parsed["relations"]] == ["attack"]


def test_json_export_validates_against_the_topic_schema(cli, library_copy, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    r = cli("schema", "topic")
    assert r.code == 0
    schema = json.loads(r.out)
    out = export(cli, "json", "migration-cooperation", library_copy, tmp_path / "cmms.json")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"], doc["topic"]) == (
        "evenhand-topics",
        1,
        "migration-cooperation",
    )
    lib = load(library_copy)
    assert [t["topic"] for t in doc["topics"]] == [
        t.topic for t in lib.subtree("migration-cooperation")
    ]
    for topic in doc["topics"]:
        jsonschema.validate(topic, schema)
    cited = {
        e["source"]
        for t in doc["topics"]
        for item in t.get("claims", []) + t.get("facts", [])
        for e in item.get("evidence", [])
    }
    assert {s["id"] for s in doc["sources"]} == cited
    assert [p["id"] for p in doc["positions"]] == [p.id for p in lib.positions]
    # keys by alias, as in the YAML files
    assert all("container_title" not in s for s in doc["sources"])
    assert any("container-title" in s for s in doc["sources"])


def test_json_export_to_stdout_and_unknown_topic(cli, tiny_library):
    r = cli("export", "json", "school-start-time", "-L", str(tiny_library))
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["topics"][0]["topic"] == "school-start-time"
    bad = cli("export", "json", "nope", "-L", str(tiny_library))
    assert bad.code == 2
    assert bad.err == "evenhand: error: unknown topic 'nope'; `evenhand list` shows the topics\n"
