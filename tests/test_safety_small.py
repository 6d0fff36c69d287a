"""Smaller holes: concurrent imports, long names, the Mermaid title line, Kialo lines that look like structure."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import run_cli, write

KIALO = """Discussion Title: Should the library open on Sundays?

1. Should the library open on Sundays?
1.1. Pro: Families have time on Sundays.
1.2. Con: Staff need a day off.
"""


def test_two_imports_of_one_discussion_do_not_replace_each_other(tiny_library, tmp_path):
    source = write(tmp_path / "sundays.txt", KIALO)
    for _ in range(5):
        topic = tiny_library / "arguments" / "sundays.yaml"
        if topic.exists():
            topic.unlink()
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "evenhand",
                    "import",
                    "kialo",
                    str(source),
                    "--topic-id",
                    "sundays",
                ],
                cwd=tiny_library,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        loser = next(err for code, err in results if code == 1)
        assert "already exists" in loser and "nothing written (pass --force to replace)" in loser
        assert not [n for n in os.listdir(tiny_library / "arguments") if n.endswith(".part")]


def test_a_long_recipe_name_is_built(tiny_library):
    name = "a" * 245  # legal: briefs/NAME.yaml is 250 bytes, build/NAME.html 250
    (tiny_library / "briefs" / f"{name}.yaml").write_text(
        (tiny_library / "briefs" / "handout.yaml").read_text()
    )
    result = run_cli("build", name, "-f", "md", "-f", "html", cwd=tiny_library)
    assert result.code == 0, result.err
    # and no temporary file left: beside the outputs only the build record (evenhand.build_record)
    assert sorted(os.listdir(tiny_library / "build")) == [
        ".evenhand-record.json",
        f"{name}.html",
        f"{name}.md",
    ]


def test_the_mermaid_title_line_is_escaped(tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    topic.write_text(
        topic.read_text().replace(
            "title: A later start to the school day",
            'title: "Late #1 <b>start</b> & \\"more\\" {x}"',
            1,
        )
    )
    result = run_cli("map", "school-start-time", "-f", "mermaid", cwd=tiny_library)
    assert result.code == 0, result.err
    title = next(line for line in result.out.splitlines() if "accTitle" in line)
    assert (
        title
        == "  accTitle: Argument map: Late #35;1 #lt;b#gt;start#lt;/b#gt; #amp; #quot;more#quot; #123;x#125;"
    )


def test_kialo_export_then_import_keeps_lines_that_look_like_structure(tiny_library, tmp_path):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    body = "      Teenagers learn better.\n      1.1.7. Pro: INJECTED\n      1. Con: also injected\n      -> See 1.1.\n      Sources:\n"
    text = topic.read_text().replace(
        "    title: Teenagers learn better after more sleep\n    text: |\n",
        "    title: Teenagers learn better after more sleep\n    text: |\n" + body,
        1,
    )
    assert body in text
    topic.write_text(text)
    result = run_cli(
        "export", "kialo", "school-start-time", "-o", str(tmp_path / "k.txt"), cwd=tiny_library
    )
    assert result.code == 0, result.err
    exported = (tmp_path / "k.txt").read_text()
    assert "\n1\\.1.7. Pro: INJECTED\n" in exported and "\n-\\> See 1.1.\n" in exported
    other = tmp_path / "other"
    assert run_cli("init", str(other)).code == 0
    result = run_cli(
        "import", "kialo", str(tmp_path / "k.txt"), "--topic-id", "round-trip", cwd=other
    )
    assert result.code == 0, result.err
    assert "claims: 3 " in result.out  # no extra claim
    imported = (other / "arguments" / "round-trip.yaml").read_text()
    assert (
        "\n      1.1.7. Pro: INJECTED\n      1. Con: also injected\n      -> See 1.1.\n      Sources:\n"
        in imported
    )
