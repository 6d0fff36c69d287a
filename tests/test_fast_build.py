"""A build with nothing to do answers before Typer and pydantic load (evenhand.fast_build, issue #18)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli, run_python, write
from test_batch_build import EPOCH, built_names, recipe, second_topic

from evenhand import fast_build

EVERY = "every brief is up to date; nothing built (--force rebuilds)"
HEAVY = ("typer", "click", "pydantic", "rich", "weasyprint", "jinja2", "yaml")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """Three Markdown recipes on two topics, built once for the module: read only."""
    lib = tmp_path_factory.mktemp("fast") / "tiny"
    made = run_cli("init", str(lib))
    assert made.code == 0, made.err
    (lib / "briefs" / "handout.yaml").unlink()
    second_topic(lib)
    recipe(lib, "a-school", "school-start-time", formats="[md]")
    recipe(lib, "b-homework", "homework-limits", formats="[md]")
    recipe(lib, "c-school-cards", "school-start-time", template="cards", formats="[md]")
    first = run_cli("build", "--all", "--jobs", "1", cwd=lib, env=EPOCH)
    assert first.code == 0, first.err
    assert len(built_names(first.out)) == 3
    return lib


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A copy of that library, with its build/ and its record (file times kept), to change freely."""
    lib = tmp_path / "tiny"
    shutil.copytree(built_once, lib, symlinks=True)
    return lib


def build(lib: Path, *args: str, env: dict | None = None):
    return run_cli("build", *args, cwd=lib, env={**EPOCH, **(env or {})})


def heavy_modules_after(
    lib: Path, args: list[str], env: dict | None = None
) -> tuple[int, list[str], str, list[str]]:
    """Run `evenhand ARGS` through the console entry point in a fresh interpreter; its exit
    code, which heavy packages it imported, what it printed on standard error, and the briefs it built."""
    code = (
        "import sys\n"
        "from evenhand.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as exc:\n"
        "    code = exc.code or 0\n"
        "else:\n"
        "    code = 0\n"
        f"print(code, *sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    proc = run_python(code, cwd=lib, env={**EPOCH, **(env or {})})
    *printed, last = proc.stdout.splitlines()
    code, *heavy = last.split()
    return int(code), heavy, proc.stderr, built_names("\n".join(printed))


def test_second_build_answers_without_typer_or_pydantic(built):
    code, heavy, err, _ = heavy_modules_after(built, ["build", "--all"])
    assert (code, heavy) == (0, [])
    assert err.splitlines() == [
        "briefs/a-school.yaml: up to date",
        "briefs/b-homework.yaml: up to date",
        "briefs/c-school-cards.yaml: up to date",
        EVERY,
    ]


def test_the_fast_answer_says_what_the_full_cli_says(built):
    fast = build(built, "--all")
    full = build(built, "--all", "-j1")  # `-j1` is not read by the fast path: the full CLI answers
    assert fast.code == full.code == 0 and fast.out == full.out == ""
    assert fast.err == full.err and EVERY in fast.err
    # -f md would be another option: a rebuild
    one = build(built, "briefs/b-homework.yaml", "a-school", "-j", "2")
    assert one.code == 0 and one.out == ""
    assert one.err.splitlines() == [
        "briefs/b-homework.yaml: up to date",
        "briefs/a-school.yaml: up to date",
        EVERY,
    ]
    code, heavy, _, _ = heavy_modules_after(built / "briefs", ["build", "c-school-cards.yaml"])
    assert (code, heavy) == (0, [])  # a recipe file finds its library as the CLI does


def change(lib: Path, what: str) -> tuple[list[str], dict, list[str]]:
    """Change one thing a build depends on: the build's arguments, its environment and the
    recipes it must rebuild."""
    args, env = ["--all"], {}
    every = ["briefs/a-school.yaml", "briefs/b-homework.yaml", "briefs/c-school-cards.yaml"]
    if what == "topic":
        topic = lib / "arguments" / "homework-limits.yaml"
        topic.write_text(topic.read_text().replace("Teenagers learn better", "Pupils learn better"))
        return args, env, ["briefs/b-homework.yaml"]
    if what == "template":
        from evenhand.paths import BUILTIN_TEMPLATES_DIR

        write(
            lib / "templates" / "cards.md.j2", (BUILTIN_TEMPLATES_DIR / "cards.md.j2").read_text()
        )
        return args, env, ["briefs/c-school-cards.yaml"]
    if what == "option":
        return [*args, "-f", "html"], env, every
    if what == "recipe":
        recipe(lib, "d-homework-cards", "homework-limits", template="cards", formats="[md]")
        return args, env, ["briefs/d-homework-cards.yaml"]
    if what == "date":  # a day later: the briefs' date changes
        return args, {"SOURCE_DATE_EPOCH": "1767312000"}, every
    if what == "output":
        (lib / "build" / "a-school.md").unlink()
        return args, env, ["briefs/a-school.yaml"]
    assert what == "unknown-option"
    return [*args, "--max-claims", "1"], env, every


def test_a_change_falls_through_to_the_full_cli_in_a_real_process(built):
    args, env, expected = change(built, "topic")
    code, heavy, _, rebuilt = heavy_modules_after(built, ["build", *args], env)
    assert code == 0 and "typer" in heavy  # the full CLI ran
    assert rebuilt == expected


@pytest.mark.parametrize(
    "what", ["topic", "template", "option", "recipe", "date", "output", "unknown-option"]
)
def test_any_change_falls_through_to_the_real_build(built, what, monkeypatch):
    """The fast path's answer, asked in this process as `evenhand.cli.main` asks it (the test
    above shows, in a real process, that a fall-through runs the full CLI)."""
    args, env, expected = change(built, what)
    monkeypatch.chdir(built)
    for name, value in {**EPOCH, **env}.items():
        monkeypatch.setenv(name, value)
    assert fast_build.answer(["build", *args]) is None
    first = build(built, *args, env=env)
    assert first.code == 0, first.err
    assert built_names(first.out) == expected
    again = build(built, *args, env=env)
    assert again.code == 0 and again.out == "" and EVERY in again.err
    fast = fast_build.answer(["build", *args])
    if what == "unknown-option":  # an option the fast path does not read: always the full CLI
        assert fast is None
    else:
        assert fast == again.err.splitlines()  # answered fast now


def test_what_is_printed_has_control_characters_escaped(built, tmp_path):
    odd = tmp_path / "lib\x1b[2J"
    shutil.copytree(built, odd, symlinks=True)
    # outputs are not where the record says
    first = run_cli("build", "--all", "-L", str(odd), cwd=tmp_path, env=EPOCH)
    assert first.code == 0, first.err
    code, heavy, err, _ = heavy_modules_after(tmp_path, ["build", "--all", "-L", str(odd)])
    assert (code, heavy) == (0, [])
    assert "lib\\x1b[2J/briefs/a-school.yaml: up to date" in err
    assert "\x1b" not in err


def test_a_record_behind_a_link_out_of_the_library_is_not_read(built, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(built / "build", elsewhere)
    (built / "build").symlink_to(elsewhere)
    result = build(built, "--all")
    assert "up to date" not in result.err
    assert result.code == 1 and "outside the library" in result.err
