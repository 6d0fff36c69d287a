#!/usr/bin/env bash
# Install what the tests need (system packages, evenhand with its test extras, the
# pinned Argdown CLI from package-lock.json), then run the tests. Extra arguments go
# to pytest. Run it again at any time: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

packages="$RUNTIME_PACKAGES poppler-utils"
# The Argdown tests need Node.js and npm: on Debian or Ubuntu as root (always in CI)
# they come from the distribution; elsewhere the tests say how to enable them.
if ! command -v npm >/dev/null && command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || [ "${CI:-}" = true ]; }; then
  packages="$packages nodejs npm"
fi
# shellcheck disable=SC2086
install_system_packages $packages
use_python_env
pip_install '.[test]'
if command -v npm >/dev/null; then
  if ! install_argdown_cli; then
    echo "note: 'npm ci' could not install the Argdown CLI; the tests that run it are skipped" >&2
    # In CI the real Argdown CLI must check the Argdown export: fail instead of skipping.
    [ "${CI:-}" = true ] && exit 1
  fi
else
  echo "note: npm not found, so the tests that run the Argdown CLI are skipped (with CI=true they fail);" \
    "to run them, install Node.js 18+ with npm (Debian/Ubuntu: sudo apt-get install nodejs npm;" \
    "macOS: brew install node) and run this script again" >&2
fi
# The guardrails first (config in pyproject.toml): the code as `ruff format` writes it, no
# `ruff check` finding, no `mypy` error in src/. A finding fails the run, after the tests have
# run too, so one run reports both. EVENHAND_LINT=0 skips them (while iterating on a test).
lint=0
if [ "${EVENHAND_LINT:-1}" != 0 ]; then
  # Meanwhile, on another core: evenhand's modules compiled and the test modules rewritten
  # (pytest's assert rewriting) into __pycache__, which every test process then reads. Where
  # PYTHONDONTWRITEBYTECODE is set, no test process writes them, and each pytest worker
  # would rewrite every test module again (about 1 s), each `python -m evenhand` compile.
  (
    "$PYTHON" -m compileall -q src/evenhand >/dev/null 2>&1
    env -u PYTHONDONTWRITEBYTECODE "$PYTHON" -m pytest --collect-only -q -p no:cacheprovider >/dev/null 2>&1
  ) &
  warm=$!
  echo "lint: ruff format --check, ruff check, mypy"
  "$PYTHON" -m ruff format --check --quiet src tests bench || lint=1
  "$PYTHON" -m ruff check --quiet src tests bench || lint=1
  "$PYTHON" -m mypy || lint=1
  wait "$warm" || true
fi
# The tests on every core (pytest-xdist), under coverage (pyproject's [tool.coverage]):
# lines run in the test processes, in `python -m evenhand` children and in forked
# workers all count. The report is printed at the end; pytest's status is the script's.
# `--dist loadgroup`: the tests that read one shared build (an xdist_group, tests/conftest.py)
# run on one worker, which makes the build while the others run the rest.
export COVERAGE_FILE="$PWD/.coverage"
"$PYTHON" -m coverage erase
status=0
"$PYTHON" -m coverage run -m pytest -q -n "${EVENHAND_TEST_WORKERS:-auto}" --dist loadgroup "$@" || status=$?
# It prints how many processes' data files it combined (the workers and each process they
# started): a run whose coverage drops with fewer files has lost a process's data. A whole
# run (no arguments) fails below `fail_under` in pyproject.toml (a share of the lines).
"$PYTHON" -m coverage combine || true
covered=0
if [ "$#" = 0 ]; then
  "$PYTHON" -m coverage report || covered=$?
else
  "$PYTHON" -m coverage report --fail-under=0 || true
fi
if [ "$lint" != 0 ] && [ "$status" = 0 ]; then
  echo "the tests passed, but ruff or mypy found something (above)" >&2
  status=1
fi
if [ "$covered" != 0 ] && [ "$status" = 0 ]; then
  echo "the tests passed, but their coverage is under fail_under in pyproject.toml (above)" >&2
  status=1
fi
exit "$status"
