"""The briefs one `evenhand build` (or `watch`) makes: recipes found, options checked, output paths chosen.

No printing and no exit here: a wrong command line or recipe file raises
JobError, which the CLI prints and turns into its exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evenhand.build_plan import Overrides, looks_like_path
from evenhand.model import Library, Recipe
from evenhand.problems import Location, Severity, did_you_mean

BINARY_FORMATS = ("pdf", "docx")  # written to standard output as they are, never to a terminal


class JobError(Exception):
    """The command line (code 2) or a recipe file (code 1) is wrong: ``problems`` to print
    (located lines), then ``message`` (one line, None when the problems say it all)."""

    def __init__(self, message: str | None, code: int = 2, problems: list[str] | None = None):
        super().__init__(message or "; ".join(problems or []))
        self.message = message
        self.code = code
        self.problems = problems or []


@dataclass
class Job:
    name: str  # shown to the user: the recipe file, or the ad hoc topics
    recipe: Recipe
    where: Location | None  # where problems of the brief as a whole point
    outputs: dict[str, Path] = field(default_factory=dict)  # format → file
    chosen: bool = False  # the user named the output with -o (else: build/ in the library, checked for links out)
    stem: str | None = None  # its entry in build/'s record (incremental builds); None: always built
    recipe_file: Path | None = None


def shown(path: Path) -> str:
    from evenhand.readers.library_files import display_path

    return display_path(path)


def check_overrides(lib: Library, overrides: Overrides) -> None:
    """--positions names known positions, each once, --template a known template, --side and
    --focus known ones, --tag/--claims/--language known ones (JobError, code 2, otherwise)."""
    _check_template(lib, overrides.template)
    known = [p.id for p in lib.positions]
    _check_positions(known, overrides.positions or [])
    _check_side(lib, overrides.side)
    _check_focus(known, overrides.focus, overrides.positions)
    check_selection(lib, overrides.tags or [], overrides.claims or [])
    _check_language(lib, overrides.language)


def _check_template(lib: Library, template: str | None) -> None:
    from evenhand.paths import template_names

    if template is not None:
        names = template_names(lib.root)
        if template not in names:
            raise JobError(
                f"--template: unknown template '{template}' (available: {', '.join(sorted(names))})"
            )


def _check_positions(known: list[str], positions: list[str]) -> None:
    for i, pid in enumerate(positions):
        if pid not in known:
            raise JobError(f"--positions: unknown position '{pid}' (known: {', '.join(known)})")
        if pid in positions[:i]:
            raise JobError(f"--positions: '{pid}' is named twice")


def _check_side(lib: Library, side: str | None) -> None:
    if side is not None:
        from evenhand.cards import side_names

        sides = side_names(lib.positions)
        if side not in sides:
            raise JobError(f"--side: unknown side '{side}' (known: {', '.join(sides)})")


def _check_focus(known: list[str], focus: str | None, positions: list[str] | None) -> None:
    if focus is not None:
        if focus not in known:
            raise JobError(f"--focus: unknown position '{focus}'{_hint(focus, known)}")
        if positions and focus not in positions:
            raise JobError(f"--focus: '{focus}' is not among --positions")


def _check_language(lib: Library, language: str | None) -> None:
    if language is None:
        return
    import re

    from evenhand import i18n
    from evenhand.model import LANGUAGE_PATTERN

    if not re.fullmatch(LANGUAGE_PATTERN, language):
        raise JobError(f"--language '{language}' is not a language code (such as es or pt-BR)")
    try:
        i18n.translations(language, lib.root)
    except i18n.UnknownLanguage as exc:
        raise JobError(f"--language: {exc}") from None


def check_selection(lib: Library, tags: list[str], claims: list[str]) -> None:
    """--tag names tags of the library and --claims its claim ids, each once (JobError, code 2, otherwise)."""
    from evenhand.checks.references import HINT_ALL_CLAIMS_UP_TO
    from evenhand.select import claim_ids, library_tags

    known_tags = library_tags(lib) if tags else []
    for tag in tags:
        if tag not in known_tags:
            shown_tags = ", ".join(known_tags[:12]) + (", ..." if len(known_tags) > 12 else "")
            hint = _hint(tag, known_tags, f" (tags in the library: {shown_tags or 'none'})")
            raise JobError(f"--tag: unknown tag '{tag}'{hint}")
    ids = claim_ids(lib) if claims else []
    known_ids = set(ids)
    for i, claim_id in enumerate(claims):
        if claim_id not in known_ids:
            near = ids if len(ids) <= HINT_ALL_CLAIMS_UP_TO else ()
            hint = _hint(claim_id, near, "; `evenhand show TOPIC` lists the claims of a topic")
            raise JobError(f"--claims: unknown claim '{claim_id}'{hint}")
        if claim_id in claims[:i]:
            raise JobError(f"--claims: '{claim_id}' is named twice")


def _hint(name: str, known, otherwise: str = "") -> str:
    return did_you_mean(name, known) or otherwise


def recipe_job(
    lib: Library,
    arg: str,
    overrides: Overrides,
    *,
    output: Path | None,
    stdout_is_terminal: bool = False,
) -> Job:
    """The brief of one recipe (a name, or a file) with the command line's options applied."""
    root = Path(lib.root)
    name, recipe = find_recipe(lib, arg)
    recipe = overrides.apply(recipe)
    # one side's file beside the full set
    stem = f"{name}-{overrides.side}" if overrides.side else name
    outputs = output_paths(
        recipe.formats, output, root / "build" / stem, stdout_is_terminal=stdout_is_terminal
    )
    recipe_file = _recipe_file(lib, name, arg)
    shown_name = shown(recipe_file) if name in lib.recipes else arg
    return Job(
        shown_name,
        recipe,
        None,
        outputs,
        chosen=output is not None,
        stem=None if output is not None else stem,
        recipe_file=recipe_file,
    )


