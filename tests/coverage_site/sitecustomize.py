"""Read by each Python process the tests start (`tests/conftest.py` puts this folder first on
their PYTHONPATH). When coverage measures the process, WeasyPrint is imported and runs with
the tracer off, as in the test processes (`untraced.py`): its import took 0.39 s of CPU
under the tracer, 0.22 s untraced. Nothing changes in a process without coverage."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys


class _UntracedWeasyPrint(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "weasyprint":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        from untraced import untrace_weasyprint, untraced

        load = untraced(spec.loader.exec_module)

        def exec_module(module):
            load(module)
            untrace_weasyprint(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if sys.gettrace() is not None:
    sys.meta_path.insert(0, _UntracedWeasyPrint())
