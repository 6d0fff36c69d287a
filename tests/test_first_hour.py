"""A newcomer's dead ends: Kialo labels, YAML messages, `list --briefs`, `init` and `init --bare`."""

from __future__ import annotations

import os
import time

import pytest
from conftest import write

STARTER = "arguments/school-start-time.yaml"

MULTI_THESIS = """Discussion Title: Homework

1. How much homework should year 7 get?
1.1. Thesis: None at all.
1.1.1. Pro: Pupils need time to play after school.
1.1.2. Con: Practice at home fixes what was learnt in class.
1.2. Thesis: One hour a week.
1.2.1. Pro: An hour is enough to practise without crowding out play.
1.2.2. Con: -> See 1.1.1.
"""


def test_kialo_thesis_labels_on_the_theses_of_a_question_and_on_the_root(
    cli, tiny_library, tmp_path
):
    f = write(tmp_path / "homework.txt", MULTI_THESIS)
    r = cli("import", "kialo", str(f), "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert "topic none-at-all: None at all. (under homework)" in r.out
    assert "topic one-hour-a-week: One hour a week. (under homework)" in r.out
    sub = (tiny_library / "arguments" / "none-at-all.yaml").read_text(encoding="utf-8")
    assert "question: None at all.\n" in sub and "parent: homework\n" in sub

    root = write(
        tmp_path / "root.txt",
        "Discussion Title: Phones\n\n1. Thesis: Phones belong in lockers.\n1.1. Pro: Fewer distractions.\n1.2. Con: Parents cannot reach their children.\n",
    )
    r = cli("import", "kialo", str(root), "-L", str(tiny_library), "--dry-run")
    assert r.code == 0, r.err
    assert "claims: 2 (supporters 1, critics 1)" in r.out


def test_kialo_thesis_label_where_no_thesis_can_be(cli, tiny_library, tmp_path):
    f = write(
        tmp_path / "t.txt",
        "Discussion Title: X\n\n1. Uniforms help.\n1.1. Pro: Less teasing.\n1.2. Thesis: Cheaper.\n",
    )
    r = cli("import", "kialo", str(f), "-L", str(tiny_library))
    assert r.code == 1
    assert (
        f"{f}:5:1: error: 'Thesis:' label on 1.2.: a thesis is the root 1., or a child of a root question "
        "whose children are all theses"
    ) in r.err


def test_kialo_link_without_a_label_shows_the_expected_form(cli, tiny_library, tmp_path):
    f = write(
        tmp_path / "l.txt",
        "Discussion Title: X\n\n1. Uniforms help.\n1.1. Pro: Less teasing.\n1.2. Con: They cost money.\n1.2.1. -> See 1.1.\n",
    )
    r = cli("import", "kialo", str(f), "-L", str(tiny_library))
    assert r.code == 1
    assert (
        f"{f}:6:1: error: link 1.2.1. has no 'Pro:' or 'Con:' label: write it as '1.2.1. Pro: -> See 1.1.' (or Con:)"
        in r.err
    )
    assert not (tiny_library / "arguments" / "x.yaml").exists()


def test_a_tab_in_indentation_is_named_at_the_tab(cli, tiny_library):
    path = tiny_library / STARTER
    text = path.read_text(encoding="utf-8").replace(
        "  - id: sst-l1\n    position: critics-left", "  - id: sst-l1\n\tposition: critics-left"
    )
    path.write_text(text, encoding="utf-8")
    r = cli("validate", "-L", str(tiny_library))
    assert r.code == 1
    assert f"{STARTER}:31:1: error: tabs cannot indent YAML; use spaces" in r.out
    write(tiny_library / "arguments" / "t.yaml", "topic: t\ntitle: T\ntags:\n  - a\n \t- b\n")
    r = cli("validate", "-L", str(tiny_library))
    assert "arguments/t.yaml:5:2: error: tabs cannot indent YAML; use spaces" in r.out


def test_a_single_id_is_a_one_item_list(cli, tiny_library):
    path = tiny_library / STARTER
    path.write_text(
        path.read_text(encoding="utf-8").replace("attacks: [sst-r1]", "attacks: sst-r1"),
        encoding="utf-8",
    )
    write(
        tiny_library / "briefs" / "handout.yaml",
        "title: T\ntopics: school-start-time\nformats: md\n",
    )
    r = cli("validate", "-L", str(tiny_library), "--strict")
    assert r.code == 0, r.out
    # a wrong single id is reported at the value
    path.write_text(
        path.read_text(encoding="utf-8").replace("attacks: sst-r1", "attacks: sst-r2"),
        encoding="utf-8",
    )
    r = cli("validate", "-L", str(tiny_library))
    assert f"{STARTER}:29:14: error: unknown claim 'sst-r2' in attacks" in r.out
    b = cli("build", "handout", "-L", str(tiny_library))
    assert b.code == 1


def test_list_messages_show_the_fix(cli, tiny_library):
    path = tiny_library / STARTER
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "questions:\n  - Who gains and who loses if the day starts later?",
        "questions: {who: gains}",
    )
    text = text.replace(
        "    evidence:\n      - source: class-survey\n        locator: Question 2\n        quote: I can't think in first period.\n",
        "    evidence: {source: class-survey}\n",
    )
    path.write_text(text, encoding="utf-8")
    r = cli("validate", "-L", str(tiny_library))
    assert r.code == 1
    assert (
        f"{STARTER}:15:12: error: 'questions' must be a list, such as questions: [Who gains?, Who pays?], or a '- ' line per question"
        in r.out
    )
    assert (
        f"{STARTER}:24:15: error: 'evidence' must be a list, such as evidence: [{{source: my-source, locator: page 4}}], "
        "or a '- source: ...' line per item"
    ) in r.out


