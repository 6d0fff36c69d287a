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

# venv_package PYTHON: the Debian/Ubuntu package that gives PYTHON its `venv` (with ensurepip).
venv_package() {
  echo "python$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
}

# python_env_works DIR: DIR/bin/python runs and has pip.
python_env_works() {
  [ -x "$1/bin/python" ] && "$1/bin/python" -c 'import pip' >/dev/null 2>&1
}

# python_version PYTHON: what PYTHON --version prints, or that it does not run.
python_version() {
  local v
  if v=$("$1" --version 2>&1) && [ -n "$v" ]; then echo "$v"; else echo "not a Python that runs"; fi
}

# new_enough PYTHON: PYTHON runs and is 3.11 or later.
new_enough() {
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

# base_pythons: the Pythons that may make .venv, best first. $EVENHAND_PYTHON alone when
# set. Else the distribution's /usr/bin/python3 when it is 3.11 or later: the one whose
# venv package the script can install, and Debian and Ubuntu build it with profile-guided
# and link-time optimisation (on a 2-core machine, a build of every bundled brief and the
# test suite both ran about a tenth faster than with pyenv's own build of 3.11: README,
# Set-up and Development), then `python3` on the PATH.
base_pythons() {
  if [ -n "${EVENHAND_PYTHON:-}" ]; then
    echo "$EVENHAND_PYTHON"
    return 0
  fi
  local system=""
  new_enough /usr/bin/python3 && system=/usr/bin/python3 && echo "$system"
  local path
  path=$(command -v python3) && [ "$path" != "$system" ] && echo "$path"
  return 0
}

# make_venv PYTHON LOG: PYTHON -m venv .venv, installing PYTHON's venv package on
# Debian or Ubuntu when that is what is missing.
make_venv() {
  "$1" -m venv .venv >"$2" 2>&1 && return 0
  rm -rf .venv
  # Debian and Ubuntu keep venv's ensurepip in a package of its own.
  command -v apt-get >/dev/null && as_root >/dev/null && [ "$1" = /usr/bin/python3 ] || return 1
  install_system_packages "$(venv_package "$1")" && "$1" -m venv .venv >>"$2" 2>&1 && return 0
  rm -rf .venv
  return 1
}

# use_python_env: inside an active virtual environment, use it; else make (or remake,
# when it has no working python and pip) .venv, with the first of base_pythons that is
# 3.11 or later and can make one, and use it. A system Python may refuse `pip install`
# (PEP 668), hence the environment.
use_python_env() {
  if [ -n "${VIRTUAL_ENV:-}" ]; then
    new_enough "$VIRTUAL_ENV/bin/python" || {
      echo "error: evenhand needs Python 3.11 or later; the active environment's is $("$VIRTUAL_ENV/bin/python" --version 2>&1)" >&2
      return 1
    }
    PYTHON="$VIRTUAL_ENV/bin/python"
    return 0
  fi
  PYTHON="$(pwd)/.venv/bin/python"
  python_env_works .venv && return 0
  if [ -e .venv ]; then
    echo "note: .venv has no working python and pip (a set-up cut short?); making it again" >&2
    rm -rf .venv
  fi
  local log base found=""
  log=$(mktemp)
  while IFS= read -r base; do
    new_enough "$base" || continue
    found=$base
    make_venv "$base" "$log" && { rm -f "$log"; return 0; }
  done < <(base_pythons)
  if [ -z "$found" ]; then
    local which="python3"
    [ -n "${EVENHAND_PYTHON:-}" ] && which="EVENHAND_PYTHON ($EVENHAND_PYTHON)"
    echo "error: evenhand needs Python 3.11 or later; $which is $(python_version "${EVENHAND_PYTHON:-python3}")" >&2
  else
    echo "error: '$found -m venv .venv' failed; its output:" >&2
    cat "$log" >&2
    echo "install Python's venv module (Debian/Ubuntu: apt-get install $(venv_package "$found"))" >&2
  fi
  rm -f "$log"
  return 1
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
