#!/usr/bin/env bash
# THE test command: installs the toolchain and cargo-contract if missing, builds the contracts,
# then runs every test: unit tests of each contract, math property tests, the drink flows and
# property tests on the compiled contracts, the deploy CLI, and the dApp's build and unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/setup.sh
source scripts/env.sh
bash scripts/build-contracts.sh
bash scripts/reproducible.sh
echo "==> cargo test --workspace"
cargo test --workspace --locked
bash scripts/dapp-test.sh
echo "==> all tests passed in $(( $(date +%s) - start )) s"
