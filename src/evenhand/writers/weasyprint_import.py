"""Import WeasyPrint without the compiler runs of its library search on Linux.

WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig through cffi, trying for each
a list of names meant for every platform (`libpango-1.0-0`, `pango-1.0-0`, `pango-1.0`,
`libpango-1.0.so.0`, ...). cffi hands each name that is not a file's name to
`ctypes.util.find_library`, which on Linux runs `ldconfig -p` and, for a name that it does
not know, gcc and ld: 22 ldconfig and 16 gcc runs per import, 0.24 s of the 0.61 s that
importing WeasyPrint took here, before any PDF could start.

Each list also holds the library's Linux file name (`libpango-1.0.so.0`), which cffi
opens directly, the dynamic loader searching LD_LIBRARY_PATH and its cache itself: the
file the search would have named. So while WeasyPrint is imported here, find_library
answers "not found" at once. Should that import fail (a system whose libraries carry
other names), WeasyPrint is imported again with the search as it is. For the import (a
fraction of a second, once per process) ctypes' search and sys.stdout are replaced
process-wide; nothing else in evenhand searches for libraries or prints meanwhile.
"""

from __future__ import annotations

import contextlib
import io
import sys
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """The `weasyprint` module, imported on first use (see the module's docstring)."""
    if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            return _import_unsearched()
        _forget_weasyprint()  # what the failed import left, so that it runs again whole
    import weasyprint

    return weasyprint


def _import_unsearched() -> ModuleType:
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        # a failed import prints WeasyPrint's installation help: the second try prints it
        # if it fails too
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint


def _not_found(name: str) -> None:
    return None


def _forget_weasyprint() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]
