//! Class sign-ups: deciding who gets places, in one transaction per sign-up, and moving
//! the waiting list up when places come free.
//!
//! Every decision first locks the event's row (`lock_places`): on PostgreSQL with
//! `FOR UPDATE`, on SQLite by the one writer connection every write goes through. So two
//! sign-ups at the same moment are decided one after the other, each seeing the other's
//! places, and the confirmed head counts never pass the event's capacity.

use super::{Db, Tx, decode_code, with_reader, with_tx};
use crate::domain::{Instant, NewSignUp, Occupancy, SignUp, SignUpStatus};

/// Locks event `event_id` for deciding about its places; returns its capacity (`None`
/// when it has none), or `None` when there is no such event.
pub async fn lock_places(tx: &mut Tx, event_id: i64) -> Result<Option<Option<i64>>, sqlx::Error> {
    const SQL: &str = "SELECT capacity FROM events WHERE id = $1";
    let sql = match tx.inner_mut() {
        super::TxInner::Postgres(_) => format!("{SQL} FOR UPDATE"),
        super::TxInner::Sqlite(_) => SQL.to_owned(),
    };
    let row: Option<(Option<i64>,)> =
        with_tx!(tx, conn => sqlx::query_as(&sql).bind(event_id).fetch_optional(&mut *conn).await)?;
    Ok(row.map(|(capacity,)| capacity))
}

const OCCUPANCY: &str = "
    SELECT
        CAST(COALESCE(SUM(CASE WHEN status = 'confirmed' THEN head_count ELSE 0 END), 0) AS BIGINT),
        CAST(COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0) AS BIGINT)
    FROM event_sign_ups WHERE event_id = $1 AND confirmed_at IS NOT NULL";

/// The confirmed places and waiting classes of event `event_id`, inside `tx`.
pub async fn occupancy_in(tx: &mut Tx, event_id: i64) -> Result<Occupancy, sqlx::Error> {
    let (confirmed, waiting): (i64, i64) =
        with_tx!(tx, conn => sqlx::query_as(OCCUPANCY).bind(event_id).fetch_one(&mut *conn).await)?;
    Ok(Occupancy { confirmed, waiting })
}

/// The same, read outside a transaction, for pages.
pub async fn occupancy(db: &Db, event_id: i64) -> Result<Occupancy, sqlx::Error> {
    let (confirmed, waiting): (i64, i64) =
        with_reader!(db, pool => sqlx::query_as(OCCUPANCY).bind(event_id).fetch_one(pool).await)?;
    Ok(Occupancy { confirmed, waiting })
}

/// Stores an unconfirmed sign-up for event `event_id` (it holds no places until
/// `confirm`); returns its id.
pub async fn insert_sign_up(
    tx: &mut Tx,
    event_id: i64,
    sign_up: &NewSignUp,
    token_hash: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let status = SignUpStatus::Waiting;
    const SQL: &str = "
        INSERT INTO event_sign_ups
            (event_id, teacher_name, school, email, head_count, status, token_hash, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
        RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(event_id)
            .bind(&sign_up.teacher_name)
            .bind(&sign_up.school)
            .bind(sign_up.email.as_str())
            .bind(sign_up.head_count)
            .bind(status.code())
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(super::Change::SignUp { event_id });
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct SignUpRow {
    id: i64,
    event_id: i64,
    teacher_name: String,
    school: String,
    email: String,
    head_count: i64,
    status: String,
    created_at: String,
    confirmed_at: Option<String>,
}

impl TryFrom<SignUpRow> for SignUp {
    type Error = sqlx::Error;

    fn try_from(row: SignUpRow) -> Result<Self, Self::Error> {
        Ok(SignUp {
            id: row.id,
            event_id: row.event_id,
            teacher_name: row.teacher_name,
            school: row.school,
            email: row.email,
            head_count: row.head_count,
            status: decode_code(&row.status, SignUpStatus::from_code)?,
            created_at: decode_code(&row.created_at, Instant::parse)?,
            confirmed_at: row
                .confirmed_at
                .map(|at| decode_code(&at, Instant::parse))
                .transpose()?,
        })
    }
}

const COLUMNS: &str =
    "id, event_id, teacher_name, school, email, head_count, status, created_at, confirmed_at FROM event_sign_ups";

/// How many sign-ups were made with `email` since `since` (any event): the public form
/// sends mail to the address typed, so one address gets a limited number per hour.
pub async fn count_recent(tx: &mut Tx, email: &str, since: &str) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM event_sign_ups WHERE email = $1 AND created_at > $2";
    let (n,): (i64,) = with_tx!(tx, conn => sqlx::query_as(SQL).bind(email).bind(since).fetch_one(&mut *conn).await)?;
    Ok(n)
}

/// The sign-up whose link token has this hash.
pub async fn find_by_token(db: &Db, token_hash: &str) -> Result<Option<SignUp>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE token_hash = $1");
    let row: Option<SignUpRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(token_hash).fetch_optional(pool).await)?;
    row.map(SignUp::try_from).transpose()
}

