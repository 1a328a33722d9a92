#!/usr/bin/env bash
# Builds the release (server binary, wasm, JS, CSS) and precompresses the static files
# so the server can send them with brotli or gzip at full strength without work per request.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh"

say "Building the release with cargo-leptos"
(cd "$ROOT" && cargo leptos build --release)

pkg="$ROOT/target/site/pkg"
if command -v brotli >/dev/null; then
  for file in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
    [ -e "$file" ] || continue
    [ "$file.br" -nt "$file" ] || brotli -f -k -q 11 "$file"
    [ "$file.gz" -nt "$file" ] || gzip -f -k -9 "$file"
  done
fi
