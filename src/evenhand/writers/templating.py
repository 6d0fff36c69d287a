"""The Jinja2 environment every template-based writer shares.

A library's own templates/ folder is searched first, so a user overrides any
built-in file by putting one of the same name there. A library may come from a
stranger, so every template (ours too) renders in Jinja's immutable sandbox
(evenhand.writers.sandbox): it sees the brief's data, our filters and a few
harmless globals, and nothing else. Stylesheets (``*.css``) are read as data,
never rendered: ``{% include "brief.css" %}`` and ``{{ stylesheet("brief.css") }}``
both put the file's text in the page as it is. HTML templates autoescape;
argument text is always data passed to a template, never a template itself.
"""

from __future__ import annotations

import contextlib
import os
import re
from functools import lru_cache
from pathlib import Path

MAX_STYLESHEET_BYTES = 2 * 1024 * 1024
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_./-]+")  # a stylesheet's name, safe inside a Jinja string


def environment(library_root: str | None, language: str = "en"):
    """The environment for a library's templates, with the gettext catalogue of ``language``
    installed (jinja2.ext.i18n: templates mark fixed texts as {{ _("Key facts") }}).

    Kept between builds of one process (watch, a batch) while the library's template
    folders stay the same: a templates/ folder made meanwhile gets a new environment."""
    from evenhand.paths import template_dirs

    return _environment(library_root, language, tuple(template_dirs(library_root)))


@lru_cache(maxsize=8)
def _environment(library_root: str | None, language: str, template_folders: tuple[Path, ...]):
    import jinja2

    from evenhand import i18n
    from evenhand.writers import markup
    from evenhand.writers.sandbox import BriefSandbox

    dirs = list(template_folders)
    env = BriefSandbox(
        loader=_confined_loader(dirs, library_root),
        bytecode_cache=_compiled(),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=True
        ),
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
    env.filters["no_widow"] = markup.no_widow  # a title's last two words kept on one line
    env.globals["stylesheet"] = lambda name: stylesheet(dirs, library_root, str(name))
    env.add_extension("jinja2.ext.i18n")
    # the i18n extension adds this method to the environment at run time (Environment.extend)
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(language, library_root), newstyle=True
    )
    return env


