"""No control character from a library reaches the terminal raw; `validate` says where each one is."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

from conftest import run_cli, write

CLEAR = "\\e[2J"  # YAML escapes, as a hostile file would write them
CLIPBOARD = "\\e]52;c;ZXZpbA==\\a"
HIDE = "\\e[8m"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile(lib) -> None:
    topic = lib / "arguments" / "school-start-time.yaml"
    text = topic.read_text()
    text = text.replace(
        "title: A later start to the school day\n",
        f'title: "Later {CLEAR}{CLIPBOARD} start {HIDE}all checks passed"\n',
        1,
    )
    text = text.replace(
        "    title: Working parents would struggle with a later start\n",
        f'    title: "Parents {HIDE}struggle\\r\\x9b"\n',
        1,
    )
    topic.write_text(text)
    sources = lib / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text().replace(
            "title: Class survey on the school start time", f'title: "Survey {CLEAR}"'
        )
    )
    write(
        lib / "arguments" / "positions.yaml",
        f"""\
- {{id: supporters, label: "Supporters {CLEAR}", stance: pro}}
- {{id: critics-left, label: Critics on the left, stance: con}}
- {{id: critics-right, label: Critics on the right, stance: con}}
""",
    )
    recipe = lib / "briefs" / "handout.yaml"
    recipe.write_text(
        recipe.read_text().replace(
            'title: "A later start to the school day: the debate"', f'title: "Debate {CLIPBOARD}"'
        )
    )


def test_validate_warns_at_each_value_with_a_control_character(tiny_library):
    hostile(tiny_library)
    result = run_cli("validate", cwd=tiny_library)
    assert result.code == 0, result.out + result.err  # warnings only
    warned = re.findall(
        r"^(\S+:\d+:\d+): warning: the value holds a control character \((\\x[0-9a-f]{2})\)",
        result.out,
        re.M,
    )
    assert ("arguments/school-start-time.yaml:4:8", "\\x1b") in warned
    assert ("seeds/sources.yaml:4:10", "\\x1b") in warned
    assert ("arguments/positions.yaml:1:27", "\\x1b") in warned
    title_line = next(
        n
        for n, line in enumerate(
            (tiny_library / "briefs" / "handout.yaml").read_text().splitlines(), 1
        )
        if line.startswith("title:")
    )
    assert (f"briefs/handout.yaml:{title_line}:8", "\\x1b") in warned
    assert ("arguments/school-start-time.yaml:32:12", "\\x1b") in warned  # a claim's title
    assert len(warned) == 5
    assert not RAW.search(result.out + result.err)


def test_no_command_prints_a_control_character(tiny_library):
    hostile(tiny_library)
    outputs = {}
    for command in (
        ["list"],
        ["show", "school-start-time"],
        ["build", "handout", "-f", "md"],
        ["build", "--all", "-f", "md", "--force"],
        ["map", "school-start-time", "-f", "outline"],
        ["show", "nothing\x1b[2J"],
        ["validate"],
    ):
        if command == ["validate"]:
            # echoed in an error message
            (tiny_library / "arguments" / "bad.yaml").write_text('topic: "bad\\e[2Jid"\ntitle: x\n')
        result = run_cli(*command, cwd=tiny_library)
        outputs[command[0] + " " + command[-1]] = result.out + result.err
        assert not RAW.search(result.out + result.err), (command, result.out + result.err)
    assert (
        "Later \\x1b[2J\\x1b]52;c;ZXZpbA==\\x07 start \\x1b[8mall checks passed"
        in outputs["list list"]
    )
    # upper case of the text, not of the escape
    assert "LATER \\x1b[2J" in outputs["show school-start-time"]
    assert "Parents \\x1b[8mstruggle\\x0d\\x9b" in outputs["show school-start-time"]
    assert "Supporters \\x1b[2J" in outputs["build md"]  # the balance table
    assert "'bad\\x1b[2Jid' is not a valid id" in outputs["validate validate"]
    assert "unknown topic 'nothing\\x1b[2J'" in outputs["show nothing\x1b[2J"]


def test_on_a_terminal_too(tiny_library):
    # the same through a pseudo-terminal, where nothing strips sequences on its own
    hostile(tiny_library)
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "evenhand", "list"],
        cwd=tiny_library,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    seen = b"".join(chunks).decode()
    assert proc.returncode == 0, seen
    assert "\x1b" not in seen and "\x07" not in seen
    assert "Later \\x1b[2J\\x1b]52;c;ZXZpbA==\\x07 start" in seen


def test_only_a_named_output_file_keeps_the_text_byte_for_byte(tiny_library, tmp_path):
    # standard output may be a terminal, piped or not: escaped; a file named with -o is the library's text as it is
    hostile(tiny_library)
    piped = run_cli("export", "kialo", "school-start-time", cwd=tiny_library)
    assert piped.code == 0 and "Later \\x1b[2J" in piped.out and not RAW.search(piped.out)
    result = run_cli(
        "export", "kialo", "school-start-time", "-o", str(tmp_path / "k.txt"), cwd=tiny_library
    )
    assert result.code == 0
    assert "Later \x1b[2J" in (tmp_path / "k.txt").read_text()
