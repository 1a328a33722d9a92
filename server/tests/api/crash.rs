//! Crashes, with the real `techkaart` process: killed with SIGKILL at a random moment
//! while a company user writes through it, and started again, a hundred times on each
//! backend (every write it acknowledged is there afterwards, once, and the database is
//! sound); and one of two instances behind nginx killed under load (PostgreSQL).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::domain::Role;

use crate::common::{free_port, ready};

/// How many times each backend's server is killed.
const KILLS: usize = 100;

/// A `techkaart serve` process; killed with SIGKILL when dropped, so a failing test
/// leaves none behind.
struct Instance(Child);

impl Instance {
    fn kill_9(&mut self) {
        self.0.kill().expect("SIGKILL");
        self.0.wait().expect("reap the killed server");
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `techkaart serve` on `port`, quiet, without demo data, behind a proxy on 127.0.0.1.
fn start(database_url: &str, port: u16, public_url: &str, scratch: &Path) -> Instance {
    let child = Command::new(env!("CARGO_BIN_EXE_techkaart"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("TECHKAART_ADDR", format!("127.0.0.1:{port}"))
        .env("TECHKAART_PUBLIC_URL", public_url)
        .env("TECHKAART_TRUSTED_PROXIES", "127.0.0.1")
        .env("TECHKAART_DEMO_ON_EMPTY", "false")
        .env("TECHKAART_TILE_CACHE", scratch.join("tiles"))
        .env("LEPTOS_SITE_ROOT", scratch.join("site"))
        .env("TECHKAART_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start techkaart");
    Instance(child)
}

/// Calls a server function at `base` as the browser's form-encoded calls do: `Err` when no
/// whole answer came back (the server died), otherwise its decoded result.
async fn call_at<S>(client: &reqwest::Client, base: &str, args: &S) -> Result<Result<S::Output, S::Error>, String>
where
    S: leptos::server_fn::ServerFn + serde::Serialize,
    S::Output: serde::de::DeserializeOwned,
    S::Error: serde::de::DeserializeOwned,
{
    let response = client
        .post(format!("{base}{}", S::PATH))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(serde_qs::to_string(args).expect("encode arguments"))
        .send()
        .await
        .map_err(|error| error.to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|error| error.to_string())?;
    match status {
        200..=299 => Ok(Ok(serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?)),
        // A proxy's own answer when the instance died mid-request: not acknowledged.
        502..=504 if !text.starts_with('{') => Err(format!("{status} from the proxy")),
        _ => Ok(Err(
            serde_json::from_str(&text).map_err(|e| format!("{status} {e}: {text}"))?
        )),
    }
}

/// A company with one open placement and its user Jan; returns the database's URL after
/// migrating it (the server then starts on a migrated database, as after a first start).
async fn prepared(database_url: &str) {
    let db = server::database::open(database_url).await.expect("open and migrate");
    crate::common::insert_company_with_open_placement(&db, "Vonk Metaal").await;
    let vonk = crate::common::count(&db, "SELECT id FROM companies").await;
    crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    db.close().await;
}

async fn log_in(client: &reqwest::Client, base: &str) {
    let answer = call_at(
        client,
        base,
        &app::api::accounts::LogIn {
            email: "jan@vonk.example".into(),
            password: crate::common::PASSWORD.into(),
        },
    )
    .await;
    assert!(matches!(answer, Ok(Ok(_))), "Jan logs in: {answer:?}");
}

/// Jan adds a BBL placement titled `title` through `base` (see `call_at`).
async fn add_placement(
    client: &reqwest::Client,
    base: &str,
    title: &str,
) -> Result<Result<(), app::error::AppError>, String> {
    let form = crate::company::bbl_form(title);
    call_at(
        client,
        base,
        &app::api::own_placements::SavePlacement { id: None, form },
    )
    .await
}

/// Jan adds placements titled `{prefix} {n}` one after another through `base` until the
/// server stops answering; returns the titles it acknowledged.
async fn write_until_gone(client: reqwest::Client, base: String, prefix: String) -> Vec<String> {
    let mut acknowledged = Vec::new();
    for n in 0.. {
        let title = format!("{prefix} {n}");
        let answer = add_placement(&client, &base, &title).await;
        match answer {
            Ok(Ok(())) => acknowledged.push(title),
            Ok(Err(error)) => panic!("the server refused {title:?}: {error:?}"),
            Err(_) => break,
        }
    }
    acknowledged
}

/// The kill -9 loop on one database: see the module's comment. Some kills fall while the
/// server starts (before it answers), the rest while three writers are busy.
async fn kill_9_loop(database_url: &str) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("scratch folder");
    prepared(database_url).await;
    let client = crate::common::browser();
    let mut acknowledged = Vec::new();
    let mut logged_in = false;
    let started = Instant::now();
    for round in 0..KILLS {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = start(database_url, port, &base, scratch.path());
        if round % 10 == 9 {
            // While it starts: opening the database, checking migrations, the catalog.
            tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 150)).await;
        } else {
            assert!(
                ready(&client, &base, Duration::from_secs(20)).await,
                "round {round}: the server did not come back after a kill"
            );
            if !logged_in {
                log_in(&client, &base).await;
                logged_in = true;
            }
            let writers: Vec<_> = (0..3)
                .map(|writer| {
                    tokio::spawn(write_until_gone(
                        client.clone(),
                        base.clone(),
                        format!("Kill {round}.{writer}"),
                    ))
                })
                .collect();
            // A save answers once the catalog shows it, and the catalog rests 300 ms between
            // rebuilds under a stream of writes: most windows hold a write or two in flight.
            tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 800)).await;
            server.kill_9();
            for writer in writers {
                acknowledged.extend(writer.await.expect("writer"));
            }
        }
        drop(server);
    }
    eprintln!(
        "{KILLS} kills in {:.1} s, {} writes acknowledged",
        started.elapsed().as_secs_f64(),
        acknowledged.len()
    );
    acknowledged
}

