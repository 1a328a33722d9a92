#!/usr/bin/env bash
# Sets up, builds and serves Techkaart on http://127.0.0.1:3000 (TECHKAART_ADDR to change).
# The first start creates ./data/techkaart.db, migrates it and loads the demo data.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/build.sh"
cd "$ROOT"
say "Starting Techkaart on http://${TECHKAART_ADDR:-127.0.0.1:3000} (Ctrl-C to stop)"
exec "$TARGET_DIR/release/techkaart" "$@"
