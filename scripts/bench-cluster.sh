#!/usr/bin/env bash
# Prints what a cluster serves (a benchmark, not a test: it never fails on a number).
# 5,000 synthetic companies on PostgreSQL; 1, 2 and 3 instances behind nginx
# (scripts/cluster.sh); wrk drives a mixed journey (scripts/journey.lua: home pages with
# filters, map moves, company and placement pages, 1% new placements by a logged-in
# company user) and prints requests per second with p50 and p99. Then the same journey
# on one instance on SQLite, also behind nginx.
#
#   BENCH_COMPANIES=5000 BENCH_SECONDS=20 BENCH_CONNECTIONS=32 make bench-cluster
#   BENCH_POSTGRES_URL (default: TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/build.sh"
command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client

companies="${BENCH_COMPANIES:-5000}"
seconds="${BENCH_SECONDS:-20}"
connections="${BENCH_CONNECTIONS:-32}"
port="${BENCH_PORT:-8480}"
admin_url="${BENCH_POSTGRES_URL:-${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
bin="$TARGET_DIR/release/techkaart"
bench_scratch
database="techkaart_bench_cluster_$$"
pg_url="${admin_url%/*}/$database"
sqlite_url="sqlite://$work/bench.db"
trap 'for pid in "${background_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null;
      psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1; rm -rf "$work"' EXIT
export TECHKAART_LOG=warn TECHKAART_PUBLIC_URL="http://127.0.0.1:$port"

say "Loading $companies synthetic companies into PostgreSQL and SQLite"
DATABASE_URL="$pg_url" "$bin" seed --synthetic "$companies" >/dev/null
DATABASE_URL="$sqlite_url" "$bin" seed --synthetic "$companies" >/dev/null

# The journey's pages: 2,000 open placements and their companies, from either database
# (both were generated alike, but their ids and slugs are read from each).
paths_sql="SELECT '/bedrijven/' || c.slug || ' /bedrijven/' || c.slug || '/plekken/' || p.id
           FROM placements p JOIN companies c ON c.id = p.company_id
           WHERE p.status = 'open' AND c.published ORDER BY p.id LIMIT 2000"
psql -qAt "$pg_url" -c "$paths_sql" >"$work/paths-postgres.txt"
python3 - "$work/bench.db" "$paths_sql" >"$work/paths-sqlite.txt" <<'PY'
import sqlite3, sys
for (line,) in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print(line)
PY

# A company user for the writes: a coordinator sets a password by the printed link (as
# a newcomer would), and the company user gets the same password hash.
company_user() { # database-url paths-file → sets $cookie
  local url="$1" link token
  link="$(DATABASE_URL="$url" "$bin" create-coordinator --email bench-coordinator@techkaart.example \
    --region beide --public-url "$TECHKAART_PUBLIC_URL" | tail -1)"
  token="${link##*/}"
  start_cluster "$url" 1
  curl -fs -o /dev/null -H 'Accept: application/json' --data-urlencode "token=$token" \
    --data-urlencode "password=bench-wachtwoord-9" --data-urlencode "repeated=bench-wachtwoord-9" \
    "http://127.0.0.1:$port/api/set_password" || die "cannot set the bench coordinator's password"
  local insert="INSERT INTO users (email, role, company_id, password_hash, created_at, password_changed_at)
    SELECT 'bench@techkaart.example', 'company', (SELECT MIN(id) FROM companies), password_hash, created_at, created_at
    FROM users WHERE email = 'bench-coordinator@techkaart.example'"
  case "$url" in
    postgres*) psql -q "$url" -c "$insert" >/dev/null ;;
    *) python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "${url#sqlite://}" "$insert" ;;
  esac
  curl -fs -o /dev/null -c "$work/cookies" -H 'Accept: application/json' --data-urlencode "email=bench@techkaart.example" \
    --data-urlencode "password=bench-wachtwoord-9" "http://127.0.0.1:$port/api/log_in" || die "the bench company user cannot log in"
  # Netscape format; an HttpOnly cookie's line starts with "#HttpOnly_". A login sets the
  # session and the known-browser cookie: both go into one Cookie header.
  cookie="$(awk '(/^#HttpOnly_/ || !/^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$work/cookies")"
  [ -n "$cookie" ] || die "no session cookie"
  stop_cluster
}

