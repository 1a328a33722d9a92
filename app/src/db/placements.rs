//! Placements: storing them.

use super::{Tx, with_tx};
use crate::domain::NewPlacement;

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
    with_tx!(tx, conn => {
        let (id,): (i64,) = sqlx::query_as(INSERT)
            .bind(company_id)
            .bind(&placement.title)
            .bind(placement.kind.code())
            .bind(placement.level.code())
            .bind(placement.field.code())
            .bind(&placement.qualification)
            .bind(placement.crebo.as_ref().map(|c| c.as_str()))
            .bind(&placement.description_nl)
            .bind(&placement.description_en)
            .bind(placement.hours_per_week)
            .bind(placement.days_per_week)
            .bind(placement.school_days_code())
            .bind(&placement.start_date)
            .bind(placement.duration_months)
            .bind(placement.places)
            .bind(placement.pay_min_eur)
            .bind(placement.pay_max_eur)
            .bind(placement.status.code())
            .bind(&placement.last_confirmed_on)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
        Ok(id)
    })
}
