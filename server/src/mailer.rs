//! Sends the outbox through SMTP when `TECHKAART_SMTP_URL` is set.
//!
//! Mail is written to the outbox in the transaction that caused it; this sender takes
//! what is waiting (woken when a commit published new mail, and once a minute to retry),
//! claims each message (several instances may each run a sender over one outbox: only one
//! claim succeeds, so a message goes out once), sends it and marks it sent. A message SMTP
//! refuses is tried again after a wait that doubles with every refusal (`first_wait`), and
//! given up after `MAX_ATTEMPTS`, so one bad address never holds up the mail behind it;
//! the outbox shows what was given up. The log names the message id and the error, never
//! the content, since the body holds a one-time link.

use std::time::Duration;

use anyhow::Context;
use app::db::changes::{Change, Committed};
use app::db::{Db, outbox};
use app::domain::accounts::Mail;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

/// How often waiting mail is tried again without a wake-up.
const RETRY_EVERY: Duration = Duration::from_secs(60);
/// Messages read from the outbox at a time.
const BATCH: i64 = 50;
/// Refusals after which a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// The wait after the first refusal; it doubles with each further one.
const FIRST_WAIT_SECONDS: i64 = 5 * 60;
/// The longest wait between two attempts.
const LONGEST_WAIT_SECONDS: i64 = 6 * 3600;
/// How long a sender holds a message it is sending (SMTP gives up after 20 seconds); a
/// sender that died holding one lets another try it after this.
const CLAIM_SECONDS: i64 = 120;

/// When a message refused for the `attempts`-th time is tried again, or `None` when it is
/// given up. The waits add up to about ten hours before a message is given up.
pub fn retry_after_refusal(attempts: i64, now: app::domain::Instant) -> Option<app::domain::Instant> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    let wait = (FIRST_WAIT_SECONDS << doublings).min(LONGEST_WAIT_SECONDS);
    Some(now.plus_seconds(wait))
}

/// An SMTP connection and the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// From `smtp://[user:password@]host[:port]` (plain; add `?tls=required` for
    /// STARTTLS) or `smtps://...` (TLS), and the sender as `Name <address>`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("TECHKAART_SMTP_URL is no usable SMTP address")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .with_context(|| format!("TECHKAART_MAIL_FROM {from:?} is no usable sender address"))?;
        Ok(Mailer { transport, from })
    }

    async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(mail.recipient.parse::<Mailbox>().context("recipient")?)
            .subject(&mail.subject)
            .body(mail.body.clone().unwrap_or_default())
            .context("message")?;
        self.transport.send(message).await.context("SMTP")?;
        Ok(())
    }
}

/// Tries every message due at `now` once, in batches; returns how many SMTP took. A
/// message tried here is sent or waits until after `now`, so the batches come to an end.
pub async fn deliver_waiting(db: &Db, mailer: &Mailer, now: app::domain::Instant) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    loop {
        let batch = outbox::list_unsent(db, &now.stored(), BATCH).await?;
        let full = batch.len() as i64 == BATCH;
        sent += deliver(db, mailer, now, batch).await?;
        if !full {
            return Ok(sent);
        }
    }
}

async fn deliver(db: &Db, mailer: &Mailer, now: app::domain::Instant, batch: Vec<Mail>) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    let at = now.stored();
    let claimed_until = now.plus_seconds(CLAIM_SECONDS).stored();
    for mail in batch {
        // Another instance's sender may have read the same batch: whoever claims the
        // message first sends it, the others leave it.
        if !outbox::claim_mail(db, mail.id, &at, &claimed_until).await? {
            continue;
        }
        // Sent before the transaction begins: SQLite's one writer is not held while SMTP talks.
        let outcome = mailer.send(&mail).await;
        let mut tx = db.begin().await?;
        match outcome {
            Ok(()) => {
                let body_kept = app::mail::without_links(mail.body.as_deref().unwrap_or_default());
                outbox::mark_sent(&mut tx, mail.id, &at, &body_kept).await?;
                sent += 1;
                tracing::info!(mail = mail.id, "mail sent");
            }
            Err(error) => {
                let attempts = mail.attempts + 1;
                let retry_at = retry_after_refusal(attempts, now).map(|at| at.stored());
                let body_given_up = app::mail::without_links(mail.body.as_deref().unwrap_or_default());
                outbox::record_refusal(&mut tx, mail.id, &at, retry_at.as_deref(), &body_given_up).await?;
                match &retry_at {
                    Some(retry_at) => tracing::warn!(
                        mail = mail.id,
                        attempts,
                        %retry_at,
                        error = format!("{error:#}"),
                        "mail not sent; tried again later"
                    ),
                    None => tracing::error!(
                        mail = mail.id,
                        attempts,
                        error = format!("{error:#}"),
                        "mail not sent and given up; the outbox shows it"
                    ),
                }
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// Sends waiting mail whenever a commit published mail, and every minute, until the
/// process ends.
pub async fn run(db: Db, mailer: Mailer) {
    let mut changes = db.subscribe();
    loop {
        // What was published up to here (this sender's own "sent" marks among it) is
        // in the outbox the next round reads; only what comes later wakes it again.
        while let Ok(_) | Err(TryRecvError::Lagged(_)) = changes.try_recv() {}
        let now = app::domain::Instant::from_utc(time::OffsetDateTime::now_utc());
        if let Err(error) = deliver_waiting(&db, &mailer, now).await {
            tracing::warn!(%error, "cannot read the outbox");
        }
        tokio::time::timeout(RETRY_EVERY, new_mail(&mut changes)).await.ok();
    }
}

/// How long the outbox keeps a message: its link expired long before (an invitation's
/// after 7 days), and the audit log and `outbox_reads` keep who invited and who read whom.
pub const OUTBOX_KEPT_DAYS: i64 = 30;
/// How often old messages are removed.
const PRUNE_EVERY: Duration = Duration::from_secs(6 * 3600);

/// Removes messages older than `OUTBOX_KEPT_DAYS` at start and every six hours, whether or
/// not a mail server is configured, until the process ends.
pub async fn prune_outbox(db: Db) {
    loop {
        if !crate::jobs::my_turn(&db, "prune-outbox", PRUNE_EVERY, app::db::now_instant()).await {
            tokio::time::sleep(PRUNE_EVERY).await;
            continue;
        }
        let before = app::db::timestamp_in(-OUTBOX_KEPT_DAYS * 86_400);
        match outbox::prune_outbox(&db, &before).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "old messages removed from the outbox"),
            Err(error) => tracing::warn!(%error, "cannot remove old messages from the outbox"),
        }
        tokio::time::sleep(PRUNE_EVERY).await;
    }
}

/// Returns when a commit publishes mail (or the sender fell behind and may have missed
/// some).
async fn new_mail(changes: &mut Receiver<std::sync::Arc<Committed>>) {
    loop {
        match changes.recv().await {
            Ok(committed) if committed.changes.iter().any(|c| matches!(c, Change::Mail { .. })) => return,
            Ok(_) => {}
            Err(RecvError::Lagged(_)) => return,
            Err(RecvError::Closed) => std::future::pending().await,
        }
    }
}
