#!/usr/bin/env bash
# A differential fuzz campaign: random multi-actor sequences on the compiled contracts in drink and
# on the reference model side by side (e2e-tests/tests/differential.rs, test `campaign`).
#
#   bash scripts/fuzz.sh SECONDS [SEED]
#
# Prints steps per second and a summary (operations executed by type, successful calls, refusals by
# error, invariant checks, canaries, anything found). A counterexample is shrunk to a short,
# readable sequence and the script exits non-zero. FUZZ_READBACK=step reads every changed item back
# after each step (slower) instead of once at the end of each sequence. The first run builds the
# optimised `fuzz` profile from cold (a one-off; later runs reuse it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
    echo "usage: $0 SECONDS [SEED]" >&2
    exit 2
fi
source scripts/env.sh
bash scripts/setup.sh >/dev/null
bash scripts/build-contracts.sh >/dev/null
export FUZZ_SECONDS="$1"
export FUZZ_SEED="${2:-$(date +%s)}"
echo "==> differential campaign: ${FUZZ_SECONDS} s, seed ${FUZZ_SEED}"
# The `fuzz` profile (workspace Cargo.toml) optimises the dependencies: ~7x the steps per second.
cargo test --profile fuzz -p e2e-tests --test differential --locked -- --ignored --exact campaign --nocapture
