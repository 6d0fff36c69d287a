"""The sandbox every template renders in: a library's templates may come from a stranger.

Jinja's ImmutableSandboxedEnvironment already refuses ``_``-names (so
``cycler.__init__.__globals__`` is an error) and methods that change lists and
dicts. On top of it:

- attributes: a template reaches data, and methods of evenhand's own objects and of
  plain values (``str``, ``dict``...); no module, class, or method of another library
  (pydantic's ``parse_file`` would read any file, ``model_rebuild`` change a class);
- globals: only ``range`` (capped by Jinja), ``dict``, ``namespace``, ``cycler``,
  ``joiner`` and our ``stylesheet``;
- filters: our own and the common Jinja ones (``format`` is printf-style ``%``,
  which reaches no attribute), without those that take a size (``center``,
  ``indent``, ``wordwrap``), show Python's repr (``pprint``), or differ between
  runs (``random``);
- ``*`` and ``**`` refuse results past a size, so that ``'x' * 10**10`` is an error,
  not all the memory.
"""

from __future__ import annotations

import datetime as _dt
import operator
import types

from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_RESULT = 1_000_000  # items of a repeated string or list; bits of a power

SAFE_FILTERS = frozenset(
    [
        "abs",
        "attr",
        "batch",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "first",
        "float",
        "forceescape",
        "format",
        "groupby",
        "int",
        "items",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "replace",
        "reverse",
        "round",
        "safe",
        "select",
        "selectattr",
        "slice",
        "sort",
        "string",
        "striptags",
        "sum",
        "title",
        "tojson",
        "trim",
        "truncate",
        "unique",
        "upper",
        "urlencode",
        "wordcount",
    ]
)
SAFE_GLOBALS = ("range", "dict", "namespace", "cycler", "joiner")
_PLAIN = (str, bytes, int, float, bool, list, tuple, dict, set, frozenset, _dt.date, _dt.datetime)
# loop.cycle, cycler.next
_OUR_MODULES = (
    "evenhand.",
    "markupsafe",
    "jinja2.runtime",
    "jinja2.utils",
)


class BriefSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options):
        super().__init__(**options)
        self.filters = {k: v for k, v in self.filters.items() if k in SAFE_FILTERS}
        self.globals = {k: v for k, v in self.globals.items() if k in SAFE_GLOBALS}

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(value, (types.ModuleType, type)):
            return False
        if not callable(value):
            return True
        if isinstance(
            value, types.BuiltinMethodType
        ):  # str.upper, dict.get (the mutating ones are refused above)
            return isinstance(value.__self__, _PLAIN)
        if isinstance(value, types.MethodType):
            module = getattr(value.__func__, "__module__", "") or ""
            return module.startswith(_OUR_MODULES)
        return False  # functions kept as attributes, partials, classes' callables

    def call_binop(self, context, op: str, left, right):
        if op == "*":
            for seq, n in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, bytes, list, tuple))
                    and isinstance(n, int)
                    and len(seq) * n > MAX_RESULT
                ):
                    raise SecurityError(
                        f"'*' would make {len(seq) * n:,} items; the limit is {MAX_RESULT:,}"
                    )
        if (
            op == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right * abs(left).bit_length() > MAX_RESULT
        ):
            raise SecurityError(f"'**' would make a number of more than {MAX_RESULT:,} bits")
        return {"*": operator.mul, "**": operator.pow}[op](left, right)