def _recipe_file(lib: Library, name: str, arg: str) -> Path:
    if name in lib.recipes and not looks_like_path(arg):
        where = lib.recipes[name].where().file
        if where and not where.startswith("<"):
            return Path(where)
        return Path(lib.root) / "briefs" / f"{name}.yaml"
    return Path(arg)


def ad_hoc_job(
    lib: Library,
    topics: list[str],
    overrides: Overrides,
    *,
    title: str | None,
    output: Path | None,
    stdout_is_terminal: bool = False,
) -> Job:
    """A brief from --topic, --tag or --claims, with no recipe file."""
    from evenhand.select import default_title, file_stem, unknown_topic

    for t in topics:
        if lib.topic(t) is None:
            raise JobError(unknown_topic(lib, t))
    tags, claims = overrides.tags or [], overrides.claims or []
    data = {
        "title": title or default_title(lib, topics, tags, claims),
        "topics": topics,
        "tags": tags,
        "claims": claims,
        "template": overrides.template or "handout",
        "formats": overrides.formats or ["pdf"],
    }
    recipe = overrides.apply(Recipe.model_validate(data))
    stem = "-".join(
        x for x in (file_stem(topics, tags), recipe.template, recipe.focus, recipe.side) if x
    )
    outputs = output_paths(
        recipe.formats,
        output,
        Path(lib.root) / "build" / stem,
        stdout_is_terminal=stdout_is_terminal,
    )
    name = ", ".join(
        [*topics, *(f"tag {t}" for t in tags), *(["claims " + ",".join(claims)] if claims else [])]
    )
    given = "--topic" if topics else "--tag" if tags else "--claims"
    return Job(name, recipe, Location(given), outputs, chosen=output is not None)


def find_recipe(lib: Library, arg: str) -> tuple[str, Recipe]:
    """A recipe by name (handout) or file (briefs/handout.yaml, or a file outside briefs/)."""
    if not looks_like_path(arg):
        if arg in lib.recipes:
            return arg, lib.recipes[arg]
        raise JobError(_unknown_recipe(lib, arg))
    path = Path(arg)
    if not path.is_file():
        raise JobError(f"no recipe file '{arg}'")
    briefs = (Path(lib.root) / "briefs").resolve()
    if path.resolve().is_relative_to(briefs) and path.stem in lib.recipes:
        return path.stem, lib.recipes[path.stem]
    return path.stem, _read_recipe(path)


