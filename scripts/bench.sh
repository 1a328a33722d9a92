#!/usr/bin/env bash
# Prints Techkaart's size and speed figures (a benchmark, not a test: it never fails on
# a number). Builds the release, loads `seed --synthetic 1000` into a fresh SQLite
# database, serves it on loopback and measures with wrk over keep-alive connections.
#
#   BENCH_COMPANIES=1000 BENCH_SECONDS=10 BENCH_CONNECTIONS=16 make bench
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/build.sh"
command -v wrk >/dev/null || apt_install wrk
command -v brotli >/dev/null || apt_install brotli

companies="${BENCH_COMPANIES:-1000}"
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-16}"
port="${BENCH_PORT:-3200}"
bench_scratch

export DATABASE_URL="sqlite://$work/bench.db" TECHKAART_LOG=warn
export TECHKAART_ADDR="127.0.0.1:$port" TECHKAART_DEMO_ON_EMPTY=false LEPTOS_SITE_ROOT="$ROOT/target/site"
# Tiles come from the local stand-in (end2end/tile-server.mjs), so no figure depends on
# the internet.
tile_port=$((port + 1))
export TECHKAART_TILE_URL="http://127.0.0.1:$tile_port/{z}/{x}/{y}.png" TECHKAART_TILE_ATTRIBUTION="Testkaart"
export TECHKAART_TILE_CACHE="$work/tiles"
TILE_PORT=$tile_port node "$ROOT/end2end/tile-server.mjs" & background_pids+=($!)
bin="$TARGET_DIR/release/techkaart"

say "Loading $companies synthetic companies"
"$bin" seed --synthetic "$companies"

"$bin" serve & server_pid=$!; background_pids+=("$server_pid")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

size_line() { # label file
  printf '  %-5s %8d B raw  %8d B gzip  %8d B brotli\n' "$1" "$(stat -c%s "$2")" \
    "$(gzip -9 -c "$2" | wc -c)" "$(brotli -q 11 -c "$2" | wc -c)"
}
pkg="$ROOT/target/site/pkg"
wasm=$(ls -t "$pkg"/techkaart.*.wasm | head -1); js=$(ls -t "$pkg"/techkaart.*.js | head -1); css=$(ls -t "$pkg"/*.css | head -1)
echo
echo "Sizes (release build)"
size_line wasm "$wasm"
size_line js "$js"
size_line css "$css"
# Islands marked lazy are split off the main wasm and loaded when a page first shows one.
for chunk in "$pkg"/split_*.wasm; do
  [ -e "$chunk" ] && size_line lazy "$chunk" && echo "        ($(basename "$chunk" | sed 's/^split_//; s/_loader_.*//'))"
done
# A page's first load: its HTML and the CSS, plus the JS and wasm when it has islands
# to bring to life (pages without islands load none), all brotli.
css_br=$(brotli -q 11 -c "$css" | wc -c)
scripts_br=$(( $(brotli -q 11 -c "$wasm" | wc -c) + $(brotli -q 11 -c "$js" | wc -c) ))
# The lazy chunks (and their loader) that the islands on a page bring, brotli.
lazy_br() { # html
  local total=0 any=0 pair
  for pair in FormCheck:form_check LocationPicker:location_picker; do
    case "$1" in *"data-component=\"${pair%%:*}_"*)
      any=1
      for f in "$pkg"/split_"${pair##*:}"_loader_*.wasm; do
        [ -e "$f" ] && total=$(( total + $(brotli -q 11 -c "$f" | wc -c) ))
      done ;;
    esac
  done
  if [ "$any" = 1 ]; then
    for f in "$pkg"/chunk_*.wasm "$pkg"/__wasm_split.*.js; do
      [ -e "$f" ] && total=$(( total + $(brotli -q 11 -c "$f" | wc -c) ))
    done
  fi
  echo "$total"
}
first_load() { # label path [curl arguments]
  local label="$1" path="$2"; shift 2
  local html; html=$(curl -fs "$@" "http://127.0.0.1:$port$path")
  local html_br; html_br=$(curl -fs "$@" -H 'Accept-Encoding: br' "http://127.0.0.1:$port$path" | wc -c)
  local total=$(( html_br + css_br )) detail=", no wasm"
  case "$html" in *.wasm*)
    local lazy; lazy=$(lazy_br "$html")
    total=$(( total + scripts_br + lazy ))
    detail=", JS + wasm $scripts_br B, lazy islands $lazy B" ;;
  esac
  printf '  first load of %-28s %7d B (HTML %d B%s)\n' "$label" "$total" "$html_br" "$detail"
}
company_path=$(curl -fs "http://127.0.0.1:$port/" | grep -o 'href="/bedrijven/[a-z0-9-]*"' | head -1 | sed 's/href="//; s/"$//')
first_load "/ (budget 150 KB)" "/"
first_load "a company page" "$company_path"
first_load "the login page" "/inloggen"
# The coordinator's dashboard, logged in through a link as a new coordinator would be.
link=$("$bin" create-coordinator --email bench@kempen.example --region kempen --public-url "http://127.0.0.1:$port" | tail -1)
curl -fs -o /dev/null -c "$work/cookies" -H 'Accept: application/json' --data-urlencode "token=${link##*/}" \
  --data "password=bench-wachtwoord-lang&repeated=bench-wachtwoord-lang" "http://127.0.0.1:$port/api/set_password" || true
