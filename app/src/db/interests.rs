//! Students' interests in placements: storing, confirming, withdrawing, deleting, and the
//! daily purge of what is no longer needed.
//!
//! Deleting is deleting: rows go, and with them every personal field; nothing is marked
//! "deleted" and kept. Every write records `Change::Interest`.

use super::{Change, Db, Tx, decode_code, with_reader, with_tx};
use crate::domain::interests::{InterestPlacement, retention};
use crate::domain::{
    AgeBand, Instant, Interest, NewInterest, PlacementKind, PlacementStatus, Programme, Region, Stage,
};

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

/// Moves interest `id` to `stage` if it is still at `version`; false when someone moved
/// it meanwhile. `closed` gives the reason and who declined, for `Stage::Closed` only.
pub async fn set_stage(
    tx: &mut Tx,
    id: i64,
    version: i64,
    stage: Stage,
    closed: Option<(crate::domain::CloseReason, crate::domain::DeclinedBy)>,
    now: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET stage = $3, close_reason = $4, declined_by = $5, version = version + 1,
            stage_changed_at = $6, updated_at = $6
        WHERE id = $1 AND version = $2";
    let done = with_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(id)
            .bind(version)
            .bind(stage.code())
            .bind(closed.map(|(reason, _)| reason.code()))
            .bind(closed.map(|(_, who)| who.code()))
            .bind(now)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    tx.changed(Change::Interest { id });
    Ok(done == 1)
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

/// What the daily purge deleted, by rule; counts only, for the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Not confirmed (by the student, or under 16 by a guardian) within 72 hours.
    pub unconfirmed: u64,
    /// Closed, withdrawn or started four weeks ago.
    pub over: u64,
}

impl Purged {
    pub fn total(self) -> u64 {
        self.unconfirmed + self.over
    }
}

/// The counted interests on their way (any stage that is not over) that nobody moved
/// since before `idle_before` and that are not kept beyond `now`: the purge closes them as
/// "not reachable", and they go four weeks later like any closed one.
pub async fn idle_on_the_way(db: &Db, idle_before: &str, now: &str) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT i.id FROM interests i
         WHERE i.stage IN ('interest', 'in-review', 'introduced', 'first-meeting', 'trial-day', 'agreement')
           AND i.stage_changed_at < $1 AND (i.keep_until IS NULL OR i.keep_until < $2)
           AND {COUNTED}
         ORDER BY i.id"
    );
    let rows: Vec<(i64,)> = with_reader!(db, pool => {
        sqlx::query_as(&sql).bind(idle_before).bind(now).fetch_all(pool).await
    })?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Deletes what the retention rules no longer allow to keep at `now`. "Keep me for the
/// next season" (`keep_until`) holds a closed interest until that moment; a withdrawn or
/// started one goes after four weeks regardless. (An interest left on its way is closed
/// first, by `api::board::close_idle_interests`, so it goes by the same rule.)
pub async fn purge(db: &Db, now: Instant) -> Result<Purged, sqlx::Error> {
    const UNCONFIRMED: &str = "
        DELETE FROM interests
        WHERE registered_by IS NULL AND created_at < $1
          AND (email_confirmed_at IS NULL OR (age_band = 'under-16' AND guardian_confirmed_at IS NULL))";
    const OVER: &str = "
        DELETE FROM interests
        WHERE stage_changed_at < $1
          AND (stage IN ('withdrawn', 'started') OR (stage = 'closed' AND (keep_until IS NULL OR keep_until < $2)))";
    let unconfirmed_before = now.plus_seconds(-retention::UNCONFIRMED_HOURS * 3600).stored();
    let over_before = now.plus_seconds(-retention::OVER_DAYS * 86_400).stored();
    let now = now.stored();
    let mut tx = db.begin().await?;
    let purged = with_tx!(tx, conn => {
        let unconfirmed = sqlx::query(UNCONFIRMED).bind(&unconfirmed_before).execute(&mut *conn).await?;
        let over = sqlx::query(OVER).bind(&over_before).bind(&now).execute(&mut *conn).await?;
        Ok::<_, sqlx::Error>(Purged {
            unconfirmed: unconfirmed.rows_affected(),
            over: over.rows_affected(),
        })
    })?;
    if purged.total() > 0 {
        tx.changed(Change::Interest { id: 0 });
    }
    tx.commit().await?;
    Ok(purged)
}

