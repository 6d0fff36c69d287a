"""The document model: pydantic models and nothing else (no I/O).

Every model remembers where it was read from (``where()``), so that any later
check can point at ``path:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from evenhand.problems import Location, NodeLoc

if TYPE_CHECKING:
    from pydantic_core import InitErrorDetails

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]

DEFAULT_POSITIONS: list[dict[str, str]] = [
    {"id": "supporters", "label": "Supporters", "stance": "pro"},
    {"id": "critics-left", "label": "Critics on the left", "stance": "con", "perspective": "left"},
    {
        "id": "critics-right",
        "label": "Critics on the right",
        "stance": "con",
        "perspective": "right",
    },
]


class Node(BaseModel):
    """Base of every model: unknown keys are errors; keeps its file location."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=False)
    # list keys where a single value means a one-item list (ids, tags, formats)
    _one_or_more: ClassVar[frozenset[str]] = frozenset()

    # A plain slot, not a pydantic PrivateAttr: those cost a dict per object and
    # slow every read, which counts at 100,000 claims. (model_copy drops it.)
    __slots__ = ("_loc",)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_location(cls, data: Any, handler: Any) -> Any:
        if not isinstance(
            data, dict
        ):  # before getattr: on a model object it is pydantic's slow __getattr__
            return handler(data)
        loc = getattr(data, "loc", None)
        optional, by_name = _key_rules(cls)
        data = _as_meant(data, cls._one_or_more, optional)
        if isinstance(loc, NodeLoc) and not by_name.isdisjoint(data):
            _refuse_python_names(cls, data, by_name, handler)
        obj = handler(data)
        if isinstance(loc, NodeLoc):
            object.__setattr__(obj, "_loc", loc)
            _share_fields_set(obj)
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        fields_set = self.__pydantic_fields_set__
        if name not in fields_set and name in type(self).model_fields:
            # unshare before pydantic adds to it
            object.__setattr__(self, "__pydantic_fields_set__", set(fields_set))
        super().__setattr__(name, value)

    def where(
        self, key: str | None = None, index: int | None = None, *, of_key: bool = False
    ) -> Location:
        """The file location of this object, of one of its keys' values, or of a list entry."""
        loc = getattr(self, "_loc", None)
        if loc is None:
            return Location("<memory>")
        return loc.at(key, index, of_key=of_key)


def _as_meant(data: dict, one_or_more: frozenset[str], optional: frozenset) -> dict:
    """The keys as a file means them: a single value of a list key is a one-item list
    (`attacks: pb-l1` is `attacks: [pb-l1]`), and an empty value (`attacks:`) of an optional
    key is not given. The data itself when nothing changes (the usual case)."""
    if one_or_more and any(type(data.get(k)) is str for k in one_or_more):
        data = {k: [v] if k in one_or_more and type(v) is str else v for k, v in data.items()}
    if any(v is None for v in data.values()):
        data = {k: v for k, v in data.items() if v is not None or k not in optional}
    return data


_KEY_RULES: dict[type, tuple[frozenset, frozenset]] = {}
_FIELDS_SETS: dict[frozenset, set] = {}


def _share_fields_set(obj: BaseModel) -> None:
    """Objects read from files with the same keys share one fields-set.

    pydantic gives every object its own set of the keys it was given (700
    bytes for a claim): a fifth of the memory of a large library. Node's
    __setattr__ unshares the set before pydantic adds a key to it.
    """
    fields_set = obj.__pydantic_fields_set__
    shared = _FIELDS_SETS.setdefault(frozenset(fields_set), fields_set)
    if shared is not fields_set:
        object.__setattr__(obj, "__pydantic_fields_set__", shared)


