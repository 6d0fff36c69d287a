"""What `evenhand build` does once its options are parsed: find recipes, render, write, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer

from evenhand.cli.app import UserError, err, open_library, topic_or_exit
from evenhand.model import Library, Recipe
from evenhand.problems import Location, Severity, did_you_mean


BINARY_FORMATS = ("pdf", "docx")  # written to standard output as they are, never to a terminal


@dataclass
class Overrides:
    """Options given on the command line; each replaces the recipe's value when set."""

    template: str | None = None
    formats: list[str] | None = None
    balance: str | None = None
    positions: list[str] | None = None
    max_claims: int | None = None
    citation_style: str | None = None
    paper: str | None = None
    language: str | None = None

    def apply(self, recipe: Recipe) -> Recipe:
        update = {k: v for k, v in vars(self).items() if v is not None}
        return recipe.model_copy(update=update) if update else recipe


@dataclass
class Job:
    name: str  # shown to the user: the recipe file, or the ad hoc topics
    recipe: Recipe
    where: Location | None  # where problems of the brief as a whole point
    outputs: dict[str, Path] = field(default_factory=dict)  # format → file
    chosen: bool = False  # the user named the output with -o (else: build/ in the library, checked for links out)


def shown(path: Path) -> str:
    from evenhand.readers.library import display_path

    return display_path(path)


def open_checked(library: Path | None, recipe_args: list[str]) -> Library:
    """Read and check the library; print its errors and exit 1 if there are any."""
    if library is None:  # `evenhand build ../lib/briefs/x.yaml`: that recipe's library
        for arg in recipe_args:
            if _looks_like_path(arg) and Path(arg).is_file():
                from evenhand.readers.library import LibraryNotFound, find_library

                try:
                    library = find_library(None, start=Path(arg).resolve().parent)
                except LibraryNotFound:
                    pass
                break
    lib, problems = open_library(library, check=True)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    for p in errors:
        err(str(p))
    if errors:
        err(f"{len(errors)} error(s) in the library: nothing built (fix them, then build again)")
        raise typer.Exit(1)
    if warnings:
        err(f"note: {len(warnings)} warning(s) in the library; `evenhand validate` lists them")
    return lib


def check_overrides(lib: Library, overrides: Overrides) -> None:
    """--positions names known positions, each once, and --template a known template
    (exit 2 otherwise: the command line is wrong)."""
    from evenhand.paths import template_names

    if overrides.template is not None:
        names = template_names(lib.root)
        if overrides.template not in names:
            raise UserError(f"--template: unknown template '{overrides.template}' (available: {', '.join(sorted(names))})", code=2)
    known = [p.id for p in lib.positions]
    for i, pid in enumerate(overrides.positions or []):
        if pid not in known:
            raise UserError(f"--positions: unknown position '{pid}' (known: {', '.join(known)})", code=2)
        if pid in overrides.positions[:i]:
            raise UserError(f"--positions: '{pid}' is named twice", code=2)
    if overrides.language is not None:
        import re

        from evenhand import i18n
        from evenhand.model import LANGUAGE_PATTERN

        if not re.fullmatch(LANGUAGE_PATTERN, overrides.language):
            raise UserError(f"--language '{overrides.language}' is not a language code (such as es or pt-BR)", code=2)
        try:
            i18n.translations(overrides.language, lib.root)
        except i18n.UnknownLanguage as exc:
            raise UserError(f"--language: {exc}", code=2) from None


def recipe_job(lib: Library, arg: str, overrides: Overrides, *, output: Path | None) -> Job:
    root = Path(lib.root)
    name, recipe = _find_recipe(lib, arg)
    recipe = overrides.apply(recipe)
    outputs = _outputs(recipe.formats, output, root / "build" / name)
    shown_name = shown(root / "briefs" / f"{name}.yaml") if name in lib.recipes else arg
    return Job(shown_name, recipe, None, outputs, chosen=output is not None)


def ad_hoc_job(lib: Library, topics: list[str], overrides: Overrides, *, title: str | None, output: Path | None) -> Job:
    found = [topic_or_exit(lib, t) for t in topics]
    data = {
        "title": title or (found[0].title if len(found) == 1 else " and ".join(t.title for t in found)),
        "topics": topics,
        "template": overrides.template or "handout",
        "formats": overrides.formats or ["pdf"],
    }
    recipe = overrides.apply(Recipe.model_validate(data))
    stem = f"{topics[0]}-{recipe.template}"
    outputs = _outputs(recipe.formats, output, Path(lib.root) / "build" / stem)
    return Job(", ".join(topics), recipe, Location("--topic"), outputs, chosen=output is not None)


def run(lib: Library, jobs: list[Job], *, progress: bool) -> bool:
    """Render and write every job; returns True if any failed. One failure does not stop the others."""
    import sys

    failed = False
    if progress and sys.stderr.isatty() and len(jobs) > 1:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from evenhand.cli.console import install, raw
        from evenhand.control_chars import escape_controls

        console = Console(file=raw(sys.stderr))  # the bar's own escape sequences pass; our text is escaped here
        with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), console=console, transient=True) as bar:
            install()  # Rich now stands in for stdout and stderr: escape what reaches it
            task = bar.add_task("building", total=len(jobs))
            for job in jobs:
                bar.update(task, description=escape_controls(f"building {job.name}"))
                failed |= _run_one(lib, job, lambda text: bar.console.print(escape_controls(text), markup=False, highlight=False, soft_wrap=True))
                bar.advance(task)
    else:
        for job in jobs:
            failed |= _run_one(lib, job, typer.echo)
    return failed


