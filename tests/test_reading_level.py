"""Reading grades: per claim in `show`, per position in the balance table, the recipe's limit, the gap warning."""

from __future__ import annotations

import functools
import json
import re
import shutil
import statistics
from pathlib import Path

import pytest

from tests.conftest import REPO, run_python

FIXTURE = REPO / "tests" / "fixtures" / "md-library"
SPANISH = REPO / "tests" / "fixtures" / "es-library"

S1 = "Phones distract from learning. Students who keep phones on their desks remember less of the lesson."


@pytest.fixture
def small(tmp_path: Path) -> Path:
    dest = tmp_path / "lib"
    shutil.copytree(FIXTURE, dest)
    return dest


@functools.cache
def _textstat():
    """textstat as its users get it, with the CMU dictionary (1 s to load: only when asked).
    A new instance: evenhand makes its own without the dictionary, and when it imports
    textstat first, the module's default instance is made without it too."""
    from textstat.textstat import textstatistics

    return textstatistics()


def fk(text: str) -> float:
    """textstat's own grade: the oracle."""
    return round(_textstat().flesch_kincaid_grade(text), 1)


def test_show_prints_each_claims_flesch_kincaid_grade(cli, small):
    result = cli("show", "phone-ban", "-L", str(small))
    assert result.code == 0
    assert (
        f"  [pb-s1] Phones distract from learning\n      reading grade {fk(S1):.1f}\n" in result.out
    )
    assert "Reading grades: Flesch-Kincaid" in result.out


def test_balance_table_json_and_appendix_give_median_and_range_per_position(cli, small, tmp_path):
    out = tmp_path / "b.json"
    result = cli(
        "build",
        "-L",
        str(small),
        "--topic",
        "phone-ban",
        "--balance",
        "warn",
        "--format",
        "json",
        "--format",
        "md",
        "-o",
        str(out),
    )
    assert result.code == 0, result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    s1 = next(c for c in data["claims"] if c["id"] == "pb-s1")
    assert s1["grade"] == fk(S1)
    for row in data["balance"]:
        grades = [c["grade"] for c in data["claims"] if c["position"] == row["position"]]
        assert row["grade"] == {
            "median": round(statistics.median(grades), 1),
            "min": min(grades),
            "max": max(grades),
        }
    # the terminal's balance table has the grade column
    assert re.search(
        r"Position\s+Claims\s+Words\s+Evidence\s+Quoted\s+Noted\s+Context\s+2nd-hand\s+Grade",
        result.out,
    )
    supporters = next(r for r in data["balance"] if r["position"] == "supporters")
    assert re.search(
        rf"Supporters\s+1\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+%\s+{supporters['grade']['median']:.1f}\n",
        result.out,
    )
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert (
        "| Position | Claims | Words | Evidence items | Quoted | With a note | Context noted | Second-hand claims | Reading grade |"
        in md
    )
    assert "| Supporters | 1 | " in md and f" | {supporters['grade']['median']:.1f} |" in md


def test_recipe_reading_level_warns_about_claims_above_it(cli, small, tmp_path):
    (small / "briefs").mkdir()
    (small / "briefs" / "easy.yaml").write_text(
        "title: Easy\ntopics: [phone-ban]\nformats: [md]\nbalance: warn\nreading-level: 3\n",
        encoding="utf-8",
    )
    result = cli("build", "-L", str(small), "easy", "-o", str(tmp_path / "e.md"))
    assert result.code == 0
    assert (
        f"warning: reading level: claim 'pb-s1' (S1) reads at grade {fk(S1):.1f}, above the recipe's reading-level 3"
        in result.err
    )


def test_positions_more_than_two_grades_apart_get_a_warning(cli, small, tmp_path):
    path = small / "arguments" / "phone-ban.yaml"
    text = path.read_text(encoding="utf-8")
    hard = (
        "Notwithstanding considerable methodological heterogeneity, longitudinal investigations "
        "consistently demonstrate that unrestricted communication technologies substantially "
        "compromise individualized educational accommodations."
    )
    text = text.replace("Young carers and students with health needs rely on their phones.", hard)
    path.write_text(text, encoding="utf-8")
    result = cli(
        "build",
        "-L",
        str(small),
        "--topic",
        "phone-ban",
        "--balance",
        "warn",
        "--format",
        "md",
        "-o",
        str(tmp_path / "x.md"),
    )
    assert result.code == 0
    assert re.search(
        r"warning: reading level: position 'critics-left' reads at grade [\d.]+ \(median\), [\d.]+ grades above '(supporters|critics-right)'",
        result.err,
    )


def test_a_spanish_library_is_measured_with_fernandez_huerta(cli, tmp_path):
    from evenhand.readability import ease_to_grade

    out = tmp_path / "es.json"
    result = cli("build", "-L", str(SPANISH), "folleto", "--format", "json", "-o", str(out))
    assert result.code == 0, result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["reading_formula"] == "Fernández-Huerta"
    claim = next(c for c in data["claims"] if c["id"] == "am-s2")
    passage = (
        "La cooperación reparte el trabajo entre los dos países. Ningún país puede atender solo a todas "
        "las personas que piden asilo. Si trabajan juntos, cada uno hace una parte."
    )
    from evenhand.readability import _textstatistics

    ts = _textstatistics()  # a textstat instance made without the CMU dictionary (English only)
    ts.set_lang("es")
    assert claim["grade"] == round(ease_to_grade(ts.fernandez_huerta(passage)), 1)


def test_ease_to_grade_follows_fleschs_table():
    from evenhand.readability import ease_to_grade

    assert ease_to_grade(100) == 4.0
    assert ease_to_grade(90) == 5.0
    assert ease_to_grade(65) == 8.0  # between 70 (grade 7) and 60 (grade 9)
    assert ease_to_grade(40) == 14.0
    assert ease_to_grade(-5) == 18.0


def test_grading_prints_no_warning_about_textstats_pkg_resources(tmp_path):
    """textstat 0.7.5 imports pkg_resources; the setuptools the test extra pins (81, the newest
    evenhand allows) warns about that on import, and evenhand keeps the warning off the
    terminal. In a fresh interpreter, where warnings show once."""
    warns = run_python(
        "import warnings; warnings.simplefilter('error'); import pkg_resources", cwd=tmp_path
    )
    assert "pkg_resources is deprecated" in warns.stderr  # this setuptools does warn
    graded = run_python(
        "import warnings; warnings.simplefilter('default')\n"
        "from evenhand.readability import grade\n"
        f"print(grade({S1!r}))",
        cwd=tmp_path,
    )
    assert graded.returncode == 0, graded.stderr
    assert float(graded.stdout) > 0 and graded.stderr == ""
