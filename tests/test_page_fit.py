"""page_fit.fill: the one-pager's type grows until its page is full enough, in few renderings.

A made-up page stands in for WeasyPrint here: its used height grows as the size to a power
(the real one-pagers' grows as about size ** 1.3); the build tests lay out real ones."""

from __future__ import annotations

import pytest
from conftest import run_python

from evenhand import page_fit
from evenhand.page_fit import AREA, FULL_ENOUGH, MAX_SIZE, MIN_SIZE, STEP


def made_up_page(used_at_min: float, power: float):
    """render(size) → (size, pages, foot) for a page whose content grows as size ** power."""
    sizes: list[float] = []

    def render(size: float):
        sizes.append(size)
        used = used_at_min * (size / MIN_SIZE) ** power
        return (size, 1, AREA - used) if used <= AREA else (size, 2, 0.5)

    return render, sizes


def fits(used_at_min: float, power: float, size: float) -> bool:
    return used_at_min * (size / MIN_SIZE) ** power <= AREA


@pytest.mark.parametrize("power", [0.8, 1.3, 2.0, 3.0])
@pytest.mark.parametrize("used_at_min", [0.5, 0.72, 0.8, 0.85])
def test_the_size_found_fits_and_leaves_little_empty_or_is_the_largest(used_at_min, power):
    render, sizes = made_up_page(used_at_min, power)
    size, result, foot = page_fit.fill(render, render(MIN_SIZE))
    assert result == size and MIN_SIZE <= size <= MAX_SIZE
    assert fits(used_at_min, power, size)
    assert size % STEP == 0
    largest = size + STEP > MAX_SIZE or not fits(used_at_min, power, size + STEP)
    assert foot <= FULL_ENOUGH or largest
    assert len(sizes) <= 7  # the first rendering and at most 6 more


@pytest.mark.parametrize("used_at_min", [0.72, 0.71])
def test_a_page_that_grows_as_the_real_ones_do_takes_one_or_two_more_renderings(used_at_min):
    # the bundled one-pagers' figures: used 0.722 and 0.710 of the page at 9.5 pt
    render, sizes = made_up_page(used_at_min, 1.29)
    size, _, foot = page_fit.fill(render, render(MIN_SIZE))
    assert len(sizes) - 1 <= 2
    assert foot <= FULL_ENOUGH and size >= 11.0


def test_a_page_full_at_the_smallest_size_is_not_rendered_again():
    render, sizes = made_up_page(AREA - FULL_ENOUGH / 3, 1.3)
    size, _, _ = page_fit.fill(render, render(MIN_SIZE))
    assert size == MIN_SIZE and sizes == [MIN_SIZE]


def test_a_layout_is_written_only_by_the_build_that_kept_it(monkeypatch):
    """pdf.lay_out keeps what it laid out for the same build's `render`; another build (whose
    images or fonts may have changed since) lays the same HTML out again."""
    from evenhand.writers import pdf

    monkeypatch.setattr(pdf, "_worker", None)  # lay out here, where the count is
    monkeypatch.setattr(pdf, "_kept", {})
    laid_out: list[str] = []
    document = pdf._document

    def counted(html, library_root, key=None):
        laid_out.append(html)
        return document(html, library_root, key)

    monkeypatch.setattr(pdf, "_document", counted)
    page = "<!doctype html><html lang='en'><title>t</title><p>One short page.</p></html>"
    first = pdf.lay_out(page, library_root=None, keep="build-1")
    assert (first.pages, first.data) == (1, b"")
    written = pdf.render(page, library_root=None, kept="build-1")
    assert written.data.startswith(b"%PDF") and len(laid_out) == 1  # the kept layout
    pdf.lay_out(page, library_root=None, keep="build-1")
    again = pdf.render(page, library_root=None, kept="build-2")
    assert len(laid_out) == 3 and again.data == written.data  # laid out anew, same bytes
    for n in range(pdf.KEPT + 1):  # only the last KEPT layouts are kept
        pdf.lay_out(page.replace("One", f"Page {n}:"), library_root=None, keep="build-3")
    assert len(pdf._kept) == pdf.KEPT


def test_the_layouts_of_one_build_share_their_fonts(monkeypatch):
    """A one-pager's fitting lays the page out at several sizes: one font configuration (and
    fontconfig start) for all of them, a new one for the next build, the last KEPT kept."""
    from evenhand.writers import pdf

    monkeypatch.setattr(pdf, "_worker", None)
    monkeypatch.setattr(pdf, "_kept", {})
    monkeypatch.setattr(pdf, "_fonts", {})
    made = []
    new_fonts = pdf._new_fonts

    def counted(fetcher):
        made.append(new_fonts(fetcher))
        return made[-1]

    monkeypatch.setattr(pdf, "_new_fonts", counted)
    page = "<!doctype html><html lang='en'><title>t</title><p>One short page.</p></html>"
    alone = pdf.render(page, library_root=None)  # no build key: fonts of its own
    for size in (10, 11, 12):
        pdf.lay_out(
            page.replace("<p>", f"<p style='font-size: {size}pt'>"), library_root=None, keep="b1"
        )
    chosen = pdf.render(
        page.replace("<p>", "<p style='font-size: 12pt'>"), library_root=None, kept="b1"
    )
    assert len(made) == 2 and chosen.pages == 1
    assert "b1" not in pdf._fonts  # written: the build is done with its fonts
    assert pdf.render(page, library_root=None, kept="b2").data == alone.data  # same bytes
    assert len(made) == 3
    for n in range(pdf.KEPT + 1):
        pdf.lay_out(page, library_root=None, keep=f"later-{n}")
    assert len(pdf._fonts) == pdf.KEPT and "b1" not in pdf._fonts


@pytest.mark.slow
def test_fonts_kept_at_exit_are_let_go_before_weasyprint_is_torn_down(tmp_path):
    """A process that laid a page out and kept its fonts (a build that stopped before writing)
    lets them go at exit, before the interpreter tears WeasyPrint's modules down: a font
    configuration freed after that prints "Exception ignored in ... __del__". An exit handler
    registered first runs last (atexit: last in, first out): by then nothing is kept."""
    code = (
        "import atexit, sys\n"
        "def left():\n"
        "    from evenhand.writers import pdf\n"
        "    if pdf._fonts or pdf._kept:\n"
        "        sys.stderr.write(f'kept at exit: {len(pdf._fonts)} fonts, {len(pdf._kept)} layouts')\n"
        "atexit.register(left)\n"
        "from evenhand.writers import pdf\n"
        "page = \"<!doctype html><html lang='en'><title>t</title><p>A page.</p></html>\"\n"
        "assert pdf.lay_out(page, library_root=None, keep='k').pages == 1\n"
        "assert 'k' in pdf._fonts and pdf._kept\n"
    )
    proc = run_python(code, cwd=tmp_path, env={"EVENHAND_NO_PDF_WORKER": "1"})
    assert (proc.returncode, proc.stderr) == (0, "")
