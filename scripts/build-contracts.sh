#!/usr/bin/env bash
# Builds the five contracts with `cargo contract build --release` and prints their sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
for c in $CONTRACTS $TEST_CONTRACTS; do
  echo "==> cargo contract build --release ($c)"
  cargo contract build --release --quiet --manifest-path "contracts/$c/Cargo.toml"
done
echo
echo "| contract | optimized .wasm (bytes) |"
echo "|---|---:|"
for c in $CONTRACTS; do
  echo "| $c | $(stat -c %s "$SCF_BUNDLES_DIR/$c/$c.wasm") |"
done
