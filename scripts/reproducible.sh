#!/usr/bin/env bash
# Checks that a deployment can be verified against this source:
#   1. the same commit built from another folder gives the same code hashes (it builds
#      $SCF_REPRO_CRATES again from a copy of the clone in a temporary folder, into a fresh
#      target directory so that nothing compiled before is reused, and compares them with the
#      bundles scripts/build-contracts.sh just made from this one);
#   2. the dApp's committed metadata (dapp/src/contracts/artifacts) carries the code hashes of
#      this build, so the dApp accepts a deployment made from this commit (scripts/live-node.sh
#      then the README's dApp command) instead of refusing it as "built for different code".
# Run after scripts/build-contracts.sh (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
crates="${SCF_REPRO_CRATES:-price_oracle}"
hash_of() { jq -r '.source.hash' "$SCF_BUNDLES_DIR/$1/$1.json"; }
declare -A first
for c in $crates; do first[$c]="$(hash_of "$c")"; done
other="$(mktemp -d /tmp/scf-repro-other-folder.XXXXXX)"
target="$(mktemp -d /tmp/scf-repro-target.XXXXXX)"
trap 'rm -rf "$other" "$target"' EXIT
tar --exclude=./target --exclude=./.git --exclude=./dapp/node_modules --exclude=./dapp/dist -cf - . | tar -C "$other" -xf -
echo "==> reproducible: building $crates again from $other into $target"
start=$(date +%s)
(cd "$other" && CARGO_TARGET_DIR="$target" SCF_BUNDLES_DIR="$target/ink" SCF_ONLY="$crates" \
  bash scripts/build-contracts.sh >/dev/null)
echo "    (built in $(( $(date +%s) - start )) s)"
fail=0
for c in $crates; do
  again="$(jq -r '.source.hash' "$target/ink/$c/$c.json")"
  if [ "$again" = "${first[$c]}" ]; then
    echo "    $c: $again in both folders"
  else
    echo "    $c: ${first[$c]} here but $again from $other"; fail=1
  fi
done
echo "==> reproducible: the dApp's committed metadata against this build"
for c in $CONTRACTS; do
  committed="$(jq -r '.source.hash' "dapp/src/contracts/artifacts/$c/$c.json")"
  built="$(hash_of "$c")"
  if [ "$committed" = "$built" ]; then
    echo "    $c: $built"
  else
    echo "    $c: committed $committed, built $built (run bash scripts/dapp-test.sh and commit dapp/src/contracts/)"; fail=1
  fi
done
[ "$fail" = 0 ] || { echo "reproducible: FAILED"; exit 1; }
echo "==> reproducible: passed"
