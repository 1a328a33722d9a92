//! Browsers and networks that logged in to an account before (`throttle::known_login_keys`),
//! stored as hashes. Nothing here is published.

use super::{Db, with_reader, with_tx};

/// The first of `keys` that logged in at or after `since_millis`, if any.
pub async fn first_known(db: &Db, keys: &[String], since_millis: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT key FROM known_logins WHERE key = $1 AND last_millis >= $2";
    for key in keys {
        let found: Option<(String,)> = with_reader!(db, pool => {
            sqlx::query_as(SQL).bind(key).bind(since_millis).fetch_optional(pool).await
        })?;
        if found.is_some() {
            return Ok(Some(key.clone()));
        }
    }
    Ok(None)
}

/// Records that `keys` logged in at `now_millis`.
pub async fn remember(db: &Db, keys: &[String], now_millis: i64) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO known_logins (key, last_millis) VALUES ($1, $2)
        ON CONFLICT (key) DO UPDATE SET last_millis = excluded.last_millis";
    let mut tx = db.begin().await?;
    for key in keys {
        with_tx!(tx, conn => sqlx::query(SQL).bind(key).bind(now_millis).execute(&mut *conn).await.map(drop))?;
    }
    tx.commit().await
}
