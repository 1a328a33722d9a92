//! Refused forms' errors with what was typed, kept on the server for a few minutes so the
//! browser's address carries only a random id (see `server::form_errors`). Keys and
//! browsers are stored as SHA-256 hashes. Nothing here is published.

use super::{Db, with_reader, with_tx};

/// A refused form's error as kept: which server function refused it and its encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptError {
    pub server_fn: String,
    pub error: String,
}

/// Keeps `error` from `server_fn` for the form on `page`, under `key` for `browser` (both
/// hashed), at `now_millis`; deletes drafts created before `forget_before_millis` in the
/// same transaction, so the table holds only the last few minutes.
pub async fn keep(
    db: &Db,
    key: &str,
    browser: &str,
    page: &str,
    kept: &KeptError,
    now_millis: i64,
    forget_before_millis: i64,
) -> Result<(), sqlx::Error> {
    const FORGET: &str = "DELETE FROM form_drafts WHERE created_millis < $1";
    const INSERT: &str = "
        INSERT INTO form_drafts (key, browser, page, server_fn, error, created_millis)
        VALUES ($1, $2, $3, $4, $5, $6)";
    let mut tx = db.begin().await?;
    with_tx!(tx, conn => {
        sqlx::query(FORGET).bind(forget_before_millis).execute(&mut *conn).await?;
        sqlx::query(INSERT)
            .bind(key)
            .bind(browser)
            .bind(page)
            .bind(&kept.server_fn)
            .bind(&kept.error)
            .bind(now_millis)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })?;
    tx.commit().await
}

/// The error kept under `key` for `browser` on `page`, if it was created at or after
/// `since_millis`.
pub async fn find(
    db: &Db,
    key: &str,
    browser: &str,
    page: &str,
    since_millis: i64,
) -> Result<Option<KeptError>, sqlx::Error> {
    const SQL: &str = "
        SELECT server_fn, error FROM form_drafts
        WHERE key = $1 AND browser = $2 AND page = $3 AND created_millis >= $4";
    let row: Option<(String, String)> = with_reader!(db, pool => {
        sqlx::query_as(SQL)
            .bind(key)
            .bind(browser)
            .bind(page)
            .bind(since_millis)
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.map(|(server_fn, error)| KeptError { server_fn, error }))
}
