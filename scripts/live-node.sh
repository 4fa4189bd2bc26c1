#!/usr/bin/env bash
# The live-node path of the deploy CLI, against a real local node: builds `contracts-node` 0.42
# from crates.io if missing (a whole Substrate node: long, see README), starts it in --dev mode,
# then deploys the suite with deploy/networks/local.toml, reads it back and runs the financing
# scenario (the one without clock moves). Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
NODE_ROOT="${SCF_NODE_ROOT:-$HOME/.cache/scf/node}"
NODE="$NODE_ROOT/bin/substrate-contracts-node"
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
  echo "==> building contracts-node 0.42.0 from crates.io (wasm runtimes with Rust 1.81.0)"
  rustup toolchain install 1.81.0 --profile minimal --component rust-src \
    --target wasm32-unknown-unknown
  src="$NODE_ROOT/src/contracts-node-0.42.0"
  if [ ! -f "$src/Cargo.lock" ]; then
    mkdir -p "$NODE_ROOT/src"
    curl -fsSL https://static.crates.io/crates/contracts-node/contracts-node-0.42.0.crate \
      | tar xz -C "$NODE_ROOT/src"
  fi
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
"$NODE" --dev --tmp --rpc-port 9944 >"$log" 2>&1 &
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
echo "==> scf-deploy --network $net scenario deploy/scenarios/financing.toml"
"$cli" --network "$net" scenario deploy/scenarios/financing.toml
echo "==> scf-deploy --network $net status"
"$cli" --network "$net" status
echo "==> the sandbox-only scenario is refused with a clear error on a live node:"
if "$cli" --network "$net" scenario deploy/scenarios/liquidation.toml; then
  echo "expected a refusal"; exit 1
fi
echo "==> live-node run passed"
