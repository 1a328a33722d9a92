//! Students' interests in placements: storing, confirming, withdrawing, deleting, and the
//! daily purge of what is no longer needed.
//!
//! Deleting is deleting: rows go, and with them every personal field; nothing is marked
//! "deleted" and kept. Every write records `Change::Interest`.

use super::{Change, Db, Saved, Tx, decode_code, with_reader, with_tx};
use crate::domain::interests::{InterestPlacement, retention};
use crate::domain::{
    AgeBand, Instant, Interest, NewInterest, PlacementKind, PlacementStatus, Programme, Region, Stage,
};

mod board;
mod candidates;
mod matching;
mod purge;

pub use board::*;
pub use candidates::*;
pub use matching::*;
pub use purge::*;

/// What an interest form needs to know of a placement: its region, and whether it is
/// open on a published company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementForInterest {
    pub region: Region,
    pub open: bool,
    pub title: String,
    pub company_name: String,
    pub company_slug: String,
}

/// The placement `placement_id`, as an interest form sees it.
pub async fn placement_for_interest(db: &Db, placement_id: i64) -> Result<Option<PlacementForInterest>, sqlx::Error> {
    const SQL: &str = "
        SELECT r.code, p.status, c.published, p.title, c.name, c.slug
        FROM placements p
        JOIN companies c ON c.id = p.company_id
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE p.id = $1";
    type Row = (String, String, bool, String, String, String);
    let row: Option<Row> = with_reader!(db, pool => sqlx::query_as(SQL).bind(placement_id).fetch_optional(pool).await)?;
    row.map(|(region, status, published, title, company_name, company_slug)| {
        Ok(PlacementForInterest {
            region: decode_code(&region, Region::from_code)?,
            open: published && decode_code(&status, PlacementStatus::from_code)?.is_open(),
            title,
            company_name,
            company_slug,
        })
    })
    .transpose()
}

/// The open placements of published companies that take interests, with their region,
/// oldest first (for the demo's students).
pub async fn placements_taking_interest(db: &Db) -> Result<Vec<(i64, Region)>, sqlx::Error> {
    const SQL: &str = "
        SELECT p.id, r.code
        FROM placements p
        JOIN companies c ON c.id = p.company_id
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE p.status = 'open' AND c.published
        ORDER BY p.id";
    let rows: Vec<(i64, String)> = with_reader!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(id, region)| Ok((id, decode_code(&region, Region::from_code)?)))
        .collect()
}

/// The orientation days that take interests at `now` (planned, shown, not over, of a
/// published company or of the region), with their region, soonest first (for the demo's
/// students).
pub async fn orientation_days_taking_interest(db: &Db, now: &str) -> Result<Vec<(i64, Region)>, sqlx::Error> {
    const SQL: &str = "
        SELECT e.id, r.code
        FROM events e
        LEFT JOIN companies c ON c.id = e.company_id
        JOIN municipalities m ON m.id = e.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE e.kind = 'orientation-day' AND e.status = 'planned' AND NOT e.hidden AND e.ends_at > $1
          AND (c.id IS NULL OR c.published)
        ORDER BY e.starts_at, e.id";
    let rows: Vec<(i64, String)> = with_reader!(db, pool => sqlx::query_as(SQL).bind(now).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(id, region)| Ok((id, decode_code(&region, Region::from_code)?)))
        .collect()
}

/// The links' token hashes of a new interest.
pub struct InterestKeys<'a> {
    pub token_hash: &'a str,
    /// Set when a parent or guardian must agree.
    pub guardian_token_hash: Option<&'a str>,
}

/// What a new interest is about, and so whose coordinator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterestAbout {
    /// The placement chosen, if any.
    pub placement_id: Option<i64>,
    /// The orientation day it was said on, if any.
    pub event_id: Option<i64>,
    /// The placement's or the event's region.
    pub region: Region,
}

impl InterestAbout {
    pub fn placement(placement_id: Option<i64>, region: Region) -> Self {
        InterestAbout {
            placement_id,
            event_id: None,
            region,
        }
    }

    pub fn event(event_id: i64, region: Region) -> Self {
        InterestAbout {
            placement_id: None,
            event_id: Some(event_id),
            region,
        }
    }
}

