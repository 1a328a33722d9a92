//! The outbox: every message Techkaart writes, waiting, claimed by one sender, refused,
//! sent (then kept without its links) or given up; and who read which message in the dashboard.

use super::changes::Change;
use super::{Db, Tx, decode_code, with_reader, with_tx};
use crate::domain::accounts::{Mail, MailPurpose};
use crate::domain::{EmailAddress, Instant, Region};

/// Records a message in the outbox; returns its id. Every message is recorded, whether
/// or not SMTP is configured to send it.
pub async fn record_mail(
    tx: &mut Tx,
    recipient: &EmailAddress,
    message: &crate::domain::accounts::Message,
    user_id: Option<i64>,
    interest_id: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO outbox (recipient, subject, body, user_id, created_at, purpose, interest_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(recipient.as_str())
            .bind(&message.subject)
            .bind(&message.body)
            .bind(user_id)
            .bind(now)
            .bind(message.purpose.map(MailPurpose::code))
            .bind(interest_id)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(Change::Mail { id });
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct MailRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    purpose: Option<String>,
    created_at: String,
    sent_at: Option<String>,
    attempts: i64,
    given_up_at: Option<String>,
}

impl TryFrom<MailRow> for Mail {
    type Error = sqlx::Error;

    fn try_from(row: MailRow) -> Result<Mail, sqlx::Error> {
        Ok(Mail {
            id: row.id,
            recipient: row.recipient,
            subject: row.subject,
            body: Some(row.body),
            purpose: row
                .purpose
                .map(|code| decode_code(&code, MailPurpose::from_code))
                .transpose()?,
            created_at: decode_code(&row.created_at, Instant::parse)?,
            sent_at: row.sent_at.map(|at| decode_code(&at, Instant::parse)).transpose()?,
            attempts: row.attempts,
            given_up_at: row.given_up_at.map(|at| decode_code(&at, Instant::parse)).transpose()?,
            shown_to: Vec::new(),
        })
    }
}

/// The messages a coordinator may read, newest first, at most `limit`: those to company
/// users of companies in `region` (both regions when `None`), to teachers of that region,
/// and those to the coordinator (`coordinator_id`) themselves, with `search` (if any) in the recipient or
/// the subject. Mail to other coordinators stays hidden, since a reset link in it would
/// open their account.
pub async fn list_outbox(
    db: &Db,
    region: Option<Region>,
    coordinator_id: i64,
    search: Option<&str>,
    limit: i64,
) -> Result<Vec<Mail>, sqlx::Error> {
    const SQL: &str = "
        SELECT o.id, o.recipient, o.subject, o.body, o.purpose, o.created_at, o.sent_at, o.attempts, o.given_up_at
        FROM outbox o
        JOIN users u ON u.id = o.user_id
        LEFT JOIN companies c ON c.id = u.company_id
        LEFT JOIN municipalities m ON m.id = c.municipality_id
        LEFT JOIN regions r ON r.id = m.region_id
        LEFT JOIN regions tr ON tr.id = u.region_id
        WHERE ((u.role = 'company' AND ($1 IS NULL OR r.code = $1))
               OR (u.role = 'teacher' AND ($1 IS NULL OR tr.code = $1))
               OR u.id = $2)
          AND ($3 IS NULL OR lower(o.recipient) LIKE $3 ESCAPE '\\' OR lower(o.subject) LIKE $3 ESCAPE '\\')
        ORDER BY o.created_at DESC, o.id DESC LIMIT $4";
    let pattern = search.map(like_pattern);
    let rows: Vec<MailRow> = with_reader!(db, pool => {
        sqlx::query_as(SQL)
            .bind(region.map(Region::code))
            .bind(coordinator_id)
            .bind(pattern.as_deref())
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(Mail::try_from).collect()
}

/// A `LIKE` pattern (with `\` as escape) that finds `text` anywhere, ignoring case.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// How many messages to company users of `region` (both when `None`) wait to be sent:
/// neither sent nor given up.
pub async fn count_waiting_mail(db: &Db, region: Option<Region>) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        SELECT COUNT(*)
        FROM outbox o
        JOIN users u ON u.id = o.user_id
        LEFT JOIN companies c ON c.id = u.company_id
        LEFT JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = CASE WHEN u.role = 'teacher' THEN u.region_id ELSE m.region_id END
        WHERE u.role IN ('company', 'teacher') AND o.sent_at IS NULL AND o.given_up_at IS NULL
          AND ($1 IS NULL OR r.code = $1)";
    let (n,): (i64,) =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_one(pool).await)?;
    Ok(n)
}

/// How many messages of the whole outbox, to anyone, wait to be sent: neither sent nor
/// given up (for `/metrics`).
pub async fn count_all_waiting_mail(db: &Db) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL";
    let (n,): (i64,) = with_reader!(db, pool => sqlx::query_as(SQL).fetch_one(pool).await)?;
    Ok(n)
}

