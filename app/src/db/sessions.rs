//! Sessions: made at login, read and touched on each request, ended at logout.

use super::accounts::{USER_COLUMNS, User, UserRow};
use super::{Db, Tx, with_reader, with_tx};

/// Starts a session for `user_id` under this token hash.
pub async fn create_session(tx: &mut Tx, token_hash: &str, user_id: i64, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(token_hash).bind(user_id).bind(now).execute(&mut *conn).await?;
        Ok(())
    })
}

/// The account of a live session: one seen after `idle_since` and started after
/// `started_since` (the idle and absolute time-outs, as times).
pub async fn session_user(
    db: &Db,
    token_hash: &str,
    idle_since: &str,
    started_since: &str,
) -> Result<Option<User>, sqlx::Error> {
    let sql = format!(
        "SELECT {USER_COLUMNS} JOIN sessions s ON s.user_id = u.id
         WHERE s.token_hash = $1 AND s.last_seen_at > $2 AND s.created_at > $3"
    );
    let row: Option<UserRow> = with_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(idle_since)
            .bind(started_since)
            .fetch_optional(pool)
            .await
    })?;
    row.map(User::try_from).transpose()
}

/// Marks the session as seen at `now`, which keeps it from idling out; only when it was
/// last marked before `unless_since`, so a busy session is not written on every request.
pub async fn touch_session(tx: &mut Tx, token_hash: &str, now: &str, unless_since: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $3";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(token_hash).bind(now).bind(unless_since).execute(&mut *conn).await?;
        Ok(())
    })
}

/// Ends one session (logout).
pub async fn end_session(tx: &mut Tx, token_hash: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM sessions WHERE token_hash = $1";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(token_hash).execute(&mut *conn).await?;
        Ok(())
    })
}
