"""Corrections to citeproc-py 0.11, applied once before a style is parsed.

They patch citeproc's model classes in place. Each patched method must still have
the shape (parameters) these corrections were written for: if citeproc-py
changes one, `apply` raises `CiteprocChanged` instead of silently printing
wrong citations. The pin in pyproject.toml (citeproc-py >=0.11,<0.12) keeps us
on that version; tests/test_citeproc_fixes.py fails first when it moves.

Upstream: citeproc-py's tracker has no issue for any of these (searched
2026-12); the CSL 1.0.2 specification sections each one follows are named
in `apply`.
"""

from __future__ import annotations

import inspect
from importlib import metadata

# citeproc-py versions these corrections were written for: [0.11, 0.12)
SUPPORTED = (
    (0, 11),
    (0, 12),
)

# The methods (and one attribute) patched, with the parameters each must still have.
SHAPES: dict[tuple[str, str], tuple[str, ...] | None] = {
    ("Text", "_variable"): ("self", "item", "context"),
    ("Substitute", "render"): ("self", "item", "context", "kwargs"),
    ("Name", "get_option"): ("self", "name", "context", "sort_options"),
    ("Label", "process"): ("self", "item", "variable", "plural", "context", "kwargs"),
    ("If", "render"): ("self", "item", "context", "delimiter", "kwargs"),
    ("TextCased", "_stop_words"): None,  # a list of words, not a method
    ("ConditionFailed", "__init__"): None,  # raised to fail a condition; only its existence matters
}


class CiteprocChanged(RuntimeError):
    """The installed citeproc-py is not the one our corrections were written for."""


def shape_changes(model: object = None) -> list[str]:
    """What differs between citeproc-py's model and `SHAPES` (empty when the corrections fit).

    ``model``: citeproc.model, or a stand-in with the same classes (the tests pass one)."""
    if model is None:
        from citeproc import model as citeproc_model

        model = citeproc_model
    changes = []
    for (cls, attr), params in SHAPES.items():
        target = getattr(getattr(model, cls, None), attr, None)
        if target is None:
            changes.append(f"{cls}.{attr} is gone")
        elif params is None:
            continue
        elif not callable(target):
            changes.append(f"{cls}.{attr} is no longer a method")
        else:
            found = tuple(inspect.signature(target).parameters)
            if found != params:
                changes.append(
                    f"{cls}.{attr} takes ({', '.join(found)}), not ({', '.join(params)})"
                )
    return changes


def _check_version() -> str:
    version = metadata.version("citeproc-py")
    parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    if not SUPPORTED[0] <= parts < SUPPORTED[1]:
        raise CiteprocChanged(
            f"citeproc-py {version} is installed; evenhand's citation corrections are written for citeproc-py "
            f"{'.'.join(map(str, SUPPORTED[0]))}.x: pip install 'citeproc-py>=0.11,<0.12'"
        )
    return version


# One-word stop words of CSL 1.0.2 title case ("text-case" attribute).
CSL_STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "an",
        "and",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "et",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "like",
        "mid",
        "midst",
        "minus",
        "modulo",
        "near",
        "next",
        "nor",
        "notwithstanding",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "so",
        "than",
        "through",
        "throughout",
        "thru",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "via",
        "with",
        "within",
        "without",
        "worth",
    ]
)


def apply() -> None:
    """Fix five gaps of citeproc-py 0.11 that make the bundled styles print wrong citations.

    1. A variable used as a substitute (APA's title for a missing author) must
       not print again later in the entry (CSL 1.0.2, "Substitution").
    2. ``initialize="false"`` keeps given names whole (MLA, Chicago: "Andrew",
       not "A.").
    3. ``cs:label`` prints only when its variable has a value (Chicago printed
       "Edition." for every newspaper article).
    4. ``disambiguate="true"`` is false: we do not run disambiguation (MLA added
       the title to every in-text citation).
    5. Title case keeps the one-word stop words of the CSL specification in
       lower case ("Relations under the Biden Administration").
    Punctuation inside closing quotes (en-US) is done on the output, see ``_typeset``.
    Applied once; idempotent. Raises `CiteprocChanged` when citeproc-py is another
    version or a patched method changed shape.
    """
    from citeproc import model

    if getattr(model, "_evenhand_compat", False):
        return
    version = _check_version()
    changes = shape_changes(model)
    if changes:
        raise CiteprocChanged(
            f"citeproc-py {version} changed what evenhand's citation corrections patch ({'; '.join(changes)}); "
            "pip install 'citeproc-py>=0.11,<0.12' or update evenhand/citeproc_fixes.py"
        )
    model._evenhand_compat = True
    _keep_substitutes_once(model)
    _keep_names_whole(model)
    _labels_only_with_a_value(model)
    _no_disambiguation(model)
    model.TextCased._stop_words = sorted(set(model.TextCased._stop_words) | CSL_STOP_WORDS)


def _keep_substitutes_once(model) -> None:
    """1. A variable printed as a substitute is not printed again in the same entry."""
    text_tag = "{http://purl.org/net/xbiblio/csl}text"
    recording: list[set[str]] = []
    original_variable = model.Text._variable

    def _variable(self, item, context):
        value = original_variable(self, item, context)
        if value is not None and recording:
            recording[-1].add(self.get("variable"))
        return value

    original_substitute = model.Substitute.render

    def substitute_render(self, item, context=None, **kwargs):
        recording.append(set())
        try:
            text = original_substitute(self, item, context=context, **kwargs)
        finally:
            used = recording.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            repressed[text_tag] = list(repressed.get(text_tag, [])) + sorted(used)
            if recording:
                recording[-1].update(used)
        return text

    model.Text._variable = _variable
    model.Substitute.render = substitute_render


def _keep_names_whole(model) -> None:
    """2. ``initialize="false"``: given names are not cut to initials."""
    original_get_option = model.Name.get_option

    def name_get_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and self.get("initialize", "true").lower() == "false":
            return None
        return original_get_option(self, name, context, sort_options)

    model.Name.get_option = name_get_option


def _labels_only_with_a_value(model) -> None:
    """3. ``cs:label`` prints only when its variable has a value."""
    original_label = model.Label.process

    def label_process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name == "locator":
            if not item.has_locator:
                return None
        elif name and name.replace("-", "_") not in item.reference:
            return None
        return original_label(
            self, item, variable=variable, plural=plural, context=context, **kwargs
        )

    model.Label.process = label_process


def _no_disambiguation(model) -> None:
    """4. ``disambiguate="true"`` is false, as we run no disambiguation."""
    original_if = model.If.render
    conditions = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position")

    def if_render(self, item, context=None, delimiter="", **kwargs):
        if (
            self.get("disambiguate", "false").lower() == "true"
            and not any(c in self.attrib for c in conditions)
            and self.get("match") != "none"
        ):
            raise model.ConditionFailed
        return original_if(self, item, context=context, delimiter=delimiter, **kwargs)

    model.If.render = if_render
