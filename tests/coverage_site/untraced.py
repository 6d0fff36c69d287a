"""Third-party work run with coverage's tracer off, in the test processes (`tests/conftest.py`)
and in the Python processes the tests start (`sitecustomize.py` beside this file).

Under Python 3.11 coverage's tracer is called on every function call, also in code it does
not measure, which makes all Python code slower while it is on (a call-heavy loop 4.5 times).
WeasyPrint makes millions of calls: a handout took 11.3 s under coverage against 7.6 s
without. Only third-party code is run untraced; what of ours it calls back (the URL fetcher)
then goes uncounted, so coverage can only read lower, never higher."""

from __future__ import annotations

import functools
import sys


def untraced(function):
    """``function`` run with coverage's tracer off (in this thread)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        tracer = sys.gettrace()
        sys.settrace(None)
        try:
            return function(*args, **kwargs)
        finally:
            sys.settrace(tracer)

    return run


def untrace_weasyprint(weasyprint):
    """WeasyPrint's parsers (HTML, CSS), layout and PDF writer run untraced from now on.
    Returns the function that puts them back."""
    from weasyprint.document import Document

    methods = [
        (weasyprint.HTML, "__init__"),  # parses the HTML
        (weasyprint.CSS, "__init__"),  # parses the stylesheet
        (weasyprint.HTML, "render"),
        (Document, "write_pdf"),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name in methods]
    for owner, name, method in saved:
        setattr(owner, name, untraced(method))

    def restore() -> None:
        for owner, name, method in saved:
            setattr(owner, name, method)

    return restore
