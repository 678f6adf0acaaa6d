#!/usr/bin/env bash
# Regenerates the front end's test fixtures (tests/ui/fixtures/) from the CLI, as listed in
# tests/ui/fixtures/sources.tsv. Run after a change to the engine's output or to the rules the
# fixtures use; `cargo test --test cli` says when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin cailiang
dir=tests/ui/fixtures
while IFS=$'\t' read -r name args; do
  case "$name" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086 # the arguments are words without spaces
  target/debug/cailiang $args > "$dir/$name.tmp"
  mv "$dir/$name.tmp" "$dir/$name"
  echo "wrote $dir/$name"
done < "$dir/sources.tsv"
