"""The library YAML writer: what the import writes loads back to the same objects."""

from __future__ import annotations

import pytest
from conftest import REPO

from evenhand.model import Position, Source, Topic
from evenhand.readers.library import load_library
from evenhand.readers.yaml_source import parse_yaml
from evenhand.writers.library_yaml import positions_yaml, sources_yaml, topic_yaml


def reload(model, text: str):
    data, problems = parse_yaml(text, "x.yaml")
    assert [
        p for p in problems if p.code != "control-character"
    ] == []  # a control character is only a warning
    return (
        [model.model_validate(d) for d in data]
        if isinstance(data, list)
        else model.model_validate(data)
    )


def test_bundled_library_round_trips():
    lib, _ = load_library(REPO)
    for topic in lib.topics:
        assert reload(Topic, topic_yaml(topic)).model_dump() == topic.model_dump(), topic.topic
    assert [s.model_dump() for s in reload(Source, sources_yaml(lib.sources))] == [
        s.model_dump() for s in lib.sources
    ]
    assert [p.model_dump() for p in reload(Position, positions_yaml(lib.positions))] == [
        p.model_dump() for p in lib.positions
    ]


@pytest.mark.parametrize(
    "value",
    [
        "a: b",
        "- x",
        "yes",
        "2021",
        "  lead",
        "a\n\n",
        "a\n  b\n",
        "x #c",
        "tab\tin",
        "a\n \nb",
        "é\x85x",
        "a\u2028b",
        "trail ",
        "a\nb",
        "\nlead",
        "[x]",
        "@x",
        "a,b",
        "'q'",
        '"q"',
        "{x}",
        "#x",
        "~",
        "null",
        "a\r\nb",
        "\x07",
    ],
)
def test_awkward_strings_round_trip(value):
    topic = Topic.model_validate(
        {
            "topic": "t",
            "title": value.strip() or "x",
            "question": value,
            "tags": [value],
            "claims": [{"id": "c", "position": "p", "title": "x", "text": value}],
        }
    )
    assert reload(Topic, topic_yaml(topic)).model_dump() == topic.model_dump()


def test_written_by_a_person():
    topic = Topic.model_validate(
        {
            "topic": "t",
            "title": "Title: with colon",
            "claims": [
                {
                    "id": "t-1",
                    "position": "supporters",
                    "title": "Plain title",
                    "text": "Two\nlines\n",
                    "evidence": [{"source": "s", "locator": "p. 4"}],
                    "attacks": ["t-2"],
                }
            ],
        }
    )
    assert topic_yaml(topic) == (
        "topic: t\n"
        'title: "Title: with colon"\n'
        "claims:\n"
        "  - id: t-1\n"
        "    position: supporters\n"
        "    title: Plain title\n"
        "    text: |\n"
        "      Two\n"
        "      lines\n"
        "    evidence:\n"
        "      - source: s\n"
        "        locator: p. 4\n"
        "    attacks: [t-2]\n"
    )
