//! Accounts, sessions, one-time links and the outbox.
//!
//! Tokens reach this module only as their SHA-256 (`tokens::token_hash`); the tokens
//! themselves live in cookies and links, never in the database. The writes record
//! `Change::Account` or `Change::Mail`, which no public page follows; sessions record
//! nothing.

use super::changes::Change;
use super::{Db, Tx, decode_code, with_reader, with_tx};
use crate::domain::accounts::{Mail, MailPurpose};
use crate::domain::{EmailAddress, Instant, Region, Role};

/// A stored account, as the login and the session check need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub company_id: Option<i64>,
    /// A coordinator's or a teacher's region; `None` for a coordinator of both regions
    /// (and for company users).
    pub region: Option<Region>,
    /// A teacher's school, as the interests they register name it; `None` for everyone
    /// else.
    pub school: Option<String>,
    /// `None` until the person has set a password through their link.
    pub password_hash: Option<String>,
}

/// What a one-time link lets its holder do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Set the first password of an account someone else created.
    Invite,
    /// Set a new password after "forgot password".
    Reset,
}

impl LinkPurpose {
    fn code(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
        }
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    role: String,
    company_id: Option<i64>,
    region: Option<String>,
    password_hash: Option<String>,
    school: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = sqlx::Error;

    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        Ok(User {
            id: row.id,
            email: row.email,
            role: decode_code(&row.role, Role::from_code)?,
            company_id: row.company_id,
            region: row
                .region
                .as_deref()
                .map(|r| decode_code(r, Region::from_code))
                .transpose()?,
            password_hash: row.password_hash,
            school: row.school,
        })
    }
}

const USER_COLUMNS: &str = "u.id, u.email, u.role, u.company_id, r.code AS region, u.password_hash, u.school
    FROM users u LEFT JOIN regions r ON r.id = u.region_id";

/// Stores a new account without a password; returns its id. A coordinator has no
/// company and `region` (or both regions when `None`); a company user has `company_id`.
pub async fn insert_user(
    tx: &mut Tx,
    email: &EmailAddress,
    role: Role,
    company_id: Option<i64>,
    region: Option<Region>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO users (email, role, company_id, region_id, created_at)
        VALUES ($1, $2, $3, (SELECT id FROM regions WHERE code = $4), $5)
        RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(email.as_str())
            .bind(role.code())
            .bind(company_id)
            .bind(region.map(Region::code))
            .bind(now)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(Change::Account { user_id: id });
    Ok(id)
}

/// Stores a new teacher's account without a password, for `school` in `region`; returns
/// its id.
pub async fn insert_teacher(
    tx: &mut Tx,
    email: &EmailAddress,
    region: Region,
    school: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO users (email, role, region_id, school, created_at)
        VALUES ($1, $2, (SELECT id FROM regions WHERE code = $3), $4, $5)
        RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(email.as_str())
            .bind(Role::Teacher.code())
            .bind(region.code())
            .bind(school)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(Change::Account { user_id: id });
    Ok(id)
}

/// The account with this address, if there is one.
pub async fn find_user_by_email(db: &Db, email: &EmailAddress) -> Result<Option<User>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} WHERE u.email = $1");
    let row: Option<UserRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(pool).await)?;
    row.map(User::try_from).transpose()
}

/// Makes a one-time link for `user_id`, valid until `expires_at`. Any earlier unused link
/// of the same purpose for that account stops working: only the newest link counts.
pub async fn create_link(
    tx: &mut Tx,
    user_id: i64,
    purpose: LinkPurpose,
    token_hash: &str,
    now: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    const RETIRE: &str = "
        UPDATE one_time_links SET used_at = $3
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL";
    const INSERT: &str = "
        INSERT INTO one_time_links (token_hash, user_id, purpose, created_at, expires_at)
        VALUES ($1, $2, $3, $4, $5)";
    with_tx!(tx, conn => {
        sqlx::query(RETIRE).bind(user_id).bind(purpose.code()).bind(now).execute(&mut *conn).await?;
        sqlx::query(INSERT)
            .bind(token_hash)
            .bind(user_id)
            .bind(purpose.code())
            .bind(now)
            .bind(expires_at)
            .execute(&mut *conn)
            .await?;
        Ok::<_, sqlx::Error>(())
    })?;
    tx.changed(Change::Account { user_id });
    Ok(())
}

/// Whether a link with this token hash is there, unused and not expired at `now`, without
/// using it: checked before a password is hashed for it, so a made-up link costs no hash.
pub async fn link_is_usable(db: &Db, token_hash: &str, now: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        SELECT COUNT(*) FROM one_time_links
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    let (count,): (i64,) =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(token_hash).bind(now).fetch_one(pool).await)?;
    Ok(count > 0)
}

/// Uses up the link with this token hash, if it exists for `purpose`, is unused and has
/// not expired at `now`; returns the account it belongs to. Two simultaneous uses of one
/// link cannot both succeed: the update that marks it used is the check.
pub async fn use_link(
    tx: &mut Tx,
    token_hash: &str,
    purpose: LinkPurpose,
    now: &str,
) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "
        UPDATE one_time_links SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING user_id";
    let row: Option<(i64,)> = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(token_hash)
            .bind(purpose.code())
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
    })?;
    if let Some((user_id,)) = row {
        tx.changed(Change::Account { user_id });
    }
    Ok(row.map(|(id,)| id))
}

