"""A library's templates and stylesheets cannot run code, read files or import modules at `evenhand build`."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli, write

ATTACKS = {
    "os.system": "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "globals of a function": "{{ joiner.__init__.__globals__['os'].system('touch MARKER') }}",
    "object subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "str.format": "{{ '{0.__class__.__init__.__globals__}'.format(cycler) }}",
    "pydantic reads a file": "{{ brief.main_topics[0].parse_file('/etc/passwd') }}",
    "a method of another library": "{{ brief.main_topics[0].model_rebuild(force=True) }}",
    "reading /etc/passwd": "{% include '/etc/passwd' %}",
    "reading by a relative path": "{% include '../../../../../../../../etc/passwd' %}",
    "importing a module": "{% import 'os' as os %}{{ os.system('touch MARKER') }}",
    "lipsum's globals": "{{ lipsum.__globals__.os.system('touch MARKER') }}",
    "a huge string": "{{ 'x' * 10**10 }}",
}


def _check_no_effect(lib, result, marker):
    assert not marker.exists(), "the template ran a command"
    assert "root:x:0:0" not in result.out + result.err, "the template read /etc/passwd"
    assert "Traceback" not in result.err and "internal error" not in result.err


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_an_attack_in_a_markdown_template_is_a_located_error(tiny_library, name):
    marker = tiny_library / "MARKER"
    attack = ATTACKS[name].replace("MARKER", str(marker))
    write(tiny_library / "templates" / "handout.md.j2", f"# {{{{ brief.title }}}}\n\n{attack}\n")
    result = run_cli("build", "handout", "-f", "md", cwd=tiny_library)
    assert result.code == 1, result.err
    assert re.search(
        r"^templates/handout\.md\.j2:3:1: error: template (syntax error|error|not found): ",
        result.err,
        re.M,
    ), result.err
    _check_no_effect(tiny_library, result, marker)
    assert not (tiny_library / "build").exists()


def test_the_attack_in_an_html_template_is_a_located_error(tiny_library):
    marker = tiny_library / "MARKER"
    write(
        tiny_library / "templates" / "handout.html.j2",
        "<!doctype html>\n<title>{{ brief.title }}</title>\n"
        f"<p>{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}</p>\n",
    )
    result = run_cli("build", "handout", "-f", "html", cwd=tiny_library)
    assert result.code == 1
    assert (
        "templates/handout.html.j2:3:1: error: template error: access to attribute '__init__' of 'type' object is unsafe."
        in result.err
    ), result.err
    _check_no_effect(tiny_library, result, marker)


def test_a_stylesheet_is_data_never_a_template(tiny_library):
    # the attack in a CSS override: included as text, so nothing runs and the override still applies
    marker = tiny_library / "MARKER"
    css = (
        "p { color: #123456 } /* OUR-STYLE */\n"
        f"/* {{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}} {{% include '/etc/passwd' %}} {{{{ 7*7 }}}} */\n"
        "/* </style><script>alert(1)</script> */\n"
    )
    write(tiny_library / "templates" / "brief.css", css)
    result = run_cli("build", "handout", "-f", "html", cwd=tiny_library)
    assert result.code == 0, result.err
    html = (tiny_library / "build" / "handout.html").read_text()
    assert "p { color: #123456 } /* OUR-STYLE */" in html
    assert f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}" in html
    # as written: never rendered (no 49, no passwd)
    assert "{% include '/etc/passwd' %} {{ 7*7 }} */" in html
    assert "root:x:0:0" not in html
    # cannot end the <style> element
    assert "</style><script>" not in html and "<\\/style><script>" in html
    _check_no_effect(tiny_library, result, marker)


def test_a_library_template_may_read_stylesheets_by_name(tiny_library):
    write(tiny_library / "templates" / "brief.css", "h1 { color: #654321 }\n")
    write(
        tiny_library / "templates" / "handout.html.j2",
        "<!doctype html>\n<style>{{ stylesheet('brief.css') }}</style>\n<h1>{{ brief.title }}</h1>\n"
        "{% for c in brief.claims %}<p class=\"{{ loop.cycle('odd', 'even') }}\">{{ c.claim.title | upper }}</p>{% endfor %}\n",
    )
    result = run_cli("build", "handout", "-f", "html", cwd=tiny_library)
    assert result.code == 0, result.err
    html = (tiny_library / "build" / "handout.html").read_text()
    assert "<style>h1 { color: #654321 }\n</style>" in html
    assert '<p class="odd">TEENAGERS LEARN BETTER AFTER MORE SLEEP</p>' in html


def test_a_template_syntax_error_is_located(tiny_library):
    write(tiny_library / "templates" / "handout.md.j2", "# {{ brief.title }}\n\n{% if %}\n")
    result = run_cli("build", "handout", "-f", "md", cwd=tiny_library)
    assert result.code == 1
    assert re.search(
        r"^templates/handout\.md\.j2:3:1: error: template syntax error: ", result.err, re.M
    ), result.err
    assert "Traceback" not in result.err


def test_a_python_error_inside_a_template_is_located(tiny_library):
    write(tiny_library / "templates" / "handout.md.j2", "# {{ brief.title }}\n{{ 1 / 0 }}\n")
    result = run_cli("build", "handout", "-f", "md", cwd=tiny_library)
    assert result.code == 1
    assert (
        "templates/handout.md.j2:2:1: error: template error: ZeroDivisionError: division by zero"
        in result.err
    )
    assert "internal error" not in result.err
