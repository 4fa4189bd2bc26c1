#!/usr/bin/env bash
# Builds the contracts with `cargo contract build --release` and prints their sizes.
#
# The vault is built six ways (see contracts/vault_router): one facet per group of messages
# (`--features facet-<group>`, kept as collateral_vault/facet_<group>.{wasm,json}), the router
# the chain runs at the vault's address, and the full vault for its ABI. The vault's bundle
# (collateral_vault.{wasm,json,contract}) then carries the full ABI with the router's code and
# code hash: what a client encodes against and what the chain runs at that address.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
for tool in jq b2sum od; do
  command -v "$tool" >/dev/null || { echo "build-contracts: $tool is needed (apt-get install jq coreutils)" >&2; exit 1; }
done
build() { # <crate> [cargo contract args...]
  local c=$1; shift
  echo "==> cargo contract build --release $* ($c)"
  cargo contract build --release --quiet --manifest-path "contracts/$c/Cargo.toml" "$@"
}
V="$SCF_BUNDLES_DIR/collateral_vault"
for c in $CONTRACTS $TEST_CONTRACTS; do
  if [ "$c" != collateral_vault ]; then build "$c"; continue; fi
  for g in $VAULT_FACETS; do
    build collateral_vault --features "facet-$g"
    cp "$V/collateral_vault.wasm" "$V/facet_$g.wasm.tmp"
    cp "$V/collateral_vault.json" "$V/facet_$g.json.tmp"
  done
  build vault_router
  build collateral_vault
  for g in $VAULT_FACETS; do
    mv "$V/facet_$g.wasm.tmp" "$V/facet_$g.wasm"
    mv "$V/facet_$g.json.tmp" "$V/facet_$g.json"
  done
  cp "$V/collateral_vault.wasm" "$V/full.wasm"
  cp "$SCF_BUNDLES_DIR/vault_router/vault_router.wasm" "$V/collateral_vault.wasm"
  hash="0x$(b2sum -l 256 "$V/collateral_vault.wasm" | cut -d' ' -f1)"
  wasm="0x$(od -An -v -tx1 "$V/collateral_vault.wasm" | tr -d ' \n')"
  jq --arg h "$hash" '.source.hash = $h' "$V/collateral_vault.json" > "$V/json.tmp" && mv "$V/json.tmp" "$V/collateral_vault.json"
  jq --arg h "$hash" --rawfile w <(printf %s "$wasm") '.source.hash = $h | .source.wasm = $w' \
    "$V/collateral_vault.contract" > "$V/contract.tmp" && mv "$V/contract.tmp" "$V/collateral_vault.contract"
done
echo
echo "| contract | optimized .wasm (bytes) |"
echo "|---|---:|"
for c in $CONTRACTS; do
  if [ "$c" = collateral_vault ]; then
    echo "| collateral_vault: router (deployed) | $(stat -c %s "$V/collateral_vault.wasm") |"
    for g in $VAULT_FACETS; do echo "| collateral_vault: facet $g | $(stat -c %s "$V/facet_$g.wasm") |"; done
    echo "| collateral_vault: all messages in one (ABI only, not deployed) | $(stat -c %s "$V/full.wasm") |"
  else
    echo "| $c | $(stat -c %s "$SCF_BUNDLES_DIR/$c/$c.wasm") |"
  fi
done
