#!/usr/bin/env bash
# The benchmark report (not part of the test command): builds the contracts and the psp22 crate's
# example token (the reference), then measures every operation in the drink sandbox and writes
# docs/benchmarks.md and docs/benchmarks.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
bash scripts/build-contracts.sh
# The reference token: the psp22 crate (the version in Cargo.lock) built as its own example
# contract, from a copy (cargo-contract 5.0.3 lints with -D clippy::cast_possible_truncation,
# which the SCALE derive on its error enum trips; the allow changes no code).
src="$(cargo metadata --format-version 1 --locked | python3 -c \
  "import json,sys; print([p['manifest_path'] for p in json.load(sys.stdin)['packages'] if p['name']=='psp22'][0])")"
work="$CARGO_TARGET_DIR/psp22-token"
rm -rf "$work" && mkdir -p "$work" && cp -r "$(dirname "$src")"/. "$work"/
sed -i '1i #![allow(clippy::cast_possible_truncation)]' "$work/lib.rs"
echo "==> cargo contract build --release (psp22 example token)"
cargo contract build --release --quiet --manifest-path "$work/Cargo.toml"
mkdir -p "$SCF_BUNDLES_DIR/psp22"
cp "$CARGO_TARGET_DIR/ink/psp22.wasm" "$CARGO_TARGET_DIR/ink/psp22.json" "$SCF_BUNDLES_DIR/psp22/"
echo "==> measuring"
cargo run --quiet --locked -p e2e-tests --example bench
