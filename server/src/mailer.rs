//! Sends the outbox through SMTP when `TECHKAART_SMTP_URL` is set.
//!
//! Mail is written to the outbox in the transaction that caused it; this sender takes
//! what is waiting (woken when a commit published new mail, and once a minute to retry),
//! sends
//! each message and marks it sent. A message SMTP refuses stays waiting and is tried
//! again later; the log names the message id and the error, never the content, since
//! the body holds a one-time link.

use std::time::Duration;

use anyhow::Context;
use app::db::changes::{Change, Committed};
use app::db::{Db, accounts};
use app::domain::accounts::Mail;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

/// How often waiting mail is tried again without a wake-up.
const RETRY_EVERY: Duration = Duration::from_secs(60);
/// Messages sent per round at most.
const BATCH: i64 = 50;

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
            .body(mail.body.clone())
            .context("message")?;
        self.transport.send(message).await.context("SMTP")?;
        Ok(())
    }
}

/// Sends every waiting message once; returns how many SMTP took.
pub async fn deliver_waiting(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    for mail in accounts::list_unsent(db, BATCH).await? {
        match mailer.send(&mail).await {
            Ok(()) => {
                let mut tx = db.begin().await?;
                accounts::mark_sent(&mut tx, mail.id, &app::db::now_timestamp()).await?;
                tx.commit().await?;
                sent += 1;
                tracing::info!(mail = mail.id, "mail sent");
            }
            Err(error) => tracing::warn!(
                mail = mail.id,
                error = format!("{error:#}"),
                "mail not sent; tried again later"
            ),
        }
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
        if let Err(error) = deliver_waiting(&db, &mailer).await {
            tracing::warn!(%error, "cannot read the outbox");
        }
        tokio::time::timeout(RETRY_EVERY, new_mail(&mut changes)).await.ok();
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
