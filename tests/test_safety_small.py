"""Smaller holes: concurrent imports, long names, the Mermaid title line, Kialo lines that look like structure."""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from pathlib import Path

from conftest import run_cli, write

KIALO = """Discussion Title: Should the library open on Sundays?

1. Should the library open on Sundays?
1.1. Pro: Families have time on Sundays.
1.2. Con: Staff need a day off.
"""


def test_two_imports_of_one_discussion_do_not_replace_each_other(tiny_library, tmp_path):
    """Two processes import one discussion at once: one writes the topic, the other is refused.
    Forked from this one (the CLI already loaded), so that both start together and five rounds
    cost no interpreter start-up; each runs the CLI as `python -m evenhand` would."""
    source = write(tmp_path / "sundays.txt", KIALO)
    args = ["import", "kialo", str(source), "--topic-id", "sundays"]
    dry = run_cli(*args, "--dry-run", cwd=tiny_library)  # loads here what the children will run
    topic = tiny_library / "arguments" / "sundays.yaml"
    assert dry.code == 0, dry.err
    assert not topic.exists()
    for round_ in range(5):
        if topic.exists():
            topic.unlink()
        errs = [tmp_path / f"err-{round_}-{i}.txt" for i in range(2)]
        gate, opens = os.pipe()
        pids = [_fork_cli(args, tiny_library, err, gate) for err in errs]
        os.close(gate)
        os.write(opens, b"go")  # both children are waiting: they start together
        os.close(opens)
        results = [
            (_wait(pid), err.read_text(encoding="utf-8"))
            for pid, err in zip(pids, errs, strict=True)
        ]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        loser = next(err for code, err in results if code == 1)
        assert "already exists" in loser and "nothing written (pass --force to replace)" in loser
        assert not [n for n in os.listdir(tiny_library / "arguments") if n.endswith(".part")]


def _fork_cli(args: list[str], cwd: Path, err_path: Path, gate: int) -> int:
    """A child process running the CLI with ``args`` in ``cwd`` once a byte can be read from
    ``gate``, its standard error to ``err_path``; its exit status is the CLI's."""
    from evenhand.cli import main

    pid = os.fork()
    if pid:
        return pid
    code = 70  # the child could not run the CLI: the test reports the status
    try:
        os.read(gate, 1)
        os.chdir(cwd)
        with open(err_path, "w", encoding="utf-8") as err, open(os.devnull, "w") as out:
            sys.stdout, sys.stderr = out, err
            try:
                main(args)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            except BaseException:  # reported in the test's message, with the status 70
                traceback.print_exc(file=err)
    finally:
        os._exit(code)


def _wait(pid: int, limit: float = 120) -> int:
    """The exit status of child ``pid``; a child still running after ``limit`` seconds is
    killed and the test fails."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"the import in process {pid} did not end in {limit} s")


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
