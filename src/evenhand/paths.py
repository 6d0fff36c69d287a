"""Where the package keeps its own files, and which templates a library can use."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_TEMPLATES_DIR = PACKAGE_DIR / "templates"
FONTS_DIR = PACKAGE_DIR / "fonts"
BUILTIN_TEMPLATES = ("handout", "one-pager", "cards")
TEMPLATE_SUFFIXES = (".html.j2", ".md.j2")


def template_dirs(library_root: str | Path | None) -> list[Path]:
    """A library's own templates/ first (its files override ours), then the built-in set."""
    dirs = []
    if library_root is not None and (Path(library_root) / "templates").is_dir():
        dirs.append(Path(library_root) / "templates")
    dirs.append(BUILTIN_TEMPLATES_DIR)
    return dirs


def template_names(library_root: str | Path | None) -> set[str]:
    """Brief templates a recipe may name; files starting with `_` are parts others extend."""
    names = set(BUILTIN_TEMPLATES)
    for folder in template_dirs(library_root):
        for suffix in TEMPLATE_SUFFIXES:
            names.update(
                p.name[: -len(suffix)]
                for p in folder.glob(f"*{suffix}")
                if not p.name.startswith("_")
            )
    return names
