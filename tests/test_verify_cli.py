"""`evenhand verify --texts DIR`: what a user sees (exit codes, exact lines)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SOURCES_DIR, write

needs_sources = pytest.mark.skipif(
    not SOURCES_DIR.is_dir(), reason=f"no source texts in {SOURCES_DIR}"
)

TOPIC = """\
topic: asylum
title: Asylum in Mexico
background: |
  Critics say that Mexico still treats migrants as potential security threats, despite some efforts at reform.
claims:
  - id: as-s1
    position: supporters
    title: The agency grew
    text: Its budget and its staff doubled.
    evidence:
      - source: report
        locator: p. 1
        quote: "The agency doubled its budget and staffing"
      - source: report
        quote: "doubled its budget ... the agency still faces significant bottlenecks"
"""

SOURCES = """\
- id: report
  type: report
  title: A report on asylum
  issued: "2021"
  text: report.txt
"""

TEXT = """\
# A report on asylum

Mexico still treats migrants as potential security threats, despite some efforts at reform.
The agency doubled its budget and staffing in two years.<sup>4</sup> Even so, the agency still
faces significant bottlenecks.
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A library of one topic and one source, with the source's text in texts/."""
    root = tmp_path / "small"
    write(root / "arguments" / "asylum.yaml", TOPIC)
    write(root / "seeds" / "sources.yaml", SOURCES)
    write(root / "texts" / "report.txt", TEXT)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- a small library of our own -----------------------------------------------------------


def test_quotations_found_and_copied_wording_warned(cli, small: Path) -> None:
    result = cli("verify", "--texts", "texts", cwd=small)
    assert result.code == 0, result.err
    assert result.lines == [
        "arguments/asylum.yaml:3:13: warning: background repeats 13 words of report.txt: "
        '"Mexico still treats migrants as potential security threats, despite some efforts at reform"'
    ]
    assert (
        result.err
        == "2 quotations verified in 1 sources; 0 not found; 1 copied-wording warnings; 0 context warnings; 0 close-paraphrase warnings\n"
    )


def test_strict_makes_copied_wording_an_error(cli, small: Path) -> None:
    result = cli("verify", "--texts", "texts", "--strict", cwd=small)
    assert result.code == 1
    assert result.lines[0].startswith(
        "arguments/asylum.yaml:3:13: error: background repeats 13 words of report.txt"
    )


def test_a_changed_word_fails_with_the_closest_passage(cli, small: Path) -> None:
    edit(
        small / "arguments" / "asylum.yaml",
        "faces significant bottlenecks",
        "faces serious bottlenecks",
    )
    result = cli("verify", "--texts", "texts", cwd=small)
    assert result.code == 1
    assert result.lines[1:] == [
        "arguments/asylum.yaml:15:16: error: quotation not found in report.txt",
        "texts/report.txt:4:79: info: part 2 of 2: closest passage (83% alike): "
        '"the agency still faces significant bottlenecks"',
    ]
    assert "1 quotations verified in 1 sources; 1 not found;" in result.err


def test_pieces_out_of_order_are_explained(cli, small: Path) -> None:
    edit(
        small / "arguments" / "asylum.yaml",
        '"doubled its budget ... the agency still faces significant bottlenecks"',
        '"the agency still faces significant bottlenecks ... doubled its budget"',
    )
    result = cli("verify", "--texts", "texts", cwd=small)
    assert result.code == 1
    assert result.lines[1:] == [
        "arguments/asylum.yaml:15:16: error: quotation not found in report.txt",
        "texts/report.txt:4:79: info: each part of the quotation is in the text, "
        "but not in this order within 100 words of each other",
    ]


def test_a_long_quotation_is_a_warning(cli, small: Path) -> None:
    words = " ".join(["word"] * 50)
    write(small / "texts" / "report.txt", TEXT + words + "\n")
    edit(
        small / "arguments" / "asylum.yaml",
        '"The agency doubled its budget and staffing"',
        f'"{words}"',
    )
    result = cli("verify", "--texts", "texts", cwd=small)
    assert result.code == 0, result.out
    assert (
        "arguments/asylum.yaml:13:16: warning: quotation is 50 words long; keep quotations under 50 words"
        in result.lines
    )


def test_a_missing_text_file_is_one_error_at_the_source(cli, small: Path) -> None:
    (small / "texts" / "report.txt").unlink()
    result = cli("verify", "--texts", "texts", cwd=small)
    assert result.code == 1
    assert result.lines == [
        "seeds/sources.yaml:5:9: error: source text file 'report.txt' not found in texts"
    ]
    assert (
        result.err
        == "0 quotations verified in 0 sources; 0 not found; 0 copied-wording warnings; 0 context warnings; 0 close-paraphrase warnings\n"
    )


