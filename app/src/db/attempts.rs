//! The throttle's records of attempts (see `throttle::Throttle`), one row per thing counted,
//! under the SHA-256 of its name. Nothing here is published: no page shows attempts.

use super::{Tx, with_tx};
use crate::domain::attempts::Failures;

/// Locks the records of `keys` (already hashed) for the rest of `tx` and reads them, in
/// the order given; `None` for a key never counted. On PostgreSQL the no-op update takes
/// the row's lock, so a second instance's attempt on the same key waits for this one's
/// commit and then reads what it stored; SQLite has one writer anyway.
///
/// A key never counted gets an empty record first (in `tx`: gone again if it rolls back),
/// so that two first attempts at once wait for each other too instead of both finding
/// nothing.
pub async fn lock(tx: &mut Tx, keys: &[String], now_millis: i64) -> Result<Vec<Option<Failures>>, sqlx::Error> {
    const MAKE: &str = "
        INSERT INTO attempts (key, failures, last_millis) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING";
    const LOCK: &str = "UPDATE attempts SET failures = failures WHERE key = $1";
    const READ: &str = "SELECT failures, last_millis FROM attempts WHERE key = $1";
    let mut found = Vec::with_capacity(keys.len());
    for key in keys {
        let (failures, last_millis): (i64, i64) = with_tx!(tx, conn => {
            sqlx::query(MAKE).bind(key).bind(now_millis).execute(&mut *conn).await?;
            sqlx::query(LOCK).bind(key).execute(&mut *conn).await?;
            sqlx::query_as(READ).bind(key).fetch_one(&mut *conn).await
        })?;
        found.push((failures > 0).then(|| Failures {
            count: u32::try_from(failures).unwrap_or(u32::MAX),
            last_millis,
        }));
    }
    Ok(found)
}

/// Holds, for the rest of `tx`, the lock of the mails sent to `address` for `kind` ("class
/// sign-ups", "interests"): a limit of mails per address counted after this sees every
/// other transaction's mail to that address, so parallel posts cannot all pass the count
/// before any of them is stored. Its record counts nothing and goes with the hourly purge.
pub async fn lock_mail_to(tx: &mut Tx, kind: &str, address: &str, now_millis: i64) -> Result<(), sqlx::Error> {
    let key = crate::tokens::token_hash(&format!("mail lock {kind} {address}"));
    lock(tx, &[key], now_millis).await.map(drop)
}

/// Stores `failures` as the record of `key`.
pub async fn store(tx: &mut Tx, key: &str, failures: Failures) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO attempts (key, failures, last_millis) VALUES ($1, $2, $3)
        ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_millis = excluded.last_millis";
    with_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(key)
            .bind(i64::from(failures.count))
            .bind(failures.last_millis)
            .execute(&mut *conn)
            .await
            .map(drop)
    })
}

/// Forgets the record of `key`.
pub async fn forget(tx: &mut Tx, key: &str) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => {
        sqlx::query("DELETE FROM attempts WHERE key = $1").bind(key).execute(&mut *conn).await.map(drop)
    })
}

/// Deletes the records whose last attempt came before `millis`: they no longer count.
/// Its own statement, outside any attempt's transaction.
pub async fn forget_before(db: &super::Db, millis: i64) -> Result<u64, sqlx::Error> {
    const SQL: &str = "DELETE FROM attempts WHERE last_millis < $1";
    match db.pools() {
        super::Pools::Sqlite { write, .. } => sqlx::query(SQL)
            .bind(millis)
            .execute(write)
            .await
            .map(|r| r.rows_affected()),
        super::Pools::Postgres(pool) => sqlx::query(SQL)
            .bind(millis)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
    }
}
