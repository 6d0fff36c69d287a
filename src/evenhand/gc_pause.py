"""Pausing Python's cyclic garbage collector around a run that builds many objects and frees few."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_cyclic_gc(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector in the block (it would rescan the growing objects again
    and again; reference counting still frees them), then restore it as it was.

    ``freeze``: afterwards, move what was built out of the collector's scans (gc.freeze).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
