"""evenhand import argdown: the parser on snippets, the CLI on fixtures and on real Argdown files."""

from __future__ import annotations

from pathlib import Path

import pytest
from argdown_cli import argdown_json_all
from conftest import EXTERNAL_DIR, REPO, write

FIXTURES = REPO / "tests" / "fixtures" / "argdown"
EXTERNAL = (
    sorted((EXTERNAL_DIR / "argdown").glob("*.argdown"))
    if (EXTERNAL_DIR / "argdown").is_dir()
    else []
)


def parse(text: str):
    from evenhand.readers.argdown_parse import parse_argdown

    return parse_argdown(text, "t.argdown")


def rels(doc) -> list[tuple[str, str, str]]:
    return [(r.source, r.kind, r.target) for r in doc.relations]


def errors(doc) -> list[str]:
    return [str(p) for p in doc.problems]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- the parser ----------------------------------------------------------------------


def test_every_relation_operator_and_its_direction():
    doc = parse(
        "[A]: a\n  + <B>: b\n  <+ <C>: c\n  - <D>: d\n  <- <E>: e\n  <_ <F>: f\n  +> [G]: g\n  -> [H]: h\n  _> <I>: i\n  >< [J]: j\n"
    )
    assert errors(doc) == []
    assert rels(doc) == [
        ("<B>", "support", "[A]"),
        ("<C>", "support", "[A]"),
        ("<D>", "attack", "[A]"),
        ("<E>", "attack", "[A]"),
        ("<F>", "undercut", "[A]"),
        ("[A]", "support", "[G]"),
        ("[A]", "attack", "[H]"),
        ("[A]", "undercut", "<I>"),
        ("[A]", "contradiction", "[J]"),
    ]


def test_indentation_nests_relations_and_continuation_lines_join_the_text():
    doc = parse("[A]: a\n  + <B>: first line\n  second line #pro\n    - <C>: c\n  - <D>: d\n")
    assert rels(doc) == [
        ("<B>", "support", "[A]"),
        ("<C>", "attack", "<B>"),
        ("<D>", "attack", "[A]"),
    ]
    b = doc.elements["<B>"]
    assert (b.text, b.tags) == ("first line second line", ["pro"])


def test_a_title_used_again_is_the_same_node_and_keeps_its_first_text():
    doc = parse("[A]: The text.\n\n<X>: x\n  +> [A]\n\n[A]: Another text. #later\n")
    assert [k for k in doc.elements] == ["[A]", "<X>"]
    assert doc.elements["[A]"].text == "The text."
    assert doc.elements["[A]"].tags == ["later"]


def test_tags_data_comments_and_escapes():
    doc = parse(
        "// a line comment\n<!-- an html\ncomment -->\n/* a block\ncomment */\n"
        "[A]: See https://example.org/x // gone\n"
        '  + <B>: Multi #(two words) and #one {source: "C1"} with \\#not-a-tag and \\[brackets\\]\n'
    )
    assert errors(doc) == []
    assert doc.elements["[A]"].text == "See https://example.org/x"
    b = doc.elements["<B>"]
    assert b.tags == ["two words", "one"]
    assert b.text == "Multi and with #not-a-tag and [brackets]"


def test_front_matter_and_headings():
    doc = parse(
        "===\ntitle: T\nauthor: Me\n===\n\n# One\n\n[A]: a\n\n## Two\nwrapped {isGroup: false}\n\n[B]: b\n\n# Three\n"
    )
    assert doc.front == {"title": "T", "author": "Me"}
    assert [(s.title, s.level, s.parent) for s in doc.sections] == [
        ("One", 1, None),
        ("Two wrapped", 2, 0),
        ("Three", 1, None),
    ]
    assert doc.elements["[A]"].section == 0 and doc.elements["[B]"].section == 1