/// Every acknowledged title is stored exactly once, and there were enough of them (half
/// as many as kills; about two per kill is usual) for that to tell something.
async fn assert_all_there(db: &app::db::Db, acknowledged: &[String]) {
    let stored: Vec<(String,)> = match db.pools() {
        app::db::Pools::Sqlite { read, .. } => sqlx::query_as("SELECT title FROM placements").fetch_all(read).await,
        app::db::Pools::Postgres(pool) => sqlx::query_as("SELECT title FROM placements").fetch_all(pool).await,
    }
    .expect("titles");
    let mut times = std::collections::HashMap::<&str, usize>::new();
    for (title,) in &stored {
        *times.entry(title.as_str()).or_default() += 1;
    }
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|t| !times.contains_key(t.as_str()))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let twice: Vec<(&&str, &usize)> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");
    assert!(
        acknowledged.len() >= KILLS / 2,
        "too few writes to tell anything: {}",
        acknowledged.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_a_hundred_kill_9s_on_sqlite() {
    use sqlx::Connection;

    let folder = tempfile::tempdir().expect("temporary folder");
    let file = folder.path().join("techkaart.db");
    let url = format!("sqlite://{}", file.display());
    let acknowledged = kill_9_loop(&url).await;

    let mut raw = sqlx::SqliteConnection::connect(&url).await.expect("open the file");
    let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut raw)
        .await
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    let broken: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(&mut raw)
        .await
        .expect("foreign key check");
    assert!(broken.is_empty(), "references without their row: {broken:?}");
    raw.close().await.ok();

    let db = server::database::open(&url).await.expect("the server opens it again");
    assert_all_there(&db, &acknowledged).await;
    db.close().await;
}

#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_a_hundred_kill_9s_on_postgres() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let acknowledged = kill_9_loop(&url).await;
    let db = server::database::open(&url).await.expect("the server opens it again");
    assert_all_there(&db, &acknowledged).await;
    assert_postgres_consistent(&db).await;
    db.close().await;
    crate::common::drop_postgres_database(&name).await;
}

/// PostgreSQL's own checks of every index of the schema (amcheck), and references that
/// the schema does not enforce by foreign key.
#[cfg(postgres_tests)]
async fn assert_postgres_consistent(db: &app::db::Db) {
    let app::db::Pools::Postgres(pool) = db.pools() else {
        panic!("a PostgreSQL database")
    };
    sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
        .execute(pool)
        .await
        .expect("amcheck (in PostgreSQL's contrib, part of Debian's server package)");
    let indexes: Vec<(String,)> = sqlx::query_as(
        "SELECT c.relname::text FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_am a ON a.oid = c.relam
         WHERE n.nspname = 'public' AND a.amname = 'btree'",
    )
    .fetch_all(pool)
    .await
    .expect("indexes");
    assert!(indexes.len() > 10, "the schema's indexes: {indexes:?}");
    for (index,) in &indexes {
        sqlx::query("SELECT bt_index_check(to_regclass($1), true)")
            .bind(index)
            .execute(pool)
            .await
            .unwrap_or_else(|error| panic!("index {index}: {error}"));
    }
    // Each placement counted once in its company's catalog entry, and the change counter
    // is at least the number of public writes made.
    let (orphans,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM placements p WHERE NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = p.company_id)",
    )
    .fetch_one(pool)
    .await
    .expect("orphans");
    assert_eq!(orphans, 0);
}

