"""SVG of an argument map: Graphviz `dot -Tsvg` run as a subprocess (no shell, with a timeout).

The SVG keeps Graphviz's `<title>` per node (the claim id), loses its DOCTYPE
(nothing should ever try to fetch the DTD) and gains a font fallback list, a
role and a label, so that it scales into any page through its viewBox.

Graphviz measures the labels with the bundled Inter: `dot` runs with a
fontconfig file that adds the package's fonts folder to the system's, and the
SVG names "Evenhand Sans" first, the family under which the PDF writer embeds
that same file (a browser falls back to Inter, then Arial).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from evenhand.graph import ArgumentMap
from evenhand.paths import FONTS_DIR
from evenhand.writers.map_dot import FONT, WRAP, render_dot, render_legend_dot

TIMEOUT = 60.0  # seconds; a 500-claim map takes well under one
FONT_FALLBACK = f"Evenhand Sans,{FONT},Arial,Helvetica,sans-serif"


class GraphvizMissing(Exception):
    """`dot` is not on the PATH."""

    def __str__(self) -> str:
        return (
            "Graphviz `dot` is not installed (or not on PATH), so no SVG map can be drawn; "
            "use `--format outline`, `--format mermaid` or `--format dot`, or install Graphviz "
            "(`sudo apt-get install graphviz`)"
        )


class GraphvizFailed(Exception):
    """`dot` ran but failed or took too long."""


def dot_program() -> str | None:
    """The path of Graphviz's `dot`, or None."""
    return shutil.which("dot")


def render_svg(
    m: ArgumentMap,
    *,
    title: bool = True,
    legend: bool = True,
    rankdir: str = "LR",
    wrap: int = WRAP,
    timeout: float = TIMEOUT,
) -> str:
    """Lay out ``m`` with Graphviz and return the SVG text."""
    dot_source = render_dot(m, title=title, legend=legend, rankdir=rankdir, wrap=wrap)
    return dot_to_svg(dot_source, label=_aria_label(m), timeout=timeout)


def render_legend_svg(m: ArgumentMap, *, rows: int = 1, timeout: float = TIMEOUT) -> str:
    """The legend of ``m`` alone, in one row or two (a brief prints it above the map)."""
    return dot_to_svg(render_legend_dot(m, rows=rows), label=m.word("Legend"), timeout=timeout)


def dot_to_svg(dot_source: str, *, label: str = "", timeout: float = TIMEOUT) -> str:
    """Run `dot -Tsvg`; if Graphviz crashes (its spline router can, on odd graphs), retry once with straight edges."""
    return clean_svg(_layout(["-Tsvg"], dot_source, timeout).decode("utf-8"), label=label)


def dot_to_png(dot_source: str, *, dpi: int = 300, timeout: float = TIMEOUT) -> bytes:
    """Run `dot -Tpng` at ``dpi`` (for Word, which wants a bitmap beside the text)."""
    return _layout(["-Tpng", f"-Gdpi={dpi}"], dot_source, timeout)


def render_png(
    m: ArgumentMap, *, dpi: int = 300, title: bool = False, timeout: float = TIMEOUT
) -> bytes:
    """Lay out ``m`` with Graphviz and return a PNG of it."""
    return dot_to_png(render_dot(m, title=title), dpi=dpi, timeout=timeout)


LAID_OUT = 32  # layouts kept in memory (SVG text or PNG bytes, tens of kB each)
LAID_OUT_BYTES = 64 * 1024 * 1024  # and at most this much of them (a huge map is not kept)
# (dot, its arguments, the DOT source) → what it printed, oldest first
_laid_out: OrderedDict[tuple[str, tuple[str, ...], str], bytes] = OrderedDict()
_LAID_OUT_LOCK = threading.Lock()  # maps are drawn in threads


def _layout(args: list[str], dot_source: str, timeout: float) -> bytes:
    """What `dot ARGS` prints for ``dot_source``; a source already laid out in this process is
    not laid out again. `dot` gives the same bytes for the same source, and a build draws the
    same map many times: a one-pager's fitting at each size it tries, `watch` at each save."""
    program = dot_program()
    if program is None:
        raise GraphvizMissing()
    key = (program, tuple(args), dot_source)
    with _LAID_OUT_LOCK:
        if key in _laid_out:
            _laid_out.move_to_end(key)
            return _laid_out[key]
    output = _run_dot(program, args, dot_source, timeout)
    if len(output) + len(dot_source) > LAID_OUT_BYTES // 4:
        return output
    with _LAID_OUT_LOCK:
        _laid_out[key] = output
        while len(_laid_out) > LAID_OUT or _kept_bytes() > LAID_OUT_BYTES:
            _laid_out.popitem(last=False)
    return output


def _kept_bytes() -> int:
    return sum(len(source) + len(output) for (_, _, source), output in _laid_out.items())


def _run_dot(program: str, args: list[str], dot_source: str, timeout: float) -> bytes:
    proc = _run([program, *args], dot_source, timeout)
    if proc.returncode < 0:
        proc = _run([program, *args, "-Gsplines=line", "-Gnslimit=1"], dot_source, timeout)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        status = (
            f"killed by signal {-proc.returncode}"
            if proc.returncode < 0
            else f"exit status {proc.returncode}"
        )
        raise GraphvizFailed("Graphviz `dot` failed: " + (message[-1] if message else status))
    return proc.stdout


_FONTCONFIG: list[str | None] = []  # the fontconfig file written for this process (or None), once
_FONTCONFIG_LOCK = threading.Lock()  # maps are drawn in threads


def fontconfig_file() -> str | None:
    """A fontconfig file: the system's configuration plus the bundled fonts (None if it cannot be written).
    Written once per process into a temporary folder that is removed at exit."""
    with _FONTCONFIG_LOCK:
        if not _FONTCONFIG:
            _FONTCONFIG.append(_write_fontconfig())
        return _FONTCONFIG[0]


def _write_fontconfig() -> str | None:
    import atexit
    from xml.sax.saxutils import escape

    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        f"  <dir>{escape(str(FONTS_DIR))}</dir>\n</fontconfig>\n"
    )
    try:
        folder = Path(tempfile.mkdtemp(prefix="evenhand-fonts-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "fonts.conf"
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return str(path)


def _run(argv: list[str], source: str, timeout: float) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    conf = fontconfig_file()
    if conf is not None:
        env["FONTCONFIG_FILE"] = conf
    try:
        return subprocess.run(
            argv,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizFailed(
            f"Graphviz `dot` took longer than {timeout:g} s to lay out the map"
        ) from None
    except OSError as exc:
        raise GraphvizFailed(f"cannot run Graphviz `dot`: {exc.strerror or exc}") from None


_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.S)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)


def clean_svg(svg: str, *, label: str = "") -> str:
    svg = _DOCTYPE.sub("", svg)
    svg = _COMMENT.sub("", svg)
    svg = svg.replace(f'font-family="{FONT}"', f'font-family="{FONT_FALLBACK}"')
    if label:
        from html import escape

        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label, quote=True)}" ', 1)
    return svg


def _aria_label(m: ArgumentMap) -> str:
    from evenhand.writers.map_outline import ARIA_LABEL

    return m.word(ARIA_LABEL) % {"title": m.title}
