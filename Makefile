# Techkaart: the two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test test-rust test-hardening build bench bench-cluster cluster soak check fmt

run: ## Set up, build and serve on http://127.0.0.1:3000 with SQLite and demo data
	scripts/run.sh

test: ## Set up and run every test (Rust, database, HTTP, browser)
	scripts/test.sh

test-rust: ## Only the Rust tests (unit, database, HTTP, command line): no release build, no browser
	scripts/test.sh --rust-only

test-hardening: ## Only the attack, limit and privacy tests (floods, forged errors, retention, minors' data), against local servers
	cargo test -p server --test api -- hardening:: \
		interests::a_company_sees_its_candidates_and_their_contact_only_once_the_student_chose_a_moment \
		interests::the_board_downloads_as_csv_with_contact_only_when_asked_and_recorded \
		interests::the_purge_deletes_what_the_retention_rules_no_longer_keep \
		screens::a_tv_pairs_by_its_code_shows_its_region_and_shows_a_code_again_when_unpaired \
		company::only_the_regions_coordinator_sets_the_sbb_recognition \
		mail::a_refused_address_waits_longer_each_time_and_never_holds_up_the_rest \
		cli::forwarding_from_an_untrusted_peer_is_logged_once_and_a_trusted_range_is_accepted
	cargo test -p app --features ssr --lib -- proxies_are_trusted_by_range anonymous_forms_count_an_ipv6 \
		a_name_that_goes_into_a_mail the_client_address_is_the_nearest
	cargo test -p server --lib -- a_trusted_proxy_is_an_address_or_a_range a_screen_keeps_two_streams \
		a_return_path_stays_on_this_site

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