/// Whether an interest counts (is on the coordinator's board), as SQL on `interests i`.
const COUNTED: &str = "(i.registered_by IS NOT NULL OR (i.email_confirmed_at IS NOT NULL
    AND (i.age_band <> 'under-16' OR i.guardian_confirmed_at IS NOT NULL)))";

/// What the board is filtered by; `None` lets everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardQuery {
    /// The coordinator's region; `None` for a coordinator of both.
    pub region: Option<Region>,
    pub stage: Option<Stage>,
    pub company_id: Option<i64>,
    pub kind: Option<PlacementKind>,
    pub age_band: Option<AgeBand>,
    /// Only interests in their stage since before this instant.
    pub waiting_since: Option<String>,
    /// Only this interest.
    pub interest_id: Option<i64>,
    /// Only interests nobody was introduced to yet (in "interest" or "in review").
    pub unplaced: bool,
}

#[derive(sqlx::FromRow)]
struct BoardRow {
    #[sqlx(flatten)]
    student: StudentRow,
    close_reason: Option<String>,
    declined_by: Option<String>,
    meeting_times: Option<String>,
}

pub use crate::domain::interests::BOARD_LIMIT;

/// The counted interests the board shows for `query`, in their stage longest first.
pub async fn board(db: &Db, query: &BoardQuery) -> Result<Vec<crate::domain::BoardItem>, sqlx::Error> {
    use crate::domain::interests::{CloseReason, DeclinedBy};
    let sql = format!(
        "SELECT {COLUMNS}, p.title, p.kind, p.field, c.name AS company_name, c.slug AS company_slug, c.town,
                i.close_reason, i.declined_by, i.meeting_times
         FROM interests i
         JOIN regions r ON r.id = i.region_id
         LEFT JOIN placements p ON p.id = i.placement_id
         LEFT JOIN companies c ON c.id = p.company_id
         WHERE {COUNTED}
           AND ($1 IS NULL OR r.code = $1)
           AND ($2 IS NULL OR i.stage = $2)
           AND ($3 IS NULL OR c.id = $3)
           AND ($4 IS NULL OR p.kind = $4)
           AND ($5 IS NULL OR i.age_band = $5)
           AND ($6 IS NULL OR i.stage_changed_at < $6)
           AND ($7 IS NULL OR i.id = $7)
           AND ($8 = 0 OR i.stage IN ('interest', 'in-review'))
         ORDER BY i.stage_changed_at, i.id
         LIMIT $9"
    );
    let rows: Vec<BoardRow> = with_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(query.region.map(Region::code))
            .bind(query.stage.map(Stage::code))
            .bind(query.company_id)
            .bind(query.kind.map(PlacementKind::code))
            .bind(query.age_band.map(AgeBand::code))
            .bind(query.waiting_since.as_deref())
            .bind(query.interest_id)
            .bind(i64::from(query.unplaced))
            .bind(BOARD_LIMIT)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter()
        .map(|row| {
            let (interest, placement) = student_row(row.student)?;
            Ok(crate::domain::BoardItem {
                interest,
                placement,
                close_reason: row
                    .close_reason
                    .map(|c| decode_code(&c, CloseReason::from_code))
                    .transpose()?,
                declined_by: row
                    .declined_by
                    .map(|c| decode_code(&c, DeclinedBy::from_code))
                    .transpose()?,
                meeting_times: row.meeting_times,
            })
        })
        .collect()
}

/// How many counted interests of `region` (`None`: both) are in each stage.
pub async fn stage_counts(db: &Db, region: Option<Region>) -> Result<Vec<(Stage, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT i.stage, COUNT(*) FROM interests i JOIN regions r ON r.id = i.region_id
         WHERE {COUNTED} AND ($1 IS NULL OR r.code = $1)
         GROUP BY i.stage"
    );
    let rows: Vec<(String, i64)> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(region.map(Region::code)).fetch_all(pool).await)?;
    let counted: Vec<(Stage, i64)> = rows
        .into_iter()
        .map(|(stage, n)| Ok((decode_code(&stage, Stage::from_code)?, n)))
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Stage::ALL
        .iter()
        .map(|stage| {
            let n = counted.iter().find(|(s, _)| s == stage).map_or(0, |(_, n)| *n);
            (*stage, n)
        })
        .collect())
}

