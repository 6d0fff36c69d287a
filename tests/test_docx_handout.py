"""Word output (`--format docx`) of the handout and the one-pager, opened with python-docx as Word would read it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, write
from docx_check import (
    accessibility_problems,
    clean,
    document_language,
    header_row_marked,
    headings,
    hyperlinks,
    open_docx,
    pictures,
    table_text,
)

from evenhand.assemble import assemble
from evenhand.readers.library import load_library

EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}  # 2024-05-01
HAS_DOT = shutil.which("dot") is not None


def brief_of(lib: Path, recipe: str, **changes):
    library, _ = load_library(str(lib))
    r = library.recipes[recipe]
    if changes:
        r = r.model_copy(update=changes)
    return assemble(library, r, date="2024-05-01")


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    """The bundled library with a URL on one source and a link in one claim, and its handout as .docx."""
    lib = tmp_path_factory.mktemp("docx") / "lib"
    repo = Path(__file__).resolve().parent.parent
    for name in ("arguments", "seeds", "briefs"):
        shutil.copytree(repo / name, lib / name)
    seeds = lib / "seeds" / "sources.yaml"
    text = seeds.read_text(encoding="utf-8")
    text = text.replace(
        "  publisher: Wilson Center Mexico Institute\n",
        "  publisher: Wilson Center Mexico Institute\n  URL: https://www.wilsoncenter.org/program/mexico-institute\n",
        1,
    )
    seeds.write_text(text, encoding="utf-8")
    result = run_cli(
        "build", "briefs/migration-handout.yaml", "--format", "docx", cwd=lib, env=EPOCH
    )
    return lib, result, lib / "build" / "migration-handout.docx"


def test_handout_outline_is_the_question_positions_and_claims_in_order(handout):
    lib, result, path = handout
    assert result.code == 0, result.err
    assert "→ build/migration-handout.docx" in result.out
    brief = brief_of(lib, "migration-handout")
    document = open_docx(path)
    assert (
        document.paragraphs[1].style.name == "Title" and document.paragraphs[1].text == brief.title
    )
    expected = [
        (1, " ".join(brief.question.split())),
        (1, "The positions at a glance"),
        (1, "Key terms"),
        (1, "Background"),
        (1, "Key facts"),
    ]
    for section in brief.sections:
        expected.append(
            (
                1,
                f"{section.letter} {section.position.label} "
                f"{ {'pro': 'FOR', 'con': 'AGAINST'}[section.position.stance] }",
            )
        )
        expected += [(2, f"{bc.label} {bc.claim.title}") for bc in section.claims]
    expected += [
        (1, "Where they clash"),
        (1, "Questions for discussion"),
        (1, "Appendix: balance of this brief"),
        (1, "Sources"),
        (1, "Argument map"),
    ]
    got = [(h.level, h.text) for h in headings(document)]
    assert got[: len(expected)] == expected
    assert all(level == 2 and text.startswith("Map ") for level, text in got[len(expected) :])
    claims = [h for h in headings(document) if h.level == 2 and not h.text.startswith("Map ")]
    assert {h.style for h in claims} == {"Heading 2"}
    assert len(claims) == len(brief.claims) == 9


def test_handout_tables_have_header_rows(handout):
    lib, _, path = handout
    brief = brief_of(lib, "migration-handout")
    glance, balance = open_docx(path).tables
    assert header_row_marked(glance) and header_row_marked(balance)
    assert table_text(glance)[0] == [f"{s.letter} {s.position.label}" for s in brief.sections]
    assert table_text(balance) == [
        [
            "Position",
            "Claims",
            "Words",
            "Evidence",
            "Quoted",
            "Notes",
            "Context",
            "2nd-hand",
            "Reading grade",
        ]
    ] + [
        [
            r.position.label,
            str(r.claims),
            str(r.words),
            str(r.evidence),
            str(r.quoted),
            str(r.noted),
            str(r.acknowledged),
            f"{round(r.second_hand * 100)}%",
            f"{r.grade_median:.1f}"
            + (f" ({r.grade_min:.1f}–{r.grade_max:.1f})" if r.grade_min != r.grade_max else ""),
        ]
        for r in brief.balance
    ]


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot not installed")
def test_handout_map_is_a_png_with_alt_text_then_its_outline(handout):
    _, _, path = handout
    document = open_docx(path)
    shots = pictures(document)
    assert len(shots) >= 1
    for attrs in shots:
        assert attrs["descr"].startswith(
            "Argument map of the question “Should the United States manage migration"
        )
    images = [p for p in zipfile.ZipFile(path).namelist() if p.startswith("word/media/")]
    assert images and all(name.endswith(".png") for name in images)
    texts = [clean(p.text) for p in document.paragraphs]
    start = texts.index("Argument map")
    outline = [p for p in document.paragraphs[start:] if p.style.name.startswith("List Bullet")]
    assert outline[0].text.startswith("Question: Should the United States")
    assert any(
        p.style.name == "List Bullet 2"
        and p.text.startswith("L3 (Critics on the left) attacks the question")
        for p in outline
    )


def test_handout_citations_come_from_citeproc_with_links(handout):
    _, _, path = handout
    document = open_docx(path)
    links = hyperlinks(document)
    assert (
        "https://www.wilsoncenter.org/program/mexico-institute",
        "https://www.wilsoncenter.org/program/mexico-institute",
    ) in links
    entries = [clean(p.text) for p in document.paragraphs if p.style.name == "Reference"]
    # APA: alphabetical, unnumbered (a bracketed description sorts by its first word)
    assert entries[0].startswith("Cole, K., Hydari, Z., Martín Gil, A., & Norman, K. (2021).")
    assert entries[3].startswith(
        "[Policy brief on the Collaborative Migration Management Strategy, with its supporters and critics]. (2022)."
    )
    assert entries[4].startswith("Selee, A., Tanco, A., & Ruiz Soto, A. G. (2021).")
    text = " ".join(p.text for p in document.paragraphs)
    assert not re.search(r"\[\d+\]", text)  # no reference numbers anywhere
    facts = [
        p.text
        for p in document.paragraphs
        if p.style.name == "List Bullet" and "asylum requests since 2014" in p.text
    ]
    # a key fact cites as the evidence does
    assert facts and facts[0].endswith("(Selee et al., 2021)")
    cites = [
        r.text
        for p in document.paragraphs
        for r in p.runs
        if r.style is not None and r.style.name == "Citation"
    ]
    assert "(Giorguli & Selee, 2021)" in cites
    italic = [
        r.text
        for p in document.paragraphs
        if p.style.name == "Reference"
        for r in p.runs
        if r.italic
    ]
    assert "Migration Information Source" in " ".join(italic)  # citeproc's italics kept


def test_handout_properties_language_and_page(handout):
    lib, _, path = handout
    brief = brief_of(lib, "migration-handout")
    document = open_docx(path)
    props = document.core_properties
    assert props.title == brief.title
    assert props.subject == " ".join(brief.question.split()) or props.subject == brief.question
    assert props.author == "evenhand sample library"
    assert props.language == "en-US" and document_language(document) == "en-US"
    assert props.created.date().isoformat() == "2024-05-01"
    section = document.sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (
        8.5,
        11.0,
    )
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_handout_passes_the_accessibility_checks(handout):
    _, _, path = handout
    assert accessibility_problems(open_docx(path)) == []


def test_same_inputs_same_bytes_and_a4(handout, tmp_path):
    lib, _, path = handout
    again = tmp_path / "again.docx"
    result = run_cli(
        "build", "migration-handout", "--format", "docx", "-o", str(again), cwd=lib, env=EPOCH
    )
    assert result.code == 0, result.err
    assert again.read_bytes() == path.read_bytes()
    a4 = tmp_path / "a4.docx"
    assert (
        run_cli(
            "build",
            "migration-handout",
            "-f",
            "docx",
            "--paper",
            "a4",
            "-o",
            str(a4),
            cwd=lib,
            env=EPOCH,
        ).code
        == 0
    )
    section = open_docx(a4).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_markdown_link_in_a_claim_is_a_hyperlink_and_unsafe_schemes_are_text(tiny_library):
    topic = next((tiny_library / "arguments").glob("*.yaml"))
    data = yaml.safe_load(topic.read_text(encoding="utf-8"))
    data["claims"][0]["text"] = (
        "See [the survey](https://example.org/survey) and [this](javascript:alert(1)) "
        "with *emphasis* and <b>raw</b>."
    )
    topic.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tiny_library / "tiny.docx"
    result = run_cli(
        "build",
        "--topic",
        data["topic"],
        "--format",
        "docx",
        "-o",
        str(out),
        cwd=tiny_library,
        env=EPOCH,
    )
    assert result.code == 0, result.err
    document = open_docx(out)
    assert ("the survey", "https://example.org/survey") in hyperlinks(document)
    assert all("javascript" not in url for _, url in hyperlinks(document))
    paragraph = next(p for p in document.paragraphs if "See " in p.text)
    assert "this with emphasis and <b>raw</b>." in clean(paragraph.text)
    assert any(r.italic and r.text == "emphasis" for r in paragraph.runs)
    assert accessibility_problems(document) == []


def test_own_template_and_docx_is_a_clear_error(library_copy):
    write(library_copy / "templates" / "poster.html.j2", "<p>{{ brief.title }}</p>\n")
    result = run_cli(
        "build",
        "--topic",
        "labor-pathways",
        "--template",
        "poster",
        "--format",
        "docx",
        "--format",
        "html",
        "-o",
        str(library_copy / "out" / "poster.docx"),
        cwd=library_copy,
    )
    assert result.code == 1
    assert (
        "--topic: error: Word output (docx) is made for the built-in templates (handout, one-pager, cards), "
        "not for template 'poster'" in result.err
    )
    assert "Traceback" not in result.err
    assert not (library_copy / "out").exists()  # nothing written, not even the HTML


def test_one_pager_docx_has_a_column_per_position(library_copy):
    out = library_copy / "one.docx"
    result = run_cli(
        "build",
        "labor-pathways-one-pager",
        "--format",
        "docx",
        "-o",
        str(out),
        cwd=library_copy,
        env=EPOCH,
    )
    assert result.code == 0, result.err
    brief = brief_of(library_copy, "labor-pathways-one-pager")
    document = open_docx(out)
    got = [(h.level, h.text) for h in headings(document)]
    expected = [(1, " ".join(brief.question.split()))]
    for s in brief.sections:
        expected += [(1, f"{s.letter} {s.position.label}")] + [
            (2, bc.claim.title) for bc in s.claims
        ]
    assert got == expected
    cols = [
        s._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cols")
        for s in document.sections
    ]
    assert [
        c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num") for c in cols
    ] == [None, "3", "1"]
    assert accessibility_problems(document) == []
    line = clean(document.paragraphs[-2].text)
    # APA: no reference numbers
    assert line.startswith("Sources: ") and not re.search(r"\[\d+\]", line)
    at = [
        line.index(who)
        for who in ("Giorguli and Selee, 2021", "Migration Policy Institute, 2024", "Selee, Tanco")
    ]
    assert at == sorted(at)  # in alphabetical order of what the line shows


def test_without_graphviz_the_handout_keeps_the_outline(tiny_library, tmp_path):
    import os
    import sys

    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python")
    out = tiny_library / "nodot.docx"
    result = run_cli(
        "build",
        "handout",
        "--format",
        "docx",
        "-o",
        str(out),
        cwd=tiny_library,
        env={**EPOCH, "PATH": str(bindir)},
    )
    assert result.code == 0, result.err
    assert "Graphviz `dot` is not installed" in result.err
    document = open_docx(out)
    assert pictures(document) == []
    texts = [clean(p.text) for p in document.paragraphs]
    assert "Argument map" in texts
    assert any(t.startswith("Question: ") for t in texts[texts.index("Argument map") :])


def test_validate_reports_docx_of_an_own_template_at_its_format(library_copy):
    write(library_copy / "templates" / "poster.html.j2", "<p>{{ brief.title }}</p>\n")
    write(
        library_copy / "briefs" / "poster.yaml",
        "title: Poster\ntopics: [labor-pathways]\ntemplate: poster\nformats: [html, docx]\n",
    )
    result = run_cli("validate", cwd=library_copy)
    assert result.code == 1
    assert (
        "briefs/poster.yaml:4:17: error: Word output (docx) is made for the built-in templates "
        "(handout, one-pager, cards), not for template 'poster'"
    ) in result.out
    built = run_cli("build", "poster", cwd=library_copy)
    assert built.code == 1 and "Word output (docx) is made for the built-in templates" in built.err


@pytest.mark.parametrize("template", ["handout", "one-pager", "cards"])
def test_control_characters_and_long_text_do_not_break_the_document(tiny_library, template):
    topic = next((tiny_library / "arguments").glob("*.yaml"))
    data = yaml.safe_load(topic.read_text(encoding="utf-8"))
    data["question"] = "Should we " + "really " * 50 + "start later?\x01"
    data["claims"][0]["title"] = "Bell\x07 rings <w:t> & more"
    topic.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tiny_library / f"odd-{template}.docx"
    result = run_cli(
        "build",
        "--topic",
        data["topic"],
        "--template",
        template,
        "-f",
        "docx",
        "-o",
        str(out),
        "--title",
        "Odd\x0b title",
        cwd=tiny_library,
        env=EPOCH,
    )
    assert result.code == 0, result.err
    document = open_docx(out)
    assert (
        len(document.core_properties.subject) <= 255
        and "\x01" not in document.core_properties.subject
    )
    assert document.core_properties.title == "Odd title"
    texts = [p.text for p in document.paragraphs]
    assert any("Bell rings <w:t> & more" in t for t in texts)


def test_bundled_handout_and_cards_recipes_build_word_too():
    repo = Path(__file__).resolve().parent.parent
    for name in ("migration-handout", "migration-cards"):
        assert (
            "docx"
            in yaml.safe_load((repo / "briefs" / f"{name}.yaml").read_text(encoding="utf-8"))[
                "formats"
            ]
        )
