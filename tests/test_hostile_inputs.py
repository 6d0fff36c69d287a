"""Hostile user files (issue #10, item 6): located errors or a correct result, never an internal error (exit 3)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import write

LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): error: ", re.M)


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def located(err: str, file_part: str) -> re.Match:
    m = next((m for m in LOCATED.finditer(err) if file_part in m.group("file")), None)
    assert m is not None, err
    assert "internal error" not in err and "Traceback" not in err
    return m


def test_aif_i_node_whose_text_is_a_number(cli, tiny_library, tmp_path):
    graph = {
        "nodes": [
            {"nodeID": "1", "type": "I", "text": "Schools should start later."},
            {"nodeID": "2", "type": "I", "text": 42},
            {"nodeID": "3", "type": "RA", "text": "Default Inference"},
        ],
        "edges": [
            {"edgeID": "a", "fromID": "2", "toID": "3"},
            {"edgeID": "b", "fromID": "3", "toID": "1"},
        ],
    }
    path = write(tmp_path / "graph.json", json.dumps(graph, indent=1))
    before = tree_hash(tiny_library)
    r = cli("import", "aif", str(path), "-L", str(tiny_library))
    assert r.code == 1
    m = located(r.err, "graph.json")
    assert (m.group("line"), m.group("col")) == ("9", "4")  # the "nodeID" of node 2
    assert "number" in r.err and "not a string" in r.err
    assert tree_hash(tiny_library) == before


@pytest.mark.parametrize("depth", [500, 1000])
def test_json_nested_past_500_levels_is_refused(cli, tiny_library, tmp_path, depth):
    """At 501 levels, where Python's parser still succeeds, and at 1001, where Python 3.11's
    gives up (3.12's does not)."""
    path = write(
        tmp_path / "deep.json",
        '{"nodes": [], "edges": [], "x":\n' + "[" * depth + "]" * depth + "}\n",
    )
    before = tree_hash(tiny_library)
    r = cli("import", "aif", str(path), "-L", str(tiny_library))
    assert r.code == 1
    m = located(r.err, "deep.json")
    # the bracket that makes 501 levels (with the outer `{`)
    assert m.group("line") == "2" and int(m.group("col")) == 500
    assert "nested more than 500 levels" in r.err
    assert tree_hash(tiny_library) == before


def test_argdown_front_matter_with_an_impossible_date_stays_text(cli, tiny_library, tmp_path):
    text = "===\ntitle: Phones at school\ndate: 2021-02-30\nauthor: 2021-13-01\n===\n\n[Ban]: Schools should ban phones.\n  + [Focus]: Phones distract students.\n"
    path = write(tmp_path / "phones.argdown", text)
    r = cli("import", "argdown", str(path), "-L", str(tiny_library))
    assert r.code == 0, r.err
    topic = (tiny_library / "arguments" / "phones-at-school.yaml").read_text()
    assert "2021-02-30" in topic and "2021-13-01" in topic


@pytest.mark.slow
def test_topic_tree_deeper_than_the_limit_is_refused(cli, tiny_library, tmp_path):
    for i in range(1000):
        parent = f"t{i - 1}" if i else "school-start-time"
        write(
            tiny_library / "arguments" / f"t{i}.yaml",
            f"topic: t{i}\ntitle: Topic {i}\nparent: {parent}\nclaims: []\n",
        )
    before = tree_hash(tiny_library)
    for args in (
        ["validate"],
        ["map", "school-start-time", "--format", "svg"],
        ["export", "json", "school-start-time"],
        ["build", "--topic", "school-start-time", "--format", "md", "--balance", "off"],
        ["list"],
    ):
        r = cli(*args, "-L", str(tiny_library))
        assert r.code == 1, (args, r.err)
        m = located(r.out + r.err, "t100.yaml")
        # the `parent:` value of the 101st level
        assert (m.group("line"), m.group("col")) == (
            "3",
            "9",
        )
        assert "101 levels of sub-topics deep; the limit is 100" in r.out + r.err
    assert tree_hash(tiny_library) == before


def test_topic_tree_at_the_limit_builds(cli, tiny_library):
    for i in range(100):
        parent = f"t{i - 1}" if i else "school-start-time"
        claims = (
            "[{id: deep-claim, position: supporters, title: The claim at depth 99}]"
            if i == 99
            else "[]"
        )
        write(
            tiny_library / "arguments" / f"t{i}.yaml",
            f"topic: t{i}\ntitle: Topic {i}\nparent: {parent}\nclaims: {claims}\n",
        )
    out = tiny_library / "deep.md"
    r = cli(
        "build",
        "--topic",
        "school-start-time",
        "--format",
        "md",
        "--balance",
        "off",
        "-o",
        str(out),
        "-L",
        str(tiny_library),
    )
    assert r.code == 0, r.err
    # the sub-topic 100 levels down is taken along
    assert "The claim at depth 99" in out.read_text()


def test_kialo_chain_of_1200_see_links_imports(cli, tiny_library, tmp_path):
    lines = ["Discussion Title: A chain", "", "1. Thesis: Schools should start later."]
    for i in range(1, 1201):
        lines.append(f"1.{i}. Pro: -> See 1.{i + 1}.1.")
        lines.append(f"1.{i}.1. Con: Claim number {i}.")
    lines += ["1.1201. Pro: The last claim.", "1.1201.1. Con: Its answer."]
    path = write(tmp_path / "chain.txt", "\n".join(lines) + "\n")
    r = cli("import", "kialo", str(path), "-L", str(tiny_library), "--topic-id", "chain")
    assert r.code == 0, r.err
    topic = (tiny_library / "arguments" / "chain.yaml").read_text()

    # 1.1201.1 is a Con under a Pro: against the thesis. 1.1200.1, a Con, hangs on it through the
    # link 1.1200. -> See 1.1201.1.: for the thesis; 1.1199.1 hangs on that one: against; and so on.
    def position(title: str) -> str:
        return topic.split(f"title: {title}.\n")[0].rsplit("position: ", 1)[1].split()[0]

    assert position("Its answer") == "critics"
    assert position("Claim number 1200") == "supporters"
    assert position("Claim number 1199") == "critics"
    assert position("Claim number 2") == "supporters"
    assert position("Claim number 1") == "critics"  # 1,200 levels of links below the last


def test_import_adding_a_position_to_a_positions_file_that_is_not_utf8(cli, tiny_library, tmp_path):
    positions = tiny_library / "arguments" / "positions.yaml"
    positions.write_bytes(
        b"- {id: supporters, label: Supporters, stance: pro}\n- {id: critics-left, label: Caf\xe9, stance: con}\n"
    )
    path = write(
        tmp_path / "k.txt",
        "Discussion Title: Uniforms\n\n1. Thesis: Schools should require uniforms.\n1.1. Con: They cost families money.\n",
    )
    before = tree_hash(tiny_library)
    r = cli("import", "kialo", str(path), "-L", str(tiny_library))
    assert r.code == 1
    m = located(r.err, "positions.yaml")
    assert (m.group("line"), m.group("col")) == ("2", "32")
    assert "not UTF-8" in r.err
    assert tree_hash(tiny_library) == before


def test_csv_source_that_is_a_broken_ipv6_url_is_no_crash(cli, tiny_library, tmp_path):
    """Found by the fuzz harness: `http://[` made urlsplit raise (exit 3)."""
    rows = (
        "topic,position,title,text,source,locator,quote\n"
        "Weekend homework?,supporters,Practice keeps lessons fresh,Our words.,http://[2001:db8::1/x,p. 1,\n"
        "Weekend homework?,critics-left,Families need the weekend,Our words.,class-survey,Question 2,\n"
    )
    path = write(tmp_path / "h.csv", rows)
    r = cli("import", "csv", str(path), "--dry-run", "-L", str(tiny_library))
    assert r.code in (0, 1), r.err
    assert "internal error" not in r.err and "Traceback" not in r.err