first_load "the coordinator's dashboard" "/beheer" -b "$work/cookies"

rate() { # url [header]
  local args=(-t2 -c"$connections" -d"${seconds}s" --latency)
  [ $# -gt 1 ] && args+=(-H "$2")
  wrk "${args[@]}" "$1" | awk '/Requests\/sec/ {print $2}'
}
css_url="http://127.0.0.1:$port/pkg/$(basename "$css")"
# Measure only what really answers: a 404 is fast and would make any figure look good.
for url in "http://127.0.0.1:$port/" "$css_url"; do
  curl -fs -o /dev/null "$url" || die "$url does not answer 200; nothing measured"
done
echo
echo "Throughput with $connections keep-alive connections, ${seconds}s each, $companies companies (wrk on the same 2 cores)"
page=$(rate "http://127.0.0.1:$port/")
static=$(rate "$css_url")
page_br=$(rate "http://127.0.0.1:$port/" 'Accept-Encoding: br')
static_br=$(rate "$css_url" 'Accept-Encoding: br')
printf '  %-34s %10s req/s\n' "/ (uncompressed)" "$page" "static CSS (uncompressed)" "$static" \
  "/ (brotli)" "$page_br" "static CSS (precompressed brotli)" "$static_br"
awk -v p="$page" -v s="$static" -v pb="$page_br" -v sb="$static_br" 'BEGIN {
  printf "  ratio / : static = %.1f%% uncompressed, %.1f%% with brotli (budget: at least 25%%)\n", 100*p/s, 100*pb/sb }'
echo "  (/ is kept per catalog snapshot and language once rendered, so the figures above are mostly"
echo "   the kept page; below, every request asks for another map view, so each page is rendered anew)"
rendered=$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$ROOT/scripts/map-views.lua" "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
rendered_br=$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$ROOT/scripts/map-views.lua" -H 'Accept-Encoding: br' "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
printf '  %-34s %10s req/s\n' "/ rendered anew (uncompressed)" "$rendered" "/ rendered anew (brotli)" "$rendered_br"
awk -v p="$rendered" -v s="$static" -v pb="$rendered_br" -v sb="$static_br" 'BEGIN {
  printf "  ratio rendered / : static = %.1f%% uncompressed, %.1f%% with brotli\n", 100*p/s, 100*pb/sb }'

echo
echo "Map engine (release build of app/examples/map_bench.rs)"
(cd "$ROOT" && cargo run --release -q -p app --example map_bench)

echo
echo "Passwords (release build of server/examples/hash_bench.rs)"
(cd "$ROOT" && cargo run --release -q -p server --example hash_bench)