def _key_rules(cls: type[BaseModel]) -> tuple[frozenset, frozenset]:
    """(keys that may be left empty, Python names that files must spell as their alias)."""
    rules = _KEY_RULES.get(cls)
    if rules is None:
        optional = set()
        by_name = set()
        for name, f in cls.model_fields.items():
            if not f.is_required():
                optional.update({name, f.alias or name})
            if f.alias and f.alias != name:
                by_name.add(name)
        rules = _KEY_RULES[cls] = (frozenset(optional), frozenset(by_name))
    return rules


def _refuse_python_names(
    cls: type[BaseModel], data: dict, by_name: frozenset, handler: Any
) -> None:
    """A file says `container-title`, not `container_title`: report the latter as an unknown key.

    (populate_by_name lets Python code use the names; pydantic's by_name=False
    is ignored under a wrap validator, so files are checked here.)
    """
    wrong = [k for k in data if k in by_name]
    errors: list[InitErrorDetails] = [
        {"type": "extra_forbidden", "loc": (k,), "input": data[k]} for k in wrong
    ]
    try:
        handler({k: v for k, v in data.items() if k not in by_name})
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            detail: InitErrorDetails = {"type": e["type"], "loc": e["loc"], "input": e["input"]}
            if "ctx" in e:
                detail["ctx"] = e["ctx"]
            errors.append(detail)
    raise ValidationError.from_exception_data(cls.__name__, errors)


class Evidence(Node):
    source: Slug = Field(description="Id of a source record in seeds/.")
    locator: str | None = Field(
        None, description="Where in the source: a section heading, page or paragraph."
    )
    quote: str | None = Field(None, description="The source's exact words (short).")
    note: str | None = Field(None, description="Our explanation, in our own words.")
    context: str | None = Field(
        None,
        description="Our acknowledgement of how the quotation sits in its source (reported speech, a cut "
        "turn or hedge), printed with the citation; it silences `verify`'s context warnings.",
    )


class Fact(Node):
    text: NonEmpty = Field(description="A key fact, in our own words.")
    evidence: list[Evidence] = Field(default_factory=list)


class Claim(Node):
    _one_or_more = frozenset({"attacks", "supports", "tags"})
    id: Slug = Field(description="Unique in the library.")
    position: Slug = Field(description="A position id, such as supporters.")
    title: NonEmpty = Field(description="The one-line tag of the claim.")
    text: str = Field("", description="The claim in our own words (Markdown).")
    evidence: list[Evidence] = Field(default_factory=list)
    attacks: list[Slug] = Field(default_factory=list, description="Claims this one answers.")
    supports: list[Slug] = Field(default_factory=list, description="Claims this one backs up.")
    rank: int | None = Field(
        None, ge=1, description="Optional order of strength within its position (1 = strongest)."
    )
    tags: list[str] = Field(default_factory=list)


class Topic(Node):
    _one_or_more = frozenset({"tags", "positions"})
    topic: Slug = Field(description="Lowercase slug, unique in the library.")
    title: NonEmpty
    parent: Slug | None = Field(None, description="The parent topic's id: topics form a tree.")
    question: str | None = None
    background: str | None = Field(None, description="Markdown, in our own words.")
    facts: list[Fact] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list, description="Discussion questions.")
    tags: list[str] = Field(default_factory=list)
    positions: list[Slug] | None = Field(
        None,
        description="The positions this topic debates, in order; default: every position of the library (except those with default: false).",
    )
    claims: list[Claim] = Field(default_factory=list)


class GlossaryEntry(Node):
    """A key term of arguments/glossary.yaml, explained in briefs' "Key terms" box."""

    term: NonEmpty = Field(
        description="The term as briefs print it: an acronym (DHS) or words (metering)."
    )
    aliases: list[NonEmpty] = Field(
        default_factory=list,
        description="Other forms that count as the term: MPP for Remain in Mexico, irregular plurals.",
    )
    definition: NonEmpty = Field(description="One or two sentences, in our own words.")
    evidence: list[Evidence] = Field(
        default_factory=list, description="Where a source defines the term."
    )