def test_premise_conclusion_structure_with_a_rule():
    doc = parse(
        "<Arg>: desc\n\n(1) [P]: first\n(2) second\n--\nModus ponens {uses: [1,2]}\n--\n(3) conclusion\n  -> [Q]\n"
    )
    assert errors(doc) == []
    arg = doc.elements["<Arg>"]
    assert [(i.number, i.key, i.inference) for i in arg.pcs] == [
        (1, "[P]", None),
        (2, "<Arg>#2", None),
        (3, "<Arg>#3", "Modus ponens"),
    ]
    assert rels(doc) == [("<Arg>#3", "attack", "[Q]")]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "+ <B>: b\n",
            "t.argdown:1:1: error: relation `+` has no statement or argument above it with less indentation to relate to",
        ),
        (
            "<A>\n\n(1) p\n(2) q\n",
            "t.argdown:4:1: error: missing inference in <A>: put four hyphens (----) before the conclusion",
        ),
        (
            "<A>\n\n(1) p\n----\n",
            "t.argdown:4:1: error: the inference in <A> has no conclusion after it (a numbered statement such as `(2) ...`)",
        ),
        (
            "[A]: a\n\n----\n",
            "t.argdown:3:1: error: an inference line (----) must follow the numbered premises of an argument",
        ),
        (
            "[A]: a /* never\nclosed\n",
            "t.argdown:1:8: error: comment `/*` is never closed (`*/` is missing)",
        ),
        (
            "===\ntitle: T\n[A]: a\n",
            "t.argdown:1:1: error: the front matter opened here is never closed (a line `===` is missing)",
        ),
    ],
)
def test_syntax_errors_are_located(text, message):
    assert errors(parse(text)) == [message]


def test_bad_front_matter_yaml_is_located():
    [message] = errors(parse("===\ntitle: T\nauthor: [unclosed\n===\n"))
    assert message.startswith("t.argdown:4:1: error: front matter is not valid YAML: ")


# --- the command on fixtures ------------------------------------------------------------


def load(root: Path):
    from evenhand.readers.library import load_library

    lib, problems = load_library(root)
    assert not [p for p in problems if p.severity.value == "error"], problems
    return lib


def test_import_fixture_claims_positions_relations_and_subtopics(cli, tiny_library):
    r = cli("import", "argdown", str(FIXTURES / "school-phones.argdown"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert (
        "topic phones-in-school: Phones in school\n  claims: 9 (supporters 5, critics 4)\n  relations: 4 supports, 5 attacks"
        in r.out
    )
    assert "topic phones-in-school-practicalities: Practicalities (under phones-in-school)" in r.out
    assert "positions: critics (new)" in r.out
    lib = load(tiny_library)
    root = lib.topic("phones-in-school")
    assert root.question == "Schools should ban phones during lessons."
    assert root.background.startswith("*A small test debate*")
    by = {c.title: c for c in lib.all_claims()}
    title = lambda ids: sorted(lib.claim(i).title for i in ids)  # noqa: E731
    assert by["Ban"].position == "supporters" and title(by["Ban"].attacks) == ["Free use"]
    assert by["Distraction"].supports == [by["Ban"].id] and by["Distraction"].tags == ["pro"]
    assert by["Emergencies"].position == "critics" and by["Emergencies"].tags == [
        "con",
        "family safety",
    ]
    # untitled statement in a relation: a claim titled by its first sentence, on the side it supports
    night = by["Some parents work night shifts and sleep in the day"]
    assert night.position == "critics" and night.supports == [by["Emergencies"].id]
    assert (
        "*Undercuts “Self-control”: it attacks the inference, not the conclusion.*"
        in by["Not in class"].text
    )
    assert "*Contradicts “Ban”: the two cannot both be true.*" in by["Free use"].text
    grades = by["Grades"]
    assert grades.text.endswith(
        "Premises and conclusion:\n\n- (1) Schools that banned phones saw higher scores. (Scores)\n"
        "- (2) What raised scores elsewhere will raise them here.\n"
        "- (3) **Therefore:** A ban will raise scores here. *(Induction)*"
    )
    assert grades.supports == [by["Ban"].id] and by["Scores"].supports == [grades.id]
    lockers = by["Lockers"]
    assert lib.topic_of(lockers.id).topic == "phones-in-school-practicalities"
    assert (
        lib.topic("phones-in-school-practicalities").background
        == "This section is about how a ban would work."
    )
    assert cli("validate", "-L", str(tiny_library)).code == 0


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "bad-relation",
            "bad-relation.argdown:4:3: error: relation `+` has no statement or argument above it with less indentation to relate to",
        ),
        (
            "missing-inference",
            "missing-inference.argdown:4:1: error: missing inference in <Arg>: put four hyphens (----) before the conclusion",
        ),
        (
            "truncated",
            "truncated.argdown:6:20: error: comment `/*` is never closed (`*/` is missing)",
        ),
    ],
)
def test_bad_argdown_is_reported_and_nothing_written(cli, tiny_library, name, message):
    before = snapshot(tiny_library)
    r = cli("import", "argdown", f"tests/fixtures/argdown/{name}.argdown", "-L", str(tiny_library))
    assert r.code == 1
    assert r.err.splitlines() == [
        f"tests/fixtures/argdown/{message}",
        f"evenhand: error: cannot import 'tests/fixtures/argdown/{name}.argdown': 1 error(s); nothing written",
    ]
    assert "Traceback" not in r.err
    assert snapshot(tiny_library) == before


