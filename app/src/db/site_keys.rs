//! The site's own keys (for signing), made once by whoever asks first.

use super::{Db, with_tx};

/// The site's key named `name` as hex: made from `fresh` by whoever asks first, read by
/// everyone after (every instance, every restart).
pub async fn site_key(db: &Db, name: &str, fresh: &str) -> Result<String, sqlx::Error> {
    const INSERT: &str = "
        INSERT INTO site_keys (name, key_hex, created_at) VALUES ($1, $2, $3)
        ON CONFLICT (name) DO NOTHING";
    const SELECT: &str = "SELECT key_hex FROM site_keys WHERE name = $1";
    let now = super::now_timestamp();
    let mut tx = db.begin().await?;
    let (key,): (String,) = with_tx!(tx, conn => {
        sqlx::query(INSERT).bind(name).bind(fresh).bind(&now).execute(&mut *conn).await?;
        sqlx::query_as(SELECT).bind(name).fetch_one(&mut *conn).await
    })?;
    tx.commit().await?;
    Ok(key)
}
