"""HTML → tagged PDF (PDF/UA-1) with WeasyPrint, our fonts, and the restricted fetcher.

WeasyPrint (about 0.4 s to import, through writers/weasyprint_import) is imported
only by this module and the fetcher it uses, and only when a PDF is wanted.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evenhand.paths import FONTS_DIR, template_dirs
from evenhand.writers.weasyprint_import import import_weasyprint

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

    from evenhand.writers.fetcher import LibraryFetcher

# family name → (file, weight, style); the names are ours so that a font of the
# same name installed on the system can never stand in for the shipped one.
FONT_FILES = {
    "Evenhand Serif": [
        ("Vollkorn-Regular.ttf", 400, "normal"),
        ("Vollkorn-Italic.ttf", 400, "italic"),
        ("Vollkorn-Bold.ttf", 700, "normal"),
        ("Vollkorn-BoldItalic.ttf", 700, "italic"),
    ],
    "Evenhand Sans": [
        ("Inter-Regular.otf", 400, "normal"),
        ("Inter-SemiBold.otf", 600, "normal"),
        ("Inter-SemiBold.otf", 700, "normal"),
    ],
}


def fonts_css(fonts_dir: Path = FONTS_DIR) -> str:
    """@font-face rules for the fonts shipped in the package (PDF only; HTML names families)."""
    rules = []
    for family, faces in FONT_FILES.items():
        for filename, weight, style in faces:
            path = fonts_dir / filename
            if path.is_file():
                rules.append(
                    f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                    f"font-weight: {weight}; font-style: {style}; }}"
                )
    rules.append(".eh-long-word { hyphens: manual; }")  # see break_long_words
    return "\n".join(rules) + "\n"


LONG_WORD = 30  # letters; a longer word is never hyphenated, it is broken every BREAK_EVERY letters
BREAK_EVERY = 20
_LONG = re.compile(rf"\w{{{LONG_WORD + 1},}}")
_TAG = re.compile(r"<[^>]*>")


def break_long_words(html: str) -> str:
    """Words longer than LONG_WORD letters in the body's text, marked not to be hyphenated and
    given a break opportunity (a zero-width space) every BREAK_EVERY letters.

    WeasyPrint hyphenates a word by trying its hyphenation points one by one: a
    3,000-letter word took 14 s to lay out, and the one-pager, laid out again per
    fitting round, minutes. No real word is this long; a URL is broken at its
    punctuation and stays whole.
    """
    body = html.find("<body")
    if body < 0 or not _LONG.search(html, body):
        return html
    out = [html[:body]]
    pos = body
    in_style = False
    for m in _TAG.finditer(html, body):
        text = html[pos : m.start()]
        out.append(text if in_style else _LONG.sub(_broken, text))
        tag = m.group().lower()
        in_style = tag.startswith(("<style", "<script")) or (
            in_style and not tag.startswith(("</style", "</script"))
        )
        out.append(m.group())
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _broken(m: re.Match) -> str:
    word = m.group()
    pieces = "\u200b".join(word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))
    return f'<span class="eh-long-word">{pieces}</span>'


def allowed_roots(library_root: str | Path | None) -> list[Path]:
    roots = [FONTS_DIR, *template_dirs(library_root)]
    if library_root is not None:
        roots.insert(0, Path(library_root))
    return roots


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    refused: list[str]  # URLs the fetcher would not load
    # share of the last page's height left empty below its content (evenhand.page_fit)
    foot: float = 0.0


_worker = None  # a forked process that imported WeasyPrint while the library was being read


def start_background() -> None:
    """Import WeasyPrint (about 0.4 s) in a forked worker, in parallel with reading the library.

    Only where fork exists; EVENHAND_NO_PDF_WORKER=1 turns it off. `render` uses
    the worker when it is there, else renders in this process. A ProcessPoolExecutor,
    not a multiprocessing.Pool: if the worker dies, the build fails instead of hanging.
    Call it before any thread starts (a forked child inherits no other threads' locks).
    """
    global _worker
    if _worker is not None or os.environ.get("EVENHAND_NO_PDF_WORKER") == "1":
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return
    _worker = ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_preload,
        initargs=(os.getpid(),),
    )
    _worker.submit(int)  # start the worker now (the pool starts it on the first task)


def stop_background(*, wait: bool = True) -> None:
    global _worker
    if _worker is None:
        return
    worker, _worker = _worker, None
    worker.shutdown(wait=wait, cancel_futures=not wait)


def _preload(parent: int) -> None:
    _tie_to_parent(parent)
    import_weasyprint()
    import weasyprint.text.fonts  # noqa: F401


def _tie_to_parent(parent: int) -> None:
    """In the worker: die with the parent, and let go of its standard output and error.

    A killed build (kill -9, out of memory, a CI timeout) must not leave a worker
    running, nor one holding the pipes a caller reads to the end (`$(evenhand build)`).
    Linux: PR_SET_PDEATHSIG sends SIGKILL when the parent dies; elsewhere a thread
    watches the parent's id. The worker prints nothing: results go back by pipe.
    """
    import signal

    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        tied = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        tied = False
    if not tied:
        import threading

        def watch() -> None:
            import time

            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)


def render(html: str, *, library_root: str | Path | None, kept: str | None = None) -> RenderedPdf:
    """Lay out and write the PDF (in the background worker when started). Deterministic.

    ``kept``: the key a `lay_out` of this HTML was kept under, whose layout is written
    instead of laying it out again (when it is still kept)."""
    return _in_worker(_render_here, html, library_root, kept)


def lay_out(html: str, *, library_root: str | Path | None, keep: str) -> RenderedPdf:
    """Lay the PDF out without writing it (``data`` is empty): its pages and foot, for a
    one-pager's fitting. The layout is kept where it was made, under ``keep`` (one key per
    build: a later build, whose files or images may have changed, never finds it), for a
    `render` soon after; the last KEPT layouts are kept."""
    return _in_worker(_lay_out_here, html, library_root, keep)


def _in_worker(function, html: str, library_root: str | Path | None, key: str | None):
    root = str(library_root) if library_root is not None else None
    html = break_long_words(html)
    if _worker is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _worker.submit(function, html, root, key).result()
        except BrokenProcessPool:  # the worker died (killed, out of memory): try once here
            stop_background(wait=False)
    return function(html, root, key)


KEPT = 4  # layouts kept for a later `render` (a one-pager's fitting tries a few sizes)
# (key, HTML, library) → the layout and its fetcher, oldest first
_kept: dict[tuple[str, str, str | None], tuple[Document, LibraryFetcher]] = {}


def _lay_out_here(html: str, library_root: str | None, keep: str) -> RenderedPdf:
    document, fetcher = _document(html, library_root, keep)
    _keep_last(_kept, (keep, html, library_root), (document, fetcher))
    return RenderedPdf(b"", len(document.pages), list(fetcher.refused), _foot(document.pages[-1]))


def _keep_last(store: dict, key, value) -> None:
    """``store[key] = value``, keeping only the KEPT entries put in last."""
    store[key] = value
    while len(store) > KEPT:
        del store[next(iter(store))]


def _render_here(html: str, library_root: str | None, kept: str | None = None) -> RenderedPdf:
    """Lay out (or take the kept layout) and write the PDF. Deterministic: no dates but the
    brief's own, an ID from the content."""
    layout = _kept.pop((kept, html, library_root), None) if kept is not None else None
    document, fetcher = layout if layout is not None else _document(html, library_root, kept)
    if kept is not None:
        _fonts.pop(kept, None)  # the build's PDF is being written: its fonts are not asked again
    with _quiet_weasyprint():
        data = document.write_pdf(pdf_identifier=pdf_identifier(html), **_OPTIONS)
    from evenhand.writers.pdf_tags import finish

    data = finish(data)  # running headers and page numbers as artifacts; BBoxes in points
    return RenderedPdf(data, len(document.pages), list(fetcher.refused), _foot(document.pages[-1]))


