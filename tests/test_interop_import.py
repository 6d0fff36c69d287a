"""evenhand import kialo|csv and export kialo, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, write

KIALO = REPO / "tests" / "fixtures" / "kialo"
CSV = REPO / "tests" / "fixtures" / "csv"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def load(root: Path):
    from evenhand.readers.library import load_library

    lib, problems = load_library(root)
    assert not [p for p in problems if p.severity.value == "error"], problems
    return lib


def shape(lib, topic_ids: list[str]) -> list:
    """Claims by title: position, text, relations (by title) and cited URLs or titles."""
    out = []
    for tid in topic_ids:
        for c in lib.topic(tid).claims:
            rel = lambda ids: sorted(lib.claim(i).title for i in ids)  # noqa: E731
            cites = sorted(
                (lib.source(e.source).URL or lib.source(e.source).title) for e in c.evidence
            )
            out.append((c.title, c.position, c.text, rel(c.supports), rel(c.attacks), cites))
    return sorted(out)


def test_kialo_import_writes_valid_topic(cli, tiny_library):
    r = cli("import", "kialo", str(KIALO / "school-uniforms.txt"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    wrote = [
        line.removeprefix("wrote ").split("/")[-2:]
        for line in r.out.splitlines()
        if line.startswith("wrote ")
    ]
    assert wrote == [
        ["arguments", "should-our-school-require-uniforms.yaml"],
        ["seeds", "imported-should-our-school-require-uniforms.yaml"],
        ["arguments", "positions.yaml"],
    ]
    assert "claims: 7 (supporters 3, critics 4)" in r.out
    assert "positions: critics (new)" in r.out
    assert (
        "school-uniforms.txt:17:8: info: link into another Kialo discussion (#4711) kept as a note"
        in r.err
    )
    lib = load(tiny_library)
    t = lib.topic("should-our-school-require-uniforms")

    def by_title(prefix: str):
        [claim] = [c for c in t.claims if c.title.startswith(prefix)]
        return claim

    extra = by_title("Every extra expense weighs har")
    # 1.2.1 sits under a Con (1.2) and is linked from 1.1.1.1: a second relation, not a copy
    assert extra.position == "critics"
    assert [lib.claim(i).title[:20] for i in extra.supports] == [
        "Choosing what to wea",
        "Uniforms themselves ",
    ]
    assert sum(c.title.startswith("Every extra expense") for c in t.claims) == 1
    exchange = by_title("The school could run a second")
    assert exchange.position == "supporters" and exchange.attacks == [
        by_title("Uniforms themselves cost money").id
    ]
    assert lib.source(exchange.evidence[0].source).URL == "https://example.org/council/minutes-2024"
    survey = by_title("Teachers report fewer argument")
    assert "1. less teasing in the corridors,\n2. fewer notes home" in survey.text
    assert "\n\nThe survey had 40 answers." in survey.text
    assert (
        "who you are [and schools should allow it]."
        in by_title("Choosing what to wear is part").title
    )
    assert "Kialo discussion #4711" in by_title("Choosing what to wear is part").text
    assert (
        (tiny_library / "arguments" / "positions.yaml")
        .read_text()
        .endswith("- {id: critics, label: Critics, stance: con, default: false}\n")
    )
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0, v.out + v.err
    assert ": error:" not in v.out


def test_kialo_crlf_and_lf_import_the_same(cli, tmp_path, tiny_library):
    crlf = write(tmp_path / "crlf.txt", "")
    crlf.write_bytes((KIALO / "school-uniforms.txt").read_bytes().replace(b"\n", b"\r\n"))
    a = cli("import", "kialo", str(crlf), "-L", str(tiny_library), "--dry-run")
    b = cli(
        "import", "kialo", str(KIALO / "school-uniforms.txt"), "-L", str(tiny_library), "--dry-run"
    )
    assert a.code == b.code == 0
    assert a.out == b.out


def test_kialo_newer_layout_with_sources_block(cli, tiny_library):
    r = cli("import", "kialo", str(KIALO / "phones-newer.txt"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    lib = load(tiny_library)
    claims = lib.topic("phones-in-class").claims
    assert [c.position for c in claims] == ["supporters", "critics", "critics", "critics"]
    assert (
        claims[0].title == "Notifications break concentration; a class trial saw quieter lessons."
    )
    assert [lib.source(e.source).URL for e in claims[2].evidence] == [
        "https://example.org/trial-notes",
        "https://example.org/phones-guide",
    ]
    assert lib.source(claims[1].evidence[0].source).title == "Teacher's log of the trial"
    assert claims[3].title == "Some students rely on their phones"
    assert claims[3].supports == [claims[2].id]


def test_kialo_multi_thesis_makes_a_topic_per_thesis(cli, tiny_library):
    r = cli(
        "import",
        "kialo",
        str(KIALO / "multi-thesis.txt"),
        "-L",
        str(tiny_library),
        "--topic-id",
        "park-budget",
    )
    assert r.code == 0, r.err
    lib = load(tiny_library)
    assert [t.topic for t in lib.children("park-budget")] == [
        "the-town-should-build-a-new-playground",
        "the-town-should-plant-more-trees",
    ]
    shade = lib.claim("the-town-should-plant-more-trees-3")
    assert shade.title.startswith("Shade makes the park usable")
    assert shade.supports == ["the-town-should-build-a-new-playground-2"]  # a link across theses
    assert (
        "multi-thesis.txt:12:8: info: link to 1.1.1. directly under a thesis adds no relation; skipped"
        in r.err
    )
    assert cli("validate", "-L", str(tiny_library)).code == 0


def test_kialo_twenty_levels_deep(cli, tiny_library):
    r = cli("import", "kialo", str(KIALO / "deep.txt"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    claims = load(tiny_library).topic("a-very-deep-discussion").claims
    assert len(claims) == 19
    assert claims[-1].supports == [claims[-2].id]
    # Cons at depths 3, 6, ..., 18: six on the path to depth 20 (even), five to depth 17 (odd)
    assert claims[-1].position == "supporters"
    assert claims[15].title == "Claim at depth 17." and claims[15].position == "critics"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "skip-level.txt",
            "skip-level.txt:5:1: error: claim 1.1.1.1. skips a level: there is no claim 1.1.1. above it",
        ),
        (
            "truncated.txt",
            "truncated.txt:5:6: error: claim 1.2. has no text (is the file cut short?)",
        ),
    ],
)
def test_kialo_bad_input_is_located_and_writes_nothing(cli, tiny_library, name, message):
    before = snapshot(tiny_library)
    r = cli("import", "kialo", str(KIALO / name), "-L", str(tiny_library))
    assert r.code == 1
    assert message in r.err
    assert "Traceback" not in r.err
    assert snapshot(tiny_library) == before


def test_kialo_not_a_kialo_file(cli, tmp_path, tiny_library):
    f = write(tmp_path / "notes.txt", "\nJust some notes\n1. a list\n")
    r = cli("import", "kialo", str(f), "-L", str(tiny_library))
    assert r.code == 1
    assert (
        "notes.txt:2:1: error: not a Kialo export: the first line should be 'Discussion Title: <title>'"
        in r.err
    )


def test_dry_run_writes_nothing(cli, tiny_library):
    before = snapshot(tiny_library)
    r = cli(
        "import", "kialo", str(KIALO / "school-uniforms.txt"), "-L", str(tiny_library), "--dry-run"
    )
    assert r.code == 0, r.err
    assert r.lines[:5] == [
        "topic should-our-school-require-uniforms: Should our school require uniforms?",
        "  claims: 7 (supporters 3, critics 4)",
        "  relations: 3 supports, 2 attacks",
        "sources: 2 new",
        "positions: critics (new)",
    ]
    assert r.lines[-1] == "dry run: nothing written"
    assert snapshot(tiny_library) == before


def test_refuses_to_overwrite_without_force(cli, tiny_library):
    args = ("import", "kialo", str(KIALO / "phones-newer.txt"), "-L", str(tiny_library))
    assert cli(*args).code == 0
    topic_file = tiny_library / "arguments" / "phones-in-class.yaml"
    topic_file.write_text(topic_file.read_text().replace("title: Phones in class", "title: Edited"))
    before = snapshot(tiny_library)
    r = cli(*args)
    assert r.code == 1
    assert "topic 'phones-in-class' already exists in" in r.err and "pass --force" in r.err
    assert snapshot(tiny_library) == before
    r = cli(*args, "--force")
    assert r.code == 0, r.err
    assert "title: Phones in class" in topic_file.read_text()
    assert cli("validate", "-L", str(tiny_library)).code == 0


def test_import_into_existing_positions_file_keeps_it(cli, tiny_library):
    positions = write(
        tiny_library / "arguments" / "positions.yaml",
        "# ours\n- {id: supporters, label: For, stance: pro}\n- {id: critics-left, label: L, stance: con, perspective: left}\n- {id: critics-right, label: R, stance: con, perspective: right}\n",
    )
    assert cli("import", "kialo", str(KIALO / "deep.txt"), "-L", str(tiny_library)).code == 0
    assert positions.read_text().startswith("# ours\n- {id: supporters, label: For, stance: pro}\n")
    assert positions.read_text().endswith(
        "- {id: critics, label: Critics, stance: con, default: false}\n"
    )


def test_kialo_round_trip(cli, tmp_path, tiny_library):
    for name, tid in [
        ("school-uniforms.txt", "should-our-school-require-uniforms"),
        ("phones-newer.txt", "phones-in-class"),
        ("deep.txt", "a-very-deep-discussion"),
    ]:
        assert cli("import", "kialo", str(KIALO / name), "-L", str(tiny_library)).code == 0
        out = tmp_path / f"{tid}.txt"
        r = cli("export", "kialo", tid, "-o", str(out), "-L", str(tiny_library))
        assert r.code == 0, r.err
        second = tmp_path / f"second-{tid}"
        assert cli("init", str(second)).code == 0
        r = cli("import", "kialo", str(out), "-L", str(second), "--topic-id", tid)
        assert r.code == 0, r.err
        assert shape(load(second), [tid]) == shape(load(tiny_library), [tid])
        assert cli("validate", "-L", str(second)).code == 0


def test_kialo_round_trip_multi_thesis(cli, tmp_path, tiny_library):
    assert (
        cli(
            "import",
            "kialo",
            str(KIALO / "multi-thesis.txt"),
            "-L",
            str(tiny_library),
            "--topic-id",
            "park",
        ).code
        == 0
    )
    r = cli("export", "kialo", "park", "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert r.out.startswith(
        "Discussion Title: How should the town spend the park budget?\n\n1. How should"
    )
    assert "1.1.2.1. Pro: -> See 1.2.2.\n" in r.out
    out = write(tmp_path / "park.txt", r.out)
    second = tmp_path / "second"
    assert cli("init", str(second)).code == 0
    assert cli("import", "kialo", str(out), "-L", str(second), "--topic-id", "park").code == 0
    kids = [t.topic for t in load(tiny_library).children("park")]
    assert shape(load(second), kids) == shape(load(tiny_library), kids)


def test_export_unknown_topic_and_stdout(cli, tiny_library):
    r = cli("export", "kialo", "nope", "-L", str(tiny_library))
    assert r.code == 2 and "unknown topic 'nope'" in r.err
    r = cli("export", "kialo", "school-start-time", "-L", str(tiny_library))
    assert r.code == 0
    assert r.out.startswith(
        "Discussion Title: A later start to the school day\n\n1. Our school day should start an hour later?"
    ) or r.out.startswith(
        "Discussion Title: A later start to the school day\n\n1. Should our school day start an hour later?"
    )
    assert "\nSources:\n[1] Class survey on the school start time\n" in r.out


# --- CSV --------------------------------------------------------------------------------


def test_csv_template(cli):
    r = cli("import", "csv", "--template")
    assert r.code == 0 and r.out == "topic,position,title,text,source,locator,quote\n"


def test_csv_import(cli, tiny_library):
    r = cli("import", "csv", str(CSV / "homework.csv"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert "claims: 3 (supporters 1, critics-left 1, critics-right 1)" in r.out
    lib = load(tiny_library)
    claims = lib.topic("should-we-set-homework-on-weekends").claims
    assert [e.source for e in claims[0].evidence] == ["class-survey", "example-org-revision-study"]
    assert claims[0].evidence[0].quote == "I forget everything by Monday."
    assert lib.source("example-org-revision-study").URL == "https://example.org/revision-study"
    assert (
        claims[1].text
        == "Many students help at home or work on weekends.\nHomework adds to that load."
    )
    assert claims[2].position == "critics-right"  # by its label
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0 and ": error:" not in v.out


def test_csv_errors_point_at_cells(cli, tiny_library):
    before = snapshot(tiny_library)
    r = cli("import", "csv", str(CSV / "bad-cells.csv"), "-L", str(tiny_library))
    assert r.code == 1
    assert (
        "bad-cells.csv:2:5: error: unknown source 'no-such-source': give the id of a source in seeds/ or a web address (https://...)"
        in r.err
    )
    assert "bad-cells.csv:3:2: error: unknown position 'cheerleaders'" in r.err
    r = cli("import", "csv", str(CSV / "missing-column.csv"), "-L", str(tiny_library))
    assert r.code == 1
    assert "missing-column.csv:1:4: error: missing column 'position'" in r.err
    assert "Traceback" not in r.err
    assert snapshot(tiny_library) == before


def test_csv_short_row(cli, tmp_path, tiny_library):
    f = write(tmp_path / "s.csv", "topic,position,title,text\nt,supporters,A title\n")
    r = cli("import", "csv", str(f), "-L", str(tiny_library))
    assert r.code == 1
    assert (
        "s.csv:2:4: error: row 2 has 3 cell(s); the header has 4 (a missing column or a stray comma?)"
        in r.err
    )


def test_import_errors_from_the_would_be_library(cli, tmp_path, tiny_library):
    # a claim id already used by the library: nothing written, the clash is located
    f = write(tmp_path / "s.csv", "topic,position,title\nsst,supporters,A title\n")
    write(
        tiny_library / "arguments" / "other.yaml",
        "topic: other\ntitle: Other\nclaims:\n  - {id: sst-1, position: supporters, title: Taken}\n",
    )
    before = snapshot(tiny_library)
    r = cli("import", "csv", str(f), "-L", str(tiny_library))
    assert r.code == 1
    assert "arguments/sst.yaml:" in r.err and "duplicate claim id 'sst-1'" in r.err
    assert snapshot(tiny_library) == before


def test_unavailable_reader_and_bad_arguments(cli, tiny_library, tmp_path):
    r = cli("import", "kialo", str(tmp_path / "missing.txt"), "-L", str(tiny_library))
    assert r.code == 2 and "is not a file" in r.err
    r = cli("import", "kialo", "--template")
    assert r.code == 2 and "--template is only for csv" in r.err


def test_kialo_quirks_dangling_link_and_unlabelled_path(cli, tmp_path, tiny_library):
    f = write(
        tmp_path / "q.txt",
        "Discussion Title: Q\n\n1. T.\n1.1. Pro: A.\n1.1.2 Con: no dot after the path\n1.1.1. Con: -> See 9.9.\n",
    )
    r = cli("import", "kialo", str(f), "-L", str(tiny_library), "--dry-run")
    assert r.code == 0, r.err
    assert "q.txt:6:8: warning: link to 9.9. names no claim in this file; skipped" in r.err
    assert "claims: 1 (supporters 1)" in r.out  # `1.1.2 Con:` without the final dot is text of 1.1.
    f = write(
        tmp_path / "u.txt", "Discussion Title: Q\n\n1. T.\n1.1. Pro: A.\n1.1.1. B without a label\n"
    )
    r = cli("import", "kialo", str(f), "-L", str(tiny_library))
    assert r.code == 1
    assert "u.txt:5:1: error: claim 1.1.1. has no 'Pro:' or 'Con:' label" in r.err