/// Messages SMTP has not taken yet and that are due at `now` (never refused, or their
/// wait after a refusal is over, not given up, and not claimed by a sender), oldest
/// first, at most `limit`.
pub async fn list_unsent(db: &Db, now: &str, limit: i64) -> Result<Vec<Mail>, sqlx::Error> {
    const SQL: &str = "
        SELECT id, recipient, subject, body, purpose, created_at, sent_at, attempts, given_up_at
        FROM outbox
        WHERE sent_at IS NULL AND given_up_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
          AND (claimed_until IS NULL OR claimed_until <= $1)
        ORDER BY id LIMIT $2";
    let rows: Vec<MailRow> = with_reader!(db, pool => sqlx::query_as(SQL).bind(now).bind(limit).fetch_all(pool).await)?;
    rows.into_iter().map(Mail::try_from).collect()
}

/// Claims message `id` for one sender until `until`, if it still waits to be sent and no
/// other sender holds it at `now`; true when this claim is the one that counts. One
/// conditional update: of several senders at once, exactly one gets it.
pub async fn claim_mail(db: &Db, id: i64, now: &str, until: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        UPDATE outbox SET claimed_until = $2
        WHERE id = $1 AND sent_at IS NULL AND given_up_at IS NULL
          AND (claimed_until IS NULL OR claimed_until <= $3)";
    let mut tx = db.begin().await?;
    let claimed = with_tx!(tx, conn => {
        sqlx::query(SQL).bind(id).bind(until).bind(now).execute(&mut *conn).await.map(|r| r.rows_affected())
    })? == 1;
    tx.commit().await?;
    Ok(claimed)
}

/// Records that SMTP refused message `id` at `now`: it is tried again from `retry_at`, or,
/// without one, given up, and then kept as `body_given_up` (`mail::without_links`), like a
/// sent one: a link nobody received must not wait in the outbox for anyone to read.
pub async fn record_refusal(
    tx: &mut Tx,
    id: i64,
    now: &str,
    retry_at: Option<&str>,
    body_given_up: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, claimed_until = NULL,
            given_up_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END,
            body = CASE WHEN $2 IS NULL THEN $4 ELSE body END
        WHERE id = $1 AND sent_at IS NULL";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(id).bind(retry_at).bind(now).bind(body_given_up).execute(&mut *conn).await.map(drop)
    })?;
    tx.changed(Change::Mail { id });
    Ok(())
}

/// Records that SMTP took message `id` at `now`, keeping its text without one-time links
/// (`mail::without_links`): a sent link is the recipient's alone.
pub async fn mark_sent(tx: &mut Tx, id: i64, now: &str, body_kept: &str) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE outbox SET sent_at = $2, body = $3, claimed_until = NULL WHERE id = $1 AND sent_at IS NULL";
    with_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(now).bind(body_kept).execute(&mut *conn).await.map(drop))?;
    tx.changed(Change::Mail { id });
    Ok(())
}

/// Records that `reader` was shown the live link in message `mail_id` (to `recipient`),
/// once per reader and message: the first time counts.
pub async fn record_outbox_read(
    db: &Db,
    mail_id: i64,
    reader: i64,
    recipient: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO outbox_reads (mail_id, user_id, recipient, at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (mail_id, user_id) DO NOTHING";
    let mut tx = db.begin().await?;
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(mail_id).bind(reader).bind(recipient).bind(now).execute(&mut *conn).await.map(drop)
    })?;
    tx.commit().await
}

/// Who was shown the links of messages `first_mail` and later, and when: (message, reader's
/// address, instant), oldest first.
pub async fn list_outbox_reads(db: &Db, first_mail: i64) -> Result<Vec<(i64, String, Instant)>, sqlx::Error> {
    const SQL: &str = "
        SELECT r.mail_id, u.email, r.at
        FROM outbox_reads r JOIN users u ON u.id = r.user_id
        WHERE r.mail_id >= $1
        ORDER BY r.at, r.mail_id";
    let rows: Vec<(i64, String, String)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(first_mail).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(mail, email, at)| Ok((mail, email, decode_code(&at, Instant::parse)?)))
        .collect()
}

/// Removes messages created before `before` (their links expired long since); returns how
/// many. Who read which link stays in `outbox_reads`.
pub async fn prune_outbox(db: &Db, before: &str) -> Result<u64, sqlx::Error> {
    const SQL: &str = "DELETE FROM outbox WHERE created_at < $1";
    let mut tx = db.begin().await?;
    let removed = with_tx!(tx, conn => {
        sqlx::query(SQL).bind(before).execute(&mut *conn).await.map(|done| done.rows_affected())
    })?;
    tx.commit().await?;
    Ok(removed)
}
