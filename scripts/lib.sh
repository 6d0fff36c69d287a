# Shared by setup.sh and test.sh (sourced, not run): system packages, the Python
# environment and the Argdown CLI. Quiet when there is nothing to do; the output of a
# failing step is printed in full.

# run_quietly LOG CMD...: run CMD with its output in LOG; on failure print LOG.
run_quietly() {
  local log=$1
  shift
  local status=0
  "$@" >"$log" 2>&1 || status=$?
  [ "$status" = 0 ] && return 0
  echo "error: '$*' failed (exit $status); its output:" >&2
  cat "$log" >&2
  return "$status"
}

# missing_packages PKG...: the packages dpkg does not have installed.
missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q ' installed$' || echo "$pkg"
  done
}

# as_root: "" as root, "sudo" with sudo, else fail.
as_root() {
  if [ "$(id -u)" = 0 ]; then echo ""; elif command -v sudo >/dev/null; then echo "sudo"; else return 1; fi
}

# install_system_packages PKG...: apt-get install, as root or with sudo, what is missing.
# `apt-get update` runs only when something is missing (and only if installing from the
# package lists already on the machine fails). Elsewhere it says what is needed.
install_system_packages() {
  command -v dpkg-query >/dev/null && command -v apt-get >/dev/null || {
    echo "note: no apt-get here; install these (or your system's equivalents) yourself: $*" >&2
    return 0
  }
  local missing sudo log
  missing=$(missing_packages "$@")
  [ -n "$missing" ] || return 0
  # shellcheck disable=SC2086
  missing=$(echo $missing)
  if ! sudo=$(as_root); then
    echo "note: not root and no sudo: install these yourself: sudo apt-get install $missing" >&2
    return 0
  fi
  echo "installing system packages: $missing" >&2
  log=$(mktemp)
  # shellcheck disable=SC2086
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >"$log" 2>&1; then
    run_quietly "$log" $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      run_quietly "$log" $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing ||
      { rm -f "$log"; return 1; }
  fi
  rm -f "$log"
}

# venv_package: the Debian/Ubuntu package that gives this python3 its `venv` (with ensurepip).
venv_package() {
  echo "python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
}

# python_env_works DIR: DIR/bin/python runs and has pip.
python_env_works() {
  [ -x "$1/bin/python" ] && "$1/bin/python" -c 'import pip' >/dev/null 2>&1
}

# use_python_env: inside an active virtual environment, use it; else make (or remake,
# when it has no working python and pip) .venv and use it. A system Python may refuse
# `pip install` (PEP 668), hence the environment.
use_python_env() {
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "error: evenhand needs Python 3.11 or later; python3 is $(python3 --version 2>&1)" >&2
    return 1
  }
  if [ -n "${VIRTUAL_ENV:-}" ]; then
    PYTHON="$VIRTUAL_ENV/bin/python"
    return 0
  fi
  PYTHON="$(pwd)/.venv/bin/python"
  python_env_works .venv && return 0
  if [ -e .venv ]; then
    echo "note: .venv has no working python and pip (a set-up cut short?); making it again" >&2
    rm -rf .venv
  fi
  local log
  log=$(mktemp)
  if ! python3 -m venv .venv >"$log" 2>&1; then
    rm -rf .venv
    # Debian and Ubuntu keep venv's ensurepip in a package of its own.
    if command -v apt-get >/dev/null; then
      install_system_packages "$(venv_package)" || { rm -f "$log"; return 1; }
    fi
    run_quietly "$log" python3 -m venv .venv || {
      rm -rf .venv "$log"
      echo "Python's venv module does not work here; install it (Debian/Ubuntu: apt-get install $(venv_package))" >&2
      return 1
    }
  fi
  rm -f "$log"
}

# pip_install SPEC: `pip install -e SPEC` into the environment, skipped when the same
# pyproject.toml was installed there before (a second run stays quiet and fast).
pip_install() {
  local spec=$1 stamp want log
  stamp="$(dirname "$(dirname "$PYTHON")")/.evenhand-installed"
  want="$spec $(pwd) $(sha256sum pyproject.toml | cut -d' ' -f1)"
  # an install with the test extras covers a plain one
  if [ -f "$stamp" ] && { grep -qxF "$want" "$stamp" || { [ "$spec" = . ] && grep -qxF ".[test]${want#.}" "$stamp"; }; } &&
    "$PYTHON" -c 'import evenhand' 2>/dev/null; then
    return 0
  fi
  log=$(mktemp)
  run_quietly "$log" "$PYTHON" -m pip install -q --disable-pip-version-check -e "$spec" || { rm -f "$log"; return 1; }
  rm -f "$log"
  echo "$want" >>"$stamp"
}

# install_argdown_cli: `npm ci` from the committed package-lock.json (@argdown/cli, pinned)
# into node_modules/, skipped when node_modules already matches the lock.
install_argdown_cli() {
  local stamp=node_modules/.evenhand-lock want log
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -x node_modules/.bin/argdown ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log=$(mktemp)
  run_quietly "$log" npm ci --no-audit --no-fund --loglevel=error || { rm -f "$log"; return 1; }
  rm -f "$log"
  echo "$want" >"$stamp"
}

# What WeasyPrint (Pango; HarfBuzz subsetting halves font embedding time) and the maps (Graphviz) need.
RUNTIME_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 graphviz"