/// Stores a new password hash and ends every session of the account, so a stolen
/// session does not survive a password change.
pub async fn set_password(tx: &mut Tx, user_id: i64, password_hash: &str, now: &str) -> Result<(), sqlx::Error> {
    const UPDATE: &str = "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1";
    const END_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1";
    with_tx!(tx, conn => {
        let done = sqlx::query(UPDATE).bind(user_id).bind(password_hash).bind(now).execute(&mut *conn).await?;
        if done.rows_affected() != 1 {
            return Err(sqlx::Error::RowNotFound);
        }
        sqlx::query(END_SESSIONS).bind(user_id).execute(&mut *conn).await?;
        Ok::<_, sqlx::Error>(())
    })?;
    tx.changed(Change::Account { user_id });
    Ok(())
}

/// Starts a session for `user_id` under this token hash.
pub async fn create_session(tx: &mut Tx, token_hash: &str, user_id: i64, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(token_hash).bind(user_id).bind(now).execute(&mut *conn).await?;
        Ok(())
    })
}

/// The account of a live session: one seen after `idle_since` and started after
/// `started_since` (the idle and absolute time-outs, as times).
pub async fn session_user(
    db: &Db,
    token_hash: &str,
    idle_since: &str,
    started_since: &str,
) -> Result<Option<User>, sqlx::Error> {
    let sql = format!(
        "SELECT {USER_COLUMNS} JOIN sessions s ON s.user_id = u.id
         WHERE s.token_hash = $1 AND s.last_seen_at > $2 AND s.created_at > $3"
    );
    let row: Option<UserRow> = with_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(idle_since)
            .bind(started_since)
            .fetch_optional(pool)
            .await
    })?;
    row.map(User::try_from).transpose()
}

/// Marks the session as seen at `now`, which keeps it from idling out; only when it was
/// last marked before `unless_since`, so a busy session is not written on every request.
pub async fn touch_session(tx: &mut Tx, token_hash: &str, now: &str, unless_since: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $3";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(token_hash).bind(now).bind(unless_since).execute(&mut *conn).await?;
        Ok(())
    })
}

/// Ends one session (logout).
pub async fn end_session(tx: &mut Tx, token_hash: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM sessions WHERE token_hash = $1";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(token_hash).execute(&mut *conn).await?;
        Ok(())
    })
}

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

/// The companies a coordinator of `region` (both when `None`) may invite people for,
/// by name.
pub async fn list_company_choices(
    db: &Db,
    region: Option<Region>,
) -> Result<Vec<crate::domain::accounts::CompanyChoice>, sqlx::Error> {
    const SQL: &str = "
        SELECT c.id, c.name, c.town, c.sbb_accredited, c.version
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE ($1 IS NULL OR r.code = $1)
        ORDER BY c.name, c.id";
    let rows: Vec<(i64, String, String, bool, i64)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, town, sbb_accredited, version)| crate::domain::accounts::CompanyChoice {
                id,
                name,
                town,
                sbb_accredited,
                version,
            },
        )
        .collect())
}

/// The company users of companies in `region` (both when `None`), by company.
pub async fn list_company_users(
    db: &Db,
    region: Option<Region>,
) -> Result<Vec<crate::domain::accounts::CompanyUser>, sqlx::Error> {
    const SQL: &str = "
        SELECT u.id, u.email, c.id AS company_id, c.name AS company_name, u.password_hash IS NOT NULL AS has_password
        FROM users u
        JOIN companies c ON c.id = u.company_id
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE ($1 IS NULL OR r.code = $1)
        ORDER BY c.name, u.email";
    let rows: Vec<(i64, String, i64, String, bool)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, email, company_id, company_name, has_password)| crate::domain::accounts::CompanyUser {
                id,
                email,
                company_id,
                company_name,
                has_password,
            },
        )
        .collect())
}

/// The teachers of `region` (both when `None`), by school.
pub async fn list_teachers(
    db: &Db,
    region: Option<Region>,
) -> Result<Vec<crate::domain::accounts::TeacherAccount>, sqlx::Error> {
    const SQL: &str = "
        SELECT u.email, u.school, r.code, u.password_hash IS NOT NULL AS has_password
        FROM users u
        JOIN regions r ON r.id = u.region_id
        WHERE u.role = 'teacher' AND ($1 IS NULL OR r.code = $1)
        ORDER BY u.school, u.email";
    let rows: Vec<(String, String, String, bool)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(email, school, region, has_password)| {
            Ok(crate::domain::accounts::TeacherAccount {
                email,
                school,
                region: decode_code(&region, Region::from_code)?,
                has_password,
            })
        })
        .collect()
}

/// The region company `company_id` lies in, and its name; `None` when there is no
/// such company.
pub async fn company_region(db: &Db, company_id: i64) -> Result<Option<(Region, String)>, sqlx::Error> {
    const SQL: &str = "
        SELECT r.code, c.name
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE c.id = $1";
    let row: Option<(String, String)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(company_id).fetch_optional(pool).await)?;
    row.map(|(code, name)| Ok((decode_code(&code, Region::from_code)?, name)))
        .transpose()
}

/// The slugs in use that are `slug` or start with `slug-` (read in the transaction that
/// will add one; `Slug::first_free` picks from them).
pub async fn slugs_like(tx: &mut Tx, slug: &str) -> Result<Vec<String>, sqlx::Error> {
    const SQL: &str = "SELECT slug FROM companies WHERE slug = $1 OR slug LIKE $2";
    let pattern = format!("{slug}-%");
    let rows: Vec<(String,)> =
        with_tx!(tx, conn => sqlx::query_as(SQL).bind(slug).bind(&pattern).fetch_all(&mut *conn).await)?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
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