class Position(Node):
    id: Slug
    label: NonEmpty
    stance: Literal["pro", "con"]
    perspective: str | None = None
    short: str | None = Field(
        None, description="A short letter for maps (S, L, R); derived when absent."
    )
    default: bool = Field(
        True, description="false: only topics that list it in their `positions:` debate it."
    )
    labels: dict[LanguageCode, NonEmpty] = Field(
        default_factory=dict,
        description="The label in other languages, by language code: {es: Partidarios}.",
    )


class Name(Node):
    family: str | None = None
    given: str | None = None
    literal: str | None = None
    suffix: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")


class Source(Node):
    """A cited document, with CSL-JSON field names."""

    id: Slug
    type: str = "document"
    title: NonEmpty
    title_short: str | None = Field(
        None, alias="title-short", description="The title cited in the text."
    )
    container_title: str | None = Field(None, alias="container-title")
    collection_title: str | None = Field(None, alias="collection-title")
    author: list[Name] = Field(default_factory=list)
    editor: list[Name] = Field(default_factory=list)
    publisher: str | None = None
    publisher_place: str | None = Field(None, alias="publisher-place")
    issued: str | None = Field(None, description="Year, or ISO date such as 2021-07-29.")
    accessed: str | None = None
    URL: str | None = None
    DOI: str | None = None
    page: str | None = None
    volume: str | None = None
    issue: str | None = None
    note: str | None = None
    text: str | None = Field(
        None, description="File name of the full text, for `evenhand verify --texts DIR`."
    )
    side: Slug | None = Field(
        None,
        description="The position whose case the document itself makes (a position id); leave out for a "
        "balanced or analytic source. Evidence from a source of another side is second-hand.",
    )


Format = Literal["pdf", "html", "md", "docx", "json"]


def _pdf_only() -> list[Format]:
    return ["pdf"]


class Recipe(Node):
    """A brief recipe from briefs/*.yaml."""

    # a recipe names its topics, its tags or its claims (editors see it in the JSON Schema)
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": [k]} for k in ("topics", "tags", "claims")]}
    )
    _one_or_more = frozenset({"topics", "formats", "positions", "tags", "claims"})

    title: NonEmpty
    subtitle: str | None = None
    author: str | None = None
    topics: list[Slug] = Field(
        default_factory=list, description="Topic ids; a parent topic takes its sub-topics along."
    )
    template: Slug = "handout"
    formats: list[Format] = Field(default_factory=_pdf_only, min_length=1)
    positions: list[Slug] | None = None
    balance: Literal["strict", "warn", "off"] = "strict"
    max_claims: int = Field(3, ge=1, alias="max-claims")
    citation_style: Literal["apa", "mla", "chicago"] = Field("apa", alias="citation-style")
    paper: Literal["letter", "a4"] = "letter"
    focus: Slug | None = Field(
        None,
        description="A position id: its case first, then the other positions' claims as objections and its answers.",
    )
    tags: list[str] = Field(
        default_factory=list, description="Every topic (and claim) carrying one of these tags."
    )
    claims: list[Slug] = Field(
        default_factory=list, description="Claim ids picked by hand, kept in this order."
    )
    language: LanguageCode = Field(
        "en",
        description="Language of the fixed texts (headings, labels, dates, citations): en, es, or a catalogue in locales/.",
    )
    reading_level: float | None = Field(
        None,
        ge=1,
        le=20,
        alias="reading-level",
        description="Warn about claims above this U.S. grade level.",
    )
    key_terms: Literal["auto", "required", "off"] = Field(
        "auto",
        alias="key-terms",
        description="auto: a Key terms box when the glossary has terms in the brief; required: also warn about unexplained acronyms; off: no box.",
    )
    side: Slug | None = Field(
        None, description="Cards: only this side's cards and answers: pro, con or a position id."
    )
    card_context: int = Field(
        40,
        ge=0,
        le=200,
        alias="card-context",
        description="Cards: words of the source shown around each quote (0: none).",
    )
    texts: str | None = Field(
        None,
        description="Cards: folder of the sources' full texts, relative to the library (default texts/).",
    )

    @model_validator(mode="after")
    def _selects_something(self) -> Recipe:
        if not (self.topics or self.tags or self.claims):
            from pydantic_core import InitErrorDetails, PydanticCustomError

            detail = InitErrorDetails(
                type=PydanticCustomError(
                    "no_selection", "a recipe needs 'topics', 'tags' or 'claims' (at least one)"
                ),
                loc=("topics",),
                input=None,
            )
            raise ValidationError.from_exception_data(type(self).__name__, [detail])
        return self


