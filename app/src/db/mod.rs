//! Server-side data access: small named query functions, one file per resource.
//!
//! One set of SQL serves both backends. `Db` holds either SQLite pools or a PostgreSQL
//! pool; the `with_reader!` and `with_tx!` macros run the same statement text against whichever
//! it is, so each query is type-checked against both drivers. The SQL sticks to what
//! both dialects share: `$1` placeholders, `RETURNING`, text ISO-8601 times, booleans,
//! 64-bit integers and doubles.
//!
//! SQLite writes go through a pool of exactly one connection. The bundled SQLite is older
//! than 3.51.3, and those versions can corrupt a WAL database when two connections write
//! or checkpoint at the same moment; one writer rules that out. Readers use their own pool.
//!
//! Nothing here knows about HTTP or about who is asking; `api` checks that first.

pub mod companies;
pub mod placements;
pub mod regions;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::error::AppError;

/// The application's database, SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// A write transaction on either backend. Dropping it without `commit` rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the read pool of either backend.
macro_rules! with_reader {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { read: $conn, .. } => $body,
            $crate::db::Db::Postgres($conn) => $body,
        }
    };
}
/// Runs `$body` with `$conn` bound to the transaction's connection of either backend.
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use {with_reader, with_tx};

impl Db {
    /// Starts a write transaction (on SQLite, on the one writer connection).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// `"sqlite"` or `"postgres"`, for logs and health reports.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite { .. } => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Answers whether the database can be reached and read.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_reader!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }

    /// Closes every pool; later queries fail. Used at shutdown.
    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
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

/// The current UTC time as stored: `2026-11-21T19:40:12Z`.
pub fn now_timestamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
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
