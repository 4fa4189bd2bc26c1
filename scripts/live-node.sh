#!/usr/bin/env bash
# The live-node path of the deploy CLI, against a real local node: builds `contracts-node` 0.42
# from crates.io if missing (a whole Substrate node: long, see README), starts it in --dev mode,
# then deploys the suite with deploy/networks/local.toml, reads it back and runs the financing
# scenario (the one without clock moves). Not part of the test command.
#
#   bash scripts/live-node.sh                 deploy, run the financing scenario, status
#   bash scripts/live-node.sh --then "CMD"    deploy and status, then run CMD while the node is up
#                                             (no scenario), with SCF_MANIFEST (the deployment's
#                                             manifest) and SCF_NODE_URL exported; exits with CMD's
#                                             status (scripts/dapp-e2e.sh uses this)
#   bash scripts/live-node.sh --fetch-only    only obtain the node crate's source (see below)
set -euo pipefail
cd "$(dirname "$0")/.."
then_cmd=""
fetch_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --then) then_cmd="$2"; shift 2 ;;
    --fetch-only) fetch_only=1; shift ;;
    *) echo "usage: $0 [--then CMD | --fetch-only]" >&2; exit 2 ;;
  esac
done

NODE_VERSION=0.42.0
# The node crate's source, through cargo's own registry client (no host named here). The crate is
# binary-only, so no manifest can depend on it; `cargo install` is the client that fetches it, and
# asking it for a feature the crate does not have makes it stop right after downloading and
# unpacking the crate into $CARGO_HOME/registry/src, before resolving or fetching any dependency.
fetch_node_source() {
  local dest="$1" cargo_home="${CARGO_HOME:-$HOME/.cargo}" tmp log
  tmp="$(mktemp -d)"; log="$tmp/log"
  if CARGO_TARGET_DIR="$tmp/target" cargo +1.91.0 install contracts-node --version "=$NODE_VERSION" \
      --root "$tmp/root" --locked --features __scf_fetch_source_only__ >"$log" 2>&1; then
    echo "cargo unexpectedly built contracts-node (see $log)"; return 1
  fi
  if ! grep -q "does not contain this feature" "$log"; then
    cat "$log"; echo "could not fetch contracts-node $NODE_VERSION through cargo"; return 1
  fi
  local unpacked
  unpacked="$(ls -d "$cargo_home"/registry/src/*/"contracts-node-$NODE_VERSION" 2>/dev/null | head -1)"
  [ -f "$unpacked/Cargo.lock" ] || { echo "no unpacked contracts-node-$NODE_VERSION in $cargo_home/registry/src"; return 1; }
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.partial"
  cp -R "$unpacked" "$dest.partial"
  mv "$dest.partial" "$dest"
  rm -rf "$tmp"
  echo "==> contracts-node $NODE_VERSION source in $dest (from $unpacked)"
}

NODE_ROOT="${SCF_NODE_ROOT:-$HOME/.cache/scf/node}"
NODE="$NODE_ROOT/bin/substrate-contracts-node"
if [ "$fetch_only" = 1 ]; then
  rustup toolchain list | grep -q '^1.91.0' || rustup toolchain install 1.91.0 --profile minimal
  src="$NODE_ROOT/src/contracts-node-$NODE_VERSION"
  [ -f "$src/Cargo.lock" ] && echo "==> already there: $src" || fetch_node_source "$src"
  exit 0
fi
bash scripts/setup.sh
source scripts/env.sh
if [ ! -x "$NODE" ]; then
  if ! command -v clang >/dev/null || ! command -v protoc >/dev/null; then
    echo "==> installing clang, libclang-dev, protobuf-compiler (the node's build needs them)"
    sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
    $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq clang libclang-dev protobuf-compiler
  fi
  # `cargo install contracts-node --locked` alone fails here: the runtimes' wasm builds
  # (substrate-wasm-builder) cannot see the crate's Cargo.lock, resolve newer xcm crates and
  # rococo-runtime 18 stops compiling; and rustc 1.91 rejects sp-io 38's `#[no_mangle]`
  # panic handler. So: the crate's own sources (with its Cargo.lock) as the wasm workspace hint,
  # and Rust 1.81 (the node's era) for the wasm runtimes only.
  echo "==> building contracts-node $NODE_VERSION from crates.io (wasm runtimes with Rust 1.81.0)"
  rustup toolchain install 1.81.0 --profile minimal --component rust-src \
    --target wasm32-unknown-unknown
  src="$NODE_ROOT/src/contracts-node-$NODE_VERSION"
  [ -f "$src/Cargo.lock" ] || fetch_node_source "$src"
  start=$(date +%s)
  WASM_BUILD_TOOLCHAIN=1.81.0 WASM_BUILD_WORKSPACE_HINT="$src" \
    cargo +1.91.0 install --path "$src" --locked --root "$NODE_ROOT" \
    --target-dir "$NODE_ROOT/target"
  echo "==> contracts-node built in $(( $(date +%s) - start )) s"
fi
"$NODE" --version
bash scripts/build-contracts.sh
cargo build --quiet --locked -p scf-deploy
cli="$CARGO_TARGET_DIR/debug/scf-deploy"

log="$(mktemp)"
# An archive node: the dApp's history and charts read the suite's events from old blocks' state,
# which a pruning node (the default keeps 256 blocks) has discarded.
"$NODE" --dev --tmp --rpc-port 9944 --state-pruning archive >"$log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null || true; wait $node_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if grep -q "Running JSON-RPC server" "$log"; then break; fi
  sleep 1
done
grep -q "Running JSON-RPC server" "$log" || { echo "node did not start:"; cat "$log"; exit 1; }
echo "==> node up (pid $node_pid)"

net=deploy/networks/local.toml
echo "==> scf-deploy --network $net deploy"
"$cli" --network "$net" deploy
if [ -n "$then_cmd" ]; then
  "$cli" --network "$net" status
  export SCF_MANIFEST="$PWD/deploy/deployments/local.json" SCF_NODE_URL="ws://127.0.0.1:9944"
  echo "==> node up with the suite deployed; running: $then_cmd"
  set +e
  bash -c "$then_cmd"
  rc=$?
  set -e
  exit $rc
fi
echo "==> scf-deploy --network $net scenario deploy/scenarios/financing.toml"
"$cli" --network "$net" scenario deploy/scenarios/financing.toml
echo "==> scf-deploy --network $net status"
"$cli" --network "$net" status
echo "==> the sandbox-only scenario is refused with a clear error on a live node:"
if "$cli" --network "$net" scenario deploy/scenarios/liquidation.toml; then
  echo "expected a refusal"; exit 1
fi
echo "==> live-node run passed"