_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


# a build's key (see `lay_out`) → the fonts its layouts share, for the last KEPT builds
_fonts: dict[str, tuple[FontConfiguration, CSS]] = {}
# let go before the interpreter tears WeasyPrint's modules down: a FontConfiguration freed
# after that complains on standard error ("Exception ignored in ... __del__")
atexit.register(_fonts.clear)
atexit.register(_kept.clear)


def _document(
    html: str, library_root: str | None, key: str | None = None
) -> tuple[Document, LibraryFetcher]:
    """WeasyPrint's laid-out document of ``html``, and the fetcher it loads through (which
    writing the PDF uses too, and which lists what it refused).

    The layouts of one build (``key``: a one-pager's fitting tries several sizes) share their
    fonts: WeasyPrint's font configuration and the bundled fonts' stylesheet, made once (each
    new configuration starts fontconfig again). A later build makes its own."""
    weasyprint = import_weasyprint()
    from evenhand.writers.fetcher import LibraryFetcher

    fetcher = LibraryFetcher(allowed_roots(library_root))
    base = Path(library_root).resolve() if library_root is not None else FONTS_DIR
    with _quiet_weasyprint():
        fonts = _fonts.get(key) if key is not None else None
        if fonts is None:
            fonts = _new_fonts(fetcher)
            if key is not None:
                _keep_last(_fonts, key, fonts)
        font_config, css = fonts
        document = weasyprint.HTML(
            string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher
        ).render(stylesheets=[css], font_config=font_config, **_OPTIONS)
    return document, fetcher


def _new_fonts(fetcher: LibraryFetcher) -> tuple[FontConfiguration, CSS]:
    weasyprint = import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = weasyprint.CSS(string=fonts_css(), font_config=font_config, url_fetcher=fetcher)
    return font_config, css


def pdf_identifier(html: str) -> bytes:
    """The PDF's identifier: from the HTML it is rendered from (after break_long_words), so
    the same brief gives the same bytes."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")


def _foot(page) -> float:
    """The share of the page's height between the bottom of its content (lines, images,
    borders; not the margin boxes) and the bottom of its content area."""
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    bottom = box.content_box_y()
    for child in box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for b in child.descendants():
            if isinstance(b, (boxes.LineBox, boxes.ReplacedBox)) or (
                isinstance(b, boxes.BlockBox) and b.border_bottom_width
            ):
                bottom = max(bottom, b.position_y + b.margin_height() - b.margin_bottom)
    end = box.content_box_y() + box.height
    return max(0.0, end - bottom) / box.margin_height()


class _quiet_weasyprint:
    """WeasyPrint logs every CSS rule it skips and every URL refused; keep the terminal clean."""

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.saved = (self.logger.level, self.logger.propagate, list(self.logger.handlers))
        self.logger.handlers = [logging.NullHandler()]
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.setLevel(self.saved[0])
        self.logger.propagate = self.saved[1]
        self.logger.handlers = self.saved[2]
        return False
