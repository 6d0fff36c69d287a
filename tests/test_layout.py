"""The house rules of the code, read from the source with `ast`: what may import what (README, Development)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "evenhand"
# read, model and check: no output formats, no command line
LOWER_ROOMS = (
    "readers",
    "checks",
    "core",
)
ONLY_CLI = ("typer", "rich")  # the terminal belongs to cli/
# pipelines drive readers, checks and writers; __main__ starts the CLI
PIPELINE = {
    "evenhand.build",
    "evenhand.build_formats",
    "evenhand.jobs",
    "evenhand.import_plan",
    "evenhand.__main__",
}


def room(module: str) -> str:
    """cli, writers, readers, checks, or core (the models and the pure steps between them)."""
    parts = module.split(".")
    return (
        parts[1]
        if len(parts) > 1 and parts[1] in ("cli", "writers", "readers", "checks")
        else "core"
    )


def imports() -> dict[str, set[str]]:
    """Module name → the absolute names of the modules it imports (at any depth, lazy imports too)."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
        module = ".".join(parts if parts[-1] != "__init__" else parts[:-1])
        names = found.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join([*base, node.module] if node.module else base)
                names.add(target)
                # `from pkg import module`
                names.update(f"{target}.{alias.name}" for alias in node.names)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    """The import graph, read once for the module's tests (each read parses every source file)."""
    return imports()


def test_the_scan_sees_the_pipeline(graph):
    assert {
        "evenhand.assemble",
        "evenhand.readers.library",
        "evenhand.writers.markdown",
        "evenhand.cli.app",
    } <= set(graph)
    # the scan reads `from x import y` imports
    assert "evenhand.assemble" in graph["evenhand.build"]
    assert any(name.startswith("typer") for name in graph["evenhand.cli.app"])


def test_readers_checks_and_the_core_never_import_the_cli_or_the_writers(graph):
    wrong = sorted(
        f"{module} imports {name}"
        for module, names in graph.items()
        if room(module) in LOWER_ROOMS and module not in PIPELINE
        for name in names
        if name.startswith("evenhand.") and name in graph and room(name) in ("cli", "writers")
    )
    assert wrong == []


def test_the_writers_never_import_the_cli(graph):
    wrong = sorted(
        f"{module} imports {name}"
        for module, names in graph.items()
        if room(module) == "writers"
        for name in names
        if name.startswith("evenhand.") and name in graph and room(name) == "cli"
    )
    assert wrong == []


def test_only_the_cli_talks_to_the_terminal(graph):
    wrong = sorted(
        f"{module} imports {name}"
        for module, names in graph.items()
        if room(module) != "cli" and module not in PIPELINE
        for name in names
        if name.split(".")[0] in ONLY_CLI
    )
    assert wrong == []


def test_the_tests_import_their_shared_module_by_one_name():
    """`conftest`, as pytest imports it: `tests.conftest` would be a second copy of the module,
    whose import-time set-up (the assertion rewriting it runs untraced, its path entry) runs
    again and whose state is not the one pytest's fixtures use."""
    tests = Path(__file__).resolve().parent
    wrong = sorted(
        f"{path.name}:{node.lineno}"
        for path in tests.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.ImportFrom) and _in_tests_package(node.module or ""))
        or (isinstance(node, ast.Import) and any(_in_tests_package(a.name) for a in node.names))
    )
    assert wrong == []


def _in_tests_package(module: str) -> bool:
    return module == "tests" or module.startswith("tests.")
