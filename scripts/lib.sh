# Shared by setup.sh and test.sh (sourced, not run): system packages and the Python environment.

# install_system_packages PKG...: apt-get install as root (or with sudo) on Debian/Ubuntu;
# elsewhere say what is needed.
install_system_packages() {
  if ! command -v apt-get >/dev/null; then
    echo "note: no apt-get here; install these (or your system's equivalents) yourself: $*" >&2
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "note: not root and no sudo: install these yourself: $*" >&2
      return 0
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# use_python_env: inside an active virtual environment, use it; else make and use .venv
# (a system Python may refuse `pip install`, PEP 668).
use_python_env() {
  if [ -z "${VIRTUAL_ENV:-}" ]; then
    [ -x .venv/bin/python3 ] || python3 -m venv .venv
    # shellcheck disable=SC1091
    . .venv/bin/activate
  fi
  python3 -m pip install -q --upgrade pip
}

# What WeasyPrint (Pango; HarfBuzz subsetting halves font embedding time) and the maps (Graphviz) need.
RUNTIME_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 graphviz"