@pytest.mark.slow
def test_list_briefs_shows_each_recipe_and_whether_its_outputs_are_up_to_date(cli, tiny_library):
    write(
        tiny_library / "briefs" / "one.yaml",
        'title: "One page\\x1b[31m"\ntopics: [school-start-time]\ntemplate: one-pager\nformats: [md, html]\n',
    )
    r = cli("list", "--briefs", "-L", str(tiny_library))
    assert r.code == 0, r.err
    assert r.lines == [
        "BRIEF    TEMPLATE   FORMATS   TOPICS             OUTPUTS    TITLE",
        "handout  handout    pdf, md   school-start-time  not built  A later start to the school day: the debate",
        "one      one-pager  md, html  school-start-time  not built  One page\\x1b[31m",
    ]
    assert cli("build", "one", "-L", str(tiny_library)).code == 0
    assert (
        "one      one-pager  md, html  school-start-time  up to date "
        in cli("list", "--briefs", "-L", str(tiny_library)).out
    )
    os.remove(tiny_library / "build" / "one.html")
    assert (
        "one      one-pager  md, html  school-start-time  partly built (no html) "
        in cli("list", "--briefs", "-L", str(tiny_library)).out
    )
    assert cli("build", "one", "-L", str(tiny_library)).code == 0
    later = time.time() + 5
    # touched, not changed: still up to date (the build record's hashes)
    os.utime(tiny_library / STARTER, (later, later))
    assert "school-start-time  up to date " in cli("list", "--briefs", "-L", str(tiny_library)).out
    assert "up to date" in cli("build", "one", "-L", str(tiny_library)).err
    topic = tiny_library / STARTER
    topic.write_text(topic.read_text().replace("Teenagers learn better", "Pupils learn better"))
    out = cli("list", "--briefs", "-L", str(tiny_library)).out.replace(str(tiny_library) + "/", "")
    assert (
        f"one      one-pager  md, html  school-start-time  out of date ({STARTER} changed)  One page"
        in out
    )
    # other options than the recipe's
    assert cli("build", "one", "-f", "md", "-f", "html", "-L", str(tiny_library)).code == 0
    out = cli("list", "--briefs", "-L", str(tiny_library)).out
    assert (
        "out of date (built with other options, on another day or by another evenhand)  One page"
        in out
    )
    assert cli("build", "one", "-L", str(tiny_library)).out  # `build one` agrees: it builds
    write(tiny_library / "seeds" / "more.yaml", "sources: []\n")
    out = cli("list", "--briefs", "-L", str(tiny_library)).out.replace(str(tiny_library) + "/", "")
    assert "out of date (seeds/more.yaml is new)  One page" in out


def test_init_names_the_topic_the_recipe_uses(cli, tmp_path):
    r = cli("init", "lib", cwd=tmp_path)
    assert r.code == 0
    assert (
        "put your topic's id in `topics:` of briefs/handout.yaml, which names school-start-time"
        in r.out
    )
    recipe = (tmp_path / "lib" / "briefs" / "handout.yaml").read_text(encoding="utf-8")
    assert recipe.startswith(
        "# A brief recipe: `evenhand build briefs/handout.yaml`. `topics:` names the starter\n# topic, school-start-time"
    )
    os.remove(tmp_path / "lib" / STARTER)
    v = cli("validate", cwd=tmp_path / "lib")
    assert (
        "briefs/handout.yaml:5:10: error: unknown topic 'school-start-time' (the library has no topic yet: add one to arguments/)"
        in v.out
    )


def test_init_bare_has_positions_and_a_recipe_skeleton_and_no_topic(cli, tmp_path):
    r = cli("init", "--bare", "empty", cwd=tmp_path)
    assert r.code == 0, r.err
    lib = tmp_path / "empty"
    assert sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*") if p.is_file()) == [
        ".gitignore",
        "arguments/positions.yaml",
        "briefs/handout.yaml",
        "seeds/sources.yaml",
    ]
    v = cli("validate", "--strict", cwd=lib)
    assert v.code == 0, v.out + v.err
    assert "0 error(s), 0 warning(s), 0 note(s) in 0 topic(s)" in v.err
    # the skeleton, switched on, builds once a topic exists
    write(
        lib / "arguments" / "t.yaml",
        "topic: my-topic\ntitle: Mine\nclaims:\n"
        "  - {id: a, position: supporters, title: A}\n  - {id: b, position: critics-left, title: B}\n"
        "  - {id: c, position: critics-right, title: C}\n",
    )
    recipe = lib / "briefs" / "handout.yaml"
    lines = recipe.read_text(encoding="utf-8").splitlines()
    skeleton = lines[lines.index("#") + 1 :]
    recipe.write_text(
        "".join(line.removeprefix("# ") + "\n" for line in skeleton), encoding="utf-8"
    )
    b = cli("build", "handout", "--format", "md", cwd=lib)
    assert b.code == 0, b.err
    assert (
        (lib / "build" / "handout.md")
        .read_text(encoding="utf-8")
        .startswith("# My topic: the debate")
    )