@dataclass
class Library:
    """Everything one library folder holds, after reading (a container, not a schema)."""

    root: str
    topics: list[Topic] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    recipes: dict[str, Recipe] = field(default_factory=dict)
    glossary: list[GlossaryEntry] = field(default_factory=list)

    def topic(self, topic_id: str) -> Topic | None:
        return self._index("topic", self.topics, "topic").get(topic_id)

    def position(self, position_id: str) -> Position | None:
        return self._index("position", self.positions, "id").get(position_id)

    def source(self, source_id: str) -> Source | None:
        return self._index("source", self.sources, "id").get(source_id)

    def claim(self, claim_id: str) -> Claim | None:
        return self._index("claim", self.all_claims(), "id").get(claim_id)

    def positions_of(self, topic: Topic) -> list[Position]:
        """The positions a topic debates: its own `positions:` (those that exist), else every default one."""
        if topic.positions is None:
            return [p for p in self.positions if p.default]
        return [
            p
            for p in (self.position(pid) for pid in dict.fromkeys(topic.positions))
            if p is not None
        ]

    def positions_of_all(self, topics: list[Topic]) -> list[Position]:
        """The union of the topics' positions, in the library's order."""
        wanted = {p.id for t in topics for p in self.positions_of(t)}
        return [p for p in self.positions if p.id in wanted]

    def all_claims(self) -> list[Claim]:
        return [c for t in self.topics for c in t.claims]

    def topic_of(self, claim_id: str) -> Topic | None:
        for t in self.topics:
            if any(c.id == claim_id for c in t.claims):
                return t
        return None

    def children(self, topic_id: str) -> list[Topic]:
        return list(self._children().get(topic_id, ()))

    def _children(self) -> dict[str | None, list[Topic]]:
        """Parent id → its sub-topics in file order. Built once (a Library is not edited after
        loading): asked of each topic in turn, a scan of every topic was quadratic."""
        cache = self._cache.get("children")
        if cache is None:
            cache = {}
            for t in self.topics:
                cache.setdefault(t.parent, []).append(t)
            self._cache["children"] = cache
        return cache

    def roots(self) -> list[Topic]:
        known = {t.topic for t in self.topics}
        return [t for t in self.topics if t.parent is None or t.parent not in known]

    def subtree(self, topic_id: str) -> list[Topic]:
        """The topic and its descendants, depth first in file order; safe against cycles and deep trees (no recursion)."""
        out: list[Topic] = []
        seen: set[str] = set()
        children = self._children()
        start = self.topic(topic_id)
        todo = [start] if start is not None else []
        while todo:
            t = todo.pop()
            if t.topic in seen:
                continue
            seen.add(t.topic)
            out.append(t)
            todo.extend(reversed(children.get(t.topic, [])))
        return out

    def _index(self, name: str, items: list, attr: str) -> dict:
        """First item per id (duplicates are reported by the checks). Built once: a Library is not edited after loading."""
        cache = self._cache.get(name)
        if cache is None:
            cache = {}
            for item in items:
                cache.setdefault(getattr(item, attr), item)
            self._cache[name] = cache
        return cache

    _cache: dict = field(default_factory=dict, repr=False, compare=False)
