//! The silent-screen watch: once a minute the server mails the owners of a screen that stopped
//! reporting during its on-hours, and again when it is back.

use crate::auth::SiteSettings;
use crate::domain::{Instant, Screen};

/// Mails the owners of every screen silent for `ALERT_AFTER_SECONDS` during its on-hours,
/// once per silence; returns how many screens that was. Run once a minute by the server.
pub async fn alert_silent_screens(db: &crate::db::Db, site: &SiteSettings, now: Instant) -> Result<usize, sqlx::Error> {
    use crate::domain::screens::ALERT_AFTER_SECONDS;

    let silent_since = now.plus_seconds(-ALERT_AFTER_SECONDS);
    let mut told = 0;
    for screen in crate::db::screens::list_silent_screens(db, silent_since).await? {
        // Only a silence in its on-hours counts: at night it is meant to be dark.
        if !screen.settings.on_hours.is_on(now) {
            continue;
        }
        let mut tx = db.begin().await?;
        if crate::db::screens::mark_alerted(&mut tx, screen.id, silent_since, now).await? {
            tell_owners(&mut tx, &screen, crate::mail::ScreenNews::Offline, site, now).await?;
            told += 1;
        }
        tx.commit().await?;
    }
    Ok(told)
}

/// Mails `news` about `screen` to its owners.
pub async fn tell_owners(
    tx: &mut crate::db::Tx,
    screen: &Screen,
    news: crate::mail::ScreenNews,
    site: &SiteSettings,
    now: Instant,
) -> Result<(), sqlx::Error> {
    let last_seen = screen.last_seen.map_or_else(String::new, |seen| {
        let local = seen.in_amsterdam();
        format!(
            "{:02}-{:02}-{} {:02}:{:02}",
            local.day(),
            u8::from(local.month()),
            local.year(),
            local.hour(),
            local.minute()
        )
    });
    let page = format!("{}/beheer/schermen", site.public_url);
    let message = crate::mail::screen_status(news, &screen.settings.name, &last_seen, &page);
    for (user_id, email) in crate::db::screens::owners_of(tx, screen.id).await? {
        let Ok(address) = crate::domain::EmailAddress::parse(&email) else {
            continue;
        };
        crate::mail::queue(tx, &address, &message, Some(user_id), &now.stored()).await?;
    }
    Ok(())
}
