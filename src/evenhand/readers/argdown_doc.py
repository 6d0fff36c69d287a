"""What the Argdown parser produces: elements, relations and sections, with their places.

``readers.argdown_parse`` fills an ``ArgdownDoc``; ``readers.argdown`` turns it
into topics and claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evenhand.problems import Problem


@dataclass
class PcsItem:
    number: int
    key: str  # the element key of its statement: "[Title]" or "<Arg>#(n)" when untitled
    text: str
    line: int
    col: int
    inference: str | None = None  # set on conclusions: the rule text ("" when none)


@dataclass
class Element:
    key: str  # "[Title]" for statements, "<Title>" for arguments, "<Arg>#(n)" for untitled PCS statements
    kind: str  # "statement" | "argument" | "pcs"
    title: str
    titled: bool
    line: int
    col: int
    section: int | None
    text: str = ""
    tags: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    top_level: bool = False  # defined or referenced at the start of a block
    # an untitled top-level paragraph: text, not a claim, unless it has relations
    prose: bool = False
    pcs: list[PcsItem] = field(default_factory=list)
    argument: str | None = None  # for "pcs" elements: the argument's key


@dataclass
class Relation:
    source: str
    target: str
    kind: str  # support | attack | undercut | contradiction
    line: int
    col: int


@dataclass
class Section:
    title: str
    level: int
    parent: int | None
    line: int
    col: int


@dataclass
class ArgdownDoc:
    front: dict = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
