#!/usr/bin/env bash
# The soak on PostgreSQL: a cluster of two release instances behind nginx (scripts/
# cluster.sh) on a new database with 1,000 synthetic companies, and 100,000 home-page
# requests through nginx with varied map views and filters (scripts/soak.lua). Passes
# when every request is answered 200 and none took 2 s or more. Run by `make test` when
# TEST_POSTGRES_URL is set, after the release build; ends with "cluster checks: N passed,
# N failed".
#
#   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/soak.sh
#   SOAK_REQUESTS=100000 SOAK_CONNECTIONS=16 SOAK_PORT=8390
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "${TEST_POSTGRES_URL:-}" ] || die "the soak runs on PostgreSQL: set TEST_POSTGRES_URL"
[ -x "$TARGET_DIR/release/techkaart" ] || die "no release build: run scripts/build.sh first"
command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client

requests="${SOAK_REQUESTS:-100000}"
connections="${SOAK_CONNECTIONS:-16}"
port="${SOAK_PORT:-8390}"
bench_scratch
database="techkaart_soak_$$"
server_url="${TEST_POSTGRES_URL%/*}"
export CLUSTER_DATABASE_URL="$server_url/$database"
trap 'for pid in "${background_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null;
      psql -q "$TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1; rm -rf "$work"' EXIT

say "Soak: 1,000 synthetic companies on PostgreSQL ($database)"
DATABASE_URL="$CLUSTER_DATABASE_URL" TECHKAART_LOG=warn "$TARGET_DIR/release/techkaart" seed --synthetic 1000 >/dev/null

CLUSTER_NO_BUILD=1 CLUSTER_DIR="$work/cluster" CLUSTER_PORT="$port" TECHKAART_LOG=warn \
  "$ROOT/scripts/cluster.sh" 2 >"$work/cluster.out" 2>&1 &
background_pids+=($!)
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "${background_pids[0]}" 2>/dev/null || { cat "$work/cluster.out"; die "the cluster did not start"; }
  sleep 0.1
done

say "Soak: $requests home-page requests through nginx, $connections connections"
mkdir "$work/done"
SOAK_REQUESTS="$requests" SOAK_THREADS=2 SOAK_DONE_DIR="$work/done" wrk -t2 -c"$connections" -d900s \
  --timeout 10s -s "$ROOT/scripts/soak.lua" "http://127.0.0.1:$port" >"$work/wrk.out" &
wrk_pid=$!
# wrk sleeps its whole -d (at most 15 minutes); once both threads had their share, an
# interrupt makes it report at once.
while kill -0 "$wrk_pid" 2>/dev/null && [ "$(ls "$work/done" | wc -l)" -lt 2 ]; do sleep 0.2; done
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" || true
cat "$work/wrk.out"
line="$(grep '^soak:' "$work/wrk.out")" || die "wrk printed no figures"
figure() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<"$line"; }

passed=0 failed=0
check() { # description, then a test command
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
errors=$(( $(figure non_2xx) + $(figure connect_errors) + $(figure read_errors) + $(figure write_errors) + $(figure timeouts) ))
check "at least $requests requests answered ($(figure requests))" [ "$(figure requests)" -ge "$requests" ]
check "every request answered 200 ($errors not)" [ "$errors" -eq 0 ]
check "no request took 2 s or more (slowest $(figure max_ms) ms)" \
  awk -v max="$(figure max_ms)" 'BEGIN { exit !(max < 2000) }'
# Both instances served: nginx spread the load.
for i in 1 2; do
  served=$(curl -fs "http://127.0.0.1:$((port + i))/metrics" \
    | awk '/^techkaart_requests_total\{kind="page",status="2xx"\}/ { print $2 }')
  check "instance $i served pages (${served:-0})" [ "${served:-0}" -gt 1000 ]
done
echo "cluster checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