def test_a_text_name_that_is_a_path_is_refused(cli, small: Path) -> None:
    write(small / "secret.txt", TEXT)
    edit(small / "seeds" / "sources.yaml", "text: report.txt", "text: ../secret.txt")
    result = cli("verify", "--texts", "texts", cwd=small)
    assert result.code == 1
    assert result.lines == [
        "seeds/sources.yaml:5:9: error: text '../secret.txt' must be a file name in the texts folder, not a path"
    ]


def test_sources_without_a_text_are_skipped_with_one_line(
    cli, tiny_library: Path, tmp_path: Path
) -> None:
    (tmp_path / "texts").mkdir()
    result = cli("verify", "--texts", str(tmp_path / "texts"), cwd=tiny_library)
    assert result.code == 0, result.err
    assert result.lines == [
        "seeds/sources.yaml:2:3: info: source 'class-survey' has no text file (`text:`): "
        "skipped, 3 quotation(s) not checked"
    ]


def test_json_format(cli, small: Path) -> None:
    edit(small / "arguments" / "asylum.yaml", "and staffing", "and salaries")
    result = cli("verify", "--texts", "texts", "--format", "json", cwd=small)
    assert result.code == 1
    found = json.loads(result.out)
    assert [(p["severity"], p["code"], p["where"]["line"]) for p in found] == [
        ("warning", "copied-wording", 3),
        ("error", "quote-not-found", 13),
        ("info", "quote-hint", 4),
    ]


@pytest.mark.parametrize("make", ["missing", "file"])
def test_texts_folder_that_is_not_a_folder_is_a_command_line_error(
    cli, small: Path, make: str
) -> None:
    if make == "file":
        write(small / "notes.txt", "x")
    name = "nope" if make == "missing" else "notes.txt"
    result = cli("verify", "--texts", name, cwd=small)
    assert result.code == 2
    what = "does not exist" if make == "missing" else "is not a folder"
    assert result.err == f"evenhand: error: texts folder '{name}' {what}\n"


def test_texts_option_is_required(cli, small: Path) -> None:
    result = cli("verify", cwd=small)
    assert result.code == 2
    assert "--texts" in result.err


# --- the bundled library against ../shared/sources ----------------------------------------


def _quotes_in(root: Path) -> int:
    count = 0
    for path in (root / "arguments").rglob("*.yaml"):
        count += len(re.findall(r"^\s*(?:- )?quote:", path.read_text(encoding="utf-8"), re.M))
    return count


@needs_sources
def test_every_quotation_of_the_bundled_library_is_in_its_source(cli) -> None:
    result = cli("verify", "--texts", str(SOURCES_DIR), cwd=REPO)
    assert [line for line in result.lines if ": error:" in line] == []
    assert result.code == 0
    assert result.err.startswith(
        f"{_quotes_in(REPO)} quotations verified in 5 sources; 0 not found;"
    )


def _first_quote(root: Path) -> tuple[Path, int, int, str, str]:
    """A one-line quotation in a topic file: (file, line, col of its value, the quotation, its text file)."""
    texts = {
        s["id"]: s.get("text")
        for s in yaml.safe_load((root / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    }
    files = sorted(
        (root / "arguments").glob("*.yaml"), key=lambda p: p.name != "labor-pathways.yaml"
    )
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        source = None
        for i, line in enumerate(lines):
            if m := re.match(r"^\s*(?:- )?source: (\S+)\s*$", line):
                source = m.group(1)
            m = re.match(r'^\s*(?:- )?quote: (")([^"\\]+)"\s*$', line)
            if m and source in texts and texts[source] and len(m.group(2).split()) >= 8:
                return path, i + 1, m.start(1) + 1, m.group(2), texts[source]
    raise AssertionError("no one-line quotation in the bundled library")


@needs_sources
def test_a_quotation_changed_by_one_word_fails_at_its_line(cli, library_copy: Path) -> None:
    path, line, col, quote, text_file = _first_quote(library_copy)
    words = quote.split()
    i = next(
        i for i in range(len(words) // 2, len(words)) if words[i].isalpha() and len(words[i]) > 3
    )
    changed = " ".join([*words[:i], "zebras", *words[i + 1 :]])
    edit(path, f'"{quote}"', f'"{changed}"')
    result = cli("verify", "--texts", str(SOURCES_DIR), cwd=library_copy)
    assert result.code == 1
    rel = path.relative_to(library_copy).as_posix()
    errors = [ln for ln in result.lines if ": error:" in ln]
    assert errors == [f"{rel}:{line}:{col}: error: quotation not found in {text_file}"]
    hint = result.lines[result.lines.index(errors[0]) + 1]
    assert (
        hint.startswith(f"{SOURCES_DIR.as_posix()}/{text_file}:")
        and ": info: closest passage (" in hint
    )
    assert words[i] in hint and "zebras" not in hint
