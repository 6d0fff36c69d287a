"""Focused briefs (--focus) and selection by tag or by claim id (--tag, --claims), through the real CLI."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli, write

PDF_TOOLS = all(shutil.which(t) for t in ("pdftotext", "pdfinfo"))
needs_poppler = pytest.mark.skipif(not PDF_TOOLS, reason="needs poppler-utils (pdftotext, pdfinfo)")
LABELS = {
    "supporters": "Supporters",
    "critics-left": "Critics on the left",
    "critics-right": "Critics on the right",
}


def pdftext(path: Path) -> str:
    return " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def topic_claims(topic: str) -> list[dict]:
    return yaml.safe_load((REPO / "arguments" / f"{topic}.yaml").read_text())["claims"]


@functools.cache
def repo_topics() -> tuple[dict, ...]:
    """The bundled library's topic files, read once (several tests ask)."""
    return tuple(
        yaml.safe_load(p.read_text())
        for p in sorted((REPO / "arguments").glob("*.yaml"))
        if p.name not in ("positions.yaml", "glossary.yaml")
    )


def tagged_topics(tag: str) -> list[dict]:
    return [t for t in repo_topics() if tag in (t.get("tags") or [])]


def sections(md: str) -> dict[str, str]:
    """The text under each `## ` heading of a Markdown brief."""
    parts = re.split(r"^## (.+)$", md, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def objections(section: str) -> dict[str, tuple[str, list[str]]]:
    """In a focused handout's Markdown: objection title → (who line, titles of its answers)."""
    out = {}
    for block in re.split(r"^### ", section, flags=re.M)[1:]:
        title = block.splitlines()[0].split(". ", 1)[1].strip()
        who = re.search(r"^\*(.+)\*$", block, re.M).group(1)
        answer = re.search(r"^\*\*Answer:\*\* (.+)$", block, re.M)
        answers = [a.split(". ", 1)[1] for a in answer.group(1).split("; ")] if answer else []
        out[title] = (who, answers)
    return out


# -- the focused brief ------------------------------------------------------------------


@pytest.mark.parametrize("focus", ["supporters", "critics-left", "critics-right"])
def test_focused_handout_answers_are_the_attacks_relations(library_copy, focus):
    result = run_cli(
        "build",
        "--topic",
        "labor-pathways",
        "--template",
        "handout",
        "--focus",
        focus,
        "-f",
        "md",
        cwd=library_copy,
    )
    assert result.code == 0, result.err
    md = (library_copy / "build" / f"labor-pathways-handout-{focus}.md").read_text()
    assert f"*Focus: {LABELS[focus]}*" in md
    # order of sections: the case, then the objections with their answers, then the rest
    heads = re.findall(r"^## (.+)$", md, re.M)
    case_at = heads.index(f"The case: {LABELS[focus]}")
    assert heads[case_at + 1] == "Objections and answers"
    parts = sections(md)
    claims = {c["id"]: c for c in topic_claims("labor-pathways")}
    title_of = {c["title"]: c for c in claims.values()}
    case = {
        title_of[t.split(". ", 1)[1]]["id"]
        for t in re.findall(r"^### (.+)$", parts[f"The case: {LABELS[focus]}"], re.M)
    }
    # three claims, max-claims 3
    assert case == {cid for cid, c in claims.items() if c["position"] == focus}

    # every claim of another position that attacks the case or that the case attacks is an objection
    engaging = {
        cid
        for cid, c in claims.items()
        if c["position"] != focus
        and (
            set(c.get("attacks") or []) & case
            or any(cid in (claims[s].get("attacks") or []) for s in case)
        )
    }
    shown = {
        **objections(parts["Objections and answers"]),
        **objections(parts.get("Not yet answered", "")),
    }
    shown_ids = {title_of[t]["id"] for t in shown}
    assert engaging <= shown_ids
    for pid in LABELS:  # every other position keeps at least its strongest (first) claim
        if pid != focus:
            first = next(c["id"] for c in claims.values() if c["position"] == pid)
            assert first in shown_ids, (pid, first)
    assert shown_ids - engaging <= {
        next(c["id"] for c in claims.values() if c["position"] == pid) for pid in LABELS
    }

    for title, (who, answers) in shown.items():
        claim = title_of[title]
        assert who.startswith(LABELS[claim["position"]])  # each objection names its position
        expected = {s for s in case if claim["id"] in (claims[s].get("attacks") or [])}
        assert {title_of[a]["id"] for a in answers} == expected, title
        targets = sorted(set(claim.get("attacks") or []) & case)
        if targets:
            assert ", against " in who
    answered = objections(parts["Objections and answers"])
    unanswered = objections(parts.get("Not yet answered", ""))
    assert all(answers for _, answers in answered.values())
    assert all(not answers for _, answers in unanswered.values())
    assert "Answer" not in parts.get("Not yet answered", "")


def test_supporters_answer_the_critics_with_their_first_two_claims(library_copy):
    result = run_cli(
        "build",
        "--topic",
        "labor-pathways",
        "--template",
        "handout",
        "--focus",
        "supporters",
        "-f",
        "md",
        cwd=library_copy,
    )
    assert result.code == 0, result.err
    md = (library_copy / "build" / "labor-pathways-handout-supporters.md").read_text()
    parts = sections(md)
    answered = objections(parts["Objections and answers"])
    titles = {c["id"]: c["title"] for c in topic_claims("labor-pathways")}
    used = {a for _, answers in answered.values() for a in answers}
    assert used == {titles["lp-s1"], titles["lp-s2"]}
    assert {titles[c] for c in ("lp-l2", "lp-l3", "lp-r1", "lp-r2", "lp-r3")} == set(answered)
    # it attacks S3; nothing answers it
    assert set(objections(parts["Not yet answered"])) == {titles["lp-l1"]}
    assert "Focused on Supporters" in parts["Appendix: balance"]
    for label in LABELS.values():  # the balance still counts every position
        assert re.search(
            rf"^\| {label} \| \d+ \| \d+ \| \d+ \| ", parts["Appendix: balance"], re.M
        ), label
    assert (
        "focus: Supporters, 3 claim(s) of their case, 6 objection(s) of the other positions, 1 not yet answered"
        in result.err
    )


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("focus", ["supporters", "critics-left", "critics-right"])
def test_focused_one_pager_is_one_page_with_every_position(library_copy, focus, monkeypatch):
    from evenhand.writers import pdf as pdf_writer

    laid_out: list[str] = []  # the HTML of each PDF layout (this process: no PDF worker)
    lay_out = pdf_writer._document

    def counted(html, library_root, key=None):
        laid_out.append(html)
        return lay_out(html, library_root, key)

    monkeypatch.setattr(pdf_writer, "_document", counted)
    result = run_cli(
        "build",
        "--topic",
        "labor-pathways",
        "--template",
        "one-pager",
        "--focus",
        focus,
        "-f",
        "pdf",
        "-f",
        "md",
        cwd=library_copy,
    )
    assert result.code == 0, result.err
    pdf = library_copy / "build" / f"labor-pathways-one-pager-{focus}.pdf"
    assert pages(pdf) == 1
    # fitting it lays out each different page once (fewer key terms can change nothing),
    # and the PDF written is the last one laid out, not laid out again
    assert laid_out and len(set(laid_out)) == len(laid_out)
    text = pdftext(pdf)
    order = [
        f"Focus: {LABELS[focus]}",
        "The question",
        f"The case: {LABELS[focus]}",
        "Objections and answers",
    ]
    at = [text.lower().find(s.lower()) for s in order]  # some headings are set in capitals by CSS
    assert -1 not in at and at == sorted(at), list(zip(order, at, strict=False))
    for label in LABELS.values():
        assert label in text
    assert f"Focused on {LABELS[focus]}" in text  # the balance line names the focus
    md = (library_copy / "build" / f"labor-pathways-one-pager-{focus}.md").read_text()
    case = sections(md)[f"The case: {LABELS[focus]}"]
    assert len(re.findall(r"^- \*\*", case, re.M)) == 3  # the whole case, cut last
    # the one-page fit drops objections, never a position
    shown = "".join(
        v for k, v in sections(md).items() if k in ("Objections and answers", "Not yet answered")
    )
    for pid, label in LABELS.items():
        if pid != focus:
            assert f"*({label}" in shown, label


def test_focus_on_a_position_with_no_engaging_claim_keeps_its_strongest(tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    # the left no longer answers anyone
    text = topic.read_text().replace("    attacks: [sst-s1]\n", "")
    topic.write_text(text)
    result = run_cli(
        "build",
        "--topic",
        "school-start-time",
        "--focus",
        "critics-left",
        "-f",
        "md",
        cwd=tiny_library,
    )
    assert result.code == 0, result.err
    md = (tiny_library / "build" / "school-start-time-handout-critics-left.md").read_text()
    parts = sections(md)
    assert (
        parts["Objections and answers"].strip()
        == "*The case answers none of the other positions' claims yet.*"
    )
    waiting = objections(parts["Not yet answered"])
    assert set(waiting) == {
        "Teenagers learn better after more sleep",
        "A later day pushes sports and jobs into the evening",
    }


def test_strict_focus_needs_every_other_position(tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    text = topic.read_text()
    topic.write_text(text[: text.index("  - id: sst-r1")].replace("    attacks: [sst-r1]\n", ""))
    strict = run_cli(
        "build",
        "--topic",
        "school-start-time",
        "--focus",
        "supporters",
        "-f",
        "md",
        cwd=tiny_library,
    )
    assert strict.code == 1
    assert "no claim for position 'critics-right'" in strict.err
    warn = run_cli(
        "build",
        "--topic",
        "school-start-time",
        "--focus",
        "supporters",
        "--balance",
        "warn",
        "-f",
        "md",
        cwd=tiny_library,
    )
    assert warn.code == 0, warn.err
    assert (
        "warning: topic 'school-start-time' has no claim for position 'critics-right'" in warn.err
    )


def test_focus_errors(tiny_library):
    unknown = run_cli(
        "build", "--topic", "school-start-time", "--focus", "suporters", cwd=tiny_library
    )
    assert unknown.code == 2
    assert (
        "evenhand: error: --focus: unknown position 'suporters' (did you mean 'supporters'?)"
        in unknown.err
    )
    left_out = run_cli(
        "build",
        "--topic",
        "school-start-time",
        "--focus",
        "supporters",
        "--positions",
        "critics-left,critics-right",
        cwd=tiny_library,
    )
    assert left_out.code == 2
    assert "--focus: 'supporters' is not among --positions" in left_out.err
    write(
        tiny_library / "briefs" / "focused.yaml",
        "title: Focused\ntopics: [school-start-time]\nfocus: critics-centre\nformats: [md]\n",
    )
    recipe = run_cli("build", "focused", cwd=tiny_library)
    assert recipe.code == 1
    assert re.search(
        r"briefs/focused\.yaml:3:8: error: unknown position 'critics-centre' \(did you mean 'critics-[a-z]+'\?\)",
        recipe.err,
    )
    write(
        tiny_library / "briefs" / "focused.yaml",
        "title: Focused\ntopics: [school-start-time]\npositions: [supporters, critics-left]\nfocus: critics-right\n",
    )
    outside = run_cli("validate", cwd=tiny_library)
    assert outside.code == 1
    assert (
        "briefs/focused.yaml:4:8: error: focus 'critics-right' is not among the recipe's positions"
        in outside.out
    )
    assert "Traceback" not in unknown.err + left_out.err + recipe.err + outside.err


# -- selection by tag and by claim id --------------------------------------------------------


def test_tag_selects_exactly_the_tagged_topics(library_copy):
    result = run_cli(
        "build", "--tag", "asylum", "--template", "cards", "--format", "md", cwd=library_copy
    )
    assert result.code == 0, result.err
    md = (library_copy / "build" / "asylum-cards.md").read_text()
    titles = re.findall(r"^#### [SLR]\d+\. (.+)$", md, re.M)
    expected = [c["title"] for t in tagged_topics("asylum") for c in t["claims"]]
    assert len(expected) >= 30
    assert sorted(titles) == sorted(expected)  # every claim of the tagged topics, no other claim
    assert "labor-pathways" not in [t["topic"] for t in tagged_topics("asylum")]
    assert "Seasonal work visas" not in md


def test_list_tag_shows_the_topics_a_tag_selects(library_copy):
    result = run_cli("list", "--tag", "asylum", cwd=library_copy)
    assert result.code == 0, result.err
    listed = [line.split()[0] for line in result.lines[1:]]
    assert listed == [
        "migration-cooperation",
        *sorted(
            t["topic"] for t in tagged_topics("asylum") if t["topic"] != "migration-cooperation"
        ),
    ]
    assert "tag asylum: 5 topic(s), 48 claim(s)" in result.err


@pytest.mark.parametrize(
    "args", [("build", "--tag", "asylm", "-f", "md"), ("list", "--tag", "asylm")]
)
def test_unknown_tag_is_a_command_line_error(library_copy, args):
    result = run_cli(*args, cwd=library_copy)
    assert result.code == 2
    assert result.err == "evenhand: error: --tag: unknown tag 'asylm' (did you mean 'asylum'?)\n"
    assert not (library_copy / "build").exists()


def test_unknown_tag_far_from_any_lists_the_tags(tiny_library):
    result = run_cli("build", "--tag", "zzz", cwd=tiny_library)
    assert result.code == 2
    assert "--tag: unknown tag 'zzz' (tags in the library: school)" in result.err


def test_claims_by_hand_keep_their_order(library_copy):
    picks = "lp-s2,lp-s1,lp-l3,lp-l1,lp-r1,lp-r3"
    result = run_cli("build", "--claims", picks, "-f", "md", cwd=library_copy)
    assert result.code == 0, result.err
    md = (library_copy / "build" / "claims-handout.md").read_text()
    titles = {c["id"]: c["title"] for c in topic_claims("labor-pathways")}
    shown = re.findall(r"^### [SLR]\d+\. (.+)$", md, re.M)
    assert shown == [titles[c] for c in picks.split(",")]
    assert md.startswith("# Seasonal work visas for Central Americans\n")


def test_claims_by_hand_errors(library_copy):
    typo = run_cli("build", "--claims", "lp-s1,lp-l1,lp-r9", cwd=library_copy)
    assert typo.code == 2
    assert typo.err == "evenhand: error: --claims: unknown claim 'lp-r9' (did you mean 'lp-r3'?)\n"
    twice = run_cli("build", "--claims", "lp-s1,lp-s1", cwd=library_copy)
    assert twice.code == 2 and "--claims: 'lp-s1' is named twice" in twice.err
    uneven = run_cli("build", "--claims", "lp-s1,lp-s2,lp-l1,lp-r1", "-f", "md", cwd=library_copy)
    assert uneven.code == 1
    assert (
        "the claims picked by hand are uneven (supporters 2, critics-left 1, critics-right 1)"
        in uneven.err
    )
    warned = run_cli(
        "build",
        "--claims",
        "lp-s1,lp-s2,lp-l1,lp-r1",
        "--balance",
        "warn",
        "-f",
        "md",
        cwd=library_copy,
    )
    assert warned.code == 0, warned.err
    assert (
        "warning: positions are uneven: supporters 2, critics-left 1, critics-right 1" in warned.err
    )


def test_recipe_with_unknown_tag_and_claim_is_located(library_copy):
    write(
        library_copy / "briefs" / "bad.yaml",
        "title: Bad\ntags: [asylum, vissas]\nclaims: [lp-s1, lp-x1]\nformats: [md]\n",
    )
    result = run_cli("validate", cwd=library_copy)
    assert result.code == 1
    assert "briefs/bad.yaml:2:16: error: unknown tag 'vissas' (did you mean 'visas'?)" in result.out
    assert "briefs/bad.yaml:3:17: error: unknown claim 'lp-x1'" in result.out
    empty = write(library_copy / "briefs" / "bad.yaml", "title: Bad\nformats: [md]\n")
    result = run_cli("validate", cwd=library_copy)
    assert result.code == 1
    assert (
        f"briefs/{empty.name}:1:1: error: 'topics': a recipe needs 'topics', 'tags' or 'claims' (at least one)"
        in result.out
    )


def test_claim_tags_select_claims_of_untagged_topics(tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    text = topic.read_text().replace("tags: [school]\n", "")
    text = text.replace("    attacks: [sst-r1]\n", "    attacks: [sst-r1]\n    tags: [sleep]\n")
    topic.write_text(text)
    write(
        tiny_library / "arguments" / "other.yaml",
        "topic: other\ntitle: Another topic\nquestion: Is this chosen?\ntags: [sleep]\nclaims:\n"
        "  - {id: o-s1, position: supporters, title: Other supporters claim}\n"
        "  - {id: o-l1, position: critics-left, title: Other left claim}\n"
        "  - {id: o-r1, position: critics-right, title: Other right claim}\n",
    )
    result = run_cli("build", "--tag", "sleep", "--balance", "warn", "-f", "md", cwd=tiny_library)
    assert result.code == 0, result.err
    md = (tiny_library / "build" / "sleep-handout.md").read_text()
    titles = re.findall(r"^### [SLR]\d+\. (.+)$", md, re.M)
    assert sorted(titles) == sorted(
        [
            "Other supporters claim",
            "Teenagers learn better after more sleep",
            "Other left claim",
            "Other right claim",
        ]
    )
    listed = run_cli("list", "--tag", "sleep", cwd=tiny_library)
    assert "school-start-time (tagged claims)" in listed.out and re.search(
        r"^other\s+1\s+1\s+1", listed.out, re.M
    )


def test_recipe_schema_knows_the_new_keys(tmp_path):
    import json

    import jsonschema

    schema = json.loads(run_cli("schema", "recipe", cwd=tmp_path).out)
    for name in ("asylum-cards", "labor-pathways-focus-supporters"):
        jsonschema.validate(yaml.safe_load((REPO / "briefs" / f"{name}.yaml").read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "No selection", "focus": "supporters"}, schema)


def test_strict_focus_keeps_the_whole_case_when_others_have_fewer_claims(tiny_library):
    topic = tiny_library / "arguments" / "school-start-time.yaml"
    topic.write_text(
        topic.read_text()
        + "  - id: sst-s2\n    position: supporters\n    title: Buses could run a later timetable\n"
        + "    evidence: [{source: class-survey, locator: Question 3}]\n    attacks: [sst-l1]\n"
    )
    result = run_cli(
        "build",
        "--topic",
        "school-start-time",
        "--focus",
        "supporters",
        "-f",
        "md",
        cwd=tiny_library,
    )
    assert result.code == 0, result.err
    # no trimming to the fewest claims: objections are not a race
    assert "balance:" not in result.err
    parts = sections(
        (tiny_library / "build" / "school-start-time-handout-supporters.md").read_text()
    )
    assert re.findall(r"^### (.+)$", parts["The case: Supporters"], re.M) == [
        "S1. Teenagers learn better after more sleep",
        "S2. Buses could run a later timetable",
    ]
    answered = objections(parts["Objections and answers"])
    assert answered["Working parents would struggle with a later start"][1] == [
        "Buses could run a later timetable"
    ]


@pytest.mark.parametrize("template", ["handout", "one-pager"])
def test_focused_word_document_has_the_same_sections(library_copy, template):
    import docx

    result = run_cli(
        "build",
        "--topic",
        "labor-pathways",
        "--template",
        template,
        "--focus",
        "critics-right",
        "-f",
        "docx",
        cwd=library_copy,
    )
    assert result.code == 0, result.err
    document = docx.Document(
        library_copy / "build" / f"labor-pathways-{template}-critics-right.docx"
    )
    paragraphs = [" ".join(p.text.split()) for p in document.paragraphs]
    heads = [
        t
        for t in paragraphs
        if t.startswith(("Focus: ", "R The case: ", "Objections and answers", "Not yet answered"))
    ]
    assert heads == [
        "Focus: Critics on the right",
        "R The case: Critics on the right",
        "Objections and answers",
        "Not yet answered",
    ]
    titles = {c["id"]: c["title"] for c in topic_claims("labor-pathways")}
    answers = " ".join(t for t in paragraphs if t.startswith("Answer: "))
    # the right answers the supporters' S claims
    assert titles["lp-r1"] in answers or titles["lp-r2"] in answers
    assert any(t.startswith("Focused on Critics on the right") for t in paragraphs)
