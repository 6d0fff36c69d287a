#!/usr/bin/env bash
# Set up evenhand on a Debian or Ubuntu machine and build the sample handout:
# the system libraries WeasyPrint (Pango, HarfBuzz) and the maps (Graphviz)
# need, evenhand itself (editable), then `evenhand build briefs/migration-handout.yaml`.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=none; fi
  if [ "$SUDO" != none ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 graphviz >/dev/null
  else
    echo "note: not root and no sudo: install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 graphviz yourself" >&2
  fi
fi

python3 -m pip install -q -e .
python3 -m evenhand build briefs/migration-handout.yaml
echo
echo "Your handout: $(pwd)/build/migration-handout.pdf"
