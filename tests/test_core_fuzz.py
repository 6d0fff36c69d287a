"""Whatever bytes a file holds, reading it gives data or located problems, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evenhand.model import Topic
from evenhand.problems import Problem
from evenhand.readers.library import validate
from evenhand.readers.yaml_source import parse_yaml

PIECES = list("abc:-[]{}&*!|>'\"#?,\n\t ~0123") + [
    "topic: ",
    "title: ",
    "claims:\n  - ",
    "id: ",
    "\ufeff",
    "é",
    "  ",
]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(YAMLISH.map(lambda t: t.encode("utf-8")), st.binary(max_size=200)))
def test_reading_never_raises(raw):
    data, problems = parse_yaml(raw, "f.yaml")
    assert all(isinstance(p, Problem) and p.where.file == "f.yaml" for p in problems)
    found: list[Problem] = []
    if data is not None:
        validate(Topic, data, "f.yaml", found, salvage=True)
    assert all(str(p).startswith("f.yaml") for p in found)
