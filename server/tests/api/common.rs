//! Shared test harness: a fresh database per test on SQLite and PostgreSQL, and the real
//! server started on port 0 with a cookie-keeping client.
//!
//! PostgreSQL tests read `TEST_POSTGRES_URL` (a URL whose user may create databases). When
//! it was unset at build time they are ignored, and cargo reports them as ignored; on CI
//! (`CI` set) a missing URL fails instead (`ci_runs_the_postgresql_halves`): CI must run
//! both halves.

#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;

use app::db::{Db, Pools};
use futures::FutureExt;
use sqlx::Connection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database made for one test and removed after it.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(tempfile::TempDir),
    Postgres { name: String },
}

impl TestDb {
    /// A migrated, empty database; `None` when PostgreSQL is not configured here.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}/techkaart-test.db", dir.path().display());
                let db = server::database::open(&url).await.expect("open SQLite test database");
                Some(TestDb {
                    db,
                    url,
                    cleanup: Cleanup::Sqlite(dir),
                })
            }
            Backend::Postgres => {
                postgres_admin_url()?;
                let (url, name) = empty_postgres_database().await;
                let db = server::database::open(&url)
                    .await
                    .expect("open PostgreSQL test database");
                Some(TestDb {
                    db,
                    url,
                    cleanup: Cleanup::Postgres { name },
                })
            }
        }
    }

    /// Closes the pools and removes the database.
    pub async fn destroy(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::Sqlite(dir) => drop(dir),
            Cleanup::Postgres { name } => drop_postgres_database(&name).await,
        }
    }
}

fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        // Only reached when the tests were built with the URL and run without it.
        _ => panic!("these tests were built with TEST_POSTGRES_URL set: run them with it too"),
    }
}

#[test]
fn ci_runs_the_postgresql_halves() {
    let configured = std::env::var("TEST_POSTGRES_URL").is_ok_and(|url| !url.is_empty());
    assert!(
        configured || std::env::var_os("CI").is_none(),
        "CI must run the PostgreSQL tests: set TEST_POSTGRES_URL"
    );
}

/// The same server and credentials, another database name.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

/// A new, empty PostgreSQL database (nothing migrated) and its URL, for tests of what the
/// server does on its first start; `drop_postgres_database` removes it.
pub async fn empty_postgres_database() -> (String, String) {
    let admin_url = postgres_admin_url().expect("TEST_POSTGRES_URL");
    let name = format!("techkaart_test_{:016x}", rand::random::<u64>());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create test database");
    admin.close().await.ok();
    (with_database(&admin_url, &name), name)
}

/// Removes a database made by `empty_postgres_database`.
pub async fn drop_postgres_database(name: &str) {
    let admin_url = postgres_admin_url().expect("TEST_POSTGRES_URL");
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop test database");
}

/// How long one test body may take before it counts as hanging.
const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs `body` on a fresh database of `backend`, removing the database even when it panics.
pub async fn run<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    // Logs go to the test's captured output, shown only when it fails: a hang then shows
    // the last request and statement it reached.
    tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("info,sqlx=debug,tower_http=debug")
        .try_init()
        .ok();
    let Some(test_db) = TestDb::create(backend).await else {
        return;
    };
    // A hang becomes a failure with the test's name instead of a stalled run.
    let outcome = tokio::time::timeout(TEST_LIMIT, AssertUnwindSafe(body(test_db.db.clone())).catch_unwind()).await;
    test_db.destroy().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("the test did not finish within {TEST_LIMIT:?} on {backend:?}"),
    }
}

/// Declares one test body that runs twice: `name::sqlite` and `name::postgres`, each on a
/// runtime of two threads, as the server runs (see `server::runtime`).
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::common::run($crate::common::Backend::Sqlite, |$db| async move $body).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(not(postgres_tests), ignore = "TEST_POSTGRES_URL was not set when the tests were built")]
            async fn postgres() {
                $crate::common::run($crate::common::Backend::Postgres, |$db| async move $body).await;
            }
        }
    };
}

/// Runs a statement written for both backends, without parameters.
pub async fn execute(db: &Db, sql: &str) -> Result<u64, sqlx::Error> {
    match db.pools() {
        Pools::Sqlite { write, .. } => sqlx::query(sql).execute(write).await.map(|r| r.rows_affected()),
        Pools::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
    }
}

