#!/usr/bin/env bash
# Builds the contracts with `cargo contract build --release` and prints their sizes.
#
# The vault and the liquidation engine run on chain as a router and facets (see
# contracts/vault_router, contracts/engine_router). Each is built one facet per group of messages
# (`--features facet-<group>`, kept as <crate>/facet_<group>.{wasm,json}), then its router, then
# the full contract for its ABI. The contract's bundle (<crate>.{wasm,json,contract}) then
# carries the full ABI with the router's code and code hash: what a client encodes against and
# what the chain runs at that address.
#
# The code hashes do not depend on the folder the clone is in. cargo-contract builds each contract
# in a temporary workspace, outside of which our path dependencies (scf-interfaces, scf-rules)
# lie, and cargo hashes a path dependency's absolute path into its symbols' names; the optimized
# wasm orders some functions and constants by those names, so two clones of one commit gave two
# code hashes. So the build runs from a copy of the sources at one fixed path,
# $SCF_BUILD_SRC (/tmp/scf-contracts-src), the same on every machine, under a lock so that builds
# from several clones take turns. scripts/reproducible.sh checks it.
#
#   SCF_ONLY="price_oracle stablecoin"   build only these crates (default: every contract)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
repo="$PWD"
src="${SCF_BUILD_SRC:-/tmp/scf-contracts-src}"
exec 9>"$src.lock"
flock 9
rm -rf "$src"
mkdir -p "$src"
# What the workspace needs to load (every member's manifest and sources), not the dApp or docs.
tar -C "$repo" --exclude=./target --exclude=./.git --exclude=./dapp --exclude=./docs -cf - . | tar -C "$src" -xf -
cd "$src"
for tool in jq b2sum od; do
  command -v "$tool" >/dev/null || { echo "build-contracts: $tool is needed (apt-get install jq coreutils)" >&2; exit 1; }
done
build() { # <crate> [cargo contract args...]
  local c=$1; shift
  echo "==> cargo contract build --release $* ($c)"
  cargo contract build --release --quiet --manifest-path "contracts/$c/Cargo.toml" "$@"
}
routed() { # <crate> <router crate> <groups>
  local c=$1 router=$2 groups=$3 d="$SCF_BUNDLES_DIR/$1"
  for g in $groups; do
    build "$c" --features "facet-$g"
    cp "$d/$c.wasm" "$d/facet_$g.wasm.tmp"
    cp "$d/$c.json" "$d/facet_$g.json.tmp"
  done
  build "$router"
  build "$c"
  for g in $groups; do
    mv "$d/facet_$g.wasm.tmp" "$d/facet_$g.wasm"
    mv "$d/facet_$g.json.tmp" "$d/facet_$g.json"
  done
  cp "$d/$c.wasm" "$d/full.wasm"
  cp "$SCF_BUNDLES_DIR/$router/$router.wasm" "$d/$c.wasm"
  local hash wasm
  hash="0x$(b2sum -l 256 "$d/$c.wasm" | cut -d' ' -f1)"
  wasm="0x$(od -An -v -tx1 "$d/$c.wasm" | tr -d ' \n')"
  jq --arg h "$hash" '.source.hash = $h' "$d/$c.json" > "$d/json.tmp" && mv "$d/json.tmp" "$d/$c.json"
  jq --arg h "$hash" --rawfile w <(printf %s "$wasm") '.source.hash = $h | .source.wasm = $w' \
    "$d/$c.contract" > "$d/contract.tmp" && mv "$d/contract.tmp" "$d/$c.contract"
}
for c in ${SCF_ONLY:-$CONTRACTS $TEST_CONTRACTS}; do
  case "$c" in
    collateral_vault) routed collateral_vault vault_router "$VAULT_FACETS" ;;
    liquidation_engine) routed liquidation_engine engine_router "$ENGINE_FACETS" ;;
    *) build "$c" ;;
  esac
done
echo
echo "| contract | optimized .wasm (bytes) |"
echo "|---|---:|"
sizes() { # <crate> <groups>
  local c=$1 d="$SCF_BUNDLES_DIR/$1"
  echo "| $c: router (deployed) | $(stat -c %s "$d/$c.wasm") |"
  for g in $2; do echo "| $c: facet $g | $(stat -c %s "$d/facet_$g.wasm") |"; done
  echo "| $c: all messages in one (ABI only, not deployed) | $(stat -c %s "$d/full.wasm") |"
}
for c in ${SCF_ONLY:-$CONTRACTS}; do
  case "$c" in
    attacker_oracle) continue ;;
    collateral_vault) sizes "$c" "$VAULT_FACETS" ;;
    liquidation_engine) sizes "$c" "$ENGINE_FACETS" ;;
    *) echo "| $c | $(stat -c %s "$SCF_BUNDLES_DIR/$c/$c.wasm") |" ;;
  esac
done
