//! What is deleted when, and the students asked whether to keep their data longer.

use super::*;

/// What the daily purge deleted, by rule; counts only, for the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Not confirmed (by the student, or under 16 by a guardian) within 72 hours.
    pub unconfirmed: u64,
    /// Closed, withdrawn or started four weeks ago.
    pub over: u64,
}

impl Purged {
    pub fn total(self) -> u64 {
        self.unconfirmed + self.over
    }
}

/// The counted interests on their way (any stage that is not over) that nobody moved
/// since before `idle_before` and that are not kept beyond `now`: the purge closes them as
/// "not reachable", and they go four weeks later like any closed one.
pub async fn idle_on_the_way(db: &Db, idle_before: &str, now: &str) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT i.id FROM interests i
         WHERE i.stage IN ('interest', 'in-review', 'introduced', 'first-meeting', 'trial-day', 'agreement')
           AND i.stage_changed_at < $1 AND (i.keep_until IS NULL OR i.keep_until < $2)
           AND {COUNTED}
         ORDER BY i.id"
    );
    let rows: Vec<(i64,)> = with_reader!(db, pool => {
        sqlx::query_as(&sql).bind(idle_before).bind(now).fetch_all(pool).await
    })?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Deletes what the retention rules no longer allow to keep at `now`. "Keep me for the
/// next season" (`keep_until`) holds a closed interest until that moment; a withdrawn or
/// started one goes after four weeks regardless. (An interest left on its way is closed
/// first, by `api::board::close_idle_interests`, so it goes by the same rule.)
pub async fn purge(db: &Db, now: Instant) -> Result<Purged, sqlx::Error> {
    const UNCONFIRMED: &str = "
        DELETE FROM interests
        WHERE registered_by IS NULL AND created_at < $1
          AND (email_confirmed_at IS NULL OR (age_band = 'under-16' AND guardian_confirmed_at IS NULL))";
    const OVER: &str = "
        DELETE FROM interests
        WHERE stage_changed_at < $1
          AND (stage IN ('withdrawn', 'started') OR (stage = 'closed' AND (keep_until IS NULL OR keep_until < $2)))";
    let unconfirmed_before = now.plus_seconds(-retention::UNCONFIRMED_HOURS * 3600).stored();
    let over_before = now.plus_seconds(-retention::OVER_DAYS * 86_400).stored();
    let now = now.stored();
    let mut tx = db.begin().await?;
    let purged = with_tx!(tx, conn => {
        let unconfirmed = sqlx::query(UNCONFIRMED).bind(&unconfirmed_before).execute(&mut *conn).await?;
        let over = sqlx::query(OVER).bind(&over_before).bind(&now).execute(&mut *conn).await?;
        Ok::<_, sqlx::Error>(Purged {
            unconfirmed: unconfirmed.rows_affected(),
            over: over.rows_affected(),
        })
    })?;
    if purged.total() > 0 {
        tx.changed(Change::Interest { id: 0 });
    }
    tx.commit().await?;
    Ok(purged)
}

/// A student to ask whether to keep their data longer: one interest of theirs (whose link
/// the mail renews), their first name and address, and until when it is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepEnding {
    pub id: i64,
    pub first_name: String,
    pub email: String,
    pub keep_until: Instant,
}

/// The students whose "keep me for next season" ends between `now` and `before` and who
/// were not asked yet, one per address.
pub async fn keeps_ending(db: &Db, now: &str, before: &str) -> Result<Vec<KeepEnding>, sqlx::Error> {
    const SQL: &str = "
        SELECT i.id, i.first_name, i.email, i.keep_until FROM interests i
        WHERE i.keep_until > $1 AND i.keep_until < $2 AND i.keep_asked_at IS NULL
          AND i.id = (SELECT MIN(o.id) FROM interests o
                      WHERE o.email = i.email AND o.keep_until > $1 AND o.keep_asked_at IS NULL)
        ORDER BY i.id";
    let rows: Vec<(i64, String, String, String)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(now).bind(before).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(id, first_name, email, until)| {
            Ok(KeepEnding {
                id,
                first_name,
                email,
                keep_until: decode_code(&until, Instant::parse)?,
            })
        })
        .collect()
}

/// Marks the kept interests of `email` as asked, and gives interest `id` a new link (the
/// hash of the token the mail carries): the old one of that interest stops working.
pub async fn mark_keep_asked(
    tx: &mut Tx,
    id: i64,
    email: &str,
    token_hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    const ASKED: &str = "UPDATE interests SET keep_asked_at = $2 WHERE email = $1 AND keep_until IS NOT NULL";
    const LINK: &str = "UPDATE interests SET token_hash = $2 WHERE id = $1";
    with_tx!(tx, conn => {
        sqlx::query(ASKED).bind(email).bind(now).execute(&mut *conn).await?;
        sqlx::query(LINK).bind(id).bind(token_hash).execute(&mut *conn).await.map(drop)
    })?;
    tx.changed(Change::Interest { id });
    Ok(())
}
