#!/usr/bin/env bash
# The dApp in a real browser: Debian's Chromium (installed if missing) driven by playwright-core,
# the built dApp served locally, a test wallet injected as window.injectedWeb3 that signs with
# the development keys (@polkadot/keyring).
#
#   bash scripts/dapp-e2e.sh            against a node: starts one with the suite deployed through
#                                       scripts/live-node.sh (which builds contracts-node once:
#                                       long, see README), unless SCF_MANIFEST already names the
#                                       manifest of a running deployment
#   bash scripts/dapp-e2e.sh --no-node  only what needs no chain: the "cannot reach the node" state,
#                                       bad manifests refused, the wallet connecting, every screen at
#                                       phone width (390 px) from a snapshot (e2e/phone.e2e.ts), and
#                                       the new screens drawn from the unit tests' fixture (screens.e2e.ts)
# Screenshots of each role's main screen go to docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
if [ "$mode" != "--no-node" ] && [ -z "${SCF_MANIFEST:-}" ]; then
  exec bash scripts/live-node.sh --then "bash scripts/dapp-e2e.sh"
fi
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "==> installing Debian's chromium"
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq chromium
fi
cd dapp
npm ci --no-audit --no-fund --loglevel=error
node scripts/artifacts.mjs --if-built
node scripts/typegen.mjs >/dev/null
npx vite build --logLevel warn
start=$(date +%s)
if [ "$mode" = "--no-node" ]; then
  npx vitest run --config vitest.e2e.config.ts e2e/no-node.e2e.ts e2e/phone.e2e.ts e2e/screens.e2e.ts
else
  echo "==> browser tests against $SCF_MANIFEST"
  npx vitest run --config vitest.e2e.config.ts
fi
echo "==> browser run passed in $(( $(date +%s) - start )) s; screenshots in docs/screenshots/"
