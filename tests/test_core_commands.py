"""init, validate, list, show, schema, library discovery, exit codes and --debug, through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, write


def no_traceback(result):
    assert "Traceback" not in result.err and "Traceback" not in result.out
    return result


def test_init_makes_a_library_that_validates(cli, tmp_path):
    dest = tmp_path / "x"
    r = no_traceback(cli("init", str(dest)))
    assert r.code == 0
    assert (dest / "arguments" / "school-start-time.yaml").is_file()
    assert (dest / ".gitignore").is_file()
    v = no_traceback(cli("validate", "--library", str(dest), "--strict", cwd=tmp_path))
    assert v.code == 0, v.out
    assert [line for line in v.lines if ": error: " in line or ": warning: " in line] == []


def test_init_refuses_a_folder_that_is_not_empty(cli, tiny_library):
    r = no_traceback(cli("init", str(tiny_library)))
    assert r.code == 2
    assert (
        r.err
        == f"evenhand: error: '{tiny_library}' exists and is not an empty folder; choose a new folder\n"
    )


def test_schema_prints_json_schema_of_the_topic_file(cli, tmp_path):
    r = no_traceback(cli("schema", cwd=tmp_path))
    assert r.code == 0
    schema = json.loads(r.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["topic", "title"]
    assert {"topic", "title", "parent", "claims", "facts"} <= set(schema["properties"])
    claim = schema["$defs"]["Claim"]
    assert claim["additionalProperties"] is False
    assert {"id", "position", "title", "evidence", "attacks", "supports"} <= set(
        claim["properties"]
    )
    sources = json.loads(no_traceback(cli("schema", "sources", cwd=tmp_path)).out)
    assert sources["type"] == "array"
    assert "container-title" in sources["items"]["properties"]
    recipe = json.loads(no_traceback(cli("schema", "recipe", cwd=tmp_path)).out)
    assert {"max-claims", "citation-style", "paper"} <= set(recipe["properties"])


def test_schema_to_a_file(cli, tmp_path):
    r = no_traceback(cli("schema", "-o", "topic.schema.json", cwd=tmp_path))
    assert r.code == 0
    assert (
        json.loads((tmp_path / "topic.schema.json").read_text())["title"] == "evenhand topic file"
    )


def test_schema_to_a_folder_is_an_error_not_an_internal_one(cli, tmp_path):
    (tmp_path / "out").mkdir()
    r = no_traceback(cli("schema", "-o", "out", cwd=tmp_path))
    assert (r.code, r.err) == (
        1,
        "evenhand: error: cannot write 'out': it is a folder; name a file\n",
    )
    assert list((tmp_path / "out").iterdir()) == []  # no stray temporary file


def test_list_shows_every_topic_as_a_tree(cli, library_copy):
    r = no_traceback(cli("list", cwd=library_copy))
    assert r.code == 0
    assert r.lines[0].split() == ["TOPIC", "supporters", "critics-left", "critics-right", "TITLE"]
    names = [line.split()[0] for line in r.lines[1:]]
    ids = sorted(
        p.stem
        for p in (library_copy / "arguments").rglob("*.yaml")
        if p.name not in ("positions.yaml", "glossary.yaml")
    )
    assert sorted(names) == ids
    root = next(line for line in r.lines if line.startswith("migration-cooperation "))
    assert root.split()[1:4] == ["4", "4", "4"]
    child = next(line for line in r.lines if line.lstrip().startswith("labor-pathways "))
    assert child.startswith("  labor-pathways ")


def test_list_of_tiny_library(cli, tiny_library):
    r = no_traceback(cli("list", cwd=tiny_library))
    assert r.lines == [
        "TOPIC              supporters  critics-left  critics-right  TITLE",
        "school-start-time           1             1              1  A later start to the school day",
    ]


def test_show_a_topic(cli, tiny_library):
    r = no_traceback(cli("show", "school-start-time", cwd=tiny_library))
    assert r.code == 0
    assert r.lines[:3] == [
        "A LATER START TO THE SCHOOL DAY",
        "===============================",
        "Should our school day start an hour later?",
    ]
    assert "SUPPORTERS (1)" in r.lines
    assert "  [sst-s1] Teenagers learn better after more sleep" in r.lines
    assert '      > "I can\'t think in first period." (class-survey, Question 2)' in r.lines


def test_show_unknown_topic_exits_2_with_a_hint(cli, tiny_library):
    r = no_traceback(cli("show", "school-start", cwd=tiny_library))
    assert r.code == 2
    assert (
        r.err
        == "evenhand: error: unknown topic 'school-start' (did you mean 'school-start-time'?)\n"
    )


def test_library_is_found_from_a_sub_folder(cli, tiny_library):
    sub = tiny_library / "arguments" / "more"
    write(sub / "extra.yaml", "topic: extra\ntitle: Extra\nparent: nowhere\n")
    r = no_traceback(cli("validate", cwd=sub))
    assert r.code == 1
    assert "extra.yaml:3:9: error: unknown parent topic 'nowhere'" in r.lines
    listing = no_traceback(cli("list", cwd=sub))
    assert any(line.startswith("extra ") for line in listing.lines)


def test_library_option_to_a_missing_folder_exits_2(cli, tmp_path):
    r = no_traceback(cli("validate", "--library", str(tmp_path / "missing"), cwd=tmp_path))
    assert r.code == 2
    assert r.err == f"evenhand: error: library folder '{tmp_path / 'missing'}' does not exist\n"


def test_library_option_to_a_file_says_it_is_a_file(cli, tiny_library):
    r = no_traceback(cli("validate", "-L", "arguments/school-start-time.yaml", cwd=tiny_library))
    assert r.code == 2
    assert r.err == (
        "evenhand: error: 'arguments/school-start-time.yaml' is a file; "
        "--library needs the library's folder (the one that holds arguments/)\n"
    )


def test_library_option_to_a_folder_without_arguments_exits_2(cli, tmp_path):
    r = no_traceback(cli("list", "-L", str(tmp_path), cwd=tmp_path))
    assert r.code == 2
    assert (
        r.err
        == f"evenhand: error: '{tmp_path}' is not an evenhand library: it has no arguments/ folder\n"
    )


def test_no_library_anywhere_exits_2(cli, tmp_path):
    r = no_traceback(cli("validate", cwd=tmp_path))
    assert r.code == 2
    assert r.err.startswith("evenhand: error: no evenhand library here or in any folder above")


@pytest.mark.parametrize("process", [False, True], ids=["in-process", "real-process"])
def test_bad_command_line_exits_2(cli, tiny_library, process):
    assert (
        no_traceback(cli("validate", "--format", "xml", cwd=tiny_library, process=process)).code
        == 2
    )
    assert (
        no_traceback(cli("validate", "--no-such-option", cwd=tiny_library, process=process)).code
        == 2
    )
    assert no_traceback(cli("frobnicate", cwd=tiny_library, process=process)).code == 2


def test_a_real_process_reports_exit_codes_0_and_1(cli, tiny_library):
    """Most tests run the CLI in the test process; this one starts `python -m evenhand` as a user does."""
    assert no_traceback(cli("validate", cwd=tiny_library, process=True)).code == 0
    write(tiny_library / "arguments" / "broken.yaml", "topic: broken\nquestion: [unclosed\n")
    r = no_traceback(cli("validate", cwd=tiny_library, process=True))
    assert r.code == 1
    assert re.search(r"^arguments/broken\.yaml:\d+:\d+: error: ", r.out + r.err, re.M), (
        r.out + r.err
    )


@pytest.mark.parametrize("command", ["init", "validate", "list", "show", "schema"])
def test_every_command_has_help(cli, command):
    r = no_traceback(cli(command, "--help"))
    assert r.code == 0
    assert "Usage: evenhand " + command in r.out
    assert len(r.out.splitlines()) > 4


def test_list_and_show_report_broken_files_and_exit_1(cli, tiny_library):
    write(tiny_library / "arguments" / "broken.yaml", "topic: broken\ntitle: [\n")
    r = no_traceback(cli("list", cwd=tiny_library))
    assert r.code == 1
    assert r.err.splitlines()[0].startswith("arguments/broken.yaml:3:1: error: YAML syntax error")
    assert "school-start-time" in r.out


def _patched_failure(monkeypatch):
    import evenhand.cli.library_cmds as cmds

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cmds, "open_library", boom)


def test_internal_error_prints_one_line_and_exits_3(monkeypatch, capsys):
    from evenhand.cli import main

    _patched_failure(monkeypatch)
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--library", str(REPO)])
    assert exc.value.code == 3
    err = capsys.readouterr().err
    assert (
        err
        == "evenhand: internal error: RuntimeError: simulated bug (run again with --debug for the traceback)\n"
    )


def test_debug_shows_the_traceback(monkeypatch, capsys):
    from evenhand.cli import main

    _patched_failure(monkeypatch)
    with pytest.raises(RuntimeError, match="simulated bug") as exc:
        main(["validate", "--debug", "--library", str(REPO)])
    # the real exception propagates from where it was raised: Python prints it
    assert exc.traceback[-1].name == "boom"
    assert "internal error" not in capsys.readouterr().err  # not turned into the one-line message


def test_debug_through_the_cli_on_a_user_error_stays_one_line(cli, tmp_path):
    r = cli("--debug", "validate", "--library", str(Path(tmp_path) / "nope"), cwd=tmp_path)
    assert r.code == 2
    assert r.err == f"evenhand: error: library folder '{tmp_path / 'nope'}' does not exist\n"
