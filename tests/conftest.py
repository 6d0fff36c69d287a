"""Shared fixtures: run the real CLI (in this process or a new one), copy the bundled library,
and the builds that several test modules read (made once per test run)."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import fcntl
import gc
import io
import json
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COVERAGE_SITE = Path(__file__).resolve().parent / "coverage_site"
sys.path.insert(0, str(COVERAGE_SITE))
from untraced import untrace_weasyprint, untraced  # noqa: E402

SHARED = REPO.parent / "shared"
SOURCES_DIR = SHARED / "sources"
EXTERNAL_DIR = SHARED / "external"
# what a copy of the bundled library holds
LIBRARY_PARTS = ("arguments", "seeds", "briefs", "templates")
BUNDLED_EPOCH = {"SOURCE_DATE_EPOCH": "1714521600"}  # 2024-05-01, the date of the bundled build


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_python(code: str, *, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` with ``python -c`` in a fresh interpreter (what only a new process shows:
    which modules a start imports, forks, exit handlers), in ``cwd`` with ``env`` added to
    this environment; its exit status and text output."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,  # a safety net against a hang
        check=False,
        env={**os.environ, **(env or {})},
    )


def run_cli(
    *args: str,
    cwd: Path | str | None = None,
    env: dict | None = None,
    input: str | None = None,
    process: bool = False,
) -> Result:
    """Run `evenhand ARGS` as a user would, and capture what it prints.

    In this process by default (evenhand's own `main`, with its own standard streams,
    working directory and environment), which saves a Python start-up per call;
    ``process=True`` starts ``python -m evenhand`` for what only a real process shows
    (start-up imports, signals, the PDF worker, a crash's exit status).
    """
    full_env = {**os.environ, "COLUMNS": "100", **(env or {})}
    full_env.pop("EVENHAND_DEBUG", None)
    if process or os.environ.get("EVENHAND_TESTS_IN_PROCESS") == "0":
        proc = subprocess.run(
            [sys.executable, "-m", "evenhand", *args],
            cwd=cwd or REPO,
            env=full_env,
            capture_output=True,
            text=True,
            input=input,
            timeout=900,  # a safety net against a hang
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)
    return _run_in_process(list(args), Path(cwd or REPO), full_env, input)


def _run_in_process(args: list[str], cwd: Path, env: dict, input: str | None) -> Result:
    from evenhand.cli import main

    saved = (sys.stdin, sys.stdout, sys.stderr, sys.argv, os.getcwd(), dict(os.environ))
    out, err = _capture(), _capture()
    code = 0
    try:
        os.environ.clear()
        os.environ.update(env)
        # render here: WeasyPrint is imported once per test run
        os.environ.setdefault("EVENHAND_NO_PDF_WORKER", "1")
        os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
        sys.stdout, sys.stderr, sys.argv = out, err, ["evenhand", *args]
        try:
            main(args)
        except SystemExit as exc:
            code = _exit_status(exc.code, err)
        except BaseException:  # what an uncaught exception does to a process (with --debug)
            traceback.print_exc(file=err)
            code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved[:4]
        os.chdir(saved[4])
        os.environ.clear()
        os.environ.update(saved[5])
        gc.unfreeze()  # a library read freezes what it built: a process ends there, a test run goes on
    return Result(code, _text(out), _text(err))


def _capture() -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True
    )


def _exit_status(code, err) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


def _text(stream: io.TextIOWrapper) -> str:
    """What `subprocess.run(text=True)` would return: UTF-8 with universal newlines."""
    stream.flush()
    data = stream.buffer.getvalue().decode("utf-8", errors="replace")
    return data.replace("\r\n", "\n").replace("\r", "\n")


def _assertions_rewritten_untraced() -> None:
    """pytest rewrites each test module's asserts (an AST pass in Python) when it imports it;
    under coverage every step of that pass is traced, 2-3 s per test worker, for files
    coverage does not measure. Here, before the test modules are collected, the pass runs
    untraced. A pytest without this internal rewrites as before."""
    try:
        from _pytest.assertion import rewrite
    except ImportError:
        return
    if sys.gettrace() is not None and callable(getattr(rewrite, "_rewrite_test", None)):
        rewrite._rewrite_test = untraced(rewrite._rewrite_test)


@pytest.fixture(scope="session", autouse=True)
def _quick_coverage_in_forks():
    """A batch build forks its workers from deep inside a test; coverage starts again in each,
    and its collector notes where it was made (`coverage.debug.short_stack`, for its own
    debugging): `inspect.stack()` over a hundred frames, under the inherited tracer, 0.2 s a
    fork. Nothing reads that note unless coverage's debugging is on: an empty one here."""
    collector = sys.modules.get("coverage.collector")
    if collector is None or not callable(getattr(collector, "short_stack", None)):
        yield
        return
    saved = collector.short_stack
    collector.short_stack = lambda *args, **kwargs: ""
    try:
        yield
    finally:
        collector.short_stack = saved


@pytest.fixture(scope="session", autouse=True)
def _children_run_weasyprint_untraced():
    """The Python processes the tests start read coverage_site/sitecustomize.py, which runs
    WeasyPrint untraced when coverage measures them. Set in the processes that run tests only
    (not in pytest-xdist's controlling process, whose workers would inherit it: they import
    WeasyPrint traced, below, so that the lines of ours its import calls count)."""
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(COVERAGE_SITE), saved) if p)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


