#!/usr/bin/env bash
# Runs Techkaart as a small cluster on this machine: N instances (default 2) on one
# PostgreSQL database, behind nginx on http://127.0.0.1:8080. An instance that stops is
# started again within a second, so you can `kill -9` one and keep working. Ctrl-C stops
# everything.
#
#   scripts/cluster.sh [N]          (make cluster)
#
# Settings (environment):
#   CLUSTER_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/techkaart_cluster
#                         (created, migrated and given the demo data when new)
#   CLUSTER_PORT          nginx's port (8080); instance i listens on CLUSTER_PORT + i
#   CLUSTER_DIR           logs, pid files, nginx's files and the shared tile cache
#                         (data/cluster)
#   CLUSTER_NO_BUILD=1    use the release binary as it is (scripts that built it already)
# Further TECHKAART_* variables reach every instance.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

instances="${1:-${CLUSTER_INSTANCES:-2}}"
[[ "$instances" =~ ^[1-9]$ ]] || die "the number of instances must be 1 to 9, not '$instances'"
port="${CLUSTER_PORT:-8080}"
dir="${CLUSTER_DIR:-$ROOT/data/cluster}"
database_url="${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/techkaart_cluster}"
bin="$TARGET_DIR/release/techkaart"

[ "${CLUSTER_NO_BUILD:-0}" = 1 ] || "$ROOT/scripts/build.sh"
[ -x "$bin" ] || die "no release build at $bin: run scripts/build.sh"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# PostgreSQL: the one on this machine when it answers; otherwise Debian's, installed and
# started here.
case "$database_url" in
  postgres://*|postgresql://*)
    if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
      case "$database_url" in *@127.0.0.1:5432/*|*@localhost:5432/*) ;; *)
        die "PostgreSQL at $database_url does not answer" ;;
      esac
      say "No PostgreSQL on 127.0.0.1:5432: installing and starting Debian's"
      apt_install postgresql
      version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
      as_root pg_ctlcluster "$version" main start || die "cannot start PostgreSQL $version"
      # Debian's cluster asks a password over TCP; the cluster's user gets a known one.
      as_root runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'techkaart'" \
        || die "cannot set the postgres user's password"
      [ -z "${CLUSTER_DATABASE_URL:-}" ] \
        && database_url="postgres://postgres:techkaart@127.0.0.1:5432/techkaart_cluster"
    fi ;;
esac

mkdir -p "$dir/tiles"
export DATABASE_URL="$database_url" TECHKAART_DEMO_ON_EMPTY=false
export TECHKAART_PUBLIC_URL="${TECHKAART_PUBLIC_URL:-http://127.0.0.1:$port}"
export TECHKAART_TRUSTED_PROXIES="${TECHKAART_TRUSTED_PROXIES:-127.0.0.1}"
# One tile folder for all: a tile fetched by one instance is served by every other.
export TECHKAART_TILE_CACHE="${TECHKAART_TILE_CACHE:-$dir/tiles}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

# Migrated and filled once, before any instance starts, so they never race to load the
# demo data.
"$bin" migrate
if "$bin" seed --demo >/dev/null 2>&1; then
  say "New database: demo data loaded"
  "$bin" create-coordinator --email coordinator@techkaart.example --region beide \
    --public-url "$TECHKAART_PUBLIC_URL" || true
fi

pids=()
nginx_pid=""
stop_all() {
  trap - EXIT INT TERM
  set +e # an instance that is gone already must not keep the others running
  # SIGTERM: nginx stops its workers, instances finish what they serve.
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -f "$dir"/instance-*.pid
}
trap stop_all EXIT
trap 'exit 0' INT TERM

start_instance() { # index
  local i="$1"
  TECHKAART_ADDR="127.0.0.1:$((port + i))" "$bin" serve >>"$dir/instance-$i.log" 2>&1 &
  pids[i]=$!
  echo "${pids[i]}" >"$dir/instance-$i.pid"
}

for p in $(seq "$port" $((port + instances))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    die "port $p is in use (another cluster still running?): stop it, or choose CLUSTER_PORT"
  fi
done

upstreams=""
for i in $(seq 1 "$instances"); do
  start_instance "$i"
  upstreams+="        server 127.0.0.1:$((port + i)) max_fails=1 fail_timeout=2s;"$'\n'
done
for i in $(seq 1 "$instances"); do
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$((port + i))/healthz" >/dev/null && break
    kill -0 "${pids[i]}" 2>/dev/null || die "instance $i did not start: see $dir/instance-$i.log"
    sleep 0.1
  done
done

mkdir -p "$dir/nginx"
python3 - "$ROOT/deploy/nginx.conf" "$dir/nginx/nginx.conf" "$dir/nginx" "127.0.0.1:$port" "$upstreams" <<'PY'
import sys
template, target, run_dir, listen, upstreams = sys.argv[1:]
text = open(template).read()
text = text.replace("@RUN_DIR@", run_dir).replace("@LISTEN@", listen).replace("@UPSTREAMS@", upstreams.rstrip("\n"))
open(target, "w").write(text)
PY
"$nginx_bin" -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/nginx-error.log" \
  || die "nginx refused its configuration: $dir/nginx/nginx.conf"
"$nginx_bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/nginx-error.log" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || die "nginx does not answer on $port: see $dir/nginx/nginx-error.log"

say "Techkaart: $instances instances behind http://127.0.0.1:$port (database $(sed -E 's#://([^:@/]+):[^@]*@#://\1:***@#' <<<"$database_url"))"
for i in $(seq 1 "$instances"); do
  echo "  instance $i: pid ${pids[i]}, http://127.0.0.1:$((port + i)), log $dir/instance-$i.log" >&2
done
echo "  try: kill -9 \$(cat $dir/instance-1.pid)   (it is started again within a second; Ctrl-C stops all)" >&2

# Watches the instances: one that stopped is started again, as systemd's Restart= would.
while kill -0 "$nginx_pid" 2>/dev/null; do
  for i in $(seq 1 "$instances"); do
    if ! kill -0 "${pids[i]}" 2>/dev/null; then
      code=0
      wait "${pids[i]}" 2>/dev/null || code=$?
      say "instance $i stopped (exit status $code); starting it again"
      start_instance "$i"
    fi
  done
  sleep 0.5
done
die "nginx stopped: see $dir/nginx/nginx-error.log"