/// The same, inside a transaction.
pub async fn find_by_token_in(tx: &mut Tx, token_hash: &str) -> Result<Option<SignUp>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE token_hash = $1");
    let row: Option<SignUpRow> =
        with_tx!(tx, conn => sqlx::query_as(&sql).bind(token_hash).fetch_optional(&mut *conn).await)?;
    row.map(SignUp::try_from).transpose()
}

/// Sign-up `id` of event `event_id`, inside a transaction; `None` for another event's.
pub async fn find_in_event(tx: &mut Tx, event_id: i64, id: i64) -> Result<Option<SignUp>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE event_id = $1 AND id = $2");
    let row: Option<SignUpRow> =
        with_tx!(tx, conn => sqlx::query_as(&sql).bind(event_id).bind(id).fetch_optional(&mut *conn).await)?;
    row.map(SignUp::try_from).transpose()
}

/// Every confirmed sign-up of event `event_id`, in the order they came (an unconfirmed one
/// is nobody's business yet).
pub async fn list_for_event(db: &Db, event_id: i64) -> Result<Vec<SignUp>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE event_id = $1 AND confirmed_at IS NOT NULL ORDER BY created_at, id");
    let rows: Vec<SignUpRow> = with_reader!(db, pool => sqlx::query_as(&sql).bind(event_id).fetch_all(pool).await)?;
    rows.into_iter().map(SignUp::try_from).collect()
}

/// Sets sign-up `id`'s status and head count.
pub async fn update_sign_up(
    tx: &mut Tx,
    sign_up: &SignUp,
    status: SignUpStatus,
    head_count: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE event_sign_ups SET status = $2, head_count = $3, updated_at = $4 WHERE id = $1";
    with_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(sign_up.id)
            .bind(status.code())
            .bind(head_count)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map(drop)
    })?;
    tx.changed(super::Change::SignUp {
        event_id: sign_up.event_id,
    });
    Ok(())
}

/// Records that the teacher confirmed sign-up `id` at `now`, with the `status` the caller
/// decided after `lock_places`.
pub async fn confirm(tx: &mut Tx, sign_up: &SignUp, status: SignUpStatus, now: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE event_sign_ups SET status = $2, confirmed_at = $3, updated_at = $3 WHERE id = $1";
    with_tx!(tx, conn => {
        sqlx::query(SQL).bind(sign_up.id).bind(status.code()).bind(now).execute(&mut *conn).await.map(drop)
    })?;
    tx.changed(super::Change::SignUp {
        event_id: sign_up.event_id,
    });
    Ok(())
}

/// Gives free places of event `event_id` (locked by the caller) to the waiting list, in
/// order, until the first class that does not fit; returns those that moved up.
pub async fn move_up_waiting(tx: &mut Tx, event_id: i64, capacity: i64, now: &str) -> Result<Vec<SignUp>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE event_id = $1 AND status = 'waiting' AND confirmed_at IS NOT NULL ORDER BY created_at, id"
    );
    let rows: Vec<SignUpRow> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(event_id).fetch_all(&mut *conn).await)?;
    let mut confirmed = occupancy_in(tx, event_id).await?.confirmed;
    let mut moved = Vec::new();
    for row in rows {
        let waiting = SignUp::try_from(row)?;
        if confirmed + waiting.head_count > capacity {
            break;
        }
        confirmed += waiting.head_count;
        update_sign_up(tx, &waiting, SignUpStatus::Confirmed, waiting.head_count, now).await?;
        moved.push(SignUp {
            status: SignUpStatus::Confirmed,
            ..waiting
        });
    }
    Ok(moved)
}
