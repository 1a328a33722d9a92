#!/usr/bin/env bash
# Installs what building Techkaart needs and skips what is already there, so a warm
# machine pays nothing. Versions are the ones ../shared/TOOLCHAIN.md found to work offline.
# With --tests it also installs what only the tests need (cargo-deny, about 4 minutes once);
# building and running (`make run`) go without.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for_tests=0
[ "${1:-}" = --tests ] && for_tests=1

command -v cargo >/dev/null || die "cargo is missing: install Rust 1.95 with rustup first"
command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once per machine)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
fi

if [ "$for_tests" = 1 ] && ! cargo deny --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
  say "Installing cargo-deny $CARGO_DENY_VERSION (about 4 minutes, once per machine)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi

if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  say "Installing wasm-opt (binaryen 132) from npm"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

# brotli precompresses the static files; without it they are compressed on the fly.
command -v brotli >/dev/null || apt_install brotli || say "brotli not installed: static files will be compressed per request"

# The crates of Cargo.lock, for every target: `cargo deny --offline` reads them from the
# local registry, which a new machine has not filled yet. Quick when they are there.
(cd "$ROOT" && cargo fetch --locked --quiet) || die "cannot fetch the crates of Cargo.lock"
