//! Server-side data access: small named query functions, one file per resource.
//!
//! One set of SQL serves both backends. `Db` holds either SQLite pools or a PostgreSQL
//! pool; the `with_reader!` and `with_tx!` macros run the same statement text against
//! whichever it is, so each query is type-checked against both drivers. The SQL sticks to
//! what both dialects share: `$1` placeholders, `RETURNING`, text ISO-8601 times,
//! booleans, 64-bit integers and doubles.
//!
//! SQLite writes go through a pool of exactly one connection. The bundled SQLite is older
//! than 3.51.3, and those versions can corrupt a WAL database when two connections write
//! or checkpoint at the same moment; one writer rules that out. Readers use their own pool.
//!
//! `Db` also carries the `catalog`, the cached picture of what the public pages list;
//! committing any write transaction marks it stale.
//!
//! Nothing here knows about HTTP or about who is asking; `api` checks that first.

pub mod accounts;
pub mod audit;
pub mod catalog;
pub mod companies;
pub mod placements;
pub mod regions;

use std::sync::Arc;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::error::AppError;
use catalog::Catalog;

/// The application's database, SQLite or PostgreSQL, with its catalog cache.
#[derive(Clone, Debug)]
pub struct Db {
    pools: Pools,
    catalog: Arc<Catalog>,
}

/// The connection pools of either backend.
#[derive(Clone, Debug)]
pub enum Pools {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// A write transaction on either backend. Dropping it without `commit` rolls back.
pub struct Tx {
    inner: TxInner,
    catalog: Arc<Catalog>,
}

pub(crate) enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the read pool of either backend.
macro_rules! with_reader {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db.pools() {
            $crate::db::Pools::Sqlite { read: $conn, .. } => $body,
            $crate::db::Pools::Postgres($conn) => $body,
        }
    };
}
/// Runs `$body` with `$conn` bound to the transaction's connection of either backend.
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx.inner_mut() {
            $crate::db::TxInner::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::TxInner::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use {with_reader, with_tx};

impl Db {
    /// An SQLite database; `write` must have exactly one connection.
    pub fn sqlite(read: SqlitePool, write: SqlitePool) -> Db {
        Db {
            pools: Pools::Sqlite { read, write },
            catalog: Arc::default(),
        }
    }

    pub fn postgres(pool: PgPool) -> Db {
        Db {
            pools: Pools::Postgres(pool),
            catalog: Arc::default(),
        }
    }

    pub fn pools(&self) -> &Pools {
        &self.pools
    }

    /// Starts a write transaction (on SQLite, on the one writer connection).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let inner = match &self.pools {
            Pools::Sqlite { write, .. } => TxInner::Sqlite(write.begin().await?),
            Pools::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            inner,
            catalog: self.catalog.clone(),
        })
    }

    /// `"sqlite"` or `"postgres"`, for logs and health reports.
    pub fn backend(&self) -> &'static str {
        match &self.pools {
            Pools::Sqlite { .. } => "sqlite",
            Pools::Postgres(_) => "postgres",
        }
    }

    /// Answers whether the database can be reached and read.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_reader!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }

    /// Closes every pool; later queries fail. Used at shutdown.
    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// Commits, then marks the catalog stale so the next read sees this write.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        self.catalog.mark_stale();
        Ok(())
    }

    /// Commits a write that changes nothing the public pages show (accounts, sessions,
    /// mail), so the catalog and the pages kept from it stay valid.
    pub async fn commit_unlisted(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await,
            TxInner::Postgres(tx) => tx.commit().await,
        }
    }

    pub(crate) fn inner_mut(&mut self) -> &mut TxInner {
        &mut self.inner
    }
}

/// What became of a save that names the version it was based on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved; the row now has this version.
    Done(i64),
    /// Someone saved in between: the row is at this version, and nothing changed.
    Stale(i64),
    /// There is no such row (for this company).
    Missing,
}

impl From<sqlx::Error> for AppError {
    /// Logs the database error in full and gives the browser only `Internal`.
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

/// Turns a stored code back into its enum; a code the schema should not allow is a
/// decode error, logged in full like any other database error.
pub(crate) fn decode_code<T>(code: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    parse(code).ok_or_else(|| sqlx::Error::Decode(format!("unknown code {code:?}").into()))
}

/// The current UTC time as stored: `2026-11-21T19:40:12Z`.
pub fn now_timestamp() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

/// The UTC time `seconds` from now (before now when negative), as stored.
pub fn timestamp_in(seconds: i64) -> String {
    timestamp(time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds))
}

/// A time as stored: whole seconds, UTC, so stored times compare correctly as text.
fn timestamp(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Today's UTC date as stored: `2026-11-21`.
pub fn today() -> String {
    now_timestamp()[..10].to_owned()
}

/// The database the server put into the reactive context for this request.
pub fn from_context() -> Result<Db, AppError> {
    leptos::prelude::use_context::<Db>().ok_or_else(|| {
        tracing::error!("no database in the request context");
        AppError::Internal
    })
}