/// Two instances on one PostgreSQL database behind nginx (the repository's configuration,
/// `deploy/nginx.conf`); eight clients load the home page with varied map views and Jan
/// adds a placement now and then (about one request in a hundred), for nine seconds. After
/// three, the first instance is killed with SIGKILL and not started again. Fewer than 0.5%
/// of the requests may fail, and every acknowledged placement is stored.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_of_two_instances_killed_under_load_behind_nginx() {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let (url, name) = crate::common::empty_postgres_database().await;
    prepared(&url).await;
    let proxy_port = free_port();
    let proxy = format!("http://127.0.0.1:{proxy_port}");
    let ports = [free_port(), free_port()];
    let mut first = start(&url, ports[0], &proxy, scratch.path());
    let second = start(&url, ports[1], &proxy, scratch.path());
    let client = crate::common::browser();
    for port in ports {
        assert!(ready(&client, &format!("http://127.0.0.1:{port}"), Duration::from_secs(20)).await);
    }
    let nginx = crate::common::nginx(proxy_port, &ports, scratch.path());
    assert!(ready(&client, &proxy, Duration::from_secs(10)).await, "nginx answers");
    log_in(&client, &proxy).await;

    let started = Instant::now();
    let run = Duration::from_secs(9);
    let load: Vec<_> = (0..8u64)
        .map(|worker| {
            let client = client.clone();
            let proxy = proxy.clone();
            tokio::spawn(async move {
                let (mut requests, mut failed, mut acknowledged) = (0u64, Vec::new(), Vec::new());
                for n in 0u64.. {
                    if started.elapsed() >= run {
                        break;
                    }
                    requests += 1;
                    if n % 100 == 37 {
                        let title = format!("Onder last {worker}.{n}");
                        let answer = add_placement(&client, &proxy, &title).await;
                        match answer {
                            Ok(Ok(())) => acknowledged.push(title),
                            other => failed.push(format!("write {title}: {other:?}")),
                        }
                    } else {
                        let lat = 51.2 + (n % 140) as f64 * 0.01;
                        let path = format!("{proxy}/?kaart={lat:.2},5.20,{}", 8 + n % 6);
                        match client.get(&path).send().await {
                            Ok(response) if response.status() == 200 => {
                                if let Err(error) = response.bytes().await {
                                    failed.push(format!("{path}: {error}"));
                                }
                            }
                            Ok(response) => failed.push(format!("{path}: {}", response.status())),
                            Err(error) => failed.push(format!("{path}: {error}")),
                        }
                    }
                }
                (requests, failed, acknowledged)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    first.kill_9();
    let killed_at = started.elapsed();
    let (mut requests, mut failed, mut acknowledged) = (0, Vec::new(), Vec::new());
    for worker in load {
        let (r, f, a) = worker.await.expect("load worker");
        requests += r;
        failed.extend(f);
        acknowledged.extend(a);
    }
    let rate = failed.len() as f64 / requests as f64;
    eprintln!(
        "killed one of two instances after {killed_at:?}: {requests} requests in {run:?}, {} failed ({:.3}%), {} writes acknowledged",
        failed.len(),
        rate * 100.0,
        acknowledged.len()
    );
    assert!(requests > 500, "too few requests to tell anything: {requests}");
    assert!(rate < 0.005, "{} of {requests} failed: {failed:?}", failed.len());
    assert!(!acknowledged.is_empty(), "writes went through");
    // The survivor still serves through nginx.
    assert_eq!(client.get(format!("{proxy}/")).send().await.expect("GET").status(), 200);

    let db = server::database::open(&url).await.expect("open");
    assert_all_there_loosely(&db, &acknowledged).await;
    db.close().await;
    drop(nginx);
    drop(second);
    crate::common::drop_postgres_database(&name).await;
}

/// Every acknowledged title is stored exactly once (without a lower bound on how many).
#[cfg(postgres_tests)]
async fn assert_all_there_loosely(db: &app::db::Db, acknowledged: &[String]) {
    for title in acknowledged {
        let app::db::Pools::Postgres(pool) = db.pools() else {
            panic!("a PostgreSQL database")
        };
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM placements WHERE title = $1")
            .bind(title)
            .fetch_one(pool)
            .await
            .expect("count");
        assert_eq!(n, 1, "{title:?} acknowledged, stored {n} times");
    }
}
