"""Parse Argdown text (argdown.org) into a small graph: elements, relations, sections.

This is the syntax layer only; ``readers.argdown`` turns the graph into topics
and claims. The parser is line based, like Argdown's own: a statement
``[Title]: text``, an argument ``<Title>: text``, a reference ``[Title]`` or
``<Title>``, relations ``+ - <+ <- +> -> <_ _> ><`` nested by indentation,
premise-conclusion structures ``(1) ...`` with ``----`` or ``-- rule --``
inferences, headings ``# ...``, tags ``#tag`` / ``#(two words)``, data
``{key: value}``. Front matter and comments are taken off first
(``argdown_prelude``). Problems are collected with their line and column,
never raised.
"""

from __future__ import annotations

import re

from evenhand.problems import Location, error
from evenhand.readers.argdown_doc import ArgdownDoc, Element, PcsItem, Relation, Section
from evenhand.readers.argdown_prelude import blank_comments, read_front_matter

# Relation operators: (who relates to whom, kind). "in" = child -> parent.
RELATION_OPS: dict[str, tuple[str, str]] = {
    "+": ("in", "support"),
    "<+": ("in", "support"),
    "-": ("in", "attack"),
    "<-": ("in", "attack"),
    "<_": ("in", "undercut"),
    "+>": ("out", "support"),
    "->": ("out", "attack"),
    "_>": ("out", "undercut"),
    "><": ("out", "contradiction"),
}
_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-)\s+(\S.*)$")
_PCS_ITEM = re.compile(r"\((\d+)\)\s*(.*)$")
_DASHES = re.compile(r"-{2,}\s*$")
_HEADING = re.compile(r"(#{1,6})\s+(.*)$")
_STATEMENT_HEAD = re.compile(r"\[([^\]\n]+)\](?!\()(:?)\s*(.*)$")
_ARGUMENT_HEAD = re.compile(r"<([^<>\n]+)>(:?)\s*(.*)$")
# `#(` scans only to the next paren
_TAG = re.compile(r"(?<![\w@#])#(?:\(([^()\n]+)\)|([\w][\w\-]*))")
_DATA = re.compile(r"\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\}")
_SPACES = re.compile(r"[ \t]+")


