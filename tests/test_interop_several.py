"""`evenhand import FORMAT FILE FILE...`: several files in one run, checked together."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, write

KIALO = REPO / "tests" / "fixtures" / "kialo"
ARGDOWN = REPO / "tests" / "fixtures" / "argdown"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_files_write_their_own_topics(cli, tiny_library):
    r = cli(
        "import",
        "kialo",
        str(KIALO / "school-uniforms.txt"),
        str(KIALO / "phones-newer.txt"),
        "-L",
        str(tiny_library),
    )
    assert r.code == 0, r.err
    assert r.lines == [
        "tests/fixtures/kialo/school-uniforms.txt:",
        "topic should-our-school-require-uniforms: Should our school require uniforms?",
        "  claims: 7 (supporters 3, critics 4)",
        "  relations: 3 supports, 2 attacks",
        "sources: 2 new",
        "tests/fixtures/kialo/phones-newer.txt:",
        "topic phones-in-class: Phones in class",
        "  claims: 4 (supporters 1, critics 3)",
        "  relations: 1 supports, 1 attacks",
        "sources: 3 new",
        "positions: critics (new)",
        f"wrote {tiny_library}/arguments/should-our-school-require-uniforms.yaml",
        f"wrote {tiny_library}/arguments/phones-in-class.yaml",
        f"wrote {tiny_library}/seeds/imported-should-our-school-require-uniforms.yaml",
        f"wrote {tiny_library}/seeds/imported-phones-in-class.yaml",
        f"wrote {tiny_library}/arguments/positions.yaml",
    ]
    for name in (
        "arguments/should-our-school-require-uniforms.yaml",
        "arguments/phones-in-class.yaml",
        "seeds/imported-should-our-school-require-uniforms.yaml",
        "seeds/imported-phones-in-class.yaml",
    ):
        assert (tiny_library / name).is_file(), name
    # the new position is added once, not once per file
    assert (tiny_library / "arguments" / "positions.yaml").read_text().count("id: critics,") == 1
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0 and ": error:" not in v.out


def test_dry_run_summarises_every_file_and_writes_nothing(cli, tiny_library):
    before = snapshot(tiny_library)
    r = cli(
        "import",
        "kialo",
        str(KIALO / "school-uniforms.txt"),
        str(KIALO / "phones-newer.txt"),
        "-L",
        str(tiny_library),
        "--dry-run",
    )
    assert r.code == 0, r.err
    assert (
        "tests/fixtures/kialo/school-uniforms.txt:" in r.lines
        and "tests/fixtures/kialo/phones-newer.txt:" in r.lines
    )
    assert "topic phones-in-class: Phones in class" in r.lines
    assert [line for line in r.lines if line.startswith("would write ")] == [
        f"would write {tiny_library}/{name}"
        for name in (
            "arguments/should-our-school-require-uniforms.yaml",
            "arguments/phones-in-class.yaml",
            "seeds/imported-should-our-school-require-uniforms.yaml",
            "seeds/imported-phones-in-class.yaml",
            "arguments/positions.yaml",
        )
    ]
    assert r.lines[-1] == "dry run: nothing written"
    assert snapshot(tiny_library) == before


def test_an_error_in_the_second_file_writes_nothing_of_the_first(cli, tiny_library):
    before = snapshot(tiny_library)
    r = cli(
        "import",
        "kialo",
        str(KIALO / "school-uniforms.txt"),
        str(KIALO / "truncated.txt"),
        "-L",
        str(tiny_library),
    )
    assert r.code == 1
    assert (
        "tests/fixtures/kialo/truncated.txt:5:6: error: claim 1.2. has no text (is the file cut short?)"
        in r.err
    )
    assert (
        r.err.splitlines()[-1]
        == "evenhand: error: cannot import 'tests/fixtures/kialo/truncated.txt': 1 error(s); nothing written"
    )
    assert "wrote" not in r.out
    assert snapshot(tiny_library) == before


def test_errors_in_two_files_are_all_reported(cli, tmp_path, tiny_library):
    before = snapshot(tiny_library)
    r = cli(
        "import",
        "argdown",
        str(ARGDOWN / "bad-relation.argdown"),
        str(ARGDOWN / "school-phones.argdown"),
        str(ARGDOWN / "truncated.argdown"),
        "-L",
        str(tiny_library),
    )
    assert r.code == 1
    last = r.err.splitlines()[-2:]
    assert last[0].startswith(
        "evenhand: error: cannot import 'tests/fixtures/argdown/bad-relation.argdown': "
    )
    assert last[1].startswith(
        "evenhand: error: cannot import 'tests/fixtures/argdown/truncated.argdown': "
    )
    assert last[1].endswith("; nothing written")
    assert snapshot(tiny_library) == before


def test_two_files_with_the_same_topic_write_nothing(cli, tmp_path, tiny_library):
    # fine alone, but both would write arguments/shared.yaml
    a = write(tmp_path / "a.csv", "topic,position,title\nshared,supporters,From a\n")
    b = write(tmp_path / "b.csv", "topic,position,title\nother,supporters,From b\n")
    write(tmp_path / "c.csv", "topic,position,title\nshared,supporters,From c\n")
    assert cli("import", "csv", str(a), str(b), "-L", str(tiny_library), "-n").code == 0
    before = snapshot(tiny_library)
    r = cli("import", "csv", str(a), str(tmp_path / "c.csv"), "-L", str(tiny_library))
    assert r.code == 1
    assert r.err.splitlines()[-1] == (
        f"evenhand: error: topic 'shared' comes from both '{a}' and '{tmp_path / 'c.csv'}'; import them in separate runs; nothing written"
    )
    assert snapshot(tiny_library) == before


def test_topic_id_and_repeated_files_need_one_file(cli, tiny_library):
    f = str(KIALO / "school-uniforms.txt")
    r = cli(
        "import",
        "kialo",
        f,
        str(KIALO / "phones-newer.txt"),
        "--topic-id",
        "x",
        "-L",
        str(tiny_library),
    )
    assert r.code == 2
    assert "evenhand: error: --topic-id needs a single FILE (got 2)" in r.err
    r = cli("import", "kialo", f, f, "-L", str(tiny_library))
    assert r.code == 2 and f"'{f}' is named twice" in r.err


def test_the_pre_write_check_finds_every_error_validate_finds(library_copy):
    # import checks the would-be library with check_errors (no graph lints): it must
    # find the same errors as the full check_library that `evenhand validate` runs
    from evenhand.checks import check_errors, check_library
    from evenhand.readers.library import load_library

    write(
        library_copy / "arguments" / "broken.yaml",
        """topic: broken
