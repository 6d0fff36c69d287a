"""Library checks through the real CLI: exact path:line:col, exit codes, --strict, --format json."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write


def validate(cli, lib: Path, *args: str):
    result = cli("validate", *args, cwd=lib)
    assert "Traceback" not in result.err
    return result


def errors(result) -> list[str]:
    return [line for line in result.lines if ": error: " in line]


def warnings(result) -> list[str]:
    return [line for line in result.lines if ": warning: " in line]


def place(path: Path, needle: str, lib: Path, offset: int = 0) -> str:
    """`path:line:col` of the first ``needle`` in a file (col of the needle plus ``offset``)."""
    text = path.read_text(encoding="utf-8")
    at = text.index(needle) + offset
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"{path.relative_to(lib).as_posix()}:{line}:{col}"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_library_has_no_errors(cli, library_copy):
    r = validate(cli, library_copy)
    assert r.code == 0, r.out
    assert errors(r) == []


def test_unknown_position_and_source_in_two_files_in_one_run(cli, library_copy):
    labor = library_copy / "arguments" / "labor-pathways.yaml"
    regular = library_copy / "arguments" / "regularization.yaml"
    replace_once(labor, "position: critics-left", "position: critics-middle")
    source = regular.read_text().split("- source: ", 1)[1].split("\n", 1)[0]
    replace_once(regular, f"- source: {source}", "- source: no-such-report")
    r = validate(cli, library_copy)
    assert r.code == 1
    assert errors(r) == [
        f"{place(labor, 'critics-middle', library_copy)}: error: unknown position 'critics-middle' (known: critics-left, critics-right, supporters)",
        f"{place(regular, 'no-such-report', library_copy)}: error: unknown source 'no-such-report' (add it to seeds/)",
    ]


def test_duplicate_claim_id_across_files(cli, library_copy):
    labor = library_copy / "arguments" / "labor-pathways.yaml"
    regular = library_copy / "arguments" / "regularization.yaml"
    first = place(labor, "lp-s1", library_copy)
    regular_id = regular.read_text().split("  - id: ", 1)[1].split("\n", 1)[0]
    replace_once(regular, f"  - id: {regular_id}\n", "  - id: lp-s1\n")
    second = place(regular, "  - id: lp-s1", library_copy, offset=8)
    r = validate(cli, library_copy)
    assert r.code == 1
    assert f"{second}: error: duplicate claim id 'lp-s1' (first at {first})" in errors(r)


def test_duplicate_topic_and_source_ids(cli, tiny_library):
    write(
        tiny_library / "arguments" / "sub" / "again.yaml",
        "topic: school-start-time\ntitle: Again\n",
    )
    write(tiny_library / "seeds" / "more.yaml", "- id: class-survey\n  title: The same id\n")
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        "arguments/sub/again.yaml:1:8: error: duplicate topic id 'school-start-time' (first at arguments/school-start-time.yaml:3:8)",
        "seeds/sources.yaml:2:7: error: duplicate source id 'class-survey' (first at seeds/more.yaml:1:7)",
    ]


def test_unknown_key_did_you_mean(cli, tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    replace_once(
        topic,
        "    evidence:\n      - source: class-survey\n        locator: Question 2",
        "    evidance:\n      - source: class-survey\n        locator: Question 2",
    )
    write(
        tiny_library / "seeds" / "more.yaml",
        "- id: other\n  title: Other\n  container_title: A book\n  issued: 2021-07-29\n  colour: blue\n",
    )
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        f"{place(topic, 'evidance', tiny_library)}: error: unknown key 'evidance' in a claim (did you mean 'evidence'?)",
        "seeds/more.yaml:3:3: error: unknown key 'container_title' in a source record (did you mean 'container-title'?)",
        "seeds/more.yaml:5:3: error: unknown key 'colour' in a source record; known keys: DOI, URL, accessed, author, "
        "collection-title, container-title, editor, id, issue, issued, note, page, publisher, publisher-place, side, text, title, title-short, type, volume",
    ]


def test_bad_values_are_located(cli, tiny_library):
    write(
        tiny_library / "arguments" / "bad.yaml",
        "topic: bad\ntitle: Bad\nclaims:\n  - just text\n  - id: Not A Slug\n    position: supporters\n    title: T\n    rank: first\n"
        "  - id: b3\n    position: supporters\n    title: T\n    evidence: [class-survey]\n",
    )
    r = validate(cli, tiny_library)
    assert errors(r) == [
        "arguments/bad.yaml:4:5: error: a claim must be a mapping of keys and values",
        "arguments/bad.yaml:5:9: error: 'id': 'Not A Slug' is not a valid id (use lowercase letters, digits and '-', up to 80 characters)",
        "arguments/bad.yaml:8:11: error: 'rank' must be a whole number, not 'first'",
        "arguments/bad.yaml:12:16: error: an evidence item must be a mapping of keys and values",
    ]


def test_unknown_references_and_self_relations(cli, tiny_library):
    write(
        tiny_library / "arguments" / "refs.yaml",
        "topic: refs\ntitle: Refs\nparent: no-such-topic\nclaims:\n"
        "  - id: r1\n    position: supporters\n    title: T\n    evidence: [{source: class-survey}]\n"
        "    attacks: [r1, sst-s1, ghost]\n    supports: [phantom]\n",
    )
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        "arguments/refs.yaml:3:9: error: unknown parent topic 'no-such-topic'",
        "arguments/refs.yaml:9:15: error: claim 'r1' attacks itself",
        "arguments/refs.yaml:9:27: error: unknown claim 'ghost' in attacks",
        "arguments/refs.yaml:10:16: error: unknown claim 'phantom' in supports",
    ]


def test_topic_parent_cycle_is_named(cli, tiny_library):
    write(tiny_library / "arguments" / "a.yaml", "topic: a\ntitle: A\nparent: c\n")
    write(tiny_library / "arguments" / "b.yaml", "topic: b\ntitle: B\nparent: a\n")
    write(tiny_library / "arguments" / "c.yaml", "topic: c\ntitle: C\nparent: b\n")
    write(tiny_library / "arguments" / "d.yaml", "topic: d\ntitle: D\nparent: d\n")
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        "arguments/a.yaml:3:9: error: topic parents form a cycle: a → c → b → a",
        "arguments/d.yaml:3:9: error: topic 'd' is its own parent",
    ]


def test_supports_cycle_is_named(cli, tiny_library):
    path = tiny_library / "arguments" / "school-start-time.yaml"
    replace_once(path, "    attacks: [sst-r1]\n", "    attacks: [sst-r1]\n    supports: [sst-l1]\n")
    replace_once(path, "    attacks: [sst-s1]\n", "    attacks: [sst-s1]\n    supports: [sst-r1]\n")
    with path.open("a", encoding="utf-8") as f:
        f.write("    supports: [sst-s1]\n")
    r = validate(cli, tiny_library)
    assert r.code == 1
    # sst-l1's supports: the cycle starts at its smallest id
    at = place(path, "supports: [sst-r1]", tiny_library, offset=10)
    assert errors(r) == [f"{at}: error: supports form a cycle: sst-l1 → sst-r1 → sst-s1 → sst-l1"]


def test_recipe_unknowns(cli, tiny_library):
    write(
        tiny_library / "briefs" / "bad.yaml",
        "title: Bad\ntopics: [school-start-time, no-topic]\npositions: [supporters, nobody]\ntemplate: fancy\nformats: [pdf, odt]\n",
    )
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r)[:3] == [
        "briefs/bad.yaml:2:29: error: unknown topic 'no-topic' (put a topic id here: school-start-time)",
        "briefs/bad.yaml:3:25: error: unknown position 'nobody'",
    ] + [
        line
        for line in errors(r)
        if line.startswith("briefs/bad.yaml:4:11: error: unknown template 'fancy' (available: ")
    ]
    assert (
        "briefs/bad.yaml:5:16: error: 'formats': 'odt' is not one of 'pdf', 'html', 'md', 'docx' or 'json'"
        in errors(r)
    )


def test_recipe_with_no_format_or_a_repeated_position(cli, tiny_library):
    # formats: [] used to build nothing and exit 0; a repeated position printed its section twice
    write(
        tiny_library / "briefs" / "bad.yaml",
        "title: Bad\ntopics: [school-start-time]\nformats: []\npositions: [supporters, critics-left, supporters]\n",
    )
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        "briefs/bad.yaml:3:10: error: 'formats' must list at least one entry",
        "briefs/bad.yaml:4:39: error: 'positions' lists 'supporters' twice",
    ]
    built = cli("build", "bad", cwd=tiny_library)
    assert built.code == 1 and "nothing built" in built.err
    assert not (tiny_library / "build").exists()


def test_three_warnings_and_strict(cli, tiny_library):
    path = tiny_library / "arguments" / "school-start-time.yaml"
    text = path.read_text()
    # no critics-right claim
    path.write_text(text[: text.index("  - id: sst-r1")], encoding="utf-8")
    replace_once(path, "    attacks: [sst-r1]\n", "")
    replace_once(
        path,
        "    evidence:\n      - source: class-survey\n        locator: Question 4\n        quote: Who looks after them from eight to nine?\n",
        "",
    )
    write(tiny_library / "seeds" / "more.yaml", "- id: unread\n  title: Nobody cites me\n")
    r = validate(cli, tiny_library)
    assert r.code == 0
    assert errors(r) == []
    expected = [
        "arguments/school-start-time.yaml:3:8: warning: topic 'school-start-time' has no claim for position 'critics-right'",
        f"{place(path, 'id: sst-l1', tiny_library, offset=4)}: warning: claim 'sst-l1' has no evidence",
        "seeds/more.yaml:1:7: warning: source 'unread' is not cited by any claim or fact",
    ]
    assert [w for w in warnings(r) if "isolated" not in w] == expected
    strict = validate(cli, tiny_library, "--strict")
    assert strict.code == 1
    assert [e for e in errors(strict) if "isolated" not in e] == [
        w.replace(": warning: ", ": error: ") for w in expected
    ]


def test_problems_are_sorted_by_file_and_line(cli, tiny_library):
    write(tiny_library / "arguments" / "z.yaml", "topic: z\ntitle: Z\nparent: nope\n")
    write(tiny_library / "arguments" / "a.yaml", "topic: a\ntitle: A\nparent: nope\nbogus: 1\n")
    r = validate(cli, tiny_library)
    assert errors(r) == [
        "arguments/a.yaml:3:9: error: unknown parent topic 'nope'",
        "arguments/a.yaml:4:1: error: unknown key 'bogus' in a topic; known keys: background, claims, facts, parent, positions, question, questions, tags, title, topic",
        "arguments/z.yaml:3:9: error: unknown parent topic 'nope'",
    ]


def test_format_json(cli, tiny_library):
    write(
        tiny_library / "arguments" / "refs.yaml",
        "topic: refs\ntitle: Refs\nparent: no-such-topic\n",
    )
    r = validate(cli, tiny_library, "--format", "json")
    assert r.code == 1
    problems = json.loads(r.out)
    assert {
        "where": {"file": "arguments/refs.yaml", "line": 3, "col": 9},
        "severity": "error",
        "message": "unknown parent topic 'no-such-topic'",
        "code": "unknown-topic",
    } in problems
    clean = validate(cli, tiny_library.parent / "tiny", "--format", "json", "--strict")
    assert clean.code == 1  # the same library: still the unknown parent


def test_format_json_empty_when_clean(cli, tiny_library):
    r = validate(cli, tiny_library, "--format", "json")
    assert r.code == 0
    assert [p for p in json.loads(r.out) if p["severity"] != "info"] == []


def test_syntax_error_and_alias_in_the_bundled_library(cli, library_copy):
    labor = library_copy / "arguments" / "labor-pathways.yaml"
    regular = library_copy / "arguments" / "regularization.yaml"
    replace_once(labor, "tags: [", "tags: [[")  # an unclosed flow list
    replace_once(regular, "question: ", "question: &q ")
    with regular.open("a", encoding="utf-8") as f:
        f.write("note: *q\n")
    r = validate(cli, library_copy)
    assert r.code == 1
    bad = [
        e
        for e in errors(r)
        if e.startswith(("arguments/labor-pathways.yaml", "arguments/regularization.yaml"))
    ]
    assert len(bad) == 2
    assert bad[0].startswith("arguments/labor-pathways.yaml:")
    assert ": error: YAML syntax error: " in bad[0]
    syntax_line = int(bad[0].split(":")[1])
    tags_line = labor.read_text().count("\n", 0, labor.read_text().index("tags: [[")) + 1
    assert tags_line <= syntax_line <= tags_line + 1
    assert (
        bad[1]
        == f"{place(regular, '&q', library_copy)}: error: YAML anchor 'q' is not allowed; write the value out in full"
    )


def test_custom_positions_file(cli, tiny_library):
    write(
        tiny_library / "arguments" / "positions.yaml",
        "- {id: yes-side, label: Yes, stance: pro}\n- {id: no-side, label: No, stance: against}\n",
    )
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert (
        errors(r)[0]
        == "arguments/positions.yaml:2:36: error: 'stance': 'against' is not one of 'pro' or 'con'"
    )
    assert (
        "arguments/school-start-time.yaml:20:15: error: unknown position 'supporters' (known: yes-side)"
        in errors(r)
    )


def test_unusable_positions_file_falls_back_to_the_defaults(cli, tiny_library):
    write(tiny_library / "arguments" / "positions.yaml", "supporters: yes\n")
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        "arguments/positions.yaml:1:1: error: expected a list of positions (each entry starting with '- ')"
    ]


def test_empty_positions_file_is_an_error_that_says_what_to_do(cli, tiny_library):
    # it used to give every claim "unknown position 'supporters' (known: )"
    for text in ("", "[]\n", "# positions to come\n"):
        write(tiny_library / "arguments" / "positions.yaml", text)
        r = validate(cli, tiny_library)
        assert r.code == 1
        assert errors(r) == [
            "arguments/positions.yaml:1:1: error: the file lists no position: list them (each entry starting with '- ') "
            "or delete the file to use the three default positions"
        ]


def test_misspelt_references_name_the_nearest_id(cli, tiny_library):
    write(
        tiny_library / "arguments" / "typos.yaml",
        "topic: typos\ntitle: Typos\nparent: school-start-tme\nclaims:\n"
        "  - id: ty-1\n    position: supporters\n    title: T\n    evidence: [{source: class-survy}]\n"
        "    attacks: [sst-r]\n",
    )
    write(
        tiny_library / "briefs" / "typo.yaml",
        "title: Typo\ntopics: [school-start-times]\npositions: [suporters]\n",
    )
    r = validate(cli, tiny_library)
    assert r.code == 1
    assert errors(r) == [
        "arguments/typos.yaml:3:9: error: unknown parent topic 'school-start-tme' (did you mean 'school-start-time'?)",
        "arguments/typos.yaml:8:25: error: unknown source 'class-survy' (did you mean 'class-survey'?)",
        "arguments/typos.yaml:9:15: error: unknown claim 'sst-r' in attacks (did you mean 'sst-r1'?)",
        "briefs/typo.yaml:2:10: error: unknown topic 'school-start-times' (did you mean 'school-start-time'?)",
        "briefs/typo.yaml:3:13: error: unknown position 'suporters' (did you mean 'supporters'?)",
    ]


def test_sub_topics_in_file_order_from_one_index(library_copy):
    """`Library.children` (the coverage check, `show`, the Kialo export ask it of each topic):
    the sub-topics in file order, a copy the caller may change, none for a leaf."""
    from evenhand.readers.library import load_library

    lib, _ = load_library(library_copy)
    parents = {t.parent for t in lib.topics if t.parent}
    assert parents  # the bundled library has sub-topics
    for topic in lib.topics:
        expected = [t.topic for t in lib.topics if t.parent == topic.topic]
        assert [t.topic for t in lib.children(topic.topic)] == expected
    some = next(iter(parents))
    lib.children(some).clear()
    assert lib.children(some)  # the index is not the list handed out
    assert lib.children("no-such-topic") == []
