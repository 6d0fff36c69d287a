"""Nothing outside the library changes through a symbolic link, and no library file is read through one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_cli, write

SECRET = "OUTSIDE-SECRET-4b1f"
KIALO = """Discussion Title: Should the library open on Sundays?

1. Should the library open on Sundays?
1.1. Pro: Families have time on Sundays.
1.2. Con: Staff need a day off.
"""


def tree_hash(folder: Path) -> str:
    """Every path, link target and file content under ``folder``."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_symlink():
            h.update(b"->" + str(p.readlink()).encode())
        elif p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    write(folder / "handout.md", "precious notes\n")
    write(folder / ".bashrc", f"# {SECRET}\n")
    return folder


def test_build_refuses_a_build_folder_that_links_out(tiny_library, outside):
    (tiny_library / "build").symlink_to(outside)
    before = tree_hash(outside)
    result = run_cli("build", "handout", "-f", "md", cwd=tiny_library)
    assert result.code == 1
    assert (
        "build: error: 'build' is a symbolic link to '" in result.err
        and "outside the library" in result.err
    )
    assert tree_hash(outside) == before
    # -o is the user's own choice of place: it still works
    result = run_cli(
        "build", "handout", "-f", "md", "-o", str(outside / "mine.md"), cwd=tiny_library
    )
    assert result.code == 0, result.err
    assert (outside / "mine.md").read_text().startswith("# A later start")


def test_build_refuses_an_output_file_that_links_out(tiny_library, outside):
    write(tiny_library / "build" / "keep.txt", "x\n")
    (tiny_library / "build" / "handout.md").symlink_to(outside / "handout.md")
    before = tree_hash(outside)
    result = run_cli("build", "handout", "-f", "md", cwd=tiny_library)
    assert result.code == 1
    assert "build/handout.md: error: 'build/handout.md' is a symbolic link to" in result.err
    assert tree_hash(outside) == before


def test_a_link_that_stays_inside_the_library_is_fine(tiny_library):
    (tiny_library / "out").mkdir()
    (tiny_library / "build").symlink_to(tiny_library / "out")
    result = run_cli("build", "handout", "-f", "md", cwd=tiny_library)
    assert result.code == 0, result.err
    assert (tiny_library / "out" / "handout.md").is_file()


def test_import_refuses_a_dangling_link_out_as_its_target(tiny_library, outside, tmp_path):
    source = write(tmp_path / "sundays.txt", KIALO)
    (tiny_library / "arguments" / "sundays.yaml").symlink_to(outside / "made-by-import.yaml")
    before = tree_hash(outside)
    result = run_cli("import", "kialo", str(source), "--topic-id", "sundays", cwd=tiny_library)
    assert result.code == 1
    assert (
        "'arguments/sundays.yaml' is a symbolic link to" in result.err
        and "outside the library" in result.err
    )
    assert tree_hash(outside) == before and not (outside / "made-by-import.yaml").exists()


def test_import_force_does_not_overwrite_through_a_link_out(tiny_library, outside, tmp_path):
    source = write(tmp_path / "sundays.txt", KIALO)
    (tiny_library / "arguments" / "sundays.yaml").symlink_to(outside / ".bashrc")
    before = tree_hash(outside)
    result = run_cli(
        "import", "kialo", str(source), "--topic-id", "sundays", "--force", cwd=tiny_library
    )
    assert result.code == 1
    assert "'arguments/sundays.yaml' is a symbolic link to" in result.err
    assert SECRET not in result.out + result.err  # the dotfile was not read either
    assert tree_hash(outside) == before


def test_import_refuses_a_seeds_folder_that_links_out(tiny_library, outside, tmp_path):
    source = write(
        tmp_path / "sundays.txt",
        KIALO.replace(
            "Families have time on Sundays.",
            "Families have time [on Sundays](https://example.org/sundays).",
        ),
    )
    seeds = tiny_library / "seeds"
    for f in seeds.iterdir():
        f.rename(outside / f.name)
    seeds.rmdir()
    seeds.symlink_to(outside)
    before = tree_hash(outside)
    result = run_cli("import", "kialo", str(source), "--topic-id", "sundays", cwd=tiny_library)
    assert result.code == 1
    assert "'seeds' is a symbolic link to" in result.err
    assert tree_hash(outside) == before
    assert not (tiny_library / "arguments" / "sundays.yaml").exists()  # nothing written at all


def test_a_topic_file_that_links_out_is_not_read(tiny_library, outside):
    secret_topic = write(outside / "topic.yaml", f"topic: secret\ntitle: {SECRET}\n")
    (tiny_library / "arguments" / "borrowed.yaml").symlink_to(secret_topic)
    (tiny_library / "briefs" / "passwd.yaml").symlink_to("/etc/passwd")
    for command in (["validate"], ["list"], ["build", "handout", "-f", "md"]):
        result = run_cli(*command, cwd=tiny_library)
        assert result.code == 1, command
        assert (
            "arguments/borrowed.yaml:1:1: error: not read: 'arguments/borrowed.yaml' is a symbolic link to"
            in result.err + result.out
        )
        assert (
            "briefs/passwd.yaml:1:1: error: not read: 'briefs/passwd.yaml' is a symbolic link to '/etc/passwd'"
            in result.err + result.out
        )
        assert SECRET not in result.out + result.err and "root:x:0:0" not in result.out + result.err


def test_a_positions_file_that_links_out_is_not_read_and_the_defaults_stand_in(
    tiny_library, outside
):
    secret = write(
        outside / "positions.yaml", f"- {{id: supporters, label: {SECRET}, stance: pro}}\n"
    )
    positions = tiny_library / "arguments" / "positions.yaml"
    positions.unlink(missing_ok=True)
    positions.symlink_to(secret)
    result = run_cli("validate", cwd=tiny_library)
    assert result.code == 1, result.err  # was an internal error (exit 3)
    assert (
        "arguments/positions.yaml:1:1: error: not read: 'arguments/positions.yaml' is a symbolic link to"
        in result.out
    )
    assert SECRET not in result.out + result.err
    listed = run_cli("list", cwd=tiny_library)
    assert "supporters  critics-left  critics-right" in listed.out  # the three default positions
