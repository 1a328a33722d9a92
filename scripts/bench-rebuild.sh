#!/usr/bin/env bash
# The tail latency of / while the catalog is being rebuilt: serves BENCH_SEARCH_COMPANIES
# synthetic companies (5,000 by default) from SQLite, and while wrk asks for / another
# process changes one placement every second and says only that anything may have changed
# (as `techkaart changed` after a hand edit does), so the catalog is rebuilt in full about
# once a second during the run (a change that names what it changed is patched in
# instead). Prints p50/p99/max for the kept home page and for pages rendered anew
# (another map view on every request).
# A benchmark: it prints numbers and never fails on them.
#
#   scripts/bench-rebuild.sh [path/to/techkaart]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin="${1:-$TARGET_DIR/release/techkaart}"
[ -x "$bin" ] || die "no server binary at $bin: run make build first"
command -v wrk >/dev/null || apt_install wrk
command -v python3 >/dev/null || die "python3 is needed for the writer"

companies="${BENCH_SEARCH_COMPANIES:-5000}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-16}"
port="${BENCH_PORT:-3210}"
bench_scratch

export DATABASE_URL="sqlite://$work/rebuild.db" TECHKAART_LOG="warn,app::db::catalog=debug"
export TECHKAART_ADDR="127.0.0.1:$port" TECHKAART_DEMO_ON_EMPTY=false LEPTOS_SITE_ROOT="$ROOT/target/site"
export TECHKAART_TILE_URL="http://127.0.0.1:9/{z}/{x}/{y}.png" TECHKAART_TILE_ATTRIBUTION="Testkaart"
export TECHKAART_TILE_CACHE="$work/tiles"
"$bin" seed --synthetic "$companies" --max-placements 7 >/dev/null
NO_COLOR=1 "$bin" serve >"$work/server.log" 2>&1 & background_pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -fs -o /dev/null "http://127.0.0.1:$port/" || die "/ does not answer 200; nothing measured"

# One placement a second changes its title back and forth, in its own short transaction
# that also logs it for the server as "anything may have changed" (`techkaart changed`
# writes the same `*`), so the server rebuilds its whole catalog about once a second;
# the bounded loop ends by itself after the runs.
cat > "$work/writer.py" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=10)
for n in range(int(sys.argv[2])):
    with db:
        db.execute("UPDATE placements SET title = title || ' ' WHERE id = (SELECT MIN(id) FROM placements WHERE status = 'open')" if n % 2 == 0
                   else "UPDATE placements SET title = rtrim(title) WHERE id = (SELECT MIN(id) FROM placements WHERE status = 'open')")
        db.execute("INSERT INTO change_log (origin, changes, written_at) VALUES ('bench-writer', '*', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")
    time.sleep(1)
PY
python3 "$work/writer.py" "$work/rebuild.db" $((2 * seconds + 4)) & background_pids+=($!)

latency() { # label wrk-arguments...
  local label="$1"; shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" | awk -v label="$label" '
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /^ +Latency +[0-9]/ { max = $4 } /Requests\/sec/ { rate = $2 }
    END { printf "  %-32s p50 %8s  p99 %8s  max %8s  (%s req/s)\n", label, p50, p99, max, rate }'
}
echo "/ while the catalog is rebuilt about once a second ($companies companies, $connections connections, ${seconds}s each)"
latency "/ (kept page)" "http://127.0.0.1:$port/"
latency "/ rendered anew (map views)" -s "$ROOT/scripts/map-views.lua" "http://127.0.0.1:$port/"
rebuilds=$(sed -n 's/.*catalog rebuilt.* ms=\([0-9]*\).*/\1/p' "$work/server.log" | sort -n)
if [ -n "$rebuilds" ]; then
  echo "$rebuilds" | awk '{ t[NR] = $1 } END {
    printf "  the catalog was rebuilt %d times in the background: median %d ms, max %d ms\n", NR, t[int((NR+1)/2)], t[NR] }'
fi
