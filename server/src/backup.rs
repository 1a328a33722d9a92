//! `techkaart backup FILE` and `techkaart restore FILE` for the embedded SQLite database.
//!
//! A backup is SQLite's `VACUUM INTO`: one consistent snapshot of the whole database, taken
//! on a reading connection while the app goes on serving and writing (WAL lets readers and
//! the writer pass each other), compacted, in a single file. A restore copies such a file
//! to where `DATABASE_URL` points, which must not exist yet (an empty database: nothing is
//! ever overwritten), and then opens it as the server would: migrations made since the
//! backup are applied, and a backup from a newer release is refused like any newer schema.
//! PostgreSQL has its own tools for both (`pg_dump`, `pg_restore`; see the README), which
//! these commands name when asked on PostgreSQL.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use app::db::Db;

/// What `pg_dump` and `pg_restore` do for a PostgreSQL database, as these commands say it.
const POSTGRES_ADVICE: &str = "on PostgreSQL use its own tools: pg_dump --format=custom --file FILE \"$DATABASE_URL\" \
     to back up, and pg_restore --no-owner --dbname \"$DATABASE_URL\" FILE into an empty database to restore";

/// Writes a consistent copy of `db` to `file`, which must not exist yet.
pub async fn backup(db: &Db, file: &Path) -> anyhow::Result<()> {
    let app::db::Pools::Sqlite { read, .. } = db.pools() else {
        bail!("techkaart backup works on the SQLite database; {POSTGRES_ADVICE}");
    };
    if file.exists() {
        bail!("{} exists already; a backup never overwrites a file", file.display());
    }
    let target = file
        .to_str()
        .with_context(|| format!("{} is not a path SQLite can take", file.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(read)
        .await
        .with_context(|| format!("cannot write the backup to {}", file.display()))?;
    Ok(())
}

/// The SQLite file `database_url` names.
pub fn sqlite_file(database_url: &str) -> anyhow::Result<PathBuf> {
    use std::str::FromStr;
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(database_url)
        .with_context(|| format!("cannot read the SQLite address {database_url}"))?;
    Ok(options.get_filename().to_path_buf())
}

/// Puts the backup `file` where `database_url` points, which must be an SQLite file that
/// does not exist yet, and opens it (bringing its schema up to this release). Returns the
/// opened database.
pub async fn restore(database_url: &str, file: &Path) -> anyhow::Result<Db> {
    if !database_url.starts_with("sqlite:") {
        bail!("techkaart restore works on an SQLite database; {POSTGRES_ADVICE}");
    }
    let target = sqlite_file(database_url)?;
    if target.exists() {
        bail!(
            "{} exists already; restore only into a database that does not exist yet (move the old one away first)",
            target.display()
        );
    }
    check_is_backup(file).await?;
    if let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(folder)
            .await
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    // Copied under another name and renamed: a restore cut short leaves no half database
    // where the server would open it.
    let partial = target.with_extension("restoring");
    tokio::fs::copy(file, &partial)
        .await
        .with_context(|| format!("cannot copy {} to {}", file.display(), partial.display()))?;
    tokio::fs::rename(&partial, &target)
        .await
        .with_context(|| format!("cannot move the copy to {}", target.display()))?;
    crate::database::open(database_url).await
}

/// Refuses a file that is not a Techkaart SQLite database.
async fn check_is_backup(file: &Path) -> anyhow::Result<()> {
    use sqlx::Connection;
    if !file.is_file() {
        bail!("there is no backup file {}", file.display());
    }
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(file).read_only(true);
    let found: Result<(i64,), sqlx::Error> = async {
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
        let count = sqlx::query_as(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('_sqlx_migrations', 'companies', 'users')",
        )
        .fetch_one(&mut conn)
        .await;
        conn.close().await.ok();
        count
    }
    .await;
    match found {
        Ok((3,)) => Ok(()),
        _ => bail!(
            "{} is not a Techkaart backup (an SQLite database with its tables)",
            file.display()
        ),
    }
}