class _Parser:
    def __init__(self, text: str, display: str):
        self.display = display
        self.doc = ArgdownDoc()
        self.text = text
        self.section: int | None = None
        self.sink: list | None = None  # where continuation lines go: [element_or_item, parts]
        self.stack: list[tuple[int, str]] = []  # relation tree: (indent, key)
        self.last_block: str | None = None  # key of the element that opened the last block
        self.pcs_arg: str | None = None  # argument whose PCS is open
        self.pcs_pending_rule: list[str] | None = None  # collecting "-- rule --" text
        self.pcs_inference: str | None = None  # inference waiting for its conclusion
        self.pcs_inference_at: tuple[int, int] = (0, 0)
        self.untitled = 0

    # --- helpers -------------------------------------------------------------------
    def err(self, line: int, col: int, message: str) -> None:
        self.doc.problems.append(
            error(Location(self.display, line, col), message, "argdown-syntax")
        )

    def element(
        self, key: str, kind: str, title: str, titled: bool, line: int, col: int
    ) -> Element:
        el = self.doc.elements.get(key)
        if el is None:
            el = Element(key, kind, title, titled, line, col, self.section)
            self.doc.elements[key] = el
        return el

    def head(self, content: str, line: int, col: int) -> tuple[Element, str | None]:
        """The element a block or relation line names; returns it and its own text (None: a reference)."""
        m = _STATEMENT_HEAD.match(content)
        if m:
            title = _clean_title(m.group(1))
            el = self.element(f"[{title}]", "statement", title, True, line, col)
            return el, (m.group(3) if m.group(2) else _only_meta(m.group(3)))
        m = _ARGUMENT_HEAD.match(content)
        if m:
            title = _clean_title(m.group(1))
            el = self.element(f"<{title}>", "argument", title, True, line, col)
            return el, (m.group(3) if m.group(2) else _only_meta(m.group(3)))
        self.untitled += 1
        el = self.element(f"[#untitled-{self.untitled}]", "statement", "", False, line, col)
        return el, content

    def open_text(self, el: Element, text: str | None) -> None:
        """Start collecting this occurrence's text; the first occurrence with text defines it."""
        self.sink = [el, [text]] if text is not None else [el, []]
        if text is None:
            self.sink = None

    def flush(self) -> None:
        if self.sink is None:
            return
        target, parts = self.sink
        self.sink = None
        raw = " ".join(p.strip() for p in parts if p is not None)
        text, tags, data = split_meta(raw)
        if isinstance(target, Element):
            _add_tags(target, tags)
            target.data.extend(data)
            if text and not target.text:
                target.text = text
                target.section = self.section
        elif isinstance(target, PcsItem):
            target.text = text
            el = self.doc.elements.get(target.key)
            if el is not None:
                _add_tags(el, tags)
                if text and not el.text:
                    el.text = text
        elif isinstance(target, Section):
            target.title = _SPACES.sub(" ", text).strip()

    def close_pcs(self, line: int, col: int) -> None:
        if self.pcs_arg is None:
            return
        arg = self.doc.elements[self.pcs_arg]
        if self.pcs_pending_rule is not None or self.pcs_inference is not None:
            at_line, at_col = self.pcs_inference_at
            self.err(
                at_line,
                at_col,
                f"the inference in <{arg.title}> has no conclusion after it (a numbered statement such as `({len(arg.pcs) + 1}) ...`)",
            )
        elif arg.pcs and arg.pcs[-1].inference is None:
            last = arg.pcs[-1]
            self.err(
                last.line,
                last.col,
                f"missing inference in <{arg.title}>: put four hyphens (----) before the conclusion",
            )
        self.pcs_arg = None
        self.pcs_pending_rule = None
        self.pcs_inference = None

    # --- the main loop ---------------------------------------------------------------
    def run(self) -> ArgdownDoc:
        lines = self.text.split("\n")
        self.doc.front, start = read_front_matter(lines, self.err)
        body = blank_comments("\n".join(lines[start:]), start, self.err)
        self.lines = [""] * start + body.split("\n")
        blank_before = True
        for n, raw in enumerate(self.lines[start:], start=start + 1):
            line = raw.expandtabs(4).rstrip()
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            col = indent + 1
            if not content:
                self.flush()
                blank_before = True
                continue
            if self.pcs_pending_rule is not None and not _DASHES.match(content):
                self.pcs_pending_rule.append(content)
                continue
            self.line(n, col, indent, content, blank_before)
            blank_before = False
        self.flush()
        self.close_pcs(len(lines), 1)
        return self.doc

    def line(self, n: int, col: int, indent: int, content: str, blank_before: bool) -> None:
        m = _HEADING.match(content)
        if m and indent == 0:
            self.flush()
            self.close_pcs(n, col)
            level = len(m.group(1))
            parent = self.section
            while parent is not None and self.doc.sections[parent].level >= level:
                parent = self.doc.sections[parent].parent
            sec = Section("", level, parent, n, col)
            self.doc.sections.append(sec)
            self.section = len(self.doc.sections) - 1
            self.sink = [sec, [m.group(2)]]
            self.stack = []
            self.last_block = None
            return
        if self.sink and isinstance(self.sink[0], Section) and not blank_before:
            self.sink[1].append(content)
            return
        if _DASHES.match(content):
            self.flush()
            self.inference_line(n, col)
            return
        m = _PCS_ITEM.match(content)
        if m:
            self.flush()
            self.pcs_item(int(m.group(1)), m.group(2), n, col, col + m.start(2), indent)
            return
        m = _RELATION.match(content)
        if m:
            self.flush()
            self.relation(m.group(1), m.group(2), n, col, indent)
            return
        if not blank_before and self.sink is not None:
            self.sink[1].append(content)
            return
        # a new block: a statement, an argument, a reference or a prose paragraph
        self.flush()
        if self.pcs_arg is not None:
            self.close_pcs(n, col)
        el, own = self.head(content, n, col)
        el.top_level = True
        if not el.titled:
            el.prose = True
        self.open_text(el, own)
        self.stack = [(indent - 1, el.key)]
        self.last_block = el.key

    def relation(self, op: str, content: str, n: int, col: int, indent: int) -> None:
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            self.err(
                n,
                col,
                f"relation `{op}` has no statement or argument above it with less indentation to relate to",
            )
            return
        parent = self.stack[-1][1]
        child, own = self.head(content, n, col + len(op) + 1)
        self.open_text(child, own)
        direction, kind = RELATION_OPS[op]
        src, dst = (child.key, parent) if direction == "in" else (parent, child.key)
        if src == dst:
            self.err(n, col, f"{child.key} cannot relate to itself")
        else:
            self.doc.relations.append(Relation(src, dst, kind, n, col))
        self.stack.append((indent, child.key))

    def pcs_item(
        self, number: int, content: str, n: int, col: int, text_col: int, indent: int
    ) -> None:
        arg = self._pcs_argument(number, n, col)
        key, own = self._pcs_statement(arg, number, content, n, col, text_col)
        item = PcsItem(number, key, "", n, col)
        if self.pcs_inference is not None:
            item.inference = self.pcs_inference
            self.pcs_inference = None
        arg.pcs.append(item)
        self.sink = [item, [own if own is not None else ""]]
        if own is None:  # a reference: its text is the statement's
            self.sink = None
        self.stack = [(indent - 1, key)]

    def _pcs_argument(self, number: int, n: int, col: int) -> Element:
        """The argument a numbered statement belongs to: the open structure's; else the argument
        whose block came just before (if it has no structure yet); else a new untitled one."""
        if self.pcs_arg is not None and number == 1 and self.pcs_inference is None:
            done = self.doc.elements[self.pcs_arg].pcs
            if done and done[-1].inference is not None:  # a second structure right after the first
                self.close_pcs(n, col)
                self.last_block = None
        if self.pcs_arg is None:
            owner = self.doc.elements.get(self.last_block) if self.last_block else None
            if owner is None or owner.kind != "argument" or owner.pcs:
                self.untitled += 1
                title = f"Untitled argument {self.untitled}"
                owner = self.element(f"<{title}>", "argument", title, False, n, col)
                owner.top_level = True
            self.pcs_arg = owner.key
        return self.doc.elements[self.pcs_arg]

    def _pcs_statement(
        self, arg: Element, number: int, content: str, n: int, col: int, text_col: int
    ) -> tuple[str, str | None]:
        """(element key, its own text; None for a reference) of a numbered statement: a named
        statement (``(1) [Title]: text``), else one of the argument's own."""
        m = _STATEMENT_HEAD.match(content)
        if m:
            title = _clean_title(m.group(1))
            el = self.element(f"[{title}]", "statement", title, True, n, text_col)
            return el.key, (m.group(3) if m.group(2) else _only_meta(m.group(3)))
        key = f"{arg.key}#{len(arg.pcs) + 1}"
        el = self.element(key, "pcs", f"({number})", False, n, col)
        el.argument = arg.key
        return key, content

    def inference_line(self, n: int, col: int) -> None:
        if self.pcs_pending_rule is not None:  # closing "--" of a rule block
            rule, _ = _rule_text(" ".join(self.pcs_pending_rule))
            self.pcs_pending_rule = None
            self.pcs_inference = rule
            return
        if self.pcs_arg is None or not self.doc.elements[self.pcs_arg].pcs:
            self.err(
                n, col, "an inference line (----) must follow the numbered premises of an argument"
            )
            return
        if self.pcs_inference is not None:
            self.err(
                n, col, "two inference lines in a row: a numbered conclusion must come between them"
            )
            return
        self.pcs_inference_at = (n, col)
        # "--" opens a rule block when the next non-blank line is neither a statement nor dashes
        nxt = _next_content(self.lines, n)
        if nxt is not None and not _PCS_ITEM.match(nxt) and not _DASHES.match(nxt):
            self.pcs_pending_rule = []
        else:
            self.pcs_inference = ""


