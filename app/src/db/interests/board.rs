//! The coordinator's board: the interests that count, filtered, and how many are at each stage.

use super::*;

/// Whether an interest counts (is on the coordinator's board), as SQL on `interests i`.
pub(super) const COUNTED: &str = "(i.registered_by IS NOT NULL OR (i.email_confirmed_at IS NOT NULL
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
pub(super) struct BoardRow {
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
