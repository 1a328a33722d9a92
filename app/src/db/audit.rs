//! The audit log: entries are only added, never changed.

use super::{Db, Tx, decode_code, with_reader, with_tx};
use crate::domain::{AuditAction, AuditEntry, AuditOwner, AuditSubject, Change};

/// A change to record: who (`user_id`, `actor` as their address) did `action` to which
/// subject of which company (or region), bringing the subject to `version`. `user_id` is
/// `None` for someone without an account (a student with their own link).
#[derive(Clone, Debug)]
pub struct NewAuditEntry<'a> {
    pub user_id: Option<i64>,
    pub actor: &'a str,
    pub owner: AuditOwner,
    pub subject: AuditSubject,
    pub subject_id: i64,
    pub action: AuditAction,
    pub version: i64,
    pub changes: &'a [Change],
}

/// Adds an entry, in the transaction that made the change.
pub async fn record(tx: &mut Tx, entry: &NewAuditEntry<'_>, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO audit_log (at, user_id, actor, company_id, region_id, subject, subject_id, action, version, changes)
        VALUES ($1, $2, $3, $4, (SELECT id FROM regions WHERE code = $5), $6, $7, $8, $9, $10)";
    let (company_id, region) = match entry.owner {
        AuditOwner::Company(id) => (Some(id), None),
        AuditOwner::Region(region) => (None, Some(region.code())),
    };
    let changes = serde_json::to_string(entry.changes).map_err(|e| sqlx::Error::Encode(e.into()))?;
    with_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(now)
            .bind(entry.user_id)
            .bind(entry.actor)
            .bind(company_id)
            .bind(region)
            .bind(entry.subject.code())
            .bind(entry.subject_id)
            .bind(entry.action.code())
            .bind(entry.version)
            .bind(changes)
            .execute(&mut *conn)
            .await?;
        Ok(())
    })
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    at: String,
    actor: String,
    company_id: Option<i64>,
    company_name: String,
    subject: String,
    subject_id: i64,
    action: String,
    changes: String,
    by_coordinator: bool,
}

impl TryFrom<EntryRow> for AuditEntry {
    type Error = sqlx::Error;

    fn try_from(row: EntryRow) -> Result<Self, Self::Error> {
        Ok(AuditEntry {
            id: row.id,
            at: decode_code(&row.at, crate::domain::Instant::parse)?,
            actor: row.actor,
            company_id: row.company_id,
            company_name: row.company_name,
            subject: decode_code(&row.subject, AuditSubject::from_code)?,
            subject_id: row.subject_id,
            action: decode_code(&row.action, AuditAction::from_code)?,
            changes: serde_json::from_str(&row.changes).map_err(|e| sqlx::Error::Decode(e.into()))?,
            by_coordinator: row.by_coordinator,
        })
    }
}

/// An entry names its company, or for a region's own event its region (`r`).
const ENTRY_COLUMNS: &str = "a.id, a.at, a.actor, a.company_id, COALESCE(c.name, r.name) AS company_name,
    a.subject, a.subject_id, a.action, a.changes, COALESCE(u.role = 'coordinator', FALSE) AS by_coordinator
    FROM audit_log a
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN companies c ON c.id = a.company_id
    LEFT JOIN municipalities m ON m.id = c.municipality_id
    JOIN regions r ON r.id = COALESCE(m.region_id, a.region_id)";

/// The newest entries first, at most `limit`: of one company, or of every company and
/// the region's own events in `region` (`None` for both regions).
pub async fn list_entries(
    db: &Db,
    company_id: Option<i64>,
    region: Option<crate::domain::Region>,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS}
         WHERE ($1 IS NULL OR a.company_id = $1) AND ($2 IS NULL OR r.code = $2)
         ORDER BY a.at DESC, a.id DESC LIMIT $3"
    );
    let rows: Vec<EntryRow> = with_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(company_id)
            .bind(region.map(crate::domain::Region::code))
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(AuditEntry::try_from).collect()
}

/// Every entry about one subject that brought it past `version`, oldest first: what
/// others saved since someone started editing that version.
pub async fn entries_since(
    db: &Db,
    subject: AuditSubject,
    subject_id: i64,
    version: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS}
         WHERE a.subject = $1 AND a.subject_id = $2 AND a.version > $3
         ORDER BY a.version, a.id"
    );
    let rows: Vec<EntryRow> = with_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(subject.code())
            .bind(subject_id)
            .bind(version)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(AuditEntry::try_from).collect()
}
