"""Import an Argdown file (argdown.org): statements and arguments become claims.

- Every argument ``<T>`` and every titled statement ``[T]`` becomes a claim
  titled T; an untitled statement in a relation becomes a claim titled by its
  first sentence. A title used again is the same claim.
- An untitled top-level paragraph with no relations is prose: it goes to the
  background of its topic.
- Headings become sub-topics (``##`` under the ``#`` before it); a heading
  with no claim under it only adds its prose to its parent's background.
- Relations: ``+ <+ +>`` supports; ``- <- ->`` attacks; ``<_ _>`` (undercut)
  and ``><`` (contradiction) attacks with a note in the claim's text saying which.
- A premise-conclusion structure stays in the argument's text as a list; the
  argument supports a titled conclusion, a titled premise supports the
  argument, and a relation on an untitled premise or conclusion is the
  argument's, with a note naming the premise.
- The first titled top-level statement is the main thesis: it becomes the
  question of the imported topic and stays a claim, so its relations survive.
- Positions: ``#pro`` / ``#con`` tags, else the side of the thesis the claim
  is on (see ``graph_import.sides``); ``supporters`` and ``critics``.
- Front matter ``title`` names the topic (else the first heading, else the
  file name); ``subTitle``, ``author`` and ``date`` open the background.
"""

from __future__ import annotations

import re
from pathlib import Path

from evenhand.problems import Location, error
from evenhand.readers.argdown_doc import ArgdownDoc, Element
from evenhand.readers.argdown_parse import parse_argdown
from evenhand.readers.graph_import import GEdge, GNode, GTopic, build_result, short_title
from evenhand.readers.imported import ImportResult, read_text, slugify

_MENTION = re.compile(r"@([\[<])([^\]>\n]+)[\]>]")


def read(path: Path, *, topic_id: str | None = None, display: str) -> ImportResult:
    text, problem = read_text(path, display)
    if problem is not None:
        return ImportResult(problems=[problem])
    assert text is not None  # read_text gives the text when it gives no problem
    return from_text(text, display=display, topic_id=topic_id, default_title=path.stem)


def from_text(
    text: str, *, display: str, topic_id: str | None = None, default_title: str = "Imported"
) -> ImportResult:
    doc = parse_argdown(text, display)
    result = ImportResult(problems=list(doc.problems))
    if not result.ok:
        return result
    return _convert(doc, display, topic_id, default_title, result)


def plain(text: str) -> str:
    """Mentions ``@[T]`` / ``@<T>`` as plain titles (for topic titles)."""
    return _MENTION.sub(lambda m: m.group(2), text).strip()


def _is_claim(el: Element, related: set[str]) -> bool:
    if el.kind == "pcs":
        return False
    if el.kind == "argument" or el.titled:
        return True
    return bool(el.text) and (not el.prose or el.key in related)


def _convert(
    doc: ArgdownDoc, display: str, topic_id: str | None, default_title: str, result: ImportResult
) -> ImportResult:
    related = {r.source for r in doc.relations} | {r.target for r in doc.relations}
    claims = [el for el in doc.elements.values() if _is_claim(el, related)]
    if not claims:
        result.problems.append(
            error(
                Location(display, 1, 1),
                "no statement or argument to import (only prose)",
                "argdown-empty",
            )
        )
        return result
    topics, topic_of_section = _topics(doc, claims, display, default_title)
    _name_topics(topics, topic_id)
    thesis = next(
        (el for el in claims if el.kind == "statement" and el.titled and el.top_level), None
    )
    if thesis is not None:
        topics[0].question = thesis.text or thesis.title
    nodes = [
        GNode(
            key=el.key,
            title=el.title if el.titled else short_title(el.text),
            text=_claim_text(el, doc),
            topic=topic_of_section.get(el.section, 0),
            where=Location(display, el.line, el.col),
            tags=list(el.tags),
        )
        for el in claims
    ]
    return build_result(topics, nodes, _edges(doc), thesis.key if thesis else None, result)


def _topics(
    doc: ArgdownDoc, claims: list[Element], display: str, default_title: str
) -> tuple[list[GTopic], dict[int | None, int]]:
    """The file's topic, then one per heading that has claims under it; and each section's topic."""
    has_claims = _sections_with_claims(doc, claims)
    title = (
        _text(doc.front.get("title"))
        or default_title.replace("_", " ").replace("-", " ").strip()
        or "Imported"
    )
    topics = [GTopic(title=plain(title), where=Location(display, 1, 1))]
    topic_of_section: dict[int | None, int] = {None: 0}
    heading_prose: dict[int, list[str]] = {0: []}
    for i, sec in enumerate(doc.sections):
        parent_topic = topic_of_section.get(sec.parent, 0)
        if i in has_claims:
            topics.append(
                GTopic(
                    title=plain(sec.title) or f"Section {i + 1}",
                    parent=parent_topic,
                    where=Location(display, sec.line, sec.col),
                )
            )
            topic_of_section[i] = len(topics) - 1
            heading_prose[len(topics) - 1] = []
        else:
            topic_of_section[i] = parent_topic
            heading_prose[parent_topic].append(f"**{plain(sec.title)}**")
    claim_keys = {el.key for el in claims}
    for el in doc.elements.values():
        if el.prose and el.text and el.key not in claim_keys:
            heading_prose.setdefault(topic_of_section.get(el.section, 0), []).append(el.text)
    lead = _lead(doc.front)
    for i, t in enumerate(
        topics
    ):  # headings with no prose under them are not worth keeping in a background
        paras = (lead if i == 0 else []) + _drop_bare_headings(heading_prose.get(i, []))
        t.background = "\n\n".join(paras) or None
    return topics, topic_of_section


