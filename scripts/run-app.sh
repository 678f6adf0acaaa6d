#!/usr/bin/env bash
# Builds and opens the 裁量通 desktop app on the built-in library, after installing what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo run --release --locked -p cailiang-desktop
