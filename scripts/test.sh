#!/usr/bin/env bash
# Install what the tests need (system packages, evenhand with its test extras, the
# Argdown CLI), then run the tests. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# shellcheck disable=SC2086
install_system_packages $RUNTIME_PACKAGES poppler-utils
use_python_env
python3 -m pip install -q -e '.[test]'
if command -v npm >/dev/null; then
  if ! npm install --silent --no-audit --no-fund --prefix .node @argdown/cli >/dev/null 2>&1; then
    echo "note: could not install @argdown/cli; the tests that run it are skipped" >&2
    # In CI the real Argdown CLI must check the Argdown export: fail instead of skipping.
    [ "${CI:-}" = true ] && exit 1
  fi
fi
python3 -m pytest -q "$@"
