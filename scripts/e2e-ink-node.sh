#!/usr/bin/env bash
# The ink_e2e flows (e2e-ink/tests/flows.rs) against a live node: the ones that need no clock
# moves, each deploying a suite of its own through ink_e2e's subxt client. Starts a node through
# scripts/live-node.sh (which builds contracts-node once: long, see README) unless SCF_NODE_URL
# names a running one. The test command runs the same flows on ink_e2e's runtime-only backend.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SCF_NODE_URL:-}" ]; then
  exec bash scripts/live-node.sh --then "bash scripts/e2e-ink-node.sh"
fi
bash scripts/setup.sh
source scripts/env.sh
echo "==> ink_e2e flows against $SCF_NODE_URL"
SCF_E2E_NODE_URL="$SCF_NODE_URL" cargo +1.91.0 test --locked -p e2e-ink --test flows -- \
  --ignored --exact on_a_live_node --nocapture