cluster_pid=""
start_cluster() { # database-url instances
  CLUSTER_NO_BUILD=1 CLUSTER_DIR="$work/cluster" CLUSTER_PORT="$port" CLUSTER_DATABASE_URL="$1" \
    "$ROOT/scripts/cluster.sh" "$2" >"$work/cluster.out" 2>&1 &
  cluster_pid=$!
  background_pids+=("$cluster_pid")
  for _ in $(seq 1 300); do
    [ -e "$work/cluster/nginx/nginx.pid" ] && curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    kill -0 "$cluster_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/cluster.out" >&2
  die "the cluster did not start"
}
stop_cluster() {
  kill "$cluster_pid" 2>/dev/null || true
  wait "$cluster_pid" 2>/dev/null || true
  rm -rf "$work/cluster"
}

journey() { # label database-url instances paths-file
  start_cluster "$2" "$3"
  # Warm: the catalog is built, the first pages rendered, nginx's connections open.
  JOURNEY_PATHS="$4" JOURNEY_COOKIE="$cookie" JOURNEY_ORIGIN="$TECHKAART_PUBLIC_URL" \
    wrk -t2 -c"$connections" -d3s -s "$ROOT/scripts/journey.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
  local line
  line="$(JOURNEY_PATHS="$4" JOURNEY_COOKIE="$cookie" JOURNEY_ORIGIN="$TECHKAART_PUBLIC_URL" \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$ROOT/scripts/journey.lua" \
    "http://127.0.0.1:$port" 2>"$work/journey.err" | grep '^journey:')"
  printf '  %-26s %s\n' "$1" "${line#journey: }"
  [ -s "$work/journey.err" ] && sed 's/^/      /' "$work/journey.err" | head -3
  stop_cluster
}

echo
echo "Mixed journey through nginx, $companies companies, $connections connections, ${seconds} s each ($(nproc) cores)"
company_user "$pg_url"
for n in 1 2 3; do
  journey "PostgreSQL, $n instance(s)" "$pg_url" "$n" "$work/paths-postgres.txt"
done
echo
echo "A public save on one of two instances on PostgreSQL, shown by the search of both (budget: 200 ms p95 on the other)"
(cd "$ROOT" && CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo build --release -q -p server --example save_bench)
save_bench="$BENCH_TARGET_DIR/release/examples/save_bench"
read -r save_email save_placement < <("$save_bench" prepare "$pg_url")
start_cluster "$pg_url" 2
"$save_bench" run "$save_email" "$save_placement" "http://127.0.0.1:$((port + 1))" "http://127.0.0.1:$((port + 2))"
echo "The same saves while the journey loads both instances through nginx ($connections connections; budget: writes' p99 under 100 ms)"
JOURNEY_PATHS="$work/paths-postgres.txt" JOURNEY_COOKIE="$cookie" JOURNEY_ORIGIN="$TECHKAART_PUBLIC_URL" \
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$ROOT/scripts/journey.lua" \
  "http://127.0.0.1:$port" >/dev/null 2>&1 &
load_pid=$!
sleep 2
"$save_bench" run "$save_email" "$save_placement" "http://127.0.0.1:$((port + 1))" "http://127.0.0.1:$((port + 2))"
echo "  (with 40 saves, the max is the p97.5)"
wait "$load_pid" || true
stop_cluster
company_user "$sqlite_url"
journey "SQLite, 1 instance" "$sqlite_url" 1 "$work/paths-sqlite.txt"
placements_written=$(psql -qAt "$pg_url" -c "SELECT COUNT(*) FROM placements WHERE title LIKE 'Bench %'")
echo "  (new placements written on PostgreSQL during the runs: $placements_written)"