/// Runs a `SELECT COUNT(*)`-style query that returns one integer.
pub async fn count(db: &Db, sql: &str) -> i64 {
    let result: Result<(i64,), sqlx::Error> = match db.pools() {
        Pools::Sqlite { read, .. } => sqlx::query_as(sql).fetch_one(read).await,
        Pools::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await,
    };
    result.expect("count query").0
}

/// Runs a query written for both backends, without parameters, that returns one text.
pub async fn text(db: &Db, sql: &str) -> String {
    let result: Result<(String,), sqlx::Error> = match db.pools() {
        Pools::Sqlite { read, .. } => sqlx::query_as(sql).fetch_one(read).await,
        Pools::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await,
    };
    result.expect("text query").0
}

/// The region of a municipality code, as the migrations define it (written out here, not
/// taken from `app::domain`, so the tests check the app against the schema).
pub fn region_of(municipality: &str) -> app::domain::Region {
    match municipality {
        "velsen" | "beverwijk" | "heemskerk" => app::domain::Region::Ijmond,
        _ => app::domain::Region::Kempen,
    }
}

/// A valid company in Bladel named `name`, for tests to store or to spoil.
pub fn company(name: &str) -> app::domain::NewCompany {
    use app::domain::{Field, NewCompany, SizeBand, Slug};
    NewCompany {
        name: name.to_owned(),
        slug: Slug::from_name(name).expect("slug"),
        description_nl: String::new(),
        description_en: String::new(),
        fields: vec![Field::Welding],
        street_address: "Industrieweg 1".to_owned(),
        postcode: "5531 AA".to_owned(),
        town: "Bladel".to_owned(),
        municipality: "bladel".to_owned(),
        latitude: 51.3686,
        longitude: 5.2203,
        website: None,
        contact_name: None,
        contact_email: None,
        contact_phone: None,
        size_band: SizeBand::Small,
        sbb_accredited: false,
        published: true,
    }
}

/// A valid company in IJmuiden (Velsen, the IJmond) named `name`.
pub fn company_in_velsen(name: &str) -> app::domain::NewCompany {
    let mut velsen = company(name);
    velsen.municipality = "velsen".to_owned();
    velsen.town = "IJmuiden".to_owned();
    velsen.postcode = "1971 AA".to_owned();
    velsen.latitude = 52.458;
    velsen.longitude = 4.62;
    velsen
}

/// Stores `company(name)` with one open placement, through a committed transaction as
/// the app's own writes go.
pub async fn insert_company_with_open_placement(db: &Db, name: &str) {
    use app::domain::PlacementStatus;
    let placement = server::seed::demo_data(app::domain::Day::parse("2026-11-21").expect("a day"))
        .into_iter()
        .flat_map(|(_, placements)| placements)
        .find(|p| p.status == PlacementStatus::Open)
        .expect("an open demo placement");
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::companies::insert_company(&mut tx, &company(name), "2026-11-21T10:00:00Z")
        .await
        .expect("company");
    app::db::placements::insert_placement(&mut tx, id, &placement, "2026-11-21T10:00:00Z")
        .await
        .expect("placement");
    tx.commit().await.expect("commit");
}

/// The credit line test servers give their map tiles.
pub const TEST_ATTRIBUTION: &str = "Testkaart ©";

/// Tile settings for tests: `upstream` as the XYZ template, tiles kept in `cache_dir`, and
/// a rest after failures that tests pass by moving the server's clock.
pub fn tile_settings(upstream: &str, cache_dir: std::path::PathBuf) -> server::tiles::TileSettings {
    server::tiles::TileSettings {
        upstream: upstream.to_owned(),
        user_agent: "Techkaart-tests".to_owned(),
        cache_dir,
        min_zoom: 7,
        max_zoom: 18,
        disk_lifetime: std::time::Duration::from_secs(3600),
        // Long enough that no busy machine reaches it between two requests; tests move
        // the server's clock past it instead.
        retry_after: std::time::Duration::from_secs(60),
        timeout: std::time::Duration::from_secs(2),
        max_disk_bytes: 1 << 30,
    }
}