def _run_one(lib: Library, job: Job, say) -> bool:
    from evenhand.build import BuildError, balance_table, brief_date, render_outputs
    from evenhand.output import fd_of

    if not job.chosen and _leads_out(lib, job):
        return True
    if any(fd_of(p) == 1 for p in job.outputs.values()):
        say = err  # the brief itself goes to standard output: the report goes beside it
    try:
        built = render_outputs(lib, job.recipe, list(job.outputs), date=brief_date(), recipe_where=job.where)
    except BuildError as exc:
        for p in exc.problems:
            err(str(p))
        err(f"{job.name}: not built")
        return True
    for notice in built.notices:
        err(f"{job.name}: {notice}")
    written = []
    for fmt, data in built.outputs.items():
        path = job.outputs[fmt]
        try:
            _write(path, data, fmt, chosen=job.chosen)
        except OSError as exc:
            err(f"{shown(path)}: error: cannot write: {exc.strerror or exc}")
            return True
        extra = f" ({built.pages} page{'s' if built.pages != 1 else ''})" if fmt == "pdf" and built.pages else ""
        written.append(f"{'standard output' if fd_of(path) == 1 else shown(path)}{extra}")
    say(f"{job.name} → {', '.join(written)}")
    say(_indent(balance_table(built.brief)))
    return False


def _leads_out(lib: Library, job: Job) -> bool:
    """A default output under a symbolic link that leads out of the library: say which, write nothing."""
    from evenhand.confine import link_out, shown_link

    for path in job.outputs.values():
        problem = link_out(path, lib.root)
        if problem is not None:
            err(f"{shown_link(problem.link)}: error: {problem}; evenhand writes only inside the library "
                "(remove the link, or name the output with -o)")
            err(f"{job.name}: not built")
            return True
    return False


def _write(path: Path, data: bytes, fmt: str, *, chosen: bool) -> None:
    """A default output atomically; one named with -o where it is when it is a device,
    FIFO or standard output (evenhand.output.write_output)."""
    from evenhand.output import fd_of, write_atomic, write_output

    if not chosen:
        write_atomic(path, data)
    elif fd_of(path) == 1:
        from evenhand.cli.console import write_data

        write_data(data if fmt in BINARY_FORMATS else data.decode("utf-8"))
    else:
        write_output(path, data)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _find_recipe(lib: Library, arg: str) -> tuple[str, Recipe]:
    """A recipe by name (handout) or file (briefs/handout.yaml, or a file outside briefs/)."""
    if not _looks_like_path(arg):
        if arg in lib.recipes:
            return arg, lib.recipes[arg]
        raise UserError(_unknown_recipe(lib, arg), code=2)
    path = Path(arg)
    if not path.is_file():
        raise UserError(f"no recipe file '{arg}'", code=2)
    briefs = (Path(lib.root) / "briefs").resolve()
    if path.resolve().is_relative_to(briefs) and path.stem in lib.recipes:
        return path.stem, lib.recipes[path.stem]
    return path.stem, _read_recipe(path)


def _read_recipe(path: Path) -> Recipe:
    from evenhand.readers.library import display_path, validate
    from evenhand.readers.yaml_source import read_yaml

    where = display_path(path)
    data, problems = read_yaml(path, where)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    recipe = None if errors else validate(Recipe, data, where, problems)
    if recipe is None:
        for p in problems:
            err(str(p))
        raise typer.Exit(1)
    return recipe


def _unknown_recipe(lib: Library, name: str) -> str:
    hint = did_you_mean(name, lib.recipes)
    if hint:
        return f"unknown recipe '{name}'{hint}"
    known = ", ".join(sorted(lib.recipes)) or "none"
    return f"unknown recipe '{name}' (recipes in briefs/: {known})"


def _looks_like_path(arg: str) -> bool:
    return "/" in arg or "\\" in arg or arg.endswith((".yaml", ".yml"))


def _outputs(formats: list[str], output: Path | None, default_stem: Path) -> dict[str, Path]:
    import sys

    from evenhand.output import fd_of, writes_in_place

    formats = list(dict.fromkeys(formats))
    if output is None:
        return {f: default_stem.with_name(f"{default_stem.name}.{f}") for f in formats}
    if len(formats) == 1:
        if formats[0] in BINARY_FORMATS and fd_of(output) == 1 and sys.stdout.isatty():
            raise UserError(f"-o -: a {formats[0]} file is not text for a terminal; redirect it (> brief.{formats[0]}) or name a file", code=2)
        return {formats[0]: output}
    if writes_in_place(output):
        raise UserError(f"-o {output}: several formats ({', '.join(formats)}) cannot share it; build one format (-f)", code=2)
    return {f: output.with_suffix(f".{f}") for f in formats}
