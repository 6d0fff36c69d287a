"""`-o` naming a device, FIFO or standard stream writes there in place; `-o -` prints."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from conftest import run_cli

BRIEF_START = "# A later start to the school day: the debate\n"


def test_build_to_dev_null_leaves_it_a_character_device(tiny_library):
    result = run_cli("build", "handout", "-f", "md", "-o", "/dev/null", cwd=tiny_library)
    assert result.code == 0, result.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    # no temporary file left there
    assert not any(name.startswith(".null.") for name in os.listdir("/dev"))
    assert not (tiny_library / "build").exists()


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_build_to_standard_output_prints_the_brief(tiny_library, target):
    result = run_cli("build", "handout", "-f", "md", "-o", target, cwd=tiny_library)
    assert result.code == 0, result.err
    assert result.out.startswith(BRIEF_START)
    assert "## Supporters" in result.out
    assert "briefs/handout.yaml → standard output" in result.err  # the report goes beside the brief
    assert (
        "Critics on the left        1" in result.err
        and "Critics on the left        1" not in result.out
    )


def test_build_html_to_standard_output(tiny_library):
    result = run_cli("build", "handout", "-f", "html", "-o", "-", cwd=tiny_library)
    assert result.code == 0, result.err
    assert result.out.startswith("<!doctype html>")


def test_several_formats_cannot_share_standard_output(tiny_library):
    result = run_cli("build", "handout", "-f", "md", "-f", "html", "-o", "-", cwd=tiny_library)
    assert result.code == 2
    assert "several formats (md, html) cannot share it" in result.err
    result = run_cli("build", "--all", "-f", "md", "-o", "-", cwd=tiny_library)
    assert result.code == 2
    assert "--output needs a single brief" in result.err


def test_a_fifo_gets_the_bytes(tiny_library, tmp_path):
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run_cli("build", "handout", "-f", "md", "-o", str(fifo), cwd=tiny_library)
    reader.join(timeout=60)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert got and got[0].decode().startswith(BRIEF_START)
    assert sorted(os.listdir(tmp_path)) == ["brief.fifo", "tiny"]  # no temporary file beside it


@pytest.mark.parametrize(
    "command, start",
    [
        (["map", "school-start-time", "-f", "mermaid"], "flowchart RL\n"),
        (["map", "school-start-time", "-f", "outline"], "Argument map: A later start"),
        (
            ["export", "kialo", "school-start-time"],
            "Discussion Title: A later start to the school day\n",
        ),
        (["export", "json", "school-start-time"], "{"),
        (["schema", "recipe"], "{"),
        (["import", "csv", "--template"], "topic,position,title"),
    ],
)
def test_every_text_output_goes_to_standard_output_and_devices(tiny_library, command, start):
    for target in ("-", "/dev/stdout"):
        result = run_cli(*command, "-o", target, cwd=tiny_library)
        assert result.code == 0, result.err
        assert result.out.startswith(start), result.out[:200]
    result = run_cli(*command, "-o", "/dev/null", cwd=tiny_library)
    assert result.code == 0, result.err
    assert result.out == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_import_output_is_only_for_the_csv_template(tiny_library, tmp_path):
    result = run_cli("import", "csv", str(tmp_path / "x.csv"), "-o", "-", cwd=tiny_library)
    assert result.code == 2
    assert "--output is only for --template" in result.err