/// The real server, listening on a free port, with a client that keeps cookies.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub db: Db,
    /// The server's clock: a test moves it forward instead of sleeping.
    pub clock: app::clock::Clock,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestApp {
    /// Starts the server on port 0 against `db`, with a site root that has no built assets
    /// and a tile upstream nobody listens on.
    pub async fn spawn(db: Db) -> TestApp {
        let cache = std::env::temp_dir().join(format!("techkaart-test-tiles-{:016x}", rand::random::<u64>()));
        TestApp::spawn_with_tiles(db, tile_settings("http://127.0.0.1:9/{z}/{x}/{y}.png", cache)).await
    }

    /// Starts the server on port 0 against `db` with these tile settings.
    pub async fn spawn_with_tiles(db: Db, tiles: server::tiles::TileSettings) -> TestApp {
        TestApp::spawn_configured(db, tiles, Vec::new(), Default::default(), axum::Router::new()).await
    }

    /// Starts the server on port 0 against `db` with these connection limits, and with
    /// `extra` routes served beside the app's, inside the same connection handling.
    pub async fn spawn_with_limits(db: Db, limits: server::connections::Limits, extra: axum::Router) -> TestApp {
        let cache = std::env::temp_dir().join(format!("techkaart-test-tiles-{:016x}", rand::random::<u64>()));
        let tiles = tile_settings("http://127.0.0.1:9/{z}/{x}/{y}.png", cache);
        TestApp::spawn_configured(db, tiles, Vec::new(), limits, extra).await
    }

    /// Starts the server on port 0 against `db`, behind a reverse proxy at 127.0.0.1 (so
    /// the test's requests, which come from there, are read as forwarded).
    pub async fn spawn_behind_proxy(db: Db) -> TestApp {
        let cache = std::env::temp_dir().join(format!("techkaart-test-tiles-{:016x}", rand::random::<u64>()));
        let tiles = tile_settings("http://127.0.0.1:9/{z}/{x}/{y}.png", cache);
        TestApp::spawn_configured(
            db,
            tiles,
            vec![std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST).into()],
            Default::default(),
            axum::Router::new(),
        )
        .await
    }

    async fn spawn_configured(
        db: Db,
        tiles: server::tiles::TileSettings,
        trusted_proxies: Vec<ipnet::IpNet>,
        limits: server::connections::Limits,
        extra: axum::Router,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let site_root = std::env::temp_dir().join("techkaart-test-site");
        let clock = app::clock::Clock::default();
        let tiles = server::tiles::Tiles::new(tiles)
            .expect("tile client")
            .with_clock(clock.clone());
        let map = app::map::MapSettings {
            attribution: TEST_ATTRIBUTION.to_owned(),
        };
        let site = app::auth::SiteSettings::new(&format!("http://{addr}")).behind(trusted_proxies);
        let streams = server::screens::Streams::default();
        let router = server::http::router(
            server::http::leptos_options(&site_root),
            db.clone(),
            tiles,
            map,
            site,
            clock.clone(),
            streams.clone(),
            None,
        )
        .merge(extra);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let closing = streams.clone();
        let server = tokio::spawn(server::connections::serve(listener, router, limits, async move {
            stopped.await.ok();
            closing.close();
        }));
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("HTTP client");
        TestApp {
            addr,
            client,
            db,
            clock,
            stop: Some(stop),
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET request")
    }

    /// The page at `path` as a browser asking for `accept_language` gets it.
    pub async fn page_in(&self, accept_language: &str, path: &str) -> String {
        let response = self
            .client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .expect("GET request");
        response.text().await.expect("body")
    }

    /// Calls a server function the way the browser's form-encoded calls do, and decodes
    /// its JSON answer or its `AppError`.
    pub async fn call<S>(&self, args: &S) -> Result<S::Output, S::Error>
    where
        S: leptos::server_fn::ServerFn + serde::Serialize,
        S::Output: serde::de::DeserializeOwned,
        S::Error: serde::de::DeserializeOwned,
    {
        self.call_as(&self.client, args).await
    }

    /// `call` with another client (another person's cookies).
    pub async fn call_as<S>(&self, client: &reqwest::Client, args: &S) -> Result<S::Output, S::Error>
    where
        S: leptos::server_fn::ServerFn + serde::Serialize,
        S::Output: serde::de::DeserializeOwned,
        S::Error: serde::de::DeserializeOwned,
    {
        let (status, text) = self
            .post_raw(
                client,
                S::PATH,
                &serde_qs::to_string(args).expect("encode arguments"),
                &[],
            )
            .await;
        if (200..300).contains(&status) {
            Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode {text:?}: {e}")))
        } else {
            Err(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode error {status} {text:?}: {e}")))
        }
    }

    /// Posts `body` form-encoded to `path` as a script does (asking for JSON), with extra
    /// headers; returns the status and the body.
    pub async fn post_raw(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let mut request = client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("server function request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("server function body"))
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        let stopped = tokio::time::timeout(std::time::Duration::from_secs(10), self.server).await;
        stopped
            .expect("the server did not shut down within 10 s")
            .expect("server task")
            .expect("server ended cleanly");
    }
}

/// A client with its own cookies that does not follow redirects, like a second browser.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The password every account made by `account` has.
pub const PASSWORD: &str = "draaibank-op-dinsdag";

/// Stores an account with `PASSWORD`; returns its id.
pub async fn account(
    db: &Db,
    email: &str,
    role: app::domain::Role,
    company_id: Option<i64>,
    region: Option<app::domain::Region>,
) -> i64 {
    let email = app::domain::EmailAddress::parse(email).expect("valid address");
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::accounts::insert_user(&mut tx, &email, role, company_id, region, &app::db::now_timestamp())
        .await
        .expect("user");
    tx.commit().await.expect("commit");
    with_password(db, id).await;
    id
}

/// Stores a teacher of `school` in `region` with `PASSWORD`; returns the account's id.
pub async fn teacher(db: &Db, email: &str, school: &str, region: app::domain::Region) -> i64 {
    let email = app::domain::EmailAddress::parse(email).expect("valid address");
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::accounts::insert_teacher(&mut tx, &email, region, school, &app::db::now_timestamp())
        .await
        .expect("a teacher");
    tx.commit().await.expect("commit");
    with_password(db, id).await;
    id
}

/// Gives account `id` the password `PASSWORD`.
async fn with_password(db: &Db, id: i64) {
    let hash = app::auth::hash_password(PASSWORD.to_owned()).await.expect("hash");
    let mut tx = db.begin().await.expect("begin");
    app::db::accounts::set_password(&mut tx, id, &hash, &app::db::now_timestamp())
        .await
        .expect("password");
    tx.commit().await.expect("commit");
}

/// Stores `company(name)` without placements; returns its id.
pub async fn insert_company(db: &Db, company: &app::domain::NewCompany) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::companies::insert_company(&mut tx, company, "2026-11-21T10:00:00Z")
        .await
        .expect("company");
    tx.commit().await.expect("commit");
    id
}

/// A client logged in as `email` (with `PASSWORD`).
pub async fn logged_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = browser();
    let answer = app
        .call_as(
            &client,
            &app::api::accounts::LogIn {
                email: email.to_owned(),
                password: PASSWORD.to_owned(),
            },
        )
        .await;
    assert!(answer.is_ok(), "log in as {email}: {answer:?}");
    client
}

