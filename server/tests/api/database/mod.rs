//! Database tests: each body runs on a fresh SQLite file and a fresh PostgreSQL database.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{company, count, execute, region_of};
use app::db::changes::Change;
use app::db::{self, Db};
use app::domain::{NewCompany, PlacementStatus, Region};
use server::seed;

mod catalog;
mod changes;
mod constraints;
mod migrations;
mod seeding;

async fn insert(db: &Db, company: &NewCompany) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = db::companies::insert_company(&mut tx, company, "2026-11-21T10:00:00Z").await?;
    tx.commit().await?;
    Ok(id)
}

/// A placement row for `company_id` with `kind`, written as raw SQL so the database itself
/// is what accepts or refuses it.
fn placement_sql(company_id: i64, kind: &str) -> String {
    format!(
        "INSERT INTO placements (company_id, title, kind, level, field, status, last_confirmed_on, created_at, updated_at)
         VALUES ({company_id}, 'Leerling lasser', '{kind}', 'mbo2', 'welding', 'open', '2026-11-01',
                 '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z')"
    )
}