/// Stores a new interest in what `about` names; returns its id.
pub async fn insert_interest(
    tx: &mut Tx,
    about: InterestAbout,
    interest: &NewInterest,
    keys: &InterestKeys<'_>,
    registered_by: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO interests
            (placement_id, region_id, first_name, age_band, school, programme, crebo, email, phone, postcode,
             start_month, motivation, guardian_email, token_hash, guardian_token_hash, registered_by,
             created_at, updated_at, stage_changed_at, event_id)
        VALUES ($1, (SELECT id FROM regions WHERE code = $2), $3, $4, $5, $6, $7, $8, $9, $10,
                $11, $12, $13, $14, $15, $16, $17, $17, $17, $18)
        RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(about.placement_id)
            .bind(about.region.code())
            .bind(&interest.first_name)
            .bind(interest.age_band.code())
            .bind(&interest.school)
            .bind(interest.programme.code())
            .bind(interest.crebo.as_ref().map(|c| c.as_str().to_owned()))
            .bind(interest.email.as_str())
            .bind(interest.phone.as_ref().map(|p| p.as_str().to_owned()))
            .bind(interest.postcode.map(|p| p.to_string()))
            .bind(interest.start.map(|s| s.code()))
            .bind(&interest.motivation)
            .bind(interest.guardian_email.as_ref().map(|e| e.as_str().to_owned()))
            .bind(keys.token_hash)
            .bind(keys.guardian_token_hash)
            .bind(registered_by)
            .bind(now)
            .bind(about.event_id)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(Change::Interest { id });
    Ok(id)
}

/// How many interests mailed `email` (as the student's or a guardian's address) since
/// `since`.
pub async fn count_recent(tx: &mut Tx, email: &str, since: &str) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM interests WHERE (email = $1 OR guardian_email = $1) AND created_at > $2";
    let (n,): (i64,) = with_tx!(tx, conn => sqlx::query_as(SQL).bind(email).bind(since).fetch_one(&mut *conn).await)?;
    Ok(n)
}

#[derive(sqlx::FromRow)]
struct InterestRow {
    id: i64,
    placement_id: Option<i64>,
    first_name: String,
    age_band: String,
    school: String,
    programme: String,
    crebo: Option<String>,
    email: String,
    phone: Option<String>,
    postcode: Option<String>,
    start_month: Option<String>,
    motivation: String,
    guardian_email: Option<String>,
    email_confirmed_at: Option<String>,
    guardian_confirmed_at: Option<String>,
    registered_by_staff: bool,
    event_id: Option<i64>,
    event_title_nl: Option<String>,
    event_title_en: Option<String>,
    event_starts_at: Option<String>,
    event_town: Option<String>,
    region: String,
    stage: String,
    keep_until: Option<String>,
    version: i64,
    created_at: String,
    stage_changed_at: String,
    meeting_times: Option<String>,
    meeting_accepted: Option<String>,
    meeting_accepted_at: Option<String>,
}

impl TryFrom<InterestRow> for Interest {
    type Error = sqlx::Error;

    fn try_from(row: InterestRow) -> Result<Self, Self::Error> {
        let instant = |text: Option<String>| text.map(|t| decode_code(&t, Instant::parse)).transpose();
        let event = match (row.event_id, row.event_title_nl, row.event_starts_at) {
            (Some(event_id), Some(title_nl), Some(starts_at)) => Some(crate::domain::interests::InterestEvent {
                event_id,
                title_nl,
                title_en: row.event_title_en.unwrap_or_default(),
                starts_at: decode_code(&starts_at, Instant::parse)?,
                town: row.event_town.unwrap_or_default(),
            }),
            _ => None,
        };
        Ok(Interest {
            id: row.id,
            placement_id: row.placement_id,
            event,
            first_name: row.first_name,
            age_band: decode_code(&row.age_band, AgeBand::from_code)?,
            school: row.school,
            programme: decode_code(&row.programme, Programme::from_code)?,
            crebo: row.crebo,
            email: row.email,
            phone: row.phone,
            postcode: row.postcode,
            start_month: row.start_month,
            motivation: row.motivation,
            guardian_email: row.guardian_email,
            email_confirmed_at: instant(row.email_confirmed_at)?,
            guardian_confirmed_at: instant(row.guardian_confirmed_at)?,
            registered_by_staff: row.registered_by_staff,
            region: decode_code(&row.region, Region::from_code)?,
            stage: decode_code(&row.stage, Stage::from_code)?,
            keep_until: instant(row.keep_until)?,
            version: row.version,
            created_at: decode_code(&row.created_at, Instant::parse)?,
            stage_changed_at: decode_code(&row.stage_changed_at, Instant::parse)?,
            meeting_times: row.meeting_times,
            meeting_accepted: row.meeting_accepted,
            meeting_accepted_at: instant(row.meeting_accepted_at)?,
        })
    }
}

