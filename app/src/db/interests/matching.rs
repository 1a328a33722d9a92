//! Matching an interest to open placements: the offers a coordinator chooses from, and the introduction.

use super::*;

#[derive(sqlx::FromRow)]
pub(super) struct OfferRow {
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
/// "introduced", inside `tx`; `Saved::Stale` when someone changed it since.
pub async fn introduce(tx: &mut Tx, id: i64, version: i64, placement_id: i64, now: &str) -> Result<Saved, sqlx::Error> {
    const SQL: &str = "
        UPDATE interests SET placement_id = $1, stage = 'introduced', stage_changed_at = $2, updated_at = $2,
            version = version + 1
        WHERE id = $3 AND version = $4
        RETURNING version";
    let done: Option<(i64,)> = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(placement_id)
            .bind(now)
            .bind(id)
            .bind(version)
            .fetch_optional(&mut *conn)
            .await
    })?;
    interest_saved(tx, id, done).await
}
