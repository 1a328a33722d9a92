# Techkaart: the two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test test-rust test-hardening build bench bench-cluster cluster soak check fmt

run: ## Set up, build and serve on http://127.0.0.1:3000 with SQLite and demo data
	scripts/run.sh

test: ## Set up and run every test (Rust, database, HTTP, browser)
	scripts/test.sh

test-rust: ## Only the Rust tests (unit, database, HTTP, command line): no release build, no browser
	scripts/test.sh --rust-only

test-hardening: ## Only the attack and limit tests (floods, timeouts, forged errors), against local servers
	cargo test -p server --test api -- hardening

build: ## Release build with precompressed static files
	scripts/build.sh

bench: ## Build, load 1,000 synthetic companies and print size and speed figures
	scripts/bench.sh

cluster: ## Two instances (N=3 for three) on PostgreSQL behind nginx on http://127.0.0.1:8080
	scripts/cluster.sh $(or $(N),2)

soak: ## 100,000 home-page requests through nginx to two instances (needs TEST_POSTGRES_URL)
	scripts/build.sh
	scripts/soak.sh

bench-cluster: ## Requests per second of a mixed journey: 1, 2, 3 instances on PostgreSQL, 1 on SQLite
	scripts/bench-cluster.sh

check: ## Fast compile check of the server and the wasm side
	cargo check -p server
	cargo check -p app --features hydrate --target wasm32-unknown-unknown

fmt:
	cargo fmt --all