const COLUMNS: &str = "
    i.id, i.placement_id, i.first_name, i.age_band, i.school, i.programme, i.crebo, i.email, i.phone, i.postcode,
    i.start_month, i.motivation, i.guardian_email, i.email_confirmed_at, i.guardian_confirmed_at,
    (i.registered_by IS NOT NULL) AS registered_by_staff, i.event_id,
    (SELECT e.title_nl FROM events e WHERE e.id = i.event_id) AS event_title_nl,
    (SELECT e.title_en FROM events e WHERE e.id = i.event_id) AS event_title_en,
    (SELECT e.starts_at FROM events e WHERE e.id = i.event_id) AS event_starts_at,
    (SELECT e.town FROM events e WHERE e.id = i.event_id) AS event_town,
    (SELECT code FROM regions WHERE id = i.region_id) AS region,
    i.stage, i.keep_until, i.version, i.created_at,
    i.stage_changed_at, i.meeting_times, i.meeting_accepted, i.meeting_accepted_at";

/// The interest whose personal link's token has this hash.
pub async fn find_by_token(db: &Db, token_hash: &str) -> Result<Option<Interest>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM interests i WHERE i.token_hash = $1");
    let row: Option<InterestRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(token_hash).fetch_optional(pool).await)?;
    row.map(Interest::try_from).transpose()
}

/// The interest whose guardian's link's token has this hash.
pub async fn find_by_guardian_token(db: &Db, token_hash: &str) -> Result<Option<Interest>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM interests i WHERE i.guardian_token_hash = $1");
    let row: Option<InterestRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(token_hash).fetch_optional(pool).await)?;
    row.map(Interest::try_from).transpose()
}

#[derive(sqlx::FromRow)]
struct StudentRow {
    #[sqlx(flatten)]
    interest: InterestRow,
    title: Option<String>,
    kind: Option<String>,
    field: Option<String>,
    company_name: Option<String>,
    company_slug: Option<String>,
    town: Option<String>,
}

/// The interests `condition` picks with their placements (as `StudentRow`s), newest first.
fn with_placements(condition: &str) -> String {
    format!(
        "SELECT {COLUMNS}, p.title, p.kind, p.field, c.name AS company_name, c.slug AS company_slug, c.town
         FROM interests i
         LEFT JOIN placements p ON p.id = i.placement_id
         LEFT JOIN companies c ON c.id = p.company_id
         WHERE {condition}
         ORDER BY i.created_at DESC, i.id DESC"
    )
}

/// Every interest of the student who holds the link of interest `own`: that one, and the
/// others of the same address that were confirmed through their own link (so a link
/// shows nothing the address's owner did not confirm). Newest first.
pub async fn list_of_student(
    db: &Db,
    own: &Interest,
) -> Result<Vec<(Interest, Option<InterestPlacement>)>, sqlx::Error> {
    let sql = with_placements("i.id = $1 OR (i.email = $2 AND i.email_confirmed_at IS NOT NULL)");
    let rows: Vec<StudentRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(own.id).bind(&own.email).fetch_all(pool).await)?;
    rows.into_iter().map(student_row).collect()
}

/// The interests that the account `user_id` registered on students' behalf, with their
/// placements, newest first.
pub async fn list_registered_by(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(Interest, Option<InterestPlacement>)>, sqlx::Error> {
    let sql = with_placements("i.registered_by = $1");
    let rows: Vec<StudentRow> = with_reader!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)?;
    rows.into_iter().map(student_row).collect()
}

/// An interest with its placement (`None` when the placement was removed).
fn student_row(row: StudentRow) -> Result<(Interest, Option<InterestPlacement>), sqlx::Error> {
    let placement = match (
        row.interest.placement_id,
        row.title,
        row.kind,
        row.field,
        row.company_name,
        row.company_slug,
    ) {
        (Some(placement_id), Some(title), Some(kind), Some(field), Some(company_name), Some(company_slug)) => {
            Some(InterestPlacement {
                placement_id,
                title,
                kind: decode_code(&kind, PlacementKind::from_code)?,
                field: decode_code(&field, crate::domain::Field::from_code)?,
                company_name,
                company_slug,
                town: row.town.unwrap_or_default(),
            })
        }
        _ => None,
    };
    Ok((Interest::try_from(row.interest)?, placement))
}

/// Marks interest `id`'s e-mail address as confirmed (once: a second click keeps the
/// first time).
pub async fn confirm_email(tx: &mut Tx, id: i64, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET email_confirmed_at = COALESCE(email_confirmed_at, $2), updated_at = $2 WHERE id = $1";
    with_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(now).execute(&mut *conn).await.map(drop))?;
    tx.changed(Change::Interest { id });
    Ok(())
}

/// Marks interest `id` as agreed to by the parent or guardian.
pub async fn confirm_guardian(tx: &mut Tx, id: i64, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET guardian_confirmed_at = COALESCE(guardian_confirmed_at, $2), updated_at = $2
        WHERE id = $1";
    with_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(now).execute(&mut *conn).await.map(drop))?;
    tx.changed(Change::Interest { id });
    Ok(())
}

