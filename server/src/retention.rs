//! The purge of students' data the retention rules no longer allow to keep
//! (`app::domain::interests::retention`): unconfirmed interests after 72 hours; one that
//! nobody moved for six months, in whatever stage on its way, is closed as "not
//! reachable" (the student is told); closed, withdrawn and started ones go four weeks later. Each instance tries at start and
//! every hour, and one of them runs it per clock hour (`jobs`), so nothing outlives its
//! rule by more than about two hours; it logs counts only. The same job asks
//! students whose "keep me for next season" ends within two weeks whether to keep it longer.

use std::time::Duration;

use app::db::Db;

/// How often the purge runs.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Runs the purge at start and every `PURGE_EVERY` until the database is closed.
pub async fn purge_interests(db: Db, site: app::auth::SiteSettings) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if db.is_closed() {
            return;
        }
        purge_round(&db, &site, app::db::now_instant()).await;
    }
}

/// One round of the purge at `now`, if no instance ran it in this clock hour yet (two
/// would mail a student twice, and the second "keep me longer?" link would replace the
/// first); returns whether this one ran it.
pub async fn purge_round(db: &Db, site: &app::auth::SiteSettings, now: app::domain::Instant) -> bool {
    if !crate::jobs::my_turn(db, "purge-interests", PURGE_EVERY, now).await {
        return false;
    }
    match app::api::board::close_idle_interests(db, now).await {
        Ok(0) => {}
        Ok(closed) => tracing::info!(closed, "closed interests nobody moved for six months (students told)"),
        Err(error) => tracing::warn!(?error, "cannot close idle interests"),
    }
    match app::db::interests::purge(db, now).await {
        Ok(purged) if purged.total() == 0 => {}
        Ok(purged) => tracing::info!(
            unconfirmed = purged.unconfirmed,
            settled = purged.over,
            "deleted students' interests the retention rules no longer keep"
        ),
        Err(error) => tracing::warn!(%error, "cannot purge old interests"),
    }
    match app::db::expiry::forget_expired(db, now).await {
        Ok(expired) if expired.total() == 0 => {}
        Ok(expired) => tracing::info!(
            sessions = expired.sessions,
            links = expired.links,
            pairings = expired.pairings,
            attempts = expired.attempts,
            known_logins = expired.known_logins,
            drafts = expired.drafts,
            sign_ups = expired.sign_ups,
            "deleted what is kept only for a while"
        ),
        Err(error) => tracing::warn!(%error, "cannot delete expired sessions, links, codes and sign-ups"),
    }
    match app::api::interests::ask_before_keep_ends(db, site, now).await {
        Ok(0) => {}
        Ok(asked) => tracing::info!(asked, "asked students whether to keep their data longer"),
        Err(error) => tracing::warn!(?error, "cannot ask students about keeping their data"),
    }
    true
}
