//! Putting a message in the outbox, and what the outbox keeps of it once it is sent.

use super::Message;
use crate::db::{Tx, outbox};
use crate::domain::EmailAddress;

/// Where a link's token starts in a message: the paths of the pages such links open (a
/// password page, a class sign-up's page, a student's interests, a guardian's consent).
const LINK_PATHS: [&str; 4] = ["/wachtwoord/", "/aanmelding/", "/mijn-interesse/", "/toestemming/"];

/// `body` with every one-time link's token replaced by "…": what the outbox keeps of a
/// message once it is sent, so neither the outbox nor a copy of the database opens an
/// account with it.
pub fn without_links(body: &str) -> String {
    let mut kept = String::with_capacity(body.len());
    let mut rest = body;
    while let Some((start, path)) = LINK_PATHS
        .iter()
        .filter_map(|path| rest.find(path).map(|start| (start, path)))
        .min()
    {
        let (before, link) = rest.split_at(start + path.len());
        kept.push_str(before);
        let token_end = link.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(link.len());
        if token_end > 0 {
            kept.push('…');
        }
        rest = &link[token_end..];
    }
    kept.push_str(rest);
    kept
}

/// Writes `message` for `recipient` to the outbox and logs that it is waiting.
pub async fn queue(
    tx: &mut Tx,
    recipient: &EmailAddress,
    message: &Message,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let id = outbox::record_mail(tx, recipient, message, user_id, None, now).await?;
    tracing::info!(
        mail = id,
        "a message is waiting in the outbox: SMTP sends it when configured, otherwise the coordinator forwards it from /beheer"
    );
    Ok(id)
}

/// Writes `message` about interest `interest_id` for `recipient` (the student or their
/// parent) to the outbox: it is deleted with the interest.
pub async fn queue_about_interest(
    tx: &mut Tx,
    recipient: &EmailAddress,
    message: &Message,
    interest_id: i64,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let id = outbox::record_mail(tx, recipient, message, None, Some(interest_id), now).await?;
    tracing::info!(mail = id, "a message to a student or parent is waiting in the outbox");
    Ok(id)
}
