"""The Jinja2 environment every template-based writer shares.

A library's own templates/ folder is searched first, so a user overrides any
built-in file by putting one of the same name there. HTML templates autoescape;
argument text is always data passed to a template, never a template itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def environment(library_root: str | None):
    import jinja2

    from evenhand.paths import template_dirs
    from evenhand.writers import markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(library_root)]),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md_html"] = markup.markdown_html  # Markdown from argument files → sanitised HTML
    env.filters["md_inline"] = markup.markdown_inline_html  # the same, without the outer <p>
    env.filters["md_text"] = markup.markdown_safe  # Markdown kept as Markdown, raw HTML escaped
    env.filters["md_cell"] = markup.markdown_table_cell
    return env


def render(library_root: str | Path | None, name: str, **context) -> str:
    """Render template ``name`` (e.g. ``handout.html.j2``) with ``context``."""
    env = environment(str(library_root) if library_root is not None else None)
    return env.get_template(name).render(**context)