/// Interest `id` if it counts, with its placement, inside `tx` (for a move or a closing).
pub async fn counted_in(tx: &mut Tx, id: i64) -> Result<Option<(Interest, Option<InterestPlacement>)>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}, p.title, p.kind, p.field, c.name AS company_name, c.slug AS company_slug, c.town
         FROM interests i
         LEFT JOIN placements p ON p.id = i.placement_id
         LEFT JOIN companies c ON c.id = p.company_id
         WHERE i.id = $1 AND {COUNTED}"
    );
    let row: Option<StudentRow> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)?;
    row.map(student_row).transpose()
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: i64,
    version: i64,
    placement_id: i64,
    placement_title: String,
    first_name: String,
    age_band: String,
    school: String,
    programme: String,
    crebo: Option<String>,
    start_month: Option<String>,
    motivation: String,
    stage: String,
    meeting_times: Option<String>,
    email: String,
    phone: Option<String>,
    stage_changed_at: String,
    meeting_accepted: Option<String>,
    meeting_accepted_at: Option<String>,
}

impl TryFrom<CandidateRow> for crate::domain::Candidate {
    type Error = sqlx::Error;

    fn try_from(row: CandidateRow) -> Result<Self, Self::Error> {
        let stage = decode_code(&row.stage, Stage::from_code)?;
        Ok(crate::domain::Candidate {
            id: row.id,
            version: row.version,
            placement_id: row.placement_id,
            placement_title: row.placement_title,
            first_name: row.first_name,
            age_band: decode_code(&row.age_band, AgeBand::from_code)?,
            school: row.school,
            programme: decode_code(&row.programme, Programme::from_code)?,
            crebo: row.crebo,
            start_month: row.start_month,
            motivation: row.motivation,
            stage,
            meeting_times: row.meeting_times,
            // The company learns how to reach the student only once the student chose a
            // moment to meet.
            contact: row.meeting_accepted_at.is_some().then_some((row.email, row.phone)),
            meeting_accepted: row.meeting_accepted,
            stage_changed_at: decode_code(&row.stage_changed_at, Instant::parse)?,
        })
    }
}

/// The stages in which a company sees a candidate introduced to one of its placements.
const COMPANY_SEES: &str = "('introduced', 'first-meeting', 'trial-day', 'agreement', 'started')";

const CANDIDATE_COLUMNS: &str = "
    i.id, i.version, p.id AS placement_id, p.title AS placement_title, i.first_name, i.age_band, i.school,
    i.programme, i.crebo, i.start_month, i.motivation, i.stage, i.meeting_times, i.email, i.phone,
    i.stage_changed_at, i.meeting_accepted, i.meeting_accepted_at
    FROM interests i JOIN placements p ON p.id = i.placement_id";

/// The candidates introduced to the placements of company `company_id`, longest waiting
/// for the company first.
pub async fn company_candidates(db: &Db, company_id: i64) -> Result<Vec<crate::domain::Candidate>, sqlx::Error> {
    let sql = format!(
        "SELECT {CANDIDATE_COLUMNS}
         WHERE p.company_id = $1 AND i.stage IN {COMPANY_SEES}
         ORDER BY CASE WHEN i.stage = 'introduced' THEN 0 ELSE 1 END, i.stage_changed_at, i.id"
    );
    let rows: Vec<CandidateRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(company_id).fetch_all(pool).await)?;
    rows.into_iter().map(crate::domain::Candidate::try_from).collect()
}