echo
echo "Largest Contentful Paint of / on a phone-sized window (headless Chromium, 4x CPU slowdown, slow 4G)"
[ -d "$ROOT/end2end/node_modules/@playwright/test" ] || \
  (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
(cd "$ROOT/end2end" && node bench-lcp.mjs "http://127.0.0.1:$port/" "${BENCH_LCP_RUNS:-5}")
echo "  (Chromium asks plain-HTTP servers for gzip, not brotli, so this load is gzip)"

# The search server function on a bigger set.
search_companies="${BENCH_SEARCH_COMPANIES:-5000}"
kill "$server_pid"; wait "$server_pid" 2>/dev/null
export DATABASE_URL="sqlite://$work/search.db"
say "Loading $search_companies synthetic companies with 1-7 placements each"
loaded=$("$bin" seed --synthetic "$search_companies" --max-placements 7)
placements=$(echo "$loaded" | sed -n 's/.*, \([0-9]*\) placements.*/\1/p')
# A company user of the first company, for the saves timed after the search.
(cd "$ROOT" && CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo build --release -q -p server --example save_bench)
save_bench="$BENCH_TARGET_DIR/release/examples/save_bench"
read -r save_email save_placement < <("$save_bench" prepare "$DATABASE_URL")
"$bin" serve & server_pid=$!; background_pids+=("$server_pid")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
echo
echo "Search server function, $search_companies companies / $placements placements, SQLite"
queries=(
  "" "regio=kempen" "soort=bbl&niveau=mbo2&gemeente=bladel" "zoek=las" "zoek=monteur%20onderhoud"
  "vakgebied=mechatronics&erkend=ja" "vanaf=hapert&straal=10" "start=2027-01-01&soort=bol_internship"
  "regio=ijmond&zoek=staal&pagina=3" "gebied=51.3,5.1,51.4,5.3&niveau=vmbo"
)
search_once() { # query zoom -> seconds
  curl -fs -o /dev/null -w '%{time_total}\n' -H 'Accept: application/json' \
    --data-urlencode "query=$1" --data "marker_zoom=$2" "http://127.0.0.1:$port/api/search_companies"
}
for round in $(seq 1 30); do
  for q in "${queries[@]}"; do search_once "$q" $((9 + round % 6)); done
done | sort -n | awk -v n="$(( 30 * ${#queries[@]} ))" '
  { t[NR] = $1 * 1000 }
  END { printf "  %d calls: p50 %.1f ms, p95 %.1f ms, max %.1f ms (budget: p95 under 10 ms)\n", NR, t[int(NR*0.5)], t[int(NR*0.95)], t[NR] }'
echo
echo "A public save, $search_companies companies, SQLite (budget: answered and shown by the search within 50 ms p95)"
"$save_bench" run "$save_email" "$save_placement" "http://127.0.0.1:$port"
echo "  resident memory of the instance: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$server_pid/status)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null

# Kiosk screens: many open streams on one instance (server/examples/screens_bench.rs).
screens="${BENCH_SCREENS:-500}"
export DATABASE_URL="sqlite://$work/screens.db"
say "Loading $companies synthetic companies and $screens paired screens"
"$bin" seed --synthetic "$companies" >/dev/null
(cd "$ROOT" && CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo build --release -q -p server --example screens_bench)
screens_bench="$BENCH_TARGET_DIR/release/examples/screens_bench"
link=$("$screens_bench" prepare "$DATABASE_URL" "$screens" "http://127.0.0.1:$port")
"$bin" serve & server_pid=$!; background_pids+=("$server_pid")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
echo
echo "Kiosk screens: $screens open streams on one instance, SQLite, $companies companies"
ulimit -n 4096 2>/dev/null || true
"$screens_bench" run "http://127.0.0.1:$port" "$work/screens.db.screens" "$link" "$server_pid"
wait "$server_pid" 2>/dev/null
echo
"$ROOT/scripts/bench-rebuild.sh" "$bin"