def _sections_with_claims(doc: ArgdownDoc, claims: list[Element]) -> set[int]:
    """The sections that hold a claim, themselves or in a sub-section."""
    found: set[int] = set()
    for el in claims:
        s = el.section
        while s is not None:
            found.add(s)
            s = doc.sections[s].parent
    return found


def _lead(front: dict) -> list[str]:
    """The first topic's opening paragraphs from the front matter: subtitle, author and date."""
    intro = [_text(front.get(k)) for k in ("subTitle", "subtitle")]
    byline = ", ".join(x for x in (_text(front.get("author")), _text(front.get("date"))) if x)
    return [f"*{x}*" for x in intro if x] + ([f"Argdown document by {byline}."] if byline else [])


def _name_topics(topics: list[GTopic], topic_id: str | None) -> None:
    """Ids: the root from --topic-id or the title; sub-topics under it."""
    taken: set[str] = set()
    topics[0].id = topic_id or slugify(topics[0].title, taken, fallback="imported")
    taken.add(topics[0].id)
    for t in topics[1:]:
        t.id = slugify(f"{topics[0].id} {t.title}", taken, max_len=60)


def _drop_bare_headings(paras: list[str]) -> list[str]:
    out: list[str] = []
    for i, p in enumerate(paras):
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if (
            p.startswith("**")
            and p.endswith("**")
            and (nxt is None or (nxt.startswith("**") and nxt.endswith("**")))
        ):
            continue
        out.append(p)
    return out


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _claim_text(el: Element, doc: ArgdownDoc) -> str:
    if el.kind != "argument" or not el.pcs:
        return el.text
    lines = []
    for item in el.pcs:
        stmt = doc.elements.get(item.key)
        text = item.text or (stmt.text if stmt else "") or (stmt.title if stmt else "")
        if stmt is not None and stmt.titled:
            text = f"{text} ({stmt.title})" if text != stmt.title else text
        if item.inference is not None:
            rule = f" *({item.inference})*" if item.inference else ""
            lines.append(f"- ({item.number}) **Therefore:** {text}{rule}")
        else:
            lines.append(f"- ({item.number}) {text}")
    head = el.text + "\n\n" if el.text else ""
    return head + "Premises and conclusion:\n\n" + "\n".join(lines)


_KIND_NOTE = {
    "undercut": "Undercuts “{t}”: it attacks the inference, not the conclusion.",
    "contradiction": "Contradicts “{t}”: the two cannot both be true.",
}


def _edges(doc: ArgdownDoc) -> list[GEdge]:
    """The relations as edges between claims, then each argument's premise-conclusion structure."""
    return [_relation_edge(doc.elements, r) for r in doc.relations] + _argument_edges(doc.elements)


def _owner(els: dict[str, Element], key: str) -> tuple[str, str | None]:
    """The claim key for an element, and a premise label when it is an untitled PCS statement."""
    el = els[key]
    if el.kind != "pcs" or el.argument is None:
        return key, None
    arg = els[el.argument]
    item = next((i for i in arg.pcs if i.key == key), None)
    if item is None or item.inference is not None and item is arg.pcs[-1]:
        return arg.key, None
    label = "conclusion" if item.inference is not None else "premise"
    return arg.key, f"{label} ({item.number})"


def _relation_edge(els: dict[str, Element], r) -> GEdge:
    src, src_part = _owner(els, r.source)
    dst, dst_part = _owner(els, r.target)
    kind = "supports" if r.kind == "support" else "attacks"
    verb = "supports" if kind == "supports" else "attacks"
    target_title = els[dst].title or short_title(els[dst].text)
    notes = []
    if r.kind in _KIND_NOTE:
        notes.append(_KIND_NOTE[r.kind].format(t=target_title))
    if dst_part:
        notes.append(f"It {verb} {dst_part} of “{target_title}”.")
    if src_part:
        notes.append(f"Its {src_part} {verb} “{target_title}”.")
    return GEdge(src, dst, kind, " ".join(notes) or None)


def _argument_edges(els: dict[str, Element]) -> list[GEdge]:
    """An argument supports its conclusion statement; its premise statements support it."""
    edges: list[GEdge] = []
    for arg in els.values():
        if arg.kind != "argument" or not arg.pcs:
            continue
        last = arg.pcs[-1]
        if els[last.key].kind == "statement":
            edges.append(GEdge(arg.key, last.key, "supports"))
        for item in arg.pcs[:-1]:
            if els[item.key].kind == "statement" and item.inference is None:
                edges.append(GEdge(item.key, arg.key, "supports"))
    return edges
