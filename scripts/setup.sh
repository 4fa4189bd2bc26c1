#!/usr/bin/env bash
# Installs what the project needs, idempotently: the pinned Rust toolchain (rust-toolchain.toml)
# and cargo-contract 5.0.3. These machines set RUSTUP_AUTO_INSTALL=0, so the toolchain file alone
# installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLCHAIN=1.91.0
if ! command -v rustup >/dev/null; then
  echo "rustup is required: https://rustup.rs" >&2
  exit 1
fi
rustup toolchain install "$TOOLCHAIN" --profile minimal \
  --component rust-src,clippy,rustfmt --target wasm32-unknown-unknown
if ! cargo contract --version 2>/dev/null | grep -q "5.0.3"; then
  echo "==> installing cargo-contract 5.0.3 (about 11 minutes on 2 cores)"
  cargo +"$TOOLCHAIN" install cargo-contract --version 5.0.3 --locked
fi
cargo contract --version
