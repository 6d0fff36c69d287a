"""Loading WeasyPrint for a PDF: no library search by compiler (writers/weasyprint_import).
Each test starts a fresh interpreter: only there is WeasyPrint imported for the first time."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import REPO, run_python

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="the search is skipped on Linux only"
    ),
    pytest.mark.slow,  # each test starts a Python that imports WeasyPrint
]

# Import WeasyPrint (as IMPORT says), then print as JSON the programs started meanwhile, the
# shared libraries mapped from the ones WeasyPrint opens, whether ctypes' library search is
# its own again, and the start of a one-line PDF.
PROBE = """
import json, sys
started = []
sys.addaudithook(lambda event, args: started.append(str(args[0])) if event == "subprocess.Popen" else None)
import ctypes.util
search = ctypes.util.find_library
{setup}
{import_}
libraries = sorted({{
    line.split()[-1].rsplit("/", 1)[-1].split(".so")[0]
    for line in open("/proc/self/maps")
    if ".so" in line and any(k in line for k in ("pango", "harfbuzz", "fontconfig", "gobject"))
}})
pdf = weasyprint.HTML(string="<p>Seasonal work visas</p>").write_pdf()
print(json.dumps({{"started": started, "libraries": libraries,
                   "search": ctypes.util.find_library is search, "pdf": pdf[:5].decode()}}))
"""
OURS = "from evenhand.writers.weasyprint_import import import_weasyprint\nweasyprint = import_weasyprint()"
PLAIN = "import weasyprint"


def _probe(import_: str, setup: str = "") -> tuple[dict, str]:
    proc = run_python(PROBE.format(setup=setup, import_=import_), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    *printed, last = proc.stdout.splitlines()
    return json.loads(last), "\n".join(printed)


# the PDF writer's two ways in: its renderer, and the fetcher it imports (weasyprint.urls)
THROUGH_FETCHER = "import evenhand.writers.fetcher\nimport weasyprint"


@pytest.mark.parametrize("import_", [OURS, THROUGH_FETCHER], ids=["import_weasyprint", "fetcher"])
def test_weasyprint_is_loaded_with_no_program_run_and_the_same_libraries(import_):
    ours, _ = _probe(import_)
    plain, _ = _probe(PLAIN)
    # ctypes' search ran ldconfig (and gcc and ld, where installed) for the names WeasyPrint tries
    assert "/sbin/ldconfig" in {p.split()[0] for p in plain["started"]}
    assert ours["started"] == []
    assert ours["libraries"] == plain["libraries"]
    assert {"libpango-1", "libharfbuzz", "libfontconfig", "libgobject-2"} <= {
        name.split(".")[0] for name in ours["libraries"]
    }
    assert ours["search"] is True  # ctypes' own search is back for everything else
    assert ours["pdf"] == "%PDF-"


# A system whose Pango file has another name than WeasyPrint's list says, found only by the
# search: opening "libpango-1.0.so.0" by that name fails, the search finds the library.
OTHER_NAME = """
import cffi
opened = cffi.FFI.dlopen
def dlopen(self, name, *args):
    if name == "libpango-1.0.so.0":
        raise OSError("cannot open shared object file: No such file or directory")
    return opened(self, name, *args)
cffi.FFI.dlopen = dlopen
"""


def test_a_library_only_the_search_finds_is_still_found():
    ours, printed = _probe(OURS, setup=OTHER_NAME)
    assert any(name.startswith("libpango-1.0") for name in ours["libraries"])
    assert ours["pdf"] == "%PDF-"
    assert any(p.split()[0] == "/sbin/ldconfig" for p in ours["started"])  # searched, then
    assert ours["search"] is True
    # the first try's failure printed nothing (WeasyPrint prints its installation help)
    assert "could not import" not in printed
    assert printed == ""
