"""`evenhand watch`: wait for saves in the library's folders (watchfiles), then rebuild."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

WATCHED = ("arguments", "seeds", "briefs", "templates", "locales", "texts")  # never build/


def watched_folders(root: str | Path) -> list[Path]:
    """The library's folders whose files go into briefs (those that exist)."""
    return [Path(root) / name for name in WATCHED if (Path(root) / name).is_dir()]


def _interesting(change, path: str) -> bool:
    name = Path(path).name  # not editors' and sed's temporary files, nor our own .part files
    return "." in name[1:] and not (
        name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".part", ".tmp"))
    )


def saves(
    root: str | Path,
    *,
    stop: threading.Event | None = None,
    ready: Callable[[], None] | None = None,
    debounce_ms: int = 50,
) -> Iterator[list[Path]]:
    """Each batch of changed files (sorted), until ``stop`` is set; Ctrl-C raises KeyboardInterrupt.
    ``ready`` is called once the folders are watched (a save from then on is seen)."""
    from watchfiles import watch

    folders = watched_folders(root)
    for batch in watch(
        *folders,
        watch_filter=_interesting,
        debounce=debounce_ms,
        step=20,
        stop_event=stop,
        yield_on_timeout=True,
        rust_timeout=250,
    ):
        if ready is not None:
            ready()
            ready = None
        changed = sorted({Path(p) for _, p in batch})
        if changed:
            yield changed


def run(
    root: str | Path,
    rebuild: Callable[[], Iterable[Path]],
    *,
    on_rebuilt: Callable[[list[Path]], None] | None = None,
    on_change: Callable[[list[Path]], None] | None = None,
    ready: Callable[[], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """After every batch of saves, ``rebuild()`` (which returns the files it wrote) and pass
    those to ``on_rebuilt`` (the preview server's reload signal).

    Ctrl-C also sets ``stop``: a KeyboardInterrupt that lands where Python ignores it (a
    finaliser running as a rebuild ends) would otherwise be lost, and the watch go on."""
    stop = stop or threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        import signal

        def interrupted(signum, frame):
            stop.set()
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGINT, interrupted)
    try:
        for changed in saves(root, stop=stop, ready=ready):
            if on_change is not None:
                on_change(changed)
            written = list(rebuild())
            if on_rebuilt is not None and written:
                on_rebuilt(written)
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGINT, previous)