/// Candidate `id` of company `company_id` inside `tx`, with the interest's region; `None`
/// for anyone else's, or one the company does not see.
pub async fn candidate_in(
    tx: &mut Tx,
    company_id: i64,
    id: i64,
) -> Result<Option<(crate::domain::Candidate, Region)>, sqlx::Error> {
    let sql = format!(
        "SELECT {CANDIDATE_COLUMNS}
         WHERE i.id = $1 AND p.company_id = $2 AND i.stage IN {COMPANY_SEES}"
    );
    let row: Option<CandidateRow> =
        with_tx!(tx, conn => sqlx::query_as(&sql).bind(id).bind(company_id).fetch_optional(&mut *conn).await)?;
    let Some(row) = row else { return Ok(None) };
    const REGION: &str = "SELECT r.code FROM interests i JOIN regions r ON r.id = i.region_id WHERE i.id = $1";
    let (region,): (String,) = with_tx!(tx, conn => sqlx::query_as(REGION).bind(id).fetch_one(&mut *conn).await)?;
    Ok(Some((
        crate::domain::Candidate::try_from(row)?,
        decode_code(&region, Region::from_code)?,
    )))
}

/// Keeps the moments the company proposed for a first meeting with interest `id`.
pub async fn set_meeting_times(tx: &mut Tx, id: i64, times: &str) -> Result<(), sqlx::Error> {
    // New moments: the student chooses again before the company sees how to reach them.
    const SQL: &str =
        "UPDATE interests SET meeting_times = $2, meeting_accepted = NULL, meeting_accepted_at = NULL WHERE id = $1";
    with_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(times).execute(&mut *conn).await.map(drop))?;
    tx.changed(Change::Interest { id });
    Ok(())
}

/// Records that the student of interest `id` (shown at `version`) accepted `moment` at
/// `now`; false when it moved meanwhile or no moments wait for an answer.
pub async fn accept_meeting(tx: &mut Tx, id: i64, version: i64, moment: &str, now: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET meeting_accepted = $3, meeting_accepted_at = $4, version = version + 1, updated_at = $4
        WHERE id = $1 AND version = $2 AND stage = 'first-meeting' AND meeting_times IS NOT NULL
          AND meeting_accepted_at IS NULL";
    let done = with_tx!(tx, conn => {
        sqlx::query(SQL).bind(id).bind(version).bind(moment).bind(now).execute(&mut *conn).await.map(|r| r.rows_affected())
    })?;
    tx.changed(Change::Interest { id });
    Ok(done == 1)
}

/// A new personal link for the student of interest `id` (its token's hash); the old one
/// stops working.
pub async fn renew_link(tx: &mut Tx, id: i64, token_hash: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE interests SET token_hash = $2 WHERE id = $1";
    with_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(token_hash).execute(&mut *conn).await.map(drop))
}

/// The addresses of the users of the company whose placement is `placement_id`.
pub async fn company_users_of(tx: &mut Tx, placement_id: i64) -> Result<Vec<String>, sqlx::Error> {
    const SQL: &str = "
        SELECT u.email FROM placements p JOIN users u ON u.company_id = p.company_id
        WHERE p.id = $1 ORDER BY u.id";
    let rows: Vec<(String,)> =
        with_tx!(tx, conn => sqlx::query_as(SQL).bind(placement_id).fetch_all(&mut *conn).await)?;
    Ok(rows.into_iter().map(|(email,)| email).collect())
}

/// The student's address of interest `id`, inside `tx`.
pub async fn email_of(tx: &mut Tx, id: i64) -> Result<String, sqlx::Error> {
    let (email,): (String,) = with_tx!(tx, conn => {
        sqlx::query_as("SELECT email FROM interests WHERE id = $1").bind(id).fetch_one(&mut *conn).await
    })?;
    Ok(email)
}

/// A student to ask whether to keep their data longer: one interest of theirs (whose link
/// the mail renews), their first name and address, and until when it is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeepEnding {
    pub id: i64,
    pub first_name: String,
    pub email: String,
    pub keep_until: Instant,
}

/// The students whose "keep me for next season" ends between `now` and `before` and who
/// were not asked yet, one per address.
pub async fn keeps_ending(db: &Db, now: &str, before: &str) -> Result<Vec<KeepEnding>, sqlx::Error> {
    const SQL: &str = "
        SELECT i.id, i.first_name, i.email, i.keep_until FROM interests i
        WHERE i.keep_until > $1 AND i.keep_until < $2 AND i.keep_asked_at IS NULL
          AND i.id = (SELECT MIN(o.id) FROM interests o
                      WHERE o.email = i.email AND o.keep_until > $1 AND o.keep_asked_at IS NULL)
        ORDER BY i.id";
    let rows: Vec<(i64, String, String, String)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(now).bind(before).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(id, first_name, email, until)| {
            Ok(KeepEnding {
                id,
                first_name,
                email,
                keep_until: decode_code(&until, Instant::parse)?,
            })
        })
        .collect()
}