@lru_cache(maxsize=1)
def _compiled():
    """The templates compiled in this process, shared by every environment `_environment`
    makes (all alike but for loader, globals and catalogue, none of which the compiled code
    holds): a new library's environment does not compile the built-in templates again.
    Jinja keys each by the template's path and the checksum of its text, so an edited
    template is compiled afresh."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[tuple[str, str | None], object] = {}

        def load_bytecode(self, bucket) -> None:
            bucket.code = self.code.get((bucket.key, bucket.checksum))

        def dump_bytecode(self, bucket) -> None:
            if len(self.code) >= 512:  # a long `watch` of edited templates: start over
                self.code.clear()
            self.code[(bucket.key, bucket.checksum)] = bucket.code

    return Compiled()


def _roots(dirs: list[Path], library_root: str | None) -> list[Path]:
    roots = [Path(os.path.realpath(d)) for d in dirs]
    if library_root is not None:
        roots.insert(0, Path(os.path.realpath(library_root)))
    return roots


def _find(dirs: list[Path], library_root: str | None, name: str) -> Path | None:
    """The first file called ``name`` in the template folders, refused (a TemplateError)
    when its real path (symbolic links resolved) is outside the library and the template
    folders: rendering reads nothing outside them (a link to /etc/passwd or /dev/zero in
    templates/ is an error, not an embedded file or a hang)."""
    import jinja2
    from jinja2.loaders import split_template_path

    parts = split_template_path(name)  # refuses '..' and absolute names
    for folder in dirs:
        candidate = Path(folder, *parts)
        if candidate.is_file() or candidate.is_symlink():
            real = Path(os.path.realpath(candidate))
            if not any(real.is_relative_to(r) for r in _roots(dirs, library_root)):
                from evenhand.readers.library_files import display_path

                raise jinja2.TemplateError(
                    f"{display_path(Path(folder)) + '/' + name} links to {real}, outside the library; "
                    "copy the file into the library's templates/ instead of linking to it"
                )
            return candidate
    return None


def stylesheet(dirs: list[Path], library_root: str | None, name: str):
    """The text of stylesheet ``name`` (a library's own first), as data: never a template.

    Safe to put inside ``<style>``: a ``</style`` in it cannot end the element.
    """
    import jinja2
    from markupsafe import Markup

    if not name.endswith(".css"):
        raise jinja2.TemplateError(f"stylesheet('{name}'): only .css files are stylesheets")
    path = _find(dirs, library_root, name)
    if path is None:
        raise jinja2.TemplateNotFound(name)
    from evenhand.readers.files import decode_utf8, read_bytes
    from evenhand.readers.library_files import display_path

    raw, problem = read_bytes(path, display_path(path), MAX_STYLESHEET_BYTES)
    if problem:
        raise jinja2.TemplateError(str(problem))
    assert raw is not None  # read_bytes gives the bytes when it gives no problem
    text, problem = decode_utf8(raw, display_path(path))
    if problem:
        raise jinja2.TemplateError(str(problem))
    assert text is not None  # decode_utf8 gives the text when it gives no problem
    return Markup(re.sub(r"(?i)</(?=style)", r"<\\/", text))


def _confined_loader(dirs: list[Path], library_root: str | None):
    """A FileSystemLoader confined to the library and the template folders (see ``_find``),
    which hands out a stylesheet as a one-line template that prints the file's text."""
    import jinja2

    class ConfinedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            path = _find(dirs, library_root, template)
            if template.endswith(".css"):
                if path is None or not _PLAIN_NAME.fullmatch(template):
                    raise jinja2.TemplateNotFound(template)
                source = f"{{{{ stylesheet('{template}') }}}}"
                return source, str(path), lambda: True  # stylesheet() reads the file at each render
            source, filename, uptodate = super().get_source(environment, template)

            def still_current() -> bool:
                """Unchanged, and not overridden by a library template made since (watch)."""
                found = _find(dirs, library_root, template)
                return (
                    found is not None and os.path.normpath(found) == filename and bool(uptodate())
                )

            return source, filename, still_current

    return ConfinedLoader([str(d) for d in dirs])


def uses_variable(library_root: str | Path | None, name: str, variable: str) -> bool:
    """Whether template ``name``, or a template it extends, includes or imports, reads ``variable``.

    Lets a build skip work (drawing maps) that no template shows. A template that
    cannot be read or parsed, or one named by an expression, counts as reading it:
    rendering reports the first, and the second cannot be known beforehand.
    """
    env = environment(str(library_root) if library_root is not None else None)
    for _, found in _family(env, name):
        if found is None or variable in found[0] or None in found[1]:
            return True
    return False


def prepare(library_root: str | Path | None, name: str, language: str = "en") -> None:
    """Template ``name`` and every template it names, found, parsed and compiled now, into
    this process's caches: a batch build does it once before it forks its workers, which
    then share them instead of each doing it again. A template that fails is left to the
    rendering to report."""
    import jinja2

    env = environment(str(library_root) if library_root is not None else None, language)
    try:
        for current, found in _family(env, name):
            if found is not None:
                with contextlib.suppress(jinja2.TemplateError):
                    env.get_template(current)
    except RecursionError:  # a template nested past Python's limit: the rendering says so
        return


def _family(env, name: str):
    """Template ``name`` and each template it names, in turn, once each: (its name, what it
    reads and names (`_reads`)), or (its name, None) when it cannot be read or parsed."""
    import jinja2

    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, _, _ = env.loader.get_source(env, current)
            found = _reads(source)
        except jinja2.TemplateError:
            yield current, None
            continue
        yield current, found
        todo.extend(ref for ref in found[1] if ref is not None)


@lru_cache(maxsize=256)
def _reads(source: str) -> tuple[frozenset[str], tuple[str | None, ...]]:
    """The variables template ``source`` reads and the templates it names (None: an expression),
    kept: finding them parses the template, and a build asks for each template several
    times (maps, cards, every render of a one-pager). Parsed by the built-in templates'
    environment: every environment parses alike."""
    from jinja2 import meta

    tree = environment(None).parse(source)
    return frozenset(meta.find_undeclared_variables(tree)), tuple(
        meta.find_referenced_templates(tree)
    )


def render(library_root: str | Path | None, name: str, *, language: str = "en", **context) -> str:
    """Render template ``name`` (e.g. ``handout.html.j2``) with ``context``, its fixed texts in ``language``."""
    env = environment(str(library_root) if library_root is not None else None, language)
    return env.get_template(name).render(**context)
