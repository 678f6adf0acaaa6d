#!/usr/bin/env bash
# Brings rules/vectors.bin up to date with the library's texts (item names and aliases): computes
# the vectors of new or changed texts and drops those of texts gone. Run after editing rules/;
# the test `every_built_in_text_has_a_stored_vector` fails until then. All texts from scratch
# take about 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fetch-e5.sh
cargo run --quiet --release --example embed_library -- rules rules/vectors.bin
