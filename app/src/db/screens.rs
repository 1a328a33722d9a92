//! Kiosk screens and their pairing codes: storing them, pairing, heartbeats, and the
//! lists their owners read. Every write to a screen's settings records `Change::Screen`,
//! so the screen's own live stream learns of it (a revoked screen goes back to its code).
//!
//! Pairing codes are only found by what the TV keeps (the hash of its secret) or claimed
//! by the code within its 15 minutes; a code never identifies a screen after that.

use super::changes::Change;
use super::{Db, Saved, Tx, decode_code, with_reader, with_tx};
use crate::domain::screens::ClockTime;
use crate::domain::{
    Heartbeat, Instant, OnDays, OnHours, Orientation, PairingCode, Region, Screen, ScreenSettings, ScreenShows,
};

/// A pairing code waiting on a TV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pairing {
    pub code: PairingCode,
    pub expires_at: Instant,
}

/// Stores a pairing code for the TV whose secret hashes to `secret_hash`; `false` when the
/// code is taken already (the caller draws another).
pub async fn insert_pairing(
    tx: &mut Tx,
    code: &PairingCode,
    secret_hash: &str,
    network: &str,
    now: Instant,
    expires_at: Instant,
) -> Result<bool, sqlx::Error> {
    const INSERT: &str = "
        INSERT INTO screen_pairings (code, secret_hash, network, created_at, expires_at)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (code) DO NOTHING";
    let done = with_tx!(tx, conn => sqlx::query(INSERT)
        .bind(code.as_str())
        .bind(secret_hash)
        .bind(network)
        .bind(now.stored())
        .bind(expires_at.stored())
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(done == 1)
}

/// Removes codes that ran out and the earlier code of the TV with `secret_hash`; returns
/// how many codes `network` still holds.
pub async fn clear_pairings(tx: &mut Tx, secret_hash: &str, network: &str, now: Instant) -> Result<i64, sqlx::Error> {
    const CLEAR: &str = "DELETE FROM screen_pairings WHERE expires_at <= $1 OR secret_hash = $2";
    const COUNT: &str = "SELECT COUNT(*) FROM screen_pairings WHERE network = $1";
    with_tx!(tx, conn => sqlx::query(CLEAR).bind(now.stored()).bind(secret_hash).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    let (held,): (i64,) = with_tx!(tx, conn => sqlx::query_as(COUNT).bind(network).fetch_one(&mut *conn).await)?;
    Ok(held)
}

/// The code still valid at `now` for the TV with `secret_hash`.
pub async fn pairing_of(db: &Db, secret_hash: &str, now: Instant) -> Result<Option<Pairing>, sqlx::Error> {
    const SQL: &str = "SELECT code, expires_at FROM screen_pairings WHERE secret_hash = $1 AND expires_at > $2";
    let row: Option<(String, String)> = with_reader!(db, pool => sqlx::query_as(SQL)
        .bind(secret_hash)
        .bind(now.stored())
        .fetch_optional(pool)
        .await)?;
    row.map(|(code, expires_at)| {
        Ok(Pairing {
            code: decode_code(&code, |c| PairingCode::parse(c).ok())?,
            expires_at: decode_code(&expires_at, Instant::parse)?,
        })
    })
    .transpose()
}

/// Takes the code valid at `now` off its TV: the hash of the TV's secret, which the new or
/// re-paired screen takes over. `None` when no TV shows that code.
pub async fn take_pairing(tx: &mut Tx, code: &PairingCode, now: Instant) -> Result<Option<String>, sqlx::Error> {
    const TAKE: &str = "DELETE FROM screen_pairings WHERE code = $1 AND expires_at > $2 RETURNING secret_hash";
    let row: Option<(String,)> = with_tx!(tx, conn => sqlx::query_as(TAKE)
        .bind(code.as_str())
        .bind(now.stored())
        .fetch_optional(&mut *conn)
        .await)?;
    Ok(row.map(|(hash,)| hash))
}

/// Stores a new screen of `region` (in the lobby of `company_id`, if any) that shows on the
/// TV with `secret_hash`; returns its id.
pub async fn insert_screen(
    tx: &mut Tx,
    region: Region,
    company_id: Option<i64>,
    settings: &ScreenSettings,
    secret_hash: &str,
    created_by: i64,
    now: Instant,
) -> Result<i64, sqlx::Error> {
    const INSERT: &str = "
        INSERT INTO screens (
            region_id, company_id, name, orientation, shows, on_days, on_from, on_until,
            secret_hash, created_by, created_at, updated_at
        ) VALUES (
            (SELECT id FROM regions WHERE code = $1), $2, $3, $4, $5, $6, $7, $8,
            $9, $10, $11, $11
        ) RETURNING id";
    let hours = &settings.on_hours;
    let (id,): (i64,) = with_tx!(tx, conn => sqlx::query_as(INSERT)
        .bind(region.code())
        .bind(company_id)
        .bind(&settings.name)
        .bind(settings.orientation.code())
        .bind(settings.shows.code())
        .bind(hours.days.code())
        .bind(hours.from.to_string())
        .bind(hours.until.to_string())
        .bind(secret_hash)
        .bind(created_by)
        .bind(now.stored())
        .fetch_one(&mut *conn)
        .await)?;
    tx.changed(Change::Screen { id });
    Ok(id)
}

/// Changes screen `id`'s settings if it is still at `version`.
pub async fn update_screen(
    tx: &mut Tx,
    id: i64,
    version: i64,
    settings: &ScreenSettings,
    now: Instant,
) -> Result<Saved, sqlx::Error> {
    const UPDATE: &str = "
        UPDATE screens SET name = $3, orientation = $4, shows = $5, on_days = $6, on_from = $7,
            on_until = $8, updated_at = $9, version = version + 1
        WHERE id = $1 AND version = $2
        RETURNING version";
    let hours = &settings.on_hours;
    let saved: Option<(i64,)> = with_tx!(tx, conn => sqlx::query_as(UPDATE)
        .bind(id)
        .bind(version)
        .bind(&settings.name)
        .bind(settings.orientation.code())
        .bind(settings.shows.code())
        .bind(hours.days.code())
        .bind(hours.from.to_string())
        .bind(hours.until.to_string())
        .bind(now.stored())
        .fetch_optional(&mut *conn)
        .await)?;
    finish(tx, id, saved).await
}

/// Gives screen `id` the TV with `secret_hash` (pairing it again), or none (`None`:
/// revoked), if it is still at `version`.
pub async fn set_screen_secret(
    tx: &mut Tx,
    id: i64,
    version: i64,
    secret_hash: Option<&str>,
    now: Instant,
) -> Result<Saved, sqlx::Error> {
    const UPDATE: &str = "
        UPDATE screens SET secret_hash = $3, updated_at = $4, version = version + 1,
            last_seen_at = NULL, offline_alerted_at = NULL
        WHERE id = $1 AND version = $2
        RETURNING version";
    let saved: Option<(i64,)> = with_tx!(tx, conn => sqlx::query_as(UPDATE)
        .bind(id)
        .bind(version)
        .bind(secret_hash)
        .bind(now.stored())
        .fetch_optional(&mut *conn)
        .await)?;
    finish(tx, id, saved).await
}

/// Removes screen `id` if it is still at `version`.
pub async fn delete_screen(tx: &mut Tx, id: i64, version: i64) -> Result<Saved, sqlx::Error> {
    const DELETE: &str = "DELETE FROM screens WHERE id = $1 AND version = $2 RETURNING version";
    let saved: Option<(i64,)> =
        with_tx!(tx, conn => sqlx::query_as(DELETE).bind(id).bind(version).fetch_optional(&mut *conn).await)?;
    finish(tx, id, saved).await
}

async fn finish(tx: &mut Tx, id: i64, saved: Option<(i64,)>) -> Result<Saved, sqlx::Error> {
    if saved.is_some() {
        tx.changed(Change::Screen { id });
    }
    Saved::of_write(tx, "screens", id, saved).await
}

const SCREEN_COLUMNS: &str = "
    s.id, r.code, s.company_id, c.name, s.name, s.orientation, s.shows, s.on_days, s.on_from,
    s.on_until, s.secret_hash IS NOT NULL, s.version, s.last_seen_at, s.last_slide, s.last_build,
    s.last_size
    FROM screens s
    JOIN regions r ON r.id = s.region_id
    LEFT JOIN companies c ON c.id = s.company_id";

type ScreenRow = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    bool,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn screen_from_row(row: ScreenRow) -> Result<Screen, sqlx::Error> {
    let (
        id,
        region,
        company_id,
        company_name,
        name,
        orientation,
        shows,
        days,
        from,
        until,
        paired,
        version,
        seen,
        slide,
        build,
        size,
    ) = row;
    Ok(Screen {
        id,
        region: decode_code(&region, Region::from_code)?,
        company_id,
        company_name,
        settings: ScreenSettings {
            name,
            orientation: decode_code(&orientation, Orientation::from_code)?,
            shows: decode_code(&shows, ScreenShows::from_code)?,
            on_hours: OnHours {
                days: decode_code(&days, OnDays::from_code)?,
                from: decode_code(&from, ClockTime::parse)?,
                until: decode_code(&until, ClockTime::parse)?,
            },
        },
        paired,
        version,
        last_seen: seen
            .as_deref()
            .map(|seen| decode_code(seen, Instant::parse))
            .transpose()?,
        last_slide: slide,
        last_build: build,
        last_size: size,
    })
}

/// Screen `id`, locked for the rest of the transaction on PostgreSQL (SQLite's one writer
/// does that already).
pub async fn lock_screen(tx: &mut Tx, id: i64) -> Result<Option<Screen>, sqlx::Error> {
    let sql = format!("SELECT {SCREEN_COLUMNS} WHERE s.id = $1");
    let sql = match tx.inner_mut() {
        super::TxInner::Postgres(_) => format!("{sql} FOR UPDATE OF s"),
        super::TxInner::Sqlite(_) => sql,
    };
    let row: Option<ScreenRow> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)?;
    row.map(screen_from_row).transpose()
}

/// The screen that shows on the TV whose secret hashes to `secret_hash`.
pub async fn screen_by_secret(db: &Db, secret_hash: &str) -> Result<Option<Screen>, sqlx::Error> {
    let sql = format!("SELECT {SCREEN_COLUMNS} WHERE s.secret_hash = $1");
    let row: Option<ScreenRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(secret_hash).fetch_optional(pool).await)?;
    row.map(screen_from_row).transpose()
}

