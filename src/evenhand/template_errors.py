"""Where a (user's) template failed: the template file and line, from the error or its traceback."""

from __future__ import annotations

from pathlib import Path

from evenhand.problems import Location, Problem, error

TEMPLATE_SUFFIXES = (".j2", ".css")
ENDLESS = "template error: templates include or extend each other without end"


def in_template(tb) -> bool:
    """Whether the traceback passes through a template's code (``{{ 1 / 0 }}``, ``{{ 2.0 ** 9999 }}``)."""
    return bool(_spots(tb))


def _spots(tb) -> list[tuple[str, int]]:
    """The template lines a traceback passes through (Jinja rewrites frames to point at them)."""
    spots = []
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            spots.append((filename, tb.tb_lineno))
        tb = tb.tb_next
    return spots


def template_problem(exc: BaseException, tb=None) -> Problem:
    """Where a template failed, and why, as a located problem."""
    import jinja2

    from evenhand.readers.library_files import display_path

    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename = exc.filename or exc.name or "<template>"
        where = Location(
            display_path(Path(filename)) if exc.filename else filename, exc.lineno or 0, 1
        )
        return error(where, f"template syntax error: {exc.message}", "template")
    spots = _spots(tb or exc.__traceback__)
    if isinstance(exc, RecursionError) and spots:
        # {% include %} or {% extends %} of itself, directly or not: the line that repeats most
        from collections import Counter

        (filename, line), _ = Counter(spots).most_common(1)[0]
        return error(Location(display_path(Path(filename)), line, 1), ENDLESS, "template")
    where = (
        Location(display_path(Path(spots[-1][0])), spots[-1][1], 1)
        if spots
        else Location("<template>")
    )
    if isinstance(
        exc, jinja2.TemplateNotFound
    ):  # {% include %} of a name not in the template folders
        return error(
            where if spots else Location("<templates>"),
            f"template not found: {exc.name}",
            "template",
        )
    return error(where, _message(exc), "template")


def _message(exc: BaseException) -> str:
    import jinja2
    from jinja2.sandbox import SecurityError

    if isinstance(exc, RecursionError):
        return ENDLESS
    if isinstance(exc, SecurityError):
        return f"template error: {exc} (templates render in a sandbox: they see the brief's data, not Python)"
    if not isinstance(exc, jinja2.TemplateError):
        return f"template error: {type(exc).__name__}: {exc}"
    return f"template error: {exc}"
