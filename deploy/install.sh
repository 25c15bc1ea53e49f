#!/usr/bin/env bash
# Installs Vedetta on a host without the Debian package: the binary, the systemd unit, the configuration and
# the example rules. Safe to run again: the binary, unit and examples are replaced; an existing
# /etc/vedetta/vedetta.yaml or /etc/vedetta/rules is never overwritten (a changed example config is written
# beside it as vedetta.yaml.dist).
#
# Usage: deploy/install.sh [--binary PATH] [--prefix /usr/local] [--no-reload]
#   --binary PATH  the vedetta executable (default: .build/release/vedetta, built with
#                  `swift build -c release --static-swift-stdlib --product vedetta`)
#   --prefix DIR   where bin/ and share/ go (default /usr/local); the unit's ExecStart follows it
#   DESTDIR=DIR    stage everything under DIR (packaging, tests); implies --no-reload
#   --no-reload    do not run `systemctl daemon-reload`
# Then: systemctl enable --now vedetta
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
binary="$repo/.build/release/vedetta"
prefix="/usr/local"
reload=1
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    --no-reload) reload=0; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
destdir="${DESTDIR:-}"
[ -n "$destdir" ] && reload=0
[ -x "$binary" ] || { echo "install.sh: no executable at $binary (build it first, or pass --binary)" >&2; exit 1; }

etc="$destdir/etc/vedetta"
share="$destdir$prefix/share/vedetta"
unitdir="$destdir/etc/systemd/system"

install -d -m 0755 "$destdir$prefix/bin" "$share/rules" "$unitdir" "$etc"
install -m 0755 "$binary" "$destdir$prefix/bin/vedetta"
# The unit names /usr/bin/vedetta; point it at the prefix in use.
sed "s#^ExecStart=/usr/bin/vedetta #ExecStart=$prefix/bin/vedetta #" "$here/vedetta.service" > "$unitdir/vedetta.service.tmp"
chmod 0644 "$unitdir/vedetta.service.tmp"
mv -f "$unitdir/vedetta.service.tmp" "$unitdir/vedetta.service"

for rule in "$repo"/rules/*.yaml; do install -m 0644 "$rule" "$share/rules/"; done
install -m 0644 "$here/vedetta.yaml" "$share/vedetta.yaml.example"

if [ ! -e "$etc/vedetta.yaml" ]; then
  install -m 0644 "$here/vedetta.yaml" "$etc/vedetta.yaml"
  echo "installed $etc/vedetta.yaml"
elif ! cmp -s "$here/vedetta.yaml" "$etc/vedetta.yaml"; then
  install -m 0644 "$here/vedetta.yaml" "$etc/vedetta.yaml.dist"
  echo "kept your $etc/vedetta.yaml; the shipped example is $etc/vedetta.yaml.dist"
fi
if [ ! -e "$etc/rules" ]; then
  install -d -m 0755 "$etc/rules"
  for rule in "$share"/rules/*.yaml; do install -m 0644 "$rule" "$etc/rules/"; done
  echo "installed example rules in $etc/rules: adapt offices.yaml and services.yaml"
fi

if [ "$reload" = 1 ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
  echo "systemd reloaded; start with: systemctl enable --now vedetta"
else
  echo "installed under ${destdir:-/} (systemd not reloaded)"
fi
