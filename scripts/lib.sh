# Shared by the scripts in this folder: paths, PATH, and small helpers. Source it; do not run it.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# The benchmarks' helper programs build here: cargo-leptos builds the release with other
# settings, and one target folder for both would rebuild the whole server each time.
BENCH_TARGET_DIR="$TARGET_DIR/bench"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.129
CARGO_DENY_VERSION=0.20.2

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root, or says how when we are not root and cannot become it.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# Installs Debian packages that are missing; apt-get update runs once per call.
apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "cannot install ${missing[*]}: run as root, or install them yourself: apt-get install ${missing[*]}"
}

# For the benchmarks: `$work`, a scratch folder that is removed on exit together with every
# process the script started in the background and added to `background_pids`.
bench_scratch() {
  work="$(mktemp -d)"
  background_pids=()
  trap 'for pid in "${background_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
}
