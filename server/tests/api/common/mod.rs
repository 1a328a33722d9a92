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

mod clients;
mod fixtures;
mod processes;
mod sql;
mod test_app;

pub use clients::*;
pub use fixtures::*;
pub use processes::*;
pub use sql::*;
pub use test_app::*;

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
