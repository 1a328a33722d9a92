//! Once per period across instances: each periodic job claims its period before it runs
//! (see `server::jobs`).

use super::{Db, with_tx};

/// Claims period number `period` of `job` (the period's number since 1970, as
/// `server::jobs::period_of` counts it); true for exactly one caller per period, however
/// many instances ask at once, and false for an earlier period than one already claimed.
pub async fn claim_period(db: &Db, job: &str, period: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO job_runs (job, period) VALUES ($1, $2)
        ON CONFLICT (job) DO UPDATE SET period = excluded.period WHERE job_runs.period < excluded.period";
    let mut tx = db.begin().await?;
    let claimed = with_tx!(tx, conn => {
        sqlx::query(SQL).bind(job).bind(period).execute(&mut *conn).await.map(|r| r.rows_affected())
    })? == 1;
    tx.commit().await?;
    Ok(claimed)
}
