"""The set-up scripts' choice of the Python that makes `.venv` (scripts/lib.sh)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


def lib_sh(call: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``call`` run by bash after sourcing scripts/lib.sh, in ``cwd``."""
    full = {k: v for k, v in os.environ.items() if k not in ("EVENHAND_PYTHON", "VIRTUAL_ENV")}
    return subprocess.run(
        ["bash", "-c", f'. "{REPO}/scripts/lib.sh"; {call}'],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**full, **env},
        timeout=60,
        check=False,
    )


def version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    major, minor = out.split()
    return int(major), int(minor)


def test_evenhand_python_alone_is_tried_when_set(tmp_path):
    r = lib_sh("base_pythons", tmp_path, EVENHAND_PYTHON="/opt/py/bin/python3.12")
    assert (r.returncode, r.stdout) == (0, "/opt/py/bin/python3.12\n")


def test_the_distributions_python_comes_first_then_the_one_on_the_path(tmp_path):
    """With pyenv's (say) first on the PATH, /usr/bin/python3 is still tried first when it
    is 3.11 or later; the PATH's comes next, and is not listed twice when it is the same."""
    shims = tmp_path / "shims"
    shims.mkdir()
    shim = shims / "python3"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    shim.chmod(0o755)
    system = version("/usr/bin/python3")
    first = ["/usr/bin/python3"] if system and system >= (3, 11) else []
    r = lib_sh("base_pythons", tmp_path, PATH=f"{shims}:/usr/bin:/bin")
    assert (r.returncode, r.stdout.splitlines()) == (0, [*first, str(shim)])
    if first:
        r = lib_sh("base_pythons", tmp_path, PATH="/usr/bin:/bin")
        assert (r.returncode, r.stdout.splitlines()) == (0, first)


def test_a_python_too_old_or_missing_is_named_and_no_venv_is_made(tmp_path):
    old = tmp_path / "python-3.8"
    old.write_text(
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'Python 3.8.18'; exit 0; fi\nexit 1\n"
    )
    old.chmod(0o755)
    for python, says in (
        (old, "is Python 3.8.18"),
        (tmp_path / "none", "is not a Python that runs"),
    ):
        r = lib_sh("use_python_env", tmp_path, EVENHAND_PYTHON=str(python))
        assert r.returncode == 1
        assert r.stderr.strip() == (
            f"error: evenhand needs Python 3.11 or later; EVENHAND_PYTHON ({python}) {says}"
        )
        assert not (tmp_path / ".venv").exists()


@pytest.mark.skipif(version("/usr/bin/python3") is None, reason="no /usr/bin/python3 here")
def test_an_active_environment_is_used_as_it_is(tmp_path):
    venv = tmp_path / "env"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/usr/bin/python3")
    r = lib_sh('use_python_env && echo "$PYTHON"', tmp_path, VIRTUAL_ENV=str(venv))
    if version("/usr/bin/python3") >= (3, 11):
        assert (r.returncode, r.stdout) == (0, f"{venv}/bin/python\n")
    else:
        assert r.returncode == 1 and "needs Python 3.11 or later" in r.stderr