/// Everything the company tests can change, as one comparable text: placements,
/// companies, users, and how many links, mails, audit entries and sessions there are.
pub async fn snapshot(db: &Db) -> String {
    let mut text = String::new();
    for sql in [
        "SELECT CAST(id AS TEXT) || '|' || CAST(company_id AS TEXT) || '|' || title || '|' || status || '|'
            || last_confirmed_on || '|' || CAST(version AS TEXT) || '|' || updated_at FROM placements ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || slug || '|' || name || '|' || CAST(version AS TEXT) || '|' || updated_at
            FROM companies ORDER BY id",
        "SELECT CAST(id AS TEXT) || '|' || email || '|' || role || '|' || COALESCE(password_hash, '')
            FROM users ORDER BY id",
    ] {
        let rows: Vec<(String,)> = match db.pools() {
            Pools::Sqlite { read, .. } => sqlx::query_as(sql).fetch_all(read).await,
            Pools::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        }
        .expect("snapshot query");
        text.push_str(&format!("{rows:?}\n"));
    }
    for table in ["one_time_links", "outbox", "audit_log", "sessions"] {
        let n = count(db, &format!("SELECT COUNT(*) FROM {table}")).await;
        text.push_str(&format!("{table}: {n}\n"));
    }
    text
}

/// Posts a form from the page at `from`, as a browser does; returns the redirect target.
pub async fn post_form(
    client: &reqwest::Client,
    app: &TestApp,
    action: &str,
    fields: &(impl serde::Serialize + ?Sized),
    from: &str,
) -> (String, Option<String>) {
    let response = client
        .post(app.url(action))
        .header("accept", "text/html")
        .header("referer", app.url(from))
        .form(fields)
        .send()
        .await
        .expect("form post");
    assert_eq!(response.status(), 302, "a form post answers with a redirect");
    let location = response
        .headers()
        .get("location")
        .expect("location")
        .to_str()
        .expect("request")
        .to_owned();
    // The session's cookie; a refused form may also set the browser's draft cookie.
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .find(|cookie| cookie.starts_with("sessie=") || cookie.starts_with("__Host-sessie="));
    (location, cookie)
}

