"""The Jinja2 environment every template-based writer shares.

A library's own templates/ folder is searched first, so a user overrides any
built-in file by putting one of the same name there. HTML templates autoescape;
argument text is always data passed to a template, never a template itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def environment(library_root: str | None, language: str = "en"):
    """The environment for a library's templates, with the gettext catalogue of ``language``
    installed (jinja2.ext.i18n: templates mark fixed texts as {{ _("Key facts") }})."""
    import jinja2

    from evenhand import i18n

    from evenhand.paths import template_dirs
    from evenhand.writers import markup

    env = jinja2.Environment(
        loader=_confined_loader(template_dirs(library_root), library_root),
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
    env.filters["md_plain"] = markup.markdown_plain  # plain text, every Markdown character escaped
    env.filters["blockquote"] = markup.blockquote  # a Markdown quotation, line by line
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(i18n.translations(language, library_root), newstyle=True)
    return env


def _confined_loader(dirs: list[Path], library_root: str | None):
    """A FileSystemLoader that refuses a template file whose real path (symbolic links
    resolved) is outside the library and the template folders, before reading it:
    rendering reads nothing outside them (a link to /etc/passwd or /dev/zero in
    templates/ is an error, not an embedded file or a hang)."""
    import os

    import jinja2
    from jinja2.loaders import split_template_path

    roots = [Path(os.path.realpath(d)) for d in dirs]
    if library_root is not None:
        roots.insert(0, Path(os.path.realpath(library_root)))

    class ConfinedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            for folder in dirs:
                candidate = Path(folder, *split_template_path(template))
                if candidate.is_file() or candidate.is_symlink():
                    real = Path(os.path.realpath(candidate))
                    if not any(real.is_relative_to(r) for r in roots):
                        from evenhand.readers.library import display_path

                        raise jinja2.TemplateError(
                            f"{display_path(Path(folder)) + '/' + template} links to {real}, outside the library; "
                            "copy the file into the library's templates/ instead of linking to it"
                        )
                    break
            return super().get_source(environment, template)

    return ConfinedLoader([str(d) for d in dirs])


def uses_variable(library_root: str | Path | None, name: str, variable: str) -> bool:
    """Whether template ``name``, or a template it extends, includes or imports, reads ``variable``.

    Lets a build skip work (drawing maps) that no template shows. A template that
    cannot be read or parsed, or one named by an expression, counts as reading it:
    rendering reports the first, and the second cannot be known beforehand.
    """
    import jinja2
    from jinja2 import meta

    env = environment(str(library_root) if library_root is not None else None)
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, _, _ = env.loader.get_source(env, current)
            tree = env.parse(source)
        except jinja2.TemplateError:
            return True
        if variable in meta.find_undeclared_variables(tree):
            return True
        for ref in meta.find_referenced_templates(tree):
            if ref is None:
                return True
            todo.append(ref)
    return False


def render(library_root: str | Path | None, name: str, *, language: str = "en", **context) -> str:
    """Render template ``name`` (e.g. ``handout.html.j2``) with ``context``, its fixed texts in ``language``."""
    env = environment(str(library_root) if library_root is not None else None, language)
    return env.get_template(name).render(**context)
