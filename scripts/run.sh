#!/usr/bin/env bash
# THE main job: installs what is missing, builds the seven contracts and the deploy CLI, deploys the
# suite to the embedded sandbox chain (drink: pallet-contracts in-process, no node), runs the bundled
# scenarios (financing; liquidation, auction and restart; recovery and a late payment; a late
# invoice at auction paid by its debtor — those three through the liquidation engine; a reefer
# container valued from its sensor's signed condition reports) and prints
# the resulting positions and balances, then the deployment's status.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
bash scripts/build-contracts.sh
echo "==> building the deploy CLI"
cargo build --quiet --locked -p scf-deploy
cli="$CARGO_TARGET_DIR/debug/scf-deploy"
echo
echo "==> scf-deploy deploy   (network file deploy/networks/sandbox.toml)"
"$cli" deploy
for story in financing liquidation recovery payment_at_auction condition; do
  echo
  echo "==> scf-deploy scenario deploy/scenarios/$story.toml"
  "$cli" scenario "deploy/scenarios/$story.toml"
done
echo
echo "==> scf-deploy status"
"$cli" status