/// GETs `path` as a browser; returns the status and the body, or the target of a redirect.
pub async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let target = if path.starts_with("http") {
        path.to_owned()
    } else {
        app.url(path)
    };
    let response = client
        .get(target)
        .header("accept", "text/html")
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().expect("ASCII header").to_owned());
    let body = response.text().await.expect("body");
    (status, location.unwrap_or(body))
}

/// A running nginx, stopped when dropped (also when a test fails) as its own `stop`
/// would: SIGTERM to the master, which ends its workers (a SIGKILL would leave the workers
/// serving).
pub struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// nginx on `port` in front of the instances on `upstream_ports`, with the repository's
/// configuration (`deploy/nginx.conf`, filled in as `scripts/cluster.sh` does), running as
/// this user with its files in `scratch`. Debian's package: `apt-get install nginx`.
pub fn nginx(port: u16, upstream_ports: &[u16], scratch: &std::path::Path) -> Nginx {
    let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
        .expect("nginx is not installed: apt-get install nginx (make test installs it)");
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx.conf");
    let run_dir = scratch.join("nginx");
    std::fs::create_dir_all(&run_dir).expect("nginx folder");
    let upstreams: String = upstream_ports
        .iter()
        .map(|p| format!("        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"))
        .collect();
    let config = std::fs::read_to_string(&template)
        .expect("deploy/nginx.conf")
        .replace("@RUN_DIR@", &run_dir.display().to_string())
        .replace("@LISTEN@", &format!("127.0.0.1:{port}"))
        .replace("@UPSTREAMS@", upstreams.trim_end());
    let config_file = run_dir.join("nginx.conf");
    std::fs::write(&config_file, config).expect("write nginx.conf");
    std::process::Command::new(binary)
        .arg("-p")
        .arg(&run_dir)
        .arg("-c")
        .arg(&config_file)
        .arg("-e")
        .arg(run_dir.join("nginx-error.log"))
        .args(["-g", "daemon off;"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .map(Nginx)
        .expect("start nginx")
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Whether `base` answers `/healthz` with 200 within `limit`.
pub async fn ready(client: &reqwest::Client, base: &str, limit: std::time::Duration) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await
            && response.status() == 200
        {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    false
}

/// The tables of `db` with a row in which `needle` (lower case) appears in any column.
pub async fn tables_holding(db: &Db, needle: &str) -> Vec<String> {
    let pattern = format!("%{}%", needle.to_lowercase());
    let mut found = Vec::new();
    match db.pools() {
        Pools::Sqlite { read, .. } => {
            let tables: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .fetch_all(read)
                    .await
                    .expect("tables");
            for (table,) in tables {
                let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info($1)")
                    .bind(&table)
                    .fetch_all(read)
                    .await
                    .expect("columns");
                let any = columns
                    .iter()
                    .map(|(column,)| format!("lower(CAST(\"{column}\" AS TEXT)) LIKE $1"))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM \"{table}\" WHERE {any}"))
                    .bind(&pattern)
                    .fetch_one(read)
                    .await
                    .expect("search");
                if n > 0 {
                    found.push(table);
                }
            }
        }
        Pools::Postgres(pool) => {
            let tables: Vec<(String,)> = sqlx::query_as(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .expect("tables");
            for (table,) in tables {
                let (n,): (i64,) = sqlx::query_as(&format!(
                    "SELECT COUNT(*) FROM \"{table}\" t WHERE lower(t::text) LIKE $1"
                ))
                .bind(&pattern)
                .fetch_one(pool)
                .await
                .expect("search");
                if n > 0 {
                    found.push(table);
                }
            }
        }
    }
    found.sort();
    found
}
