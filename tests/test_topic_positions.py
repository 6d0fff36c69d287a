"""Positions per topic (`positions:`): checks, balance, sections and what importers write."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, write

FIXTURES = REPO / "tests" / "fixtures"
STARTER = "arguments/school-start-time.yaml"


def drop_claim(library: Path, claim_id: str) -> None:
    """Remove one claim (its block of lines) from the starter topic."""
    path = library / STARTER
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: {claim_id}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines)
    )
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_imported_kialo_topic_builds_strict_and_the_starter_gets_no_new_warning(
    cli, tiny_library, tmp_path
):
    before = cli("validate", "-L", str(tiny_library))
    assert before.code == 0, before.out + before.err
    write(
        tiny_library / "class.txt",
        (FIXTURES / "kialo" / "school-uniforms.txt").read_text(encoding="utf-8"),
    )
    r = cli("import", "kialo", "class.txt", cwd=tiny_library)
    assert r.code == 0, r.err
    topic = (tiny_library / "arguments" / "should-our-school-require-uniforms.yaml").read_text(
        encoding="utf-8"
    )
    assert "\npositions: [supporters, critics]\n" in topic
    assert (
        (tiny_library / "arguments" / "positions.yaml")
        .read_text(encoding="utf-8")
        .endswith("- {id: critics, label: Critics, stance: con, default: false}\n")
    )
    after = cli("validate", "-L", str(tiny_library))
    assert after.code == 0, after.out + after.err
    starter_lines = lambda out: [line for line in out.splitlines() if line.startswith(STARTER)]  # noqa: E731
    assert starter_lines(after.out) == starter_lines(before.out)
    assert "critics" not in "\n".join(starter_lines(after.out))

    listing = cli("list", cwd=tiny_library)
    assert listing.lines[0].split() == [
        "TOPIC",
        "supporters",
        "critics-left",
        "critics-right",
        "critics",
        "TITLE",
    ]
    rows = {line.split()[0]: line.split()[1:5] for line in listing.lines[1:]}
    assert rows == {
        "school-start-time": ["1", "1", "1", "-"],
        "should-our-school-require-uniforms": ["3", "-", "-", "4"],
    }

    out = tmp_path / "uniforms.md"
    b = cli(
        "build",
        "--topic",
        "should-our-school-require-uniforms",
        "--format",
        "md",
        "-o",
        str(out),
        cwd=tiny_library,
    )
    assert b.code == 0, b.err
    md = out.read_text(encoding="utf-8")
    assert "## Supporters" in md and "## Critics" in md
    assert "Critics on the left" not in md and "Critics on the right" not in md
    # strict: both columns hold the same number of claims (3: the supporters' count)
    assert [
        line.split()[1]
        for line in b.out.splitlines()
        if line.strip().startswith(("Supporters", "Critics"))
    ] == ["3", "3"]
    # the starter's own brief is as before: three positions, strict
    h = cli("build", "briefs/handout.yaml", cwd=tiny_library)
    assert h.code == 0, h.err


def test_a_topic_debates_only_its_positions(cli, tiny_library, tmp_path):
    drop_claim(tiny_library, "sst-r1")
    path = tiny_library / STARTER
    text = path.read_text(encoding="utf-8").replace(
        "tags: [school]\n", "tags: [school]\npositions: [supporters, critics-left]\n"
    )
    text = text.replace("attacks: [sst-r1]", "attacks: [sst-l1]")
    path.write_text(text, encoding="utf-8")
    (tiny_library / "briefs" / "handout.yaml").unlink()
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0, v.out + v.err
    assert "no claim for position" not in v.out
    out = tmp_path / "b.md"
    b = cli(
        "build",
        "--topic",
        "school-start-time",
        "--format",
        "md",
        "-o",
        str(out),
        "-L",
        str(tiny_library),
    )
    assert b.code == 0, b.err
    md = out.read_text(encoding="utf-8")
    assert (
        "## Supporters" in md
        and "## Critics on the left" in md
        and "Critics on the right" not in md
    )


def test_topic_positions_are_checked_at_their_place(cli, tiny_library):
    path = tiny_library / STARTER
    text = path.read_text(encoding="utf-8").replace(
        "tags: [school]\n", "tags: [school]\npositions: [supporters, critics-lfet, supporters]\n"
    )
    path.write_text(text, encoding="utf-8")
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 1
    assert (
        f"{STARTER}:18:25: error: unknown position 'critics-lfet' (did you mean 'critics-left'?)"
        in v.out
    )
    assert f"{STARTER}:18:39: error: 'positions' lists 'supporters' twice" in v.out
    # the claims of the positions the topic does not list
    assert (
        f"{STARTER}:32:15: error: position 'critics-left' is not among the positions topic 'school-start-time' debates "
        "(supporters, critics-lfet, supporters): add it to the topic's 'positions'"
    ) in v.out
    assert f"{STARTER}:43:15: error: position 'critics-right' is not among the positions" in v.out


def test_a_claim_of_a_position_with_default_false_needs_the_topic_to_list_it(cli, tiny_library):
    write(
        tiny_library / "arguments" / "positions.yaml",
        "- {id: supporters, label: Supporters, stance: pro}\n"
        "- {id: critics-left, label: Critics on the left, stance: con}\n"
        "- {id: critics-right, label: Critics on the right, stance: con}\n"
        "- {id: critics, label: Critics, stance: con, default: false}\n",
    )
    path = tiny_library / STARTER
    path.write_text(
        path.read_text(encoding="utf-8").replace("position: critics-right", "position: critics"),
        encoding="utf-8",
    )
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 1
    assert (
        f"{STARTER}:42:15: error: position 'critics' has 'default: false' in positions.yaml, so only topics that list it "
        "debate it: give topic 'school-start-time' a 'positions:' list, such as [supporters, critics-left, critics-right, critics]"
    ) in v.out


def test_strict_balance_failure_names_both_fixes(cli, tiny_library, tmp_path):
    drop_claim(tiny_library, "sst-r1")
    path = tiny_library / STARTER
    path.write_text(
        path.read_text(encoding="utf-8").replace("attacks: [sst-r1]", "attacks: [sst-l1]"),
        encoding="utf-8",
    )
    b = cli(
        "build",
        "--topic",
        "school-start-time",
        "--format",
        "md",
        "-o",
        str(tmp_path / "x.md"),
        "-L",
        str(tiny_library),
    )
    assert b.code == 1
    assert (
        "error: topic 'school-start-time' has no claim for position 'critics-right' (Critics on the right); "
        "a strict brief needs a claim for every position it shows: add a claim, show only the positions that have claims "
        "(--positions supporters,critics-left, or in the recipe positions: [supporters, critics-left]), "
        "or build with --balance warn"
    ) in b.err
    assert not (tmp_path / "x.md").exists()
    ok = cli(
        "build",
        "--topic",
        "school-start-time",
        "--positions",
        "supporters,critics-left",
        "--format",
        "md",
        "-o",
        str(tmp_path / "x.md"),
        "-L",
        str(tiny_library),
    )
    assert ok.code == 0, ok.err


def test_a_brief_over_several_topics_shows_the_union_of_their_positions_in_library_order(
    cli, tiny_library, tmp_path
):
    write(
        tiny_library / "class.txt",
        (FIXTURES / "kialo" / "school-uniforms.txt").read_text(encoding="utf-8"),
    )
    assert cli("import", "kialo", "class.txt", "--topic-id", "uniforms", cwd=tiny_library).code == 0
    write(
        tiny_library / "briefs" / "both.yaml",
        "title: Two debates\ntopics: [uniforms, school-start-time]\nformats: [md]\nbalance: warn\n",
    )
    b = cli("build", "both", "-L", str(tiny_library))
    assert b.code == 0, b.err
    md = (tiny_library / "build" / "both.md").read_text(encoding="utf-8")
    names = {"## Supporters", "## Critics on the left", "## Critics on the right", "## Critics"}
    headings = [line for line in md.splitlines() if line in names]
    assert headings == [
        "## Supporters",
        "## Critics on the left",
        "## Critics on the right",
        "## Critics",
    ]


def test_csv_argdown_and_aif_imports_write_the_topics_positions(cli, tiny_library):
    r = cli("import", "csv", str(FIXTURES / "csv" / "homework.csv"), "-L", str(tiny_library))
    assert r.code == 0, r.err
    for path in (tiny_library / "arguments").glob("*.yaml"):
        if path.name not in ("school-start-time.yaml", "positions.yaml"):
            text = path.read_text(encoding="utf-8")
            assert "\npositions: [" in text, path
    a = cli(
        "import",
        "argdown",
        str(FIXTURES / "argdown" / "school-phones.argdown"),
        "--topic-id",
        "phones",
        "-L",
        str(tiny_library),
    )
    assert a.code == 0, a.err
    assert "\npositions: [supporters, critics]\n" in (
        tiny_library / "arguments" / "phones.yaml"
    ).read_text(encoding="utf-8")
    f = cli(
        "import",
        "aif",
        str(FIXTURES / "aif" / "small.json"),
        "--topic-id",
        "aif-small",
        "-L",
        str(tiny_library),
    )
    assert f.code == 0, f.err
    assert "\npositions: [supporters, critics]\n" in (
        tiny_library / "arguments" / "aif-small.yaml"
    ).read_text(encoding="utf-8")
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0, v.out
    assert not [
        line
        for line in v.out.splitlines()
        if line.startswith(STARTER) and "no claim for position" in line
    ]