/// Moves interest `id` to `stage` if it is still at `version`; `Saved::Stale` when someone moved
/// it meanwhile. `closed` gives the reason and who declined, for `Stage::Closed` only.
pub async fn set_stage(
    tx: &mut Tx,
    id: i64,
    version: i64,
    stage: Stage,
    closed: Option<(crate::domain::CloseReason, crate::domain::DeclinedBy)>,
    now: &str,
) -> Result<Saved, sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET stage = $3, close_reason = $4, declined_by = $5, version = version + 1,
            stage_changed_at = $6, updated_at = $6
        WHERE id = $1 AND version = $2
        RETURNING version";
    let done: Option<(i64,)> = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(id)
            .bind(version)
            .bind(stage.code())
            .bind(closed.map(|(reason, _)| reason.code()))
            .bind(closed.map(|(_, who)| who.code()))
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
    })?;
    interest_saved(tx, id, done).await
}

/// What a versioned write of interest `id` came to, recording the change when it saved.
pub(super) async fn interest_saved(tx: &mut Tx, id: i64, done: Option<(i64,)>) -> Result<Saved, sqlx::Error> {
    if done.is_some() {
        tx.changed(Change::Interest { id });
    }
    Saved::of_write(tx, "interests", id, done).await
}

/// Keeps every interest of the student of `own` (as `list_of_student` finds them) until
/// `until`, or (with `None`) no longer than the usual rules say.
pub async fn keep_until(tx: &mut Tx, own: &Interest, until: Option<&str>, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET keep_until = $3, keep_asked_at = NULL, updated_at = $4
        WHERE id = $1 OR (email = $2 AND email_confirmed_at IS NOT NULL)";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(own.id).bind(&own.email).bind(until).bind(now).execute(&mut *conn).await.map(drop)
    })?;
    tx.changed(Change::Interest { id: own.id });
    Ok(())
}

/// Deletes interest `id` (a guardian who does not agree).
pub async fn delete_interest(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    with_tx!(tx, conn => {
        sqlx::query("DELETE FROM interests WHERE id = $1").bind(id).execute(&mut *conn).await.map(drop)
    })?;
    tx.changed(Change::Interest { id });
    Ok(())
}

/// Deletes everything stored about the student of `own`: every interest with their
/// address (confirmed or not: the link's holder has that mailbox) and the messages to
/// that address still in the outbox. The audit keeps, for each interest the coordinator
/// could see, only that the student deleted it. Returns how many interests went.
pub async fn delete_student(tx: &mut Tx, own: &Interest, now: &str) -> Result<u64, sqlx::Error> {
    use crate::db::audit::{NewAuditEntry, record};
    use crate::domain::{AuditAction, AuditOwner, AuditSubject};

    const SEEN: &str = "
        SELECT i.id, i.version, r.code FROM interests i JOIN regions r ON r.id = i.region_id
        WHERE i.email = $1 AND (i.registered_by IS NOT NULL OR (i.email_confirmed_at IS NOT NULL
            AND (i.age_band <> 'under-16' OR i.guardian_confirmed_at IS NOT NULL)))";
    const INTERESTS: &str = "DELETE FROM interests WHERE email = $1";
    // Mail about the interests goes with them (`outbox.interest_id`, the parent's too);
    // anything else to the student's address, and who was shown it, goes here.
    const MAIL: &str = "DELETE FROM outbox WHERE recipient = $1";
    const MAIL_READS: &str = "DELETE FROM outbox_reads WHERE recipient = $1";
    let seen: Vec<(i64, i64, String)> =
        with_tx!(tx, conn => sqlx::query_as(SEEN).bind(&own.email).fetch_all(&mut *conn).await)?;
    let deleted = with_tx!(tx, conn => {
        let deleted = sqlx::query(INTERESTS).bind(&own.email).execute(&mut *conn).await?;
        sqlx::query(MAIL).bind(&own.email).execute(&mut *conn).await?;
        sqlx::query(MAIL_READS).bind(&own.email).execute(&mut *conn).await?;
        Ok::<_, sqlx::Error>(deleted.rows_affected())
    })?;
    for (id, version, region) in seen {
        let entry = NewAuditEntry {
            user_id: None,
            actor: crate::domain::audit::STUDENT_ACTOR,
            owner: AuditOwner::Region(decode_code(&region, Region::from_code)?),
            subject: AuditSubject::Interest,
            subject_id: id,
            action: AuditAction::Delete,
            version: version + 1,
            changes: &[],
        };
        record(tx, &entry, now).await?;
    }
    tx.changed(Change::Interest { id: own.id });
    Ok(deleted)
}
