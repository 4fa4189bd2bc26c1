#!/usr/bin/env bash
# THE main job: installs what is missing, builds the contracts, deploys the suite to the embedded
# sandbox chain (drink: pallet-contracts in-process, no node) and runs the financing scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
bash scripts/build-contracts.sh
cargo run --quiet --locked -p e2e-tests --example scenario
