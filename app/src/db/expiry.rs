//! Deletes what is kept only for a while, once its time is over: sessions, one-time links,
//! screens' pairing codes, throttle records, known logins, refused forms' drafts and
//! teachers' class sign-ups. Everything a person may ask "how long do you keep this?" about that is not a
//! student's interest (`interests::purge`) or a mail (`outbox::prune_outbox`) is here,
//! with its rule, so `/privacy` and the README can say exactly that.

use super::{Db, with_tx};

/// A session's cookie no longer works this long after its last use or its start
/// (`domain::accounts::SESSION_IDLE_SECONDS`, `SESSION_MAX_SECONDS`); the row goes then.
/// One-time links go a day after they ran out or were used.
pub const LINK_KEPT_SECONDS: i64 = 24 * 3600;
/// A throttle record stops counting after an hour of quiet.
pub const ATTEMPT_KEPT_MILLIS: i64 = 3600 * 1000;
/// A class sign-up is kept four weeks after its event ended: long enough for the
/// organiser's questions afterwards, no longer.
pub const SIGN_UP_KEPT_DAYS: i64 = 28;
/// A class sign-up its teacher did not confirm holds nothing and goes after 48 hours.
pub const UNCONFIRMED_SIGN_UP_HOURS: i64 = 48;
/// A refused form's draft is shown for ten minutes (`server::form_errors::KEPT_FOR`).
pub const DRAFT_KEPT_MILLIS: i64 = 10 * 60 * 1000;

/// How many rows of each kind one round deleted; counts only, for the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expired {
    pub sessions: u64,
    pub links: u64,
    pub pairings: u64,
    pub attempts: u64,
    pub known_logins: u64,
    pub drafts: u64,
    pub sign_ups: u64,
}

impl Expired {
    pub fn total(self) -> u64 {
        self.sessions + self.links + self.pairings + self.attempts + self.known_logins + self.drafts + self.sign_ups
    }
}

/// Deletes everything whose time is over at `now`, in one transaction.
pub async fn forget_expired(db: &Db, now: crate::domain::Instant) -> Result<Expired, sqlx::Error> {
    use crate::domain::accounts::{SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS};
    const SESSIONS: &str = "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2";
    const LINKS: &str = "DELETE FROM one_time_links WHERE expires_at < $1 OR used_at < $1";
    const PAIRINGS: &str = "DELETE FROM screen_pairings WHERE expires_at <= $1";
    const ATTEMPTS: &str = "DELETE FROM attempts WHERE last_millis < $1";
    const KNOWN_LOGINS: &str = "DELETE FROM known_logins WHERE last_millis < $1";
    const DRAFTS: &str = "DELETE FROM form_drafts WHERE created_millis < $1";
    const SIGN_UPS: &str = "
        DELETE FROM event_sign_ups
        WHERE event_id IN (SELECT id FROM events WHERE ends_at < $1) OR (confirmed_at IS NULL AND created_at < $2)";
    let idle_since = now.plus_seconds(-SESSION_IDLE_SECONDS).stored();
    let started_since = now.plus_seconds(-SESSION_MAX_SECONDS).stored();
    let links_before = now.plus_seconds(-LINK_KEPT_SECONDS).stored();
    let stamp = now.stored();
    let millis = i64::try_from(now.utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
    let events_before = now.plus_seconds(-SIGN_UP_KEPT_DAYS * 86_400).stored();
    let unconfirmed_before = now.plus_seconds(-UNCONFIRMED_SIGN_UP_HOURS * 3600).stored();
    let mut tx = db.begin().await?;
    let expired = with_tx!(tx, conn => {
        Ok::<_, sqlx::Error>(Expired {
            sessions: sqlx::query(SESSIONS)
                .bind(&idle_since)
                .bind(&started_since)
                .execute(&mut *conn)
                .await?
                .rows_affected(),
            links: sqlx::query(LINKS).bind(&links_before).execute(&mut *conn).await?.rows_affected(),
            pairings: sqlx::query(PAIRINGS).bind(&stamp).execute(&mut *conn).await?.rows_affected(),
            attempts: sqlx::query(ATTEMPTS)
                .bind(millis - ATTEMPT_KEPT_MILLIS)
                .execute(&mut *conn)
                .await?
                .rows_affected(),
            known_logins: sqlx::query(KNOWN_LOGINS)
                .bind(millis - crate::domain::attempts::KNOWN_LOGIN_DAYS * 86_400_000)
                .execute(&mut *conn)
                .await?
                .rows_affected(),
            drafts: sqlx::query(DRAFTS)
                .bind(millis - DRAFT_KEPT_MILLIS)
                .execute(&mut *conn)
                .await?
                .rows_affected(),
            sign_ups: sqlx::query(SIGN_UPS)
                .bind(&events_before)
                .bind(&unconfirmed_before)
                .execute(&mut *conn)
                .await?
                .rows_affected(),
        })
    })?;
    tx.commit().await?;
    Ok(expired)
}