title: Broken
parent: no-such-topic
claims:
  - {id: b-1, position: supporters, title: Same title, supports: [b-2], attacks: [nowhere]}
  - {id: b-2, position: supporters, title: Same title, supports: [b-1]}
  - {id: b-3, position: nobody, title: Alone, evidence: [{source: not-a-source}]}
  - {id: b-3, position: critics-left, title: Twice, supports: [b-3]}
""",
    )
    lib, _ = load_library(library_copy)
    full = check_library(lib)
    errors = [p for p in full if p.severity.value == "error"]
    assert len(errors) >= 5
    assert [p for p in check_errors(lib) if p.severity.value == "error"] == errors


def test_a_source_cited_by_two_files_is_written_once(cli, tmp_path, tiny_library):
    second = write(
        tmp_path / "again.txt",
        "Discussion Title: Phones again\n\n1. Phones stay in bags.\n"
        "1.1. Pro: The [trial notes](https://example.org/trial-notes) say so.\n",
    )
    r = cli(
        "import", "kialo", str(KIALO / "phones-newer.txt"), str(second), "-L", str(tiny_library)
    )
    assert r.code == 0, r.err
    assert "sources: 0 new, 1 already in the library or an earlier file" in r.lines
    assert not (tiny_library / "seeds" / "imported-phones-again.yaml").exists()
    seeds = (tiny_library / "seeds" / "imported-phones-in-class.yaml").read_text()
    assert seeds.count("URL: https://example.org/trial-notes") == 1
    v = cli("validate", "-L", str(tiny_library))
    assert v.code == 0 and ": error:" not in v.out