/// Marks the kept interests of `email` as asked, and gives interest `id` a new link (the
/// hash of the token the mail carries): the old one of that interest stops working.
pub async fn mark_keep_asked(
    tx: &mut Tx,
    id: i64,
    email: &str,
    token_hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    const ASKED: &str = "UPDATE interests SET keep_asked_at = $2 WHERE email = $1 AND keep_until IS NOT NULL";
    const LINK: &str = "UPDATE interests SET token_hash = $2 WHERE id = $1";
    with_tx!(tx, conn => {
        sqlx::query(ASKED).bind(email).bind(now).execute(&mut *conn).await?;
        sqlx::query(LINK).bind(id).bind(token_hash).execute(&mut *conn).await.map(drop)
    })?;
    tx.changed(Change::Interest { id });
    Ok(())
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    title: String,
    kind: String,
    level: String,
    field: String,
    crebo: Option<String>,
    start_date: Option<String>,
    sbb_accredited: bool,
    name: String,
    slug: String,
    town: String,
    latitude: f64,
    longitude: f64,
    region: String,
}

/// The open placements of published companies in `region` (`None`: both), or only
/// placement `placement_id` if it is one of them, as suggestions weigh them; by title.
pub async fn open_offers(
    db: &Db,
    region: Option<Region>,
    placement_id: Option<i64>,
) -> Result<Vec<crate::domain::fit::Offer>, sqlx::Error> {
    use crate::domain::{Day, Field, Level};
    const SQL: &str = "
        SELECT p.id, p.title, p.kind, p.level, p.field, p.crebo, p.start_date, c.sbb_accredited,
               c.name, c.slug, c.town, c.latitude, c.longitude, r.code AS region
        FROM placements p
        JOIN companies c ON c.id = p.company_id
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE p.status = 'open' AND c.published
          AND ($1 IS NULL OR r.code = $1)
          AND ($2 IS NULL OR p.id = $2)
        ORDER BY p.title, p.id";
    let rows: Vec<OfferRow> = with_reader!(db, pool => {
        sqlx::query_as(SQL)
            .bind(region.map(Region::code))
            .bind(placement_id)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter()
        .map(|row| {
            Ok(crate::domain::fit::Offer {
                placement_id: row.id,
                title: row.title,
                kind: decode_code(&row.kind, PlacementKind::from_code)?,
                level: decode_code(&row.level, Level::from_code)?,
                field: decode_code(&row.field, Field::from_code)?,
                crebo: row.crebo,
                start_date: row.start_date.map(|d| decode_code(&d, Day::parse)).transpose()?,
                recognised: row.sbb_accredited,
                company_name: row.name,
                company_slug: row.slug,
                town: row.town,
                position: crate::map::LatLon::new(row.latitude, row.longitude),
                region: decode_code(&row.region, Region::from_code)?,
            })
        })
        .collect()
}

/// Where the areas of 4-digit postcodes lie, from the addresses of every company.
pub async fn postcode_areas(db: &Db) -> Result<crate::domain::fit::PostcodeAreas, sqlx::Error> {
    const SQL: &str = "SELECT postcode, latitude, longitude FROM companies";
    let rows: Vec<(String, f64, f64)> = with_reader!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(crate::domain::fit::PostcodeAreas::from_addresses(rows.into_iter().map(
        |(postcode, lat, lon)| (postcode, crate::map::LatLon::new(lat, lon)),
    )))
}

/// Points interest `id` (still at `version`) at placement `placement_id` and moves it to
/// "introduced", inside `tx`; false when someone changed it since.
pub async fn introduce(tx: &mut Tx, id: i64, version: i64, placement_id: i64, now: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET placement_id = $1, stage = 'introduced', stage_changed_at = $2, updated_at = $2,
            version = version + 1
        WHERE id = $3 AND version = $4";
    let done = with_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(placement_id)
            .bind(now)
            .bind(id)
            .bind(version)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    tx.changed(Change::Interest { id });
    Ok(done == 1)
}
