#!/usr/bin/env bash
# Set up evenhand and build the sample handout: the system libraries WeasyPrint and
# the maps need, evenhand itself (editable, in .venv unless a virtual environment is
# active), then `evenhand build briefs/migration-handout.yaml`. Run it again at any
# time: it installs only what is missing, and remakes a broken .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# shellcheck disable=SC2086
install_system_packages $RUNTIME_PACKAGES
use_python_env
pip_install .
"$(dirname "$PYTHON")/evenhand" build briefs/migration-handout.yaml
echo
echo "Your handout: $(pwd)/build/migration-handout.pdf"
if [ -z "${VIRTUAL_ENV:-}" ]; then
  echo "To use evenhand in this shell: source .venv/bin/activate"
fi
