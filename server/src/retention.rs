//! The purge of students' data the retention rules no longer allow to keep
//! (`app::domain::interests::retention`): unconfirmed interests after 72 hours, settled
//! ones four weeks later, idle ones after six months. It runs at start and every hour, so
//! nothing outlives its rule by more than an hour, and logs counts only. The same job asks
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
        match app::db::interests::purge(&db, app::db::now_instant()).await {
            Ok(purged) if purged.total() == 0 => {}
            Ok(purged) => tracing::info!(
                unconfirmed = purged.unconfirmed,
                settled = purged.over,
                idle = purged.idle,
                "deleted students' interests the retention rules no longer keep"
            ),
            Err(error) => tracing::warn!(%error, "cannot purge old interests"),
        }
        match app::api::interests::ask_before_keep_ends(&db, &site, app::db::now_instant()).await {
            Ok(0) => {}
            Ok(asked) => tracing::info!(asked, "asked students whether to keep their data longer"),
            Err(error) => tracing::warn!(?error, "cannot ask students about keeping their data"),
        }
    }
}