def _read_recipe(path: Path) -> Recipe:
    from evenhand.readers.library import validate
    from evenhand.readers.yaml_source import read_yaml

    where = shown(path)
    data, problems = read_yaml(path, where)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    recipe = None if errors else validate(Recipe, data, where, problems)
    if recipe is None:
        raise JobError(None, code=1, problems=[str(p) for p in problems])
    return recipe


def _unknown_recipe(lib: Library, name: str) -> str:
    hint = did_you_mean(name, lib.recipes)
    if hint:
        return f"unknown recipe '{name}'{hint}"
    known = ", ".join(sorted(lib.recipes)) or "none"
    return f"unknown recipe '{name}' (recipes in briefs/: {known})"


def output_paths(
    formats: list[str], output: Path | None, default_stem: Path, *, stdout_is_terminal: bool = False
) -> dict[str, Path]:
    """Each format's file: build/STEM.FMT by default; with -o, that file (several formats: its stem, each
    format's extension). ``stdout_is_terminal``: -o - for PDF or Word is refused there."""
    from evenhand.output import fd_of, writes_in_place

    formats = list(dict.fromkeys(formats))
    if output is None:
        return {f: default_stem.with_name(f"{default_stem.name}.{f}") for f in formats}
    if len(formats) == 1:
        if formats[0] in BINARY_FORMATS and fd_of(output) == 1 and stdout_is_terminal:
            raise JobError(
                f"-o -: a {formats[0]} file is not text for a terminal; redirect it (> brief.{formats[0]}) or name a file"
            )
        return {formats[0]: output}
    if writes_in_place(output):
        raise JobError(
            f"-o {output}: several formats ({', '.join(formats)}) cannot share it; build one format (-f)"
        )
    return {f: output.with_suffix(f".{f}") for f in formats}


def leads_out(lib: Library, job: Job) -> list[str]:
    """A default output under a symbolic link that leads out of the library: what to say (nothing is written)."""
    from evenhand.confine import link_out, shown_link

    for path in job.outputs.values():
        problem = link_out(path, lib.root)
        if problem is not None:
            said = f"{shown_link(problem.link)}: error: {problem}; evenhand writes only inside the library "
            return [
                said + "(remove the link, or name the output with -o)",
                f"{job.name}: not built",
            ]
    return []


def record_built(record, key: str, built: list[tuple[Job, list[str]]], texts: Path | None) -> None:
    """Note in build/'s record (evenhand.build_record) what each built brief read: its recipe, template,
    topic files, and the texts folders its cards may cut from (`--texts`, else the recipe's)."""
    for job, topic_files in built:
        folders = (
            [texts]
            if texts is not None
            else [Path(record.root) / job.recipe.texts]
            if job.recipe.texts
            else []
        )
        record.put(
            job.stem,
            key,
            recipe_file=job.recipe_file,
            template=job.recipe.template,
            topic_files=topic_files,
            outputs=list(job.outputs.values()),
            folders=folders,
        )


def write_output(job: Job, fmt: str, data: bytes, *, to_stdout) -> None:
    """Write one format of a built brief: a default output atomically (after removing the parts a
    killed build left); one named with -o where it is when it is a device, FIFO or standard output
    (``to_stdout`` takes text, or bytes for PDF and Word). OSError when it cannot be written."""
    from evenhand.output import fd_of, remove_stale_parts, write_atomic
    from evenhand.output import write_output as write_named

    path = job.outputs[fmt]
    if not job.chosen:
        remove_stale_parts(path)  # left by a build killed while writing
        write_atomic(path, data)
    elif fd_of(path) == 1:
        to_stdout(data if fmt in BINARY_FORMATS else data.decode("utf-8"))
    else:
        write_named(path, data)
