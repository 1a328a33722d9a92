//! Placements: storing them and reading them for the public pages.

pub use super::Saved;
use super::{Db, Tx, decode_code, with_reader, with_tx};
use crate::domain::{
    Crebo, Day, Field, Level, NewPlacement, OwnPlacement, PlacementDetails, PlacementKind, PlacementStatus,
    PlacementSummary, parse_school_days,
};

/// Binds a placement's eighteen stored fields, title to last confirmation, in the order of
/// the columns in the INSERT and UPDATE below. A macro, because the query's database type
/// differs between the SQLite and PostgreSQL arms of `with_tx!`.
macro_rules! bind_placement {
    ($query:expr, $placement:ident) => {
        $query
            .bind(&$placement.title)
            .bind($placement.kind.code())
            .bind($placement.level.code())
            .bind($placement.field.code())
            .bind(&$placement.qualification)
            .bind($placement.crebo.as_ref().map(|c| c.as_str()))
            .bind(&$placement.description_nl)
            .bind(&$placement.description_en)
            .bind($placement.hours_per_week)
            .bind($placement.days_per_week)
            .bind($placement.school_days_code())
            .bind($placement.start_date.map(crate::domain::Day::stored))
            .bind($placement.duration_months)
            .bind($placement.places)
            .bind($placement.pay_min_eur)
            .bind($placement.pay_max_eur)
            .bind($placement.status.code())
            .bind($placement.last_confirmed_on.stored())
    };
}

/// Stores a new placement of `company_id`; returns its id.
pub async fn insert_placement(
    tx: &mut Tx,
    company_id: i64,
    placement: &NewPlacement,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const INSERT: &str = "
        INSERT INTO placements (
            company_id, title, kind, level, field, qualification, crebo, description_nl,
            description_en, hours_per_week, days_per_week, school_days, start_date,
            duration_months, places, pay_min_eur, pay_max_eur, status, last_confirmed_on,
            created_at, updated_at
        ) VALUES (
            $1, $2, $3, $4, $5, $6, $7, $8,
            $9, $10, $11, $12, $13,
            $14, $15, $16, $17, $18, $19,
            $20, $20
        ) RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        let query = sqlx::query_as(INSERT).bind(company_id);
        bind_placement!(query, placement).bind(now).fetch_one(&mut *conn).await
    })?;
    tx.changed_company(company_id, Some(id)).await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    kind: String,
    level: String,
    field: String,
    status: String,
    start_date: Option<String>,
    places: i64,
    last_confirmed_on: String,
}

/// All placements of a company: open ones first, then by title.
pub async fn list_company_placements(db: &Db, company_id: i64) -> Result<Vec<PlacementSummary>, sqlx::Error> {
    const SQL: &str = "
        SELECT id, title, kind, level, field, status, start_date, places, last_confirmed_on
        FROM placements
        WHERE company_id = $1
        ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, title, id";
    let rows: Vec<SummaryRow> = with_reader!(db, pool => sqlx::query_as(SQL).bind(company_id).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|row| {
            Ok(PlacementSummary {
                id: row.id,
                title: row.title,
                kind: decode_code(&row.kind, PlacementKind::from_code)?,
                level: decode_code(&row.level, Level::from_code)?,
                field: decode_code(&row.field, Field::from_code)?,
                status: decode_code(&row.status, PlacementStatus::from_code)?,
                start_date: row
                    .start_date
                    .as_deref()
                    .map(|day| decode_code(day, Day::parse))
                    .transpose()?,
                places: row.places,
                last_confirmed_on: decode_code(&row.last_confirmed_on, Day::parse)?,
            })
        })
        .collect()
}

/// The stored fields of a placement that a company edits, as one part of a row.
#[derive(sqlx::FromRow)]
struct PlacementColumns {
    title: String,
    kind: String,
    level: String,
    field: String,
    qualification: Option<String>,
    crebo: Option<String>,
    description_nl: String,
    description_en: String,
    hours_per_week: Option<i64>,
    days_per_week: Option<i64>,
    school_days: Option<String>,
    start_date: Option<String>,
    duration_months: Option<i64>,
    places: i64,
    pay_min_eur: Option<i64>,
    pay_max_eur: Option<i64>,
    status: String,
    last_confirmed_on: String,
}

impl TryFrom<PlacementColumns> for NewPlacement {
    type Error = sqlx::Error;

