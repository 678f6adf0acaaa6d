#!/usr/bin/env bash
# Copies the screenshots the end-to-end tests took (target/screenshots/, written by
# `scripts/test.sh`) into docs/screenshots/, which README shows. Run it when the README should
# show the current app; the tests themselves never change the committed pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
src="${CARGO_TARGET_DIR:-target}/screenshots"
if ! ls "$src"/*.png >/dev/null 2>&1; then
  echo "no screenshots in $src: run scripts/test.sh (its end-to-end tests take them) first" >&2
  exit 1
fi
cp -v "$src"/*.png docs/screenshots/
