#!/usr/bin/env bash
# The dApp's build and unit tests (CI): npm ci, the contracts' metadata and typed bindings
# refreshed when the contracts are built (else the committed copies are used), typecheck, vite
# build, Vitest; prints the gzipped bundle size. Needs Node >= 20.19 and the npm registry only.
#   SCF_DAPP_STRICT=1  fail instead of refreshing when the committed metadata is not the build's
set -euo pipefail
cd "$(dirname "$0")/../dapp"
start=$(date +%s)
echo "==> dapp: npm ci"
npm ci --no-audit --no-fund --loglevel=error
if [ "${SCF_DAPP_STRICT:-0}" = 1 ]; then
  node scripts/artifacts.mjs --check || [ $? -eq 2 ]
else
  copied=$(node scripts/artifacts.mjs --if-built)
  echo "$copied"
  if echo "$copied" | grep -q '←'; then
    echo "==> dapp: the contracts changed since the dApp's metadata was committed: regenerating the bindings"
    node scripts/typegen.mjs
    echo "    (commit dapp/src/contracts/ with the contract change)"
  fi
fi
echo "==> dapp: typecheck"
npx tsc --noEmit -p tsconfig.json
echo "==> dapp: vite build"
npx vite build --logLevel warn
echo "==> dapp: unit tests"
npx vitest run
entry=$(ls dist/assets/index-*.js)
gz() { gzip -9 -c "$1" | wc -c; }
total=0
for f in dist/assets/*.js dist/assets/*.css dist/index.html; do
  case "$f" in */worker-*) continue ;; esac # smoldot light-client worker: never loaded (the dApp uses a node's RPC)
  total=$((total + $(gz "$f")))
done
echo "==> dapp: bundle $(( $(gz "$entry") / 1024 )) KiB gzipped (entry script), $(( total / 1024 )) KiB with css and html; the light-client worker typink ships ($(( $(gz dist/assets/worker-*.js) / 1024 )) KiB gzipped) is never loaded"
echo "==> dapp: passed in $(( $(date +%s) - start )) s"
