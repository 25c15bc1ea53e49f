#!/usr/bin/env bash
# Installs what Vedetta's demo and tests need when it is missing: Debian packages (apt-get) and Python test peers
# (pip). Safe to run again: it checks before it installs. Usage: scripts/ensure-deps.sh [build|demo|test]
#   build: what compiling the executables needs (jemalloc, which they link); demo and test add their peers.
set -euo pipefail
mode="${1:-test}"

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
dpkg -s libjemalloc-dev >/dev/null 2>&1 || need_apt+=(libjemalloc-dev)
if [ "$mode" != "build" ]; then
  have sqlite3 || need_apt+=(sqlite3)
  have openssl || need_apt+=(openssl)
fi
if [ "$mode" = "test" ]; then
  have chromium || need_apt+=(chromium)
  have wrk || need_apt+=(wrk)
  have systemd-analyze || need_apt+=(systemd)
  have dpkg-deb || need_apt+=(dpkg)
  have xxd || need_apt+=(xxd)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "ensure-deps: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if [ "$mode" = "test" ] && ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "ensure-deps: installing aiosmtpd (SMTP test server) with pip"
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd \
    || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-aiosmtpd >/dev/null; }
fi
have swift || { echo "ensure-deps: the Swift toolchain (6.x) is required and not on PATH" >&2; exit 1; }
