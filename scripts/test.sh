#!/usr/bin/env bash
# Runs every test: Rust unit tests, database tests on SQLite (and PostgreSQL when
# TEST_POSTGRES_URL is set), HTTP tests against the real server, then the release build
# in Chromium with Playwright, and with PostgreSQL the soak through nginx (scripts/soak.sh).
# Ends with one line: "tests: N passed, N failed, N skipped".
# With --rust-only (`make test-rust`) it stops after the Rust tests: no release build, no
# browser.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rust_only=0
[ "${1:-}" = --rust-only ] && rust_only=1

if [ "$rust_only" = 1 ]; then
  : # cargo alone; the wasm tools and the browser are not needed.
else
  "$ROOT/scripts/setup.sh" --tests
fi

if [ "$rust_only" = 0 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium || die "the browser tests need Chromium: apt-get install chromium"
fi
# npm ci again whenever the lock file is newer than what was installed from it.
if [ "$rust_only" = 0 ] && { [ ! -f "$ROOT/end2end/node_modules/.package-lock.json" ] \
  || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; }; then
  say "Installing Playwright and axe-core (without Playwright's own browsers; Debian's Chromium is used)"
  (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  say "TEST_POSTGRES_URL is not set: the PostgreSQL half of the database tests is skipped (reported as ignored)"
else
  # Several instances behind nginx: the crash tests and the soak start Debian's nginx
  # themselves, as this user; the soak loads it with wrk.
  { [ -x /usr/sbin/nginx ] && command -v wrk >/dev/null; } || apt_install nginx wrk
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0

if [ "$rust_only" = 0 ]; then
  # The lock file's crates: licenses that go with the EUPL, no second version of a crate
  # without a reason, nothing from outside crates.io (deny.toml). Offline: the advisory
  # database cannot be fetched here (see the README).
  say "Dependency checks (cargo deny: licenses, bans, sources)"
  (cd "$ROOT" && cargo deny --offline check licenses bans sources 2>&1) | tee -a "$log" || status=1
fi

say "Rust tests (unit, database, HTTP)"
(cd "$ROOT" && cargo test --workspace --no-fail-fast 2>&1) | tee -a "$log" || status=1

if [ "$rust_only" = 0 ]; then
  say "Browser tests"
  "$ROOT/scripts/build.sh"
  (cd "$ROOT/end2end" && npx playwright test 2>&1) | tee -a "$log" || status=1
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    say "Soak: 100,000 requests through nginx to two instances on PostgreSQL"
    "$ROOT/scripts/soak.sh" 2>&1 | tee -a "$log" || status=1
  fi
fi

# Each count reads the runners' own summary lines; a runner that printed none adds 0.
count() { { grep -oE "$1" "$log" || true; } | awk -v f="$2" '{s+=$f} END {print s+0}'; }
passed=$(count 'test result: [a-zA-Z]+\. [0-9]+ passed' 4)
failed=$(count '[0-9]+ failed' 1)
e2e_passed=$(count '^ +[0-9]+ passed' 1)
cluster_passed=$(count 'cluster checks: [0-9]+ passed' 3)
skipped=$(count 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed; [0-9]+ ignored' 8)
e2e_skipped=$(count '^ +[0-9]+ skipped' 1)
[ "$status" = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "tests: $((passed + e2e_passed + cluster_passed)) passed, $failed failed, $((skipped + e2e_skipped)) skipped"
exit "$status"
