"""The citeproc-py corrections fit the installed citeproc-py, and fail loudly when they would not."""

from __future__ import annotations

import types
from importlib import metadata

import pytest

from evenhand import citeproc_fixes
from evenhand.citeproc_fixes import SHAPES, CiteprocChanged, shape_changes


def test_the_installed_citeproc_is_the_pinned_version_and_every_patched_method_has_its_expected_shape():
    version = metadata.version("citeproc-py")
    assert version.startswith("0.11."), version  # pyproject.toml pins >=0.11,<0.12
    assert shape_changes() == []  # a citeproc-py that changes a patched method fails here first


def test_the_corrections_are_applied_to_citeproc():
    from citeproc import model

    citeproc_fixes.apply()
    assert model.Label.process.__name__ == "label_process"
    assert model.If.render.__name__ == "if_render"
    assert "within" in model.TextCased._stop_words


def _fake_model(**overrides):
    """A stand-in for citeproc.model whose classes have the expected shapes, except ``overrides``."""
    classes = {}
    for (cls, attr), params in SHAPES.items():
        namespace = classes.setdefault(cls, {})
        if params is None:
            namespace[attr] = [] if attr == "_stop_words" else (lambda self, *args, **kwargs: None)
        else:
            source = (
                f"def {attr}({', '.join('**kwargs' if p == 'kwargs' else p for p in params)}): pass"
            )
            scope: dict = {}
            exec(source, scope)  # builds a function with exactly these parameter names
            namespace[attr] = scope[attr]
    for dotted, value in overrides.items():
        cls, attr = dotted.split(".")
        if value is None:
            classes[cls].pop(attr)
        else:
            classes[cls][attr] = value
    return types.SimpleNamespace(**{name: type(name, (), ns) for name, ns in classes.items()})


def test_a_method_that_changed_its_parameters_is_named_with_what_it_takes_now():
    assert shape_changes(_fake_model()) == []
    changed = _fake_model(**{"Label.process": lambda self, item, context=None: None})
    assert shape_changes(changed) == [
        "Label.process takes (self, item, context), not (self, item, variable, plural, context, kwargs)"
    ]


def test_a_method_that_is_gone_is_named():
    assert shape_changes(_fake_model(**{"Substitute.render": None})) == [
        "Substitute.render is gone"
    ]


def test_apply_refuses_another_citeproc_version_with_the_fix(monkeypatch):
    from citeproc import model

    monkeypatch.setattr(model, "_evenhand_compat", False, raising=False)
    monkeypatch.setattr(citeproc_fixes.metadata, "version", lambda name: "0.12.0")
    with pytest.raises(
        CiteprocChanged,
        match=r"citeproc-py 0\.12\.0 is installed; .*pip install 'citeproc-py>=0\.11,<0\.12'",
    ):
        citeproc_fixes.apply()
