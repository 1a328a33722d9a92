//! Opening the database named by `DATABASE_URL` and bringing its schema up to date.
//!
//! SQLite gets WAL, a busy timeout and foreign keys on every connection, one writer
//! connection and a pool of readers (see `app::db` for why). PostgreSQL gets one pool,
//! and its database is created when it does not exist yet.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use app::db::Db;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How many readers SQLite gets; reads do not block each other or the writer in WAL mode.
const SQLITE_READERS: u32 = 8;
const POSTGRES_CONNECTIONS: u32 = 16;

/// Opens the database, creating an SQLite file (and its folder) or a PostgreSQL database
/// when missing, and applies pending migrations.
pub async fn open(url: &str) -> anyhow::Result<Db> {
    let shown = redact(url);
    if url.starts_with("sqlite:") {
        open_sqlite(url)
            .await
            .with_context(|| format!("cannot open the SQLite database {shown}"))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        open_postgres(url)
            .await
            .with_context(|| format!("cannot open the PostgreSQL database {shown}"))
    } else {
        bail!("DATABASE_URL must start with sqlite:// or postgres://, not {shown}")
    }
}

async fn open_sqlite(url: &str) -> anyhow::Result<Db> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let file = options.get_filename();
    if file.as_os_str() == ":memory:" || file.as_os_str().is_empty() {
        bail!("an in-memory SQLite database cannot be shared by the reader and writer pools; name a file");
    }
    if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(folder)
            .await
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    migrate_sqlite(&options).await?;
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.clone())
        .await?;
    let read = SqlitePoolOptions::new()
        .max_connections(SQLITE_READERS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.read_only(true))
        .await?;
    Ok(Db::sqlite(read, write))
}

/// Applies pending migrations on a connection of its own with foreign keys off. SQLite
/// changes a table's constraints only by rebuilding it, and dropping the old table with
/// foreign keys on would delete or empty the rows that refer to it (`ON DELETE CASCADE`,
/// `SET NULL`). A migration that rebuilds a table checks every reference before it
/// commits (see `0013_teachers.sql`); all of them are checked again here, after the last.
async fn migrate_sqlite(options: &SqliteConnectOptions) -> anyhow::Result<()> {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.clone().foreign_keys(false))
        .await?;
    SQLITE_MIGRATIONS
        .run(&pool)
        .await
        .map_err(|error| migration_failure(error, &SQLITE_MIGRATIONS))?;
    let broken: Vec<(String, Option<i64>)> = sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
        .fetch_all(&pool)
        .await?;
    pool.close().await;
    if let Some((table, row)) = broken.first() {
        bail!(
            "after the migrations {} rows refer to rows that do not exist, the first in table {table} (rowid {})",
            broken.len(),
            row.map_or_else(|| "none".to_owned(), |r| r.to_string())
        );
    }
    Ok(())
}

async fn open_postgres(url: &str) -> anyhow::Result<Db> {
    if !sqlx::Postgres::database_exists(url).await? {
        sqlx::Postgres::create_database(url).await?;
        tracing::info!(database = %redact(url), "created the PostgreSQL database");
    }
    let pool = PgPoolOptions::new()
        .max_connections(POSTGRES_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    // Several instances starting at once: sqlx holds an advisory lock on PostgreSQL while
    // it migrates, so one applies what is pending and the others find it done.
    POSTGRES_MIGRATIONS
        .run(&pool)
        .await
        .map_err(|error| migration_failure(error, &POSTGRES_MIGRATIONS))?;
    Ok(Db::postgres(pool))
}

/// The newest migration this release knows for `db`'s backend: a database with a newer
/// one was migrated by a newer release.
pub fn newest_known_migration(db: &Db) -> i64 {
    let known = match db.backend() {
        "postgres" => &POSTGRES_MIGRATIONS,
        _ => &SQLITE_MIGRATIONS,
    };
    known.iter().map(|m| m.version).max().unwrap_or(0)
}

/// What a failed migration means, in words: a database that a newer release migrated
/// (this one would not know its tables) or a migration changed after it ran is named as
/// such; anything else as the driver says it.
fn migration_failure(error: sqlx::migrate::MigrateError, known: &sqlx::migrate::Migrator) -> anyhow::Error {
    use sqlx::migrate::MigrateError;
    let newest_known = known.iter().map(|m| m.version).max().unwrap_or(0);
    match error {
        MigrateError::VersionMissing(version) if version > newest_known => anyhow::anyhow!(
            "the database's schema is newer than this techkaart knows (it has migration {version}, this release \
             knows up to {newest_known}): start the release that migrated it, or restore a backup made for this one"
        ),
        MigrateError::VersionMissing(version) => anyhow::anyhow!(
            "the database has migration {version}, which this techkaart does not know: it was migrated by another build"
        ),
        MigrateError::VersionMismatch(version) => anyhow::anyhow!(
            "migration {version} was changed after it was applied to this database; migrations are append-only"
        ),
        other => anyhow::Error::new(other).context("migrations failed"),
    }
}

/// The URL with any password replaced by `***`, fit for logs and error messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, None), |(a, p)| (a, Some(p)));
    let authority = match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{credentials}@{host}"),
        },
        None => authority.to_owned(),
    };
    match path {
        Some(path) => format!("{scheme}://{authority}/{path}"),
        None => format!("{scheme}://{authority}"),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden_and_everything_else_kept() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/techkaart"),
            "postgres://app:***@db:5432/techkaart"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(redact("sqlite://data/techkaart.db"), "sqlite://data/techkaart.db");
    }
}