/// The screens of company `company_id`, or (`None`) every screen of `region` (`None`: of
/// both regions), companies' lobby screens included; by name.
pub async fn list_screens(
    db: &Db,
    company_id: Option<i64>,
    region: Option<Region>,
) -> Result<Vec<Screen>, sqlx::Error> {
    let sql = format!(
        "SELECT {SCREEN_COLUMNS}
         WHERE ($1 IS NULL OR s.company_id = $1) AND ($2 IS NULL OR r.code = $2)
         ORDER BY s.name, s.id"
    );
    let rows: Vec<ScreenRow> = with_reader!(db, pool => sqlx::query_as(&sql)
        .bind(company_id)
        .bind(region.map(Region::code))
        .fetch_all(pool)
        .await)?;
    rows.into_iter().map(screen_from_row).collect()
}

/// Notes screen `id`'s heartbeat at `now`; returns whether it had been reported offline
/// (so its owner hears it is back). A heartbeat changes nothing anybody else sees.
pub async fn record_heartbeat(tx: &mut Tx, id: i64, heartbeat: &Heartbeat, now: Instant) -> Result<bool, sqlx::Error> {
    const ALERTED: &str = "SELECT offline_alerted_at IS NOT NULL FROM screens WHERE id = $1";
    const UPDATE: &str = "
        UPDATE screens SET last_seen_at = $2, last_slide = $3, last_build = $4, last_size = $5,
            offline_alerted_at = NULL
        WHERE id = $1";
    let alerted: Option<(bool,)> =
        with_tx!(tx, conn => sqlx::query_as(ALERTED).bind(id).fetch_optional(&mut *conn).await)?;
    with_tx!(tx, conn => sqlx::query(UPDATE)
        .bind(id)
        .bind(now.stored())
        .bind(&heartbeat.slide)
        .bind(&heartbeat.build)
        .bind(&heartbeat.size)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(alerted.is_some_and(|(alerted,)| alerted))
}

/// Paired screens silent since before `silent_since` whose owner has not been told yet.
pub async fn list_silent_screens(db: &Db, silent_since: Instant) -> Result<Vec<Screen>, sqlx::Error> {
    let sql = format!(
        "SELECT {SCREEN_COLUMNS}
         WHERE s.secret_hash IS NOT NULL AND s.offline_alerted_at IS NULL
           AND s.last_seen_at IS NOT NULL AND s.last_seen_at < $1
         ORDER BY s.id"
    );
    let rows: Vec<ScreenRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(silent_since.stored()).fetch_all(pool).await)?;
    rows.into_iter().map(screen_from_row).collect()
}