@pytest.fixture(scope="session", autouse=True)
def _weasyprint_untraced():
    """WeasyPrint's parsers, layout and PDF writer, run in a test process, run with
    coverage's tracer off (`coverage_site/untraced.py` says why); in the processes the tests
    start, `coverage_site/sitecustomize.py` does the same. Nothing changes without a tracer."""
    if sys.gettrace() is None:
        yield
        return
    from evenhand.writers.weasyprint_import import import_weasyprint

    restore = untrace_weasyprint(import_weasyprint())
    try:
        yield
    finally:
        restore()


@pytest.fixture
def cli():
    return run_cli


def copy_library(dest: Path) -> Path:
    """Copy the bundled library (arguments, seeds, briefs, templates) to ``dest``."""
    dest.mkdir(parents=True)
    for name in LIBRARY_PARTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    return dest


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A copy of the bundled library (arguments, seeds, briefs, templates) to change freely."""
    return copy_library(tmp_path / "lib")


@contextmanager
def _locked(path: Path):
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_folder(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that ``make(folder)`` fills once per test run, for every test (and every
    pytest-xdist worker) that reads it; the workers share the run's temporary folder, and
    a file lock lets one of them make it while the others wait. Its readers must not
    change it (copy what a test changes). A failed ``make`` leaves no folder behind:
    the next reader tries again and sees the same failure."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-of-USER/pytest-N, this run's, shared by its workers
    folder = base / f"shared-{name}"
    with _locked(base / f"shared-{name}.lock"):
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            (folder / ".made").touch()
    return folder


# the bundled sources print no URL: the shared build gives one record a URL, to check how it prints
BUNDLED_URL = "https://www.wilsoncenter.org/program/mexico-institute"


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> tuple[Path, Result]:
    """A copy of the bundled library after one `evenhand build --all` (dated 2024-05-01), and
    what that build printed: every recipe's formats in lib/build. One source record (the
    Wilson Center's) has a URL, BUNDLED_URL: the bundled records have none, and the print
    tests check how one prints. Beside lib/, as in the repository, shared/sources/ (when
    ../shared is there): the cards recipe's `texts:`, so that its cards are cut from them.
    Read-only: made once per run and read by several modules (its PDFs take 15-20 s of CPU
    to render). Also beside lib/: handout-html/ and cards-html/, the HTML of the handout and
    of the cards (their recipes make none) from the same library on the same date."""

    def make(folder: Path) -> None:
        lib = copy_library(folder / "lib")
        if SOURCES_DIR.is_dir():
            shutil.copytree(SOURCES_DIR, folder / "shared" / "sources")
        seeds = lib / "seeds" / "sources.yaml"
        text = seeds.read_text(encoding="utf-8")
        publisher = "  publisher: Wilson Center Mexico Institute\n"
        assert text.count(publisher) == 1
        seeds.write_text(
            text.replace(publisher, f"{publisher}  URL: {BUNDLED_URL}\n"), encoding="utf-8"
        )
        result = run_cli("build", "--all", cwd=lib, env=BUNDLED_EPOCH)
        (folder / "result.json").write_text(json.dumps(dataclasses.asdict(result)))
        html = folder / "handout-html" / "migration-handout.html"
        made = run_cli(
            "build", "migration-handout", "-f", "html", "-o", str(html), cwd=lib, env=BUNDLED_EPOCH
        )
        assert made.code == 0, made.err
        assert made_from(lib / "build" / "migration-handout.pdf", html)
        cards = folder / "cards-html" / "migration-cards.html"
        made = run_cli(
            "build", "migration-cards", "-f", "html", "-o", str(cards), cwd=lib, env=BUNDLED_EPOCH
        )
        assert made.code == 0, made.err
        assert made_from(lib / "build" / "migration-cards.pdf", cards)

    folder = shared_folder(tmp_path_factory, "bundled-build", make)
    return folder / "lib", Result(**json.loads((folder / "result.json").read_text()))


@pytest.fixture(scope="session")
def bundled_handout_html(bundled_build) -> Path:
    """The HTML the bundled build's handout PDF was rendered from (its recipe writes none)."""
    lib, _ = bundled_build
    return lib.parent / "handout-html" / "migration-handout.html"


@pytest.fixture(scope="session")
def bundled_cards_html(bundled_build) -> Path:
    """The HTML the bundled build's cards PDF was rendered from (its recipe writes none)."""
    lib, _ = bundled_build
    return lib.parent / "cards-html" / "migration-cards.html"


@pytest.fixture
def tiny_library(tmp_path: Path) -> Path:
    """A fresh `evenhand init` library."""
    dest = tmp_path / "tiny"
    result = run_cli("init", str(dest))
    assert result.code == 0, result.err
    return dest


