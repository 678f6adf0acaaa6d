#!/usr/bin/env bash
# Runs every test of Cailiang after installing what is missing: formatting, lints, unit and
# integration tests of the core, the CLI and the desktop shell.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { echo "==> $*"; local s=$SECONDS; "$@"; echo "<== ($((SECONDS - s))s) $*"; }

step scripts/setup.sh
step cargo fmt --all --check
# One feature set for build, lint and test, so nothing is compiled twice (see research/tauri-spike.md).
step cargo build --workspace --all-targets --locked
step cargo clippy --workspace --all-targets --locked -- -D warnings
step cargo test --workspace --locked