def test_topic_id_option_names_the_topic_and_its_claims(cli, tiny_library):
    r = cli(
        "import",
        "argdown",
        str(FIXTURES / "school-phones.argdown"),
        "--topic-id",
        "phones",
        "-L",
        str(tiny_library),
    )
    assert r.code == 0, r.err
    lib = load(tiny_library)
    assert lib.topic("phones").claims[0].id == "phones-1"
    assert lib.topic("phones-practicalities").parent == "phones"


# --- the real Argdown files ---------------------------------------------------------------


@pytest.fixture(scope="module")
def argdown_says(tmp_path_factory) -> dict[Path, tuple[dict | None, str]]:
    """What the real Argdown CLI makes of each external file (one run for all of them)."""
    return argdown_json_all(EXTERNAL, tmp_path_factory.mktemp("argdown-cli"))


@pytest.mark.skipif(not EXTERNAL, reason="no external Argdown files")
@pytest.mark.parametrize("path", EXTERNAL, ids=lambda p: p.stem)
def test_real_argdown_file_imports_into_a_valid_library(cli, tiny_library, argdown_says, path):
    r = cli("import", "argdown", str(path), "-L", str(tiny_library))
    assert r.code == 0, r.err
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0, v.out + v.err
    expected, out = argdown_says[path]
    assert expected is not None, out
    lib = load(tiny_library)
    claims = lib.all_claims()
    by_title = {c.title: c for c in claims}
    # every argument the Argdown CLI reports is a claim
    assert sorted(set(expected["arguments"]) - set(by_title)) == []

    def claim_for(title: str, kind: str):
        if kind == "argument" or not title.startswith("Untitled"):
            return by_title[title]
        members = expected["statements"][title]["members"]
        owner = next((m["argumentTitle"] for m in members if m.get("argumentTitle")), None)
        if owner:  # an untitled premise or conclusion: its relations are its argument's
            return by_title[owner]
        text = next(m["text"] for m in members if m.get("text"))
        [claim] = [c for c in claims if c.text == " ".join(text.split())]
        return claim

    # every relation is kept, as supports (support) or attacks (attack, undercut, contrary, contradictory)
    lost = []
    for rel in expected["relations"]:
        a, b = claim_for(rel["from"], rel["fromType"]), claim_for(rel["to"], rel["toType"])
        kept = a.supports if rel["relationType"] == "support" else a.attacks
        if b.id not in kept:
            lost.append(rel)
    assert lost == []


def test_unreadable_bytes_are_reported(cli, tiny_library, tmp_path):
    bad = tmp_path / "latin1.argdown"
    bad.write_bytes(b"[A]: caf\xe9\n")
    r = cli("import", "argdown", str(bad), "-L", str(tiny_library))
    assert r.code == 1
    assert ":1:9: error: byte 0xe9 is not UTF-8; save the file as UTF-8" in r.err


def test_prose_only_file_has_nothing_to_import(cli, tiny_library, tmp_path):
    write(tmp_path / "prose.argdown", "Just a paragraph of prose.\n")
    r = cli("import", "argdown", "prose.argdown", "-L", str(tiny_library), cwd=tmp_path)
    assert r.code == 1
    assert (
        r.err.splitlines()[0]
        == "prose.argdown:1:1: error: no statement or argument to import (only prose)"
    )
