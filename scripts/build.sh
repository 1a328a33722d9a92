#!/usr/bin/env bash
# Builds the release (server binary, wasm, JS, CSS) and precompresses the static files
# so the server can send them with brotli or gzip at full strength without work per request.
# Skips everything when no source changed since the last successful build, so a second
# `make run` starts in about a second instead of re-running wasm-bindgen and wasm-opt.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/setup.sh"

stamp="$TARGET_DIR/release/.techkaart-build"
sources=()
for path in app server style public Cargo.toml Cargo.lock .cargo; do
  [ -e "$ROOT/$path" ] && sources+=("$path")
done
if [ -f "$stamp" ] && [ -x "$TARGET_DIR/release/techkaart" ] && [ -d "$ROOT/target/site/pkg" ] \
  && [ -z "$(cd "$ROOT" && find "${sources[@]}" -newer "$stamp" -print -quit)" ]; then
  say "Release build is up to date"
  exit 0
fi
# The stamp takes the time the build started: a file saved during the build is newer
# and makes the next run build again.
mkdir -p "$(dirname "$stamp")"
touch "$stamp.started"

say "Building the release with cargo-leptos"
(cd "$ROOT" && cargo leptos build --release --split)

pkg="$ROOT/target/site/pkg"
# Hashed names change with every build: keep only the files this build's hash.txt names,
# and the lazily loaded wasm chunks its split manifest names (`name.hash`, loaded as
# `name.hash.wasm` when a page first needs that island).
hashes=$(sed -n 's/^[a-z_]*: *//p' "$TARGET_DIR/release/hash.txt")
manifest_hash=$(sed -n 's/^manifest: *//p' "$TARGET_DIR/release/hash.txt")
chunks=""
if [ -n "$manifest_hash" ] && [ -f "$pkg/__wasm_split_manifest.$manifest_hash.json" ]; then
  chunks=$(grep -oE '"[A-Za-z0-9_]+\.[A-Za-z0-9_-]+"' "$pkg/__wasm_split_manifest.$manifest_hash.json" | tr -d '"' | sort -u)
fi
for file in "$pkg"/*; do
  name="$(basename "$file")"
  keep=0
  for hash in $hashes; do
    case "$name" in *".$hash."*) keep=1 ;; esac
  done
  for chunk in $chunks; do
    case "$name" in "$chunk.wasm"*) keep=1 ;; esac
  done
  # Type declarations are for TypeScript projects, not for browsers.
  case "$name" in *.ts) keep=0 ;; esac
  [ "$keep" = 1 ] || rm -f "$file"
done
if command -v brotli >/dev/null; then
  for file in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
    [ -e "$file" ] || continue
    [ "$file.br" -nt "$file" ] || brotli -f -k -q 11 "$file"
    [ "$file.gz" -nt "$file" ] || gzip -f -k -9 "$file"
  done
fi
mv "$stamp.started" "$stamp"
