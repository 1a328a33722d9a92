//! Regions and their municipalities. Both are reference data loaded by the migrations.

use super::{Db, with_reader};
use crate::domain::{Region, RegionSummary};

/// Every region with its count of open placements and of companies that have them.
/// Only published companies count.
pub async fn list_region_summaries(db: &Db) -> Result<Vec<RegionSummary>, sqlx::Error> {
    const SQL: &str = "
        SELECT r.code, COUNT(p.id), COUNT(DISTINCT p.company_id)
        FROM regions r
        LEFT JOIN municipalities m ON m.region_id = r.id
        LEFT JOIN companies c ON c.municipality_id = m.id AND c.published
        LEFT JOIN placements p ON p.company_id = c.id AND p.status = 'open'
        GROUP BY r.id, r.code
        ORDER BY r.id";
    let rows: Vec<(String, i64, i64)> = with_reader!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(code, open_placements, companies_with_open_placements)| {
            Ok(RegionSummary {
                region: parse_region(&code)?,
                open_placements,
                companies_with_open_placements,
            })
        })
        .collect()
}

/// A municipality as the seed and forms need it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct MunicipalityRow {
    pub code: String,
    pub name: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// All municipalities, by region and then name.
pub async fn list_municipalities(db: &Db) -> Result<Vec<MunicipalityRow>, sqlx::Error> {
    const SQL: &str = "
        SELECT m.code, m.name, r.code AS region, m.latitude, m.longitude
        FROM municipalities m JOIN regions r ON r.id = m.region_id
        ORDER BY r.id, m.name";
    with_reader!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

/// Turns a stored region code into a `Region`; a code the schema should not allow is a decode error.
pub(crate) fn parse_region(code: &str) -> Result<Region, sqlx::Error> {
    Region::from_code(code).ok_or_else(|| sqlx::Error::Decode(format!("unknown region code {code:?}").into()))
}
