//! Periodic jobs run in every instance but once per period across all of them: before a
//! run, the instance claims the period in the database (`app::db::jobs`); the first to
//! claim it runs the job, the others skip that round. Periods are counted from 1970 on
//! the wall clock, so instances started at different moments still share them.

use std::time::Duration;

use app::db::Db;
use app::domain::Instant;

/// The number of the `every`-long period that `at` falls in, counted from 1970.
pub fn period_of(at: Instant, every: Duration) -> i64 {
    let seconds = i64::try_from(every.as_secs().max(1)).unwrap_or(i64::MAX);
    at.utc().unix_timestamp().div_euclid(seconds)
}

/// Whether this instance runs `job` for the period `now` falls in. A database that does
/// not answer means "not this round": the next round asks again.
pub async fn my_turn(db: &Db, job: &str, every: Duration, now: Instant) -> bool {
    match app::db::jobs::claim_period(db, job, period_of(now, every)).await {
        Ok(mine) => mine,
        Err(error) => {
            tracing::warn!(%error, job, "cannot claim the job's period; trying next round");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_one_hour_share_its_period_and_the_next_hour_is_the_next() {
        let at = |text: &str| Instant::parse(text).expect("instant");
        let hour = Duration::from_secs(3600);
        assert_eq!(
            period_of(at("2026-11-30T23:00:00Z"), hour),
            period_of(at("2026-11-30T23:59:59Z"), hour)
        );
        assert_eq!(
            period_of(at("2026-12-01T00:00:00Z"), hour),
            period_of(at("2026-11-30T23:59:59Z"), hour) + 1
        );
        assert_eq!(period_of(at("1970-01-01T00:01:00Z"), Duration::from_secs(60)), 1);
    }
}
