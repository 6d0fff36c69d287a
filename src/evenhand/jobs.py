"""Rendering many briefs: in this process, or in a pool of forked worker processes.

Either way results come back in the order the briefs were given, and a brief
that fails does not stop the others. WeasyPrint is imported only when a PDF
will be made: by the one PDF worker (`writers.pdf.start_background`) when the
briefs are rendered here, or once by each pool worker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from evenhand.model import Library, Recipe
from evenhand.problems import Location


@dataclass
class Task:
    """One brief to render: its recipe (options applied) and the formats wanted."""

    recipe: Recipe
    formats: list[str]
    where: Location | None = None
    texts: Path | None = None
    date: str = ""


@dataclass
class Rendered:
    """What a task gave (plain data, so that it crosses from a worker by pipe)."""

    outputs: dict[str, bytes] | None  # None: not built (see problems)
    pages: int | None = None
    notices: list[str] = field(default_factory=list)
    table: str = ""  # the balance table
    problems: list[str] = field(default_factory=list)  # `path:line:col: severity: message`
    topic_files: list[str] = field(default_factory=list)  # the topic files the brief drew from


def usable_cpus() -> int:
    """CPUs this process may run on (the default of `--jobs`)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def makes_pdf(task: Task) -> bool:
    """Whether rendering the task lays out a PDF (a one-pager for paper is fitted with one)."""
    from evenhand.build import ONE_PAGE_TEMPLATES

    formats = set(task.formats)
    return "pdf" in formats or (
        task.recipe.template in ONE_PAGE_TEMPLATES and not {"html", "docx"}.isdisjoint(formats)
    )


def will_make_pdf(
    root: Path | None,
    paths: list[Path],
    names: list[str] | None,
    *,
    formats: list[str] | None,
    template: str | None,
    ad_hoc: bool,
) -> bool:
    """A first look before the library is read: whether the build will make a PDF.

    ``formats``/``template``: the command line's; else the recipe files (``paths``,
    and ``names`` in the library's briefs/, None: all of them) are peeked at. A
    file that cannot be read says no: the build starts the worker later if it must.
    """
    if formats is not None:
        return makes_pdf(Task(Recipe.model_construct(template=template or "handout"), formats))
    if ad_hoc:
        return True  # PDF by default
    import yaml

    from evenhand.readers.library_files import yaml_files

    if root is not None:
        paths = paths + [
            p for p in yaml_files(Path(root) / "briefs") if names is None or p.stem in names
        ]
    for path in paths:
        try:
            data = yaml.load(
                path.read_text(encoding="utf-8"),
                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
            )
            wanted = data.get("formats", ["pdf"])
            wanted = [wanted] if isinstance(wanted, str) else [str(f) for f in wanted]
            if makes_pdf(
                Task(
                    Recipe.model_construct(template=template or data.get("template", "handout")),
                    wanted,
                )
            ):
                return True
        except Exception:  # noqa: BLE001, S112  any fault here is the reader's to report, later
            continue
    return False


def render_task(lib: Library, task: Task) -> Rendered:
    """Assemble and render one brief; its located problems when it cannot be built."""
    from evenhand.build import BuildError, balance_table, render_outputs

    try:
        built = render_outputs(
            lib,
            task.recipe,
            task.formats,
            date=task.date,
            recipe_where=task.where,
            texts=task.texts,
        )
    except BuildError as exc:
        return Rendered(None, problems=[str(p) for p in exc.problems])
    return Rendered(
        built.outputs,
        built.pages,
        list(built.notices),
        balance_table(built.brief),
        topic_files=topic_files(built.brief),
    )


def topic_files(brief) -> list[str]:
    """The files (absolute) of the topics whose text the brief shows."""
    topics = {
        id(t): t for t in [*brief.topics, *(bc.topic for s in brief.sections for bc in s.claims)]
    }
    files = set()
    for topic in topics.values():
        where = topic.where().file
        if where and not where.startswith("<"):
            files.add(str(Path(where).resolve()))
    return sorted(files)


# The pool's workers are forked: they inherit the library and the tasks from here.
_lib: Library | None = None
_tasks: list[Task] = []


def _init_worker(parent: int, pdf: bool) -> None:
    from evenhand.writers import pdf as pdf_writer

    pdf_writer._worker = None  # the parent's PDF worker is not ours to use: lay out here
    pdf_writer._tie_to_parent(parent)
    if pdf:
        import weasyprint  # noqa: F401  once per worker, for all its briefs
        import weasyprint.text.fonts  # noqa: F401


def _run_in_worker(index: int) -> Rendered:
    assert _lib is not None
    return render_task(_lib, _tasks[index])


def render_all(lib: Library, tasks: list[Task], *, workers: int = 1) -> Iterator[Rendered]:
    """Render the tasks; the iterator yields their results in the order given.

    ``workers`` > 1 with several tasks: a pool of that many forked processes
    (where fork exists), each importing WeasyPrint once if any task makes a PDF.
    Else here, with the one PDF worker for layout. Either is started before this
    returns: call it before any thread (a progress bar's) starts.
    """
    import multiprocessing

    workers = min(workers, len(tasks))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        from evenhand.writers import pdf

        if any(makes_pdf(t) for t in tasks):
            pdf.start_background()
        return (render_task(lib, task) for task in tasks)
    from concurrent.futures import ProcessPoolExecutor

    global _lib, _tasks
    _lib, _tasks = lib, tasks
    _prepare(lib, tasks)
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(os.getpid(), any(makes_pdf(t) for t in tasks)),
    )
    futures = [pool.submit(_run_in_worker, i) for i in range(len(tasks))]  # forks every worker now
    return _collect(pool, futures)


def _prepare(lib: Library, tasks: list[Task]) -> None:
    """What every task's rendering starts with, done once here for the forked workers to
    inherit: its templates parsed and compiled, the reading-grade counters of its language."""
    from evenhand import readability
    from evenhand.build import template_files
    from evenhand.writers import templating

    for template, language in {(t.recipe.template, t.recipe.language) for t in tasks}:
        readability.prepare(language)
        for name in template_files(template):
            templating.prepare(lib.root, name, language)


def _collect(pool, futures) -> Iterator[Rendered]:
    from concurrent.futures.process import BrokenProcessPool

    global _lib, _tasks
    done = False
    try:
        for future in futures:
            try:
                yield future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory)
                yield Rendered(
                    None, problems=["error: the worker building this brief died (out of memory?)"]
                )
        done = True
    finally:
        pool.shutdown(wait=done, cancel_futures=not done)
        _lib, _tasks = None, []