    fn try_from(row: PlacementColumns) -> Result<Self, Self::Error> {
        Ok(NewPlacement {
            kind: decode_code(&row.kind, PlacementKind::from_code)?,
            level: decode_code(&row.level, Level::from_code)?,
            field: decode_code(&row.field, Field::from_code)?,
            status: decode_code(&row.status, PlacementStatus::from_code)?,
            school_days: parse_school_days(row.school_days.as_deref()),
            crebo: row
                .crebo
                .as_deref()
                .map(Crebo::parse)
                .transpose()
                .map_err(|problem| sqlx::Error::Decode(format!("stored crebo is {problem:?}").into()))?,
            title: row.title,
            qualification: row.qualification,
            description_nl: row.description_nl,
            description_en: row.description_en,
            hours_per_week: row.hours_per_week,
            days_per_week: row.days_per_week,
            start_date: row
                .start_date
                .as_deref()
                .map(|day| decode_code(day, Day::parse))
                .transpose()?,
            duration_months: row.duration_months,
            places: row.places,
            pay_min_eur: row.pay_min_eur,
            pay_max_eur: row.pay_max_eur,
            last_confirmed_on: decode_code(&row.last_confirmed_on, Day::parse)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DetailsRow {
    id: i64,
    company_slug: String,
    company_name: String,
    town: String,
    #[sqlx(flatten)]
    placement: PlacementColumns,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    website: Option<String>,
}

/// Placement `id` of the published company with this slug; `None` when the company has no
/// such placement, so ids of other companies' placements lead nowhere.
pub async fn get_published_placement(db: &Db, slug: &str, id: i64) -> Result<Option<PlacementDetails>, sqlx::Error> {
    const SQL: &str = "
        SELECT p.id, c.slug AS company_slug, c.name AS company_name, c.town, p.title, p.kind, p.level,
            p.field, p.qualification, p.crebo, p.description_nl, p.description_en, p.hours_per_week,
            p.days_per_week, p.school_days, p.start_date, p.duration_months, p.places, p.pay_min_eur,
            p.pay_max_eur, p.status, p.last_confirmed_on, c.contact_name, c.contact_email,
            c.contact_phone, c.website
        FROM placements p
        JOIN companies c ON c.id = p.company_id
        WHERE c.slug = $1 AND p.id = $2 AND c.published";
    let row: Option<DetailsRow> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(slug).bind(id).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(PlacementDetails {
        id: row.id,
        company_slug: row.company_slug,
        company_name: row.company_name,
        town: row.town,
        placement: NewPlacement::try_from(row.placement)?,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        website: row.website,
    }))
}

#[derive(sqlx::FromRow)]
struct OwnRow {
    id: i64,
    version: i64,
    updated_at: String,
    #[sqlx(flatten)]
    placement: PlacementColumns,
}

impl TryFrom<OwnRow> for OwnPlacement {
    type Error = sqlx::Error;

    fn try_from(row: OwnRow) -> Result<Self, Self::Error> {
        Ok(OwnPlacement {
            id: row.id,
            version: row.version,
            updated_at: row.updated_at,
            placement: NewPlacement::try_from(row.placement)?,
        })
    }
}

const OWN_COLUMNS: &str = "id, version, title, kind, level, field, qualification, crebo, description_nl,
    description_en, hours_per_week, days_per_week, school_days, start_date, duration_months, places,
    pay_min_eur, pay_max_eur, status, last_confirmed_on, updated_at FROM placements";

/// Every placement of `company_id`, for its dashboard: open ones first, the longest
/// unconfirmed first among them, then the rest by title.
pub async fn list_own_placements(db: &Db, company_id: i64) -> Result<Vec<OwnPlacement>, sqlx::Error> {
    let sql = format!(
        "SELECT {OWN_COLUMNS} WHERE company_id = $1
         ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, last_confirmed_on, title, id"
    );
    let rows: Vec<OwnRow> = with_reader!(db, pool => sqlx::query_as(&sql).bind(company_id).fetch_all(pool).await)?;
    rows.into_iter().map(OwnPlacement::try_from).collect()
}

/// Placement `id` if it belongs to `company_id`; another company's id finds nothing.
pub async fn get_own_placement(db: &Db, company_id: i64, id: i64) -> Result<Option<OwnPlacement>, sqlx::Error> {
    let sql = format!("SELECT {OWN_COLUMNS} WHERE company_id = $1 AND id = $2");
    let row: Option<OwnRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(company_id).bind(id).fetch_optional(pool).await)?;
    row.map(OwnPlacement::try_from).transpose()
}

/// The same as `get_own_placement`, read inside a write transaction (so what a save
/// compares against cannot change before it commits).
pub async fn lock_own_placement(tx: &mut Tx, company_id: i64, id: i64) -> Result<Option<OwnPlacement>, sqlx::Error> {
    let sql = format!("SELECT {OWN_COLUMNS} WHERE company_id = $1 AND id = $2");
    let sql = match tx.inner_mut() {
        super::TxInner::Postgres(_) => format!("{sql} FOR UPDATE"),
        super::TxInner::Sqlite(_) => sql,
    };
    let row: Option<OwnRow> = with_tx!(tx, conn => {
        sqlx::query_as(&sql).bind(company_id).bind(id).fetch_optional(&mut *conn).await
    })?;
    row.map(OwnPlacement::try_from).transpose()
}

/// Replaces placement `id` of `company_id` with `placement` (status and confirmation
/// date included), if it is still at `version`.
pub async fn update_placement(
    tx: &mut Tx,
    company_id: i64,
    id: i64,
    version: i64,
    placement: &NewPlacement,
    now: &str,
) -> Result<Saved, sqlx::Error> {
    const UPDATE: &str = "
        UPDATE placements SET
            title = $4, kind = $5, level = $6, field = $7, qualification = $8, crebo = $9,
            description_nl = $10, description_en = $11, hours_per_week = $12, days_per_week = $13,
            school_days = $14, start_date = $15, duration_months = $16, places = $17,
            pay_min_eur = $18, pay_max_eur = $19, status = $20, last_confirmed_on = $21,
            updated_at = $22, version = version + 1
        WHERE company_id = $1 AND id = $2 AND version = $3
        RETURNING version";
    const CURRENT: &str = "SELECT version FROM placements WHERE company_id = $1 AND id = $2";
    let saved: Option<(i64,)> = with_tx!(tx, conn => {
        let query = sqlx::query_as(UPDATE).bind(company_id).bind(id).bind(version);
        bind_placement!(query, placement).bind(now).fetch_optional(&mut *conn).await
    })?;
    if let Some((version,)) = saved {
        tx.changed_company(company_id, Some(id)).await?;
        return Ok(Saved::Done(version));
    }
    let current: Option<(i64,)> =
        with_tx!(tx, conn => sqlx::query_as(CURRENT).bind(company_id).bind(id).fetch_optional(&mut *conn).await)?;
    Ok(current.map_or(Saved::Missing, |(version,)| Saved::Stale(version)))
}