def _add_tags(el: Element, tags: list[str]) -> None:
    """Append the tags ``el`` does not have yet, in order (a set keeps it linear in the number of tags)."""
    have = set(el.tags)
    for t in tags:
        if t not in have:
            have.add(t)
            el.tags.append(t)


def _next_content(lines: list[str], after: int) -> str | None:
    for raw in lines[after:]:
        s = raw.strip()
        if s:
            return s
    return None


def _rule_text(raw: str) -> tuple[str, list[str]]:
    text, _tags, data = split_meta(raw)
    return text, data


def _clean_title(title: str) -> str:
    return unescape(_SPACES.sub(" ", title).strip())


def _only_meta(rest: str) -> str | None:
    """After a reference `[T]`, only tags and data may follow; they count as its own (empty) text."""
    return rest if rest.strip() else None


def split_meta(raw: str) -> tuple[str, list[str], list[str]]:
    """Take the tags and {data} out of a text; returns (text, tags, data)."""
    data = _DATA.findall(raw)
    text = _DATA.sub(" ", raw)
    tags = [(m.group(1) or m.group(2)).strip() for m in _TAG.finditer(text)]
    text = _TAG.sub(" ", text)
    text = unescape(_SPACES.sub(" ", text).strip())
    return text, [unescape(t) for t in tags], data


# A backslash escapes the next character. While parsing, "\\X" becomes two private-use
# characters (so columns stay right and X loses its meaning); ``unescape`` turns them back.
_ESCAPE = re.compile(r"\\([!-~])")
_ESCAPED = re.compile("\ue000([\ue021-\ue07e])")


def unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(ord(m.group(1)) - 0xE000), text)


def parse_argdown(text: str, display: str) -> ArgdownDoc:
    """Parse Argdown source; problems (with line and column) are in ``doc.problems``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _ESCAPE.sub(lambda m: "\ue000" + chr(0xE000 + ord(m.group(1))), text)
    return _Parser(text, display).run()
