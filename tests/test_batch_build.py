"""Many briefs at once (issue #18): the worker pool, incremental builds, one PDF worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, run_python, write

# 2026-01-01: the same date in every build
EPOCH = {
    "SOURCE_DATE_EPOCH": "1767225600",
    "CI": "true",
}


def second_topic(lib: Path) -> None:
    """A second topic, made from the starter one with other ids."""
    text = (lib / "arguments" / "school-start-time.yaml").read_text(encoding="utf-8")
    text = text.replace("school-start-time", "homework-limits").replace("sst-", "hwl-")
    text = text.replace("A later start to the school day", "Limits on homework")
    write(lib / "arguments" / "homework-limits.yaml", text)


def recipe(
    lib: Path, name: str, topic: str, *, template: str = "handout", formats: str = "[md, html]"
) -> None:
    write(
        lib / "briefs" / f"{name}.yaml",
        f"title: Brief {name}\ntopics: [{topic}]\ntemplate: {template}\nformats: {formats}\n"
        "positions: [supporters, critics-left, critics-right]\n",
    )


@pytest.fixture
def batch(tiny_library: Path) -> Path:
    """Four recipes on two topics and two templates."""
    lib = tiny_library
    (lib / "briefs" / "handout.yaml").unlink()
    second_topic(lib)
    recipe(lib, "a-school", "school-start-time")
    recipe(lib, "b-homework", "homework-limits")
    recipe(lib, "c-school-cards", "school-start-time", template="cards", formats="[md]")
    recipe(lib, "d-homework-cards", "homework-limits", template="cards", formats="[md]")
    return lib


def outputs(lib: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted((lib / "build").iterdir())
        if not p.name.startswith(".")
    }


def built_names(stdout: str) -> list[str]:
    return [line.split(" → ")[0] for line in stdout.splitlines() if " → " in line]


@pytest.mark.slow
def test_parallel_and_sequential_outputs_are_byte_identical_and_in_order(batch):
    recipe(batch, "a-school", "school-start-time", formats="[md, html, pdf]")
    one = run_cli("build", "--all", "--jobs", "1", cwd=batch, env=EPOCH)
    assert one.code == 0, one.err
    sequential = outputs(batch)
    assert set(sequential) == {
        "a-school.md",
        "a-school.html",
        "a-school.pdf",
        "b-homework.md",
        "b-homework.html",
        "c-school-cards.md",
        "d-homework-cards.md",
    }
    two = run_cli("build", "--all", "--jobs", "3", "--force", cwd=batch, env=EPOCH)
    assert two.code == 0, two.err
    assert outputs(batch) == sequential
    expected = [
        "briefs/a-school.yaml",
        "briefs/b-homework.yaml",
        "briefs/c-school-cards.yaml",
        "briefs/d-homework-cards.yaml",
    ]
    assert built_names(one.out) == built_names(two.out) == expected
    # plain progress lines, not a bar, under CI=true
    assert "[4/4] briefs/d-homework-cards.yaml" in two.err


def test_a_failing_brief_does_not_stop_the_others(batch):
    write(batch / "templates" / "broken.html.j2", "<p>{{ 1 / 0 }}</p>\n")
    recipe(batch, "broken", "school-start-time", template="broken", formats="[html]")
    result = run_cli("build", "--all", "--jobs", "2", cwd=batch, env=EPOCH)
    assert result.code == 1
    assert "templates/broken.html.j2:1:1: error: template error: ZeroDivisionError" in result.err
    assert "1 of 5 briefs not built: briefs/broken.yaml" in result.err
    assert "Traceback" not in result.err
    assert built_names(result.out) == [
        "briefs/a-school.yaml",
        "briefs/b-homework.yaml",
        "briefs/c-school-cards.yaml",
        "briefs/d-homework-cards.yaml",
    ]
    assert (batch / "build" / "a-school.html").read_text().startswith("<!doctype html>")
    assert not (batch / "build" / "broken.html").exists()
    # the good ones are up to date,
    again = run_cli("build", "--all", "--jobs", "2", cwd=batch, env=EPOCH)
    assert again.code == 1  # the broken one is tried again
    assert built_names(again.out) == []
    assert "briefs/a-school.yaml: up to date" in again.err
    assert "briefs/broken.yaml: not built" in again.err


def rebuilt(lib: Path, *args: str) -> list[str]:
    result = run_cli("build", "--all", "--jobs", "2", *args, cwd=lib, env=EPOCH)
    assert result.code == 0, result.err
    return built_names(result.out)


def test_second_build_is_up_to_date_and_force_rebuilds(batch):
    assert len(rebuilt(batch)) == 4
    result = run_cli("build", "--all", cwd=batch, env=EPOCH)
    assert result.code == 0 and result.out == ""
    assert "every brief is up to date; nothing built (--force rebuilds)" in result.err
    assert "briefs/c-school-cards.yaml: up to date" in result.err
    assert len(rebuilt(batch, "--force")) == 4
    record = json.loads((batch / "build" / ".evenhand-record.json").read_text())
    assert sorted(record["briefs"]) == [
        "a-school",
        "b-homework",
        "c-school-cards",
        "d-homework-cards",
    ]
    assert not list(batch.glob("arguments/.evenhand*")) and not list(
        batch.glob("briefs/.evenhand*")
    )


@pytest.mark.slow
def test_other_options_or_a_missing_output_rebuild(batch):
    rebuilt(batch)
    assert len(rebuilt(batch, "--max-claims", "1")) == 4
    assert len(rebuilt(batch)) == 4  # the record holds the last build's options
    (batch / "build" / "b-homework.html").unlink()
    assert rebuilt(batch) == ["briefs/b-homework.yaml"]


def test_a_changed_topic_rebuilds_exactly_the_briefs_that_use_it(batch):
    rebuilt(batch)
    topic = batch / "arguments" / "homework-limits.yaml"
    topic.write_text(topic.read_text().replace("Teenagers learn better", "Pupils learn better"))
    assert rebuilt(batch) == ["briefs/b-homework.yaml", "briefs/d-homework-cards.yaml"]
    assert "Pupils learn better" in (batch / "build" / "b-homework.md").read_text()
    assert "Pupils learn better" not in (batch / "build" / "a-school.md").read_text()
    assert rebuilt(batch) == []


def test_a_changed_template_rebuilds_every_brief_that_uses_it(batch):
    from evenhand.paths import BUILTIN_TEMPLATES_DIR

    rebuilt(batch)
    template = batch / "templates" / "cards.md.j2"
    write(template, (BUILTIN_TEMPLATES_DIR / "cards.md.j2").read_text())
    # a new file of cards
    assert rebuilt(batch) == [
        "briefs/c-school-cards.yaml",
        "briefs/d-homework-cards.yaml",
    ]
    template.write_text(template.read_text() + "\nPrinted for the club.\n")
    assert rebuilt(batch) == ["briefs/c-school-cards.yaml", "briefs/d-homework-cards.yaml"]
    assert "Printed for the club." in (batch / "build" / "d-homework-cards.md").read_text()
    source = batch / "seeds" / "sources.yaml"  # read by every brief
    source.write_text(source.read_text() + "\n")
    assert len(rebuilt(batch)) == 4


@pytest.mark.slow
def test_a_markdown_only_build_never_loads_weasyprint(batch):
    """No fork (no PDF worker) and no WeasyPrint import when no PDF is made."""
    code = (
        "import os, sys\n"
        "forks = []\n"
        "os.register_at_fork(before=lambda: forks.append(1))\n"
        "from evenhand.cli import main\n"
        "try:\n"
        "    main(['build', 'b-homework', 'c-school-cards', '--jobs', '1'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(len(forks), 'weasyprint' in sys.modules)\n"
    )
    proc = run_python(code, cwd=batch, env=EPOCH)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "0 False"
    assert (batch / "build" / "b-homework.html").is_file()


def test_templates_are_compiled_before_the_workers_fork(batch):
    """The parent compiles each task's templates before it forks its workers, which then find
    them compiled instead of each compiling them again. A broken one is left to the
    rendering to report, located."""
    from evenhand.writers import templating

    built = run_cli("build", "--all", "--jobs", "2", cwd=batch, env=EPOCH)
    assert built.code == 0, built.err
    env = templating.environment(str(batch))
    compiled = {template.name for template in env.cache.values()}  # in this process
    assert {"handout.md.j2", "handout.html.j2", "_base.html.j2", "cards.md.j2"} <= compiled
    write(batch / "templates" / "cards.md.j2", "{% if %}")
    broken = run_cli("build", "--all", "--jobs", "2", cwd=batch, env=EPOCH)
    assert broken.code == 1
    assert "templates/cards.md.j2:1:" in broken.err