def made_from(pdf: Path, html: Path) -> bool:
    """Whether ``pdf`` was rendered from ``html``: evenhand's PDF identifier is the hash of the
    HTML it rendered (evenhand.writers.pdf)."""
    import pikepdf

    from evenhand.writers.pdf import break_long_words, pdf_identifier

    source = break_long_words(html.read_text(encoding="utf-8"))
    with pikepdf.open(pdf) as document:
        first = bytes(document.trailer.ID[0])
    return first == pdf_identifier(source)


def pdf_text(path: Path, *, layout: bool = True) -> str:
    """The words of a PDF as a reader's copy-and-paste gets them (pdftotext -layout); with
    ``layout=False`` in reading order, a column's lines one after the other."""
    return subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """pytest's own work around each test (its hooks, the reports, sending them to the
    controlling process) runs with coverage's tracer off: under Python 3.11 the tracer makes
    all Python code slower, measured or not (650 empty tests took 5.2-5.6 s of CPU under
    coverage, 4.0-4.4 s with this, 3.4-3.8 s without coverage). The test's
    setup, call and teardown, fixtures included, are traced as before (below)."""
    tracer = sys.gettrace()
    if tracer is None:
        return (yield)
    sys.settrace(None)
    item.stash[_TRACER] = tracer
    try:
        return (yield)
    finally:
        sys.settrace(tracer)


_TRACER = pytest.StashKey[object]()


def _traced_phase(item: pytest.Item):
    tracer = item.stash.get(_TRACER, None)
    if tracer is None:
        return (yield)
    sys.settrace(tracer)
    try:
        return (yield)
    finally:
        sys.settrace(None)


pytest_runtest_setup = pytest.hookimpl(wrapper=True, trylast=True)(_traced_phase)
pytest_runtest_call = pytest.hookimpl(wrapper=True, trylast=True)(_traced_phase)
pytest_runtest_teardown = pytest.hookimpl(wrapper=True, trylast=True)(_traced_phase)


def pytest_configure(config: pytest.Config) -> None:
    """The collector runs less often in a test process: its heap (WeasyPrint's, each in-process
    build's, unfrozen after it) makes every full collection slow, and with the default
    thresholds they took about 6 s of the workers' CPU in a run. Only when objects are
    collected changes, not whether; the processes the tests start keep the defaults."""
    gc.set_threshold(50_000, 20, 100)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """A pytest-xdist worker ends without Python's finalization, which took about 0.85 s at
    the end of every run (the module teardown and a last pass over the worker's heap, after
    the last test of the worker that finishes last). Its exit handlers all run first,
    coverage's saving among them; then ``os._exit``. Other processes end as usual."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        atexit.register(_exit_after_the_exit_handlers)


def _exit_after_the_exit_handlers() -> None:
    """Registered last, so run first: run the other exit handlers, then end the process."""
    atexit.unregister(_exit_after_the_exit_handlers)
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:  # not CPython: end as usual
        return
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With `--dist loadgroup` (scripts/test.sh), the tests that share a module- or
    session-scoped fixture (a build made once) run on one worker, which makes it once
    while the other workers run other tests.

    pytest-xdist 3.8 sends an `xdist_group` to one worker by a suffix on its tests' node ids,
    which it can no longer add under pytest 9.2 (pytest-xdist issue #1386): it is added
    here. Without it the tests still pass (a shared build is made under a file lock), but a
    module fixture is made on each worker, and a worker may wait for what another makes.

    The tests marked `slow` (a second or more) are then sent first, so that a run ends on
    short tests: ending on a real process or a server, one worker waited 1.5-2.7 s for the
    other. pytest-xdist sends the groups first (the largest first), then the other tests
    in this order."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # an older pytest, where pytest-xdist's suffix works
        return
    for item in items:
        group = _shared_fixture_group(item)
        if group and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = coerce_node_id(f"{item.nodeid}@{group}")
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _shared_fixture_group(item: pytest.Item) -> str | None:
    """The group of a test: its `xdist_group` mark, else its first fixture wider than a test
    (session fixtures by name, module fixtures by module), else none."""
    marks = sorted(
        m.args[0] if m.args else m.kwargs["name"] for m in item.iter_markers("xdist_group")
    )
    if marks:
        return "_".join(marks)
    info = getattr(item, "_fixtureinfo", None)
    for name in getattr(item, "fixturenames", ()):
        if name.startswith("_"):  # an autouse fixture of every test: not a shared build
            continue
        defs = info.name2fixturedefs.get(name) if info else None
        fixture = defs[-1] if defs else None
        if fixture is None or fixture.scope not in ("module", "session"):
            continue
        where = getattr(fixture.func, "__module__", None)  # ours, not pytest's tmp_path_factory
        if where == __name__:
            return name
        if where == getattr(getattr(item, "module", None), "__name__", ""):
            return item.nodeid.split("::")[0]
    return None


_assertions_rewritten_untraced()
