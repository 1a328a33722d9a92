//! What a company sees of the students introduced to it, and the meetings they agree.

use super::*;

#[derive(sqlx::FromRow)]
pub(super) struct CandidateRow {
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
pub(super) const COMPANY_SEES: &str = "('introduced', 'first-meeting', 'trial-day', 'agreement', 'started')";

pub(super) const CANDIDATE_COLUMNS: &str = "
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
/// `now`; `Saved::Stale` when it moved meanwhile or no moments wait for an answer.
pub async fn accept_meeting(tx: &mut Tx, id: i64, version: i64, moment: &str, now: &str) -> Result<Saved, sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET meeting_accepted = $3, meeting_accepted_at = $4, version = version + 1, updated_at = $4
        WHERE id = $1 AND version = $2 AND stage = 'first-meeting' AND meeting_times IS NOT NULL
          AND meeting_accepted_at IS NULL
        RETURNING version";
    let done: Option<(i64,)> = with_tx!(tx, conn => {
        sqlx::query_as(SQL).bind(id).bind(version).bind(moment).bind(now).fetch_optional(&mut *conn).await
    })?;
    interest_saved(tx, id, done).await
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
