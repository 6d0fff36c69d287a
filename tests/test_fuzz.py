"""A short, deterministic fuzz run (issue #10, item 11): mutated library and import files, in process.

The harness is tests/fuzz/fuzz.py; a long run is `python tests/fuzz/fuzz.py --cases 5000`
(tests/fuzz/README.md records the last ones). The suite runs a smoke run of the first
60 cases of seed 1 (each case has its own generator, so they are the first 60 of any
longer run with that seed); EVENHAND_FUZZ_CASES=200 runs more in the suite.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))

import fuzz  # noqa: E402


@pytest.mark.slow
def test_short_fuzz_run_finds_no_crash_hang_or_stray_write():
    cases = int(os.environ.get("EVENHAND_FUZZ_CASES", "60"))
    report = fuzz.fuzz(cases, seed=1, timeout=5.0)
    assert report.cases == cases
    assert report.commands >= cases
    assert set(report.exits) <= {0, 1, 2}, report.exits
    shown = "\n".join(
        f"case {f.case}: {f.file} {f.mutations} {' '.join(f.command)}: {f.why}"
        for f in report.failures[:5]
    )
    assert not report.failures, shown


def test_the_harness_catches_a_crash(monkeypatch):
    """The harness itself: an exception inside a command is reported as a failure, with its traceback."""
    from evenhand.readers import kialo

    def boom(*args, **kwargs):
        raise RuntimeError("planted")

    monkeypatch.setattr(kialo, "parse", boom)
    monkeypatch.setattr(fuzz, "corpus", lambda: [fuzz.FIXTURES / "kialo" / "school-uniforms.txt"])
    monkeypatch.setattr(fuzz, "MUTATIONS", [fuzz.tab])
    report = fuzz.fuzz(2, seed=1)
    assert len(report.failures) == 2
    assert "RuntimeError: planted" in report.failures[0].why
