#!/usr/bin/env bash
# Install evenhand with its test extras (and the Argdown CLI for interop tests), then run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --upgrade pip
python3 -m pip install -q -e '.[test]'
if command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix .node @argdown/cli >/dev/null 2>&1 || echo "note: could not install @argdown/cli; its tests will be skipped"
fi
python3 -m pytest -q "$@"