/// Marks screen `id`'s owner told that it is offline, unless somebody did already (or it
/// spoke again); returns whether this call marked it.
pub async fn mark_alerted(tx: &mut Tx, id: i64, silent_since: Instant, now: Instant) -> Result<bool, sqlx::Error> {
    const MARK: &str = "
        UPDATE screens SET offline_alerted_at = $3
        WHERE id = $1 AND offline_alerted_at IS NULL AND last_seen_at < $2";
    let done = with_tx!(tx, conn => sqlx::query(MARK)
        .bind(id)
        .bind(silent_since.stored())
        .bind(now.stored())
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(done == 1)
}

/// Who hears about screen `id`: the users of its company for a lobby screen, else the
/// coordinators of its region (and those of both regions); as (user id, e-mail).
pub async fn owners_of(tx: &mut Tx, id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    const SQL: &str = "
        SELECT u.id, u.email FROM screens s
        JOIN users u ON (s.company_id IS NOT NULL AND u.company_id = s.company_id)
            OR (s.company_id IS NULL AND u.role = 'coordinator'
                AND (u.region_id IS NULL OR u.region_id = s.region_id))
        WHERE s.id = $1
        ORDER BY u.id";
    with_tx!(tx, conn => sqlx::query_as(SQL).bind(id).fetch_all(&mut *conn).await)
}
