#!/usr/bin/env bash
# Builds the desktop app's .deb into target/release/bundle/deb/ with Tauri's bundler, taken from
# the npm registry as @tauri-apps/cli (a prebuilt binary, pinned in packaging/package-lock.json).
# The library is built into the binary; the package depends on WebKitGTK 4.1 and the CJK font.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm ci --prefix packaging --no-audit --no-fund --loglevel=error
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
(cd src-tauri && ../packaging/node_modules/.bin/tauri build --bundles deb --ci)
ls -l "$target_dir"/release/bundle/deb/*.deb
