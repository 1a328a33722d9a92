//! Plain SQL for tests, written once for both databases: run a statement, read a count or a
//! text, snapshot what is stored, find the tables that hold a value.

use super::*;

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
