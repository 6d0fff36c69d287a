#!/usr/bin/env bash
# The README's two set-up commands on a fresh Debian 12 with only `python3 git`,
# timed, each run twice. As root, on a Debian or Ubuntu host:
#
#   bash bench/fresh_debian.sh [--with-node] [BRANCH]
#
# debootstrap makes a minimal Debian 12 in a scratch folder (kept as
# $BASE for later runs; delete it when done: it is about 500 MB), this
# machine's apt sources, apt proxy settings, pip settings and extra CA
# certificates are copied in so that apt and pip reach the network as they do
# here, `python3 git` are installed, then the repository is cloned inside and
# `bash scripts/setup.sh` and `bash scripts/test.sh` run in a chroot, twice
# each. --with-node installs Debian's nodejs and npm first (otherwise test.sh
# installs them itself). The log goes to standard output.
set -euo pipefail
with_node=""
[ "${1:-}" = --with-node ] && { with_node=1; shift; }
branch=${1:-$(git -C "$(dirname "$0")/.." rev-parse --abbrev-ref HEAD)}
repo=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-/var/tmp/evenhand-deb12-base}
ROOT=${ROOT:-/var/tmp/evenhand-deb12-run}

if [ ! -x "$BASE/usr/bin/git" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >/dev/null
  rm -rf "$BASE"
  debootstrap --variant=minbase bookworm "$BASE" http://deb.debian.org/debian >/dev/null
  cp /etc/apt/sources.list.d/*.sources "$BASE/etc/apt/sources.list.d/" 2>/dev/null || true
  cp /etc/apt/apt.conf.d/* "$BASE/etc/apt/apt.conf.d/" 2>/dev/null || true
  [ -f /etc/pip.conf ] && cp /etc/pip.conf "$BASE/etc/pip.conf"
  [ -d /etc/xdg/pip ] && mkdir -p "$BASE/etc/xdg" && cp -r /etc/xdg/pip "$BASE/etc/xdg/"
  cp /usr/local/share/ca-certificates/*.crt "$BASE/usr/local/share/ca-certificates/" 2>/dev/null || true
  cp /etc/resolv.conf "$BASE/etc/resolv.conf"
  chroot "$BASE" bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 git >/dev/null && update-ca-certificates >/dev/null'
  # this machine's certificate bundle too: it may hold a proxy's authority that pip must trust
  cp /etc/ssl/certs/ca-certificates.crt "$BASE/etc/ssl/certs/ca-certificates.crt"
fi

rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount --rbind /dev "$ROOT/dev"
mount --make-rslave "$ROOT/dev"
mount -t sysfs sys "$ROOT/sys"
trap 'umount -R "$ROOT/dev"; umount "$ROOT/proc" "$ROOT/sys"' EXIT
git clone -q --branch "$branch" "$repo" "$ROOT/root/evenhand"
# the source texts and third-party files some tests read, beside the clone as beside the repository
[ -d "$repo/../shared" ] && cp -r "$repo/../shared" "$ROOT/root/shared"
pip_env=$(env | grep -E '^PIP_(DEFAULT_TIMEOUT|DISABLE_PIP_VERSION_CHECK|INDEX_URL|EXTRA_INDEX_URL)=' | tr '\n' ' ' || true)
in_chroot() {
  # shellcheck disable=SC2086
  chroot "$ROOT" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 $pip_env bash -c "$1"
}
if [ -n "$with_node" ]; then
  echo "== apt-get install nodejs npm"
  start=$(date +%s.%N)
  in_chroot 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1; node --version; npm --version'
  echo "== $(echo "$(date +%s.%N) - $start" | bc) s"
fi
for cmd in "bash scripts/setup.sh" "bash scripts/setup.sh" "bash scripts/test.sh" "bash scripts/test.sh"; do
  echo "== $cmd"
  start=$(date +%s.%N)
  status=0
  in_chroot "cd /root/evenhand && $cmd" || status=$?
  echo "== exit $status, $(echo "$(date +%s.%N) - $start" | bc) s"
done
