//! Events: storing them, changing their state, and reading them for pages and feeds.
//! Every write records `Change::Event`, so pages, feeds and screens follow it.

use super::{Db, Saved, Tx, decode_code, with_reader, with_tx};
use crate::domain::{
    Event, EventKind, EventStatus, EventTimes, Instant, Municipality, NewEvent, Organiser, Participation, Region,
    Venue, events::parse_audiences,
};

/// Binds an event's eighteen stored fields, kind to capacity, in the order of the columns
/// in the INSERT and UPDATE below (`$n` to `$n+17`, the municipality by its code).
macro_rules! bind_event {
    ($query:expr, $event:ident) => {
        $query
            .bind($event.kind.code())
            .bind(&$event.title_nl)
            .bind(&$event.title_en)
            .bind(&$event.description_nl)
            .bind(&$event.description_en)
            .bind($event.times.start.stored())
            .bind($event.times.end.stored())
            .bind($event.at_company)
            .bind(&$event.venue.name)
            .bind(&$event.venue.street_address)
            .bind(&$event.venue.postcode)
            .bind(&$event.venue.town)
            .bind($event.venue.municipality.code())
            .bind($event.venue.latitude)
            .bind($event.venue.longitude)
            .bind($event.audiences_code())
            .bind($event.participation.code())
            .bind(&$event.sign_up_url)
            .bind($event.capacity)
    };
}

/// Stores a new, planned event of `company_id` (`None`: of the region itself); returns
/// its id.
pub async fn insert_event(
    tx: &mut Tx,
    company_id: Option<i64>,
    event: &NewEvent,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const INSERT: &str = "
        INSERT INTO events (
            company_id, kind, title_nl, title_en, description_nl, description_en, starts_at,
            ends_at, at_company, venue_name, street_address, postcode, town, municipality_id,
            latitude, longitude, audiences, participation, sign_up_url, capacity,
            created_at, updated_at
        ) VALUES (
            $1, $2, $3, $4, $5, $6, $7,
            $8, $9, $10, $11, $12, $13, (SELECT id FROM municipalities WHERE code = $14),
            $15, $16, $17, $18, $19, $20,
            $21, $21
        ) RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        let query = sqlx::query_as(INSERT).bind(company_id);
        bind_event!(query, event).bind(now).fetch_one(&mut *conn).await
    })?;
    tx.changed(super::Change::Event {
        id,
        company_id,
        region: event.region(),
    });
    Ok(id)
}

/// Replaces what the organiser fills in of event `id`, if it is still at `version`;
/// its status and visibility stay.
pub async fn update_event(
    tx: &mut Tx,
    id: i64,
    version: i64,
    event: &NewEvent,
    now: &str,
) -> Result<Saved, sqlx::Error> {
    const UPDATE: &str = "
        UPDATE events SET
            kind = $3, title_nl = $4, title_en = $5, description_nl = $6, description_en = $7,
            starts_at = $8, ends_at = $9, at_company = $10, venue_name = $11, street_address = $12,
            postcode = $13, town = $14, municipality_id = (SELECT id FROM municipalities WHERE code = $15),
            latitude = $16, longitude = $17, audiences = $18, participation = $19, sign_up_url = $20,
            capacity = $21, updated_at = $22, version = version + 1
        WHERE id = $1 AND version = $2
        RETURNING version, company_id";
    let saved: Option<(i64, Option<i64>)> = with_tx!(tx, conn => {
        let query = sqlx::query_as(UPDATE).bind(id).bind(version);
        bind_event!(query, event).bind(now).fetch_optional(&mut *conn).await
    })?;
    finish_update(tx, id, saved, event.region()).await
}

/// Sets whether event `id` takes place (with the reason it does not) and whether it is
/// hidden, if it is still at `version`. `region` is the event's, for the change record.
#[allow(clippy::too_many_arguments)]
pub async fn set_event_state(
    tx: &mut Tx,
    id: i64,
    version: i64,
    status: EventStatus,
    cancel_reason: Option<&str>,
    hidden: bool,
    region: Region,
    now: &str,
) -> Result<Saved, sqlx::Error> {
    const UPDATE: &str = "
        UPDATE events SET status = $3, cancel_reason = $4, hidden = $5, updated_at = $6, version = version + 1
        WHERE id = $1 AND version = $2
        RETURNING version, company_id";
    let saved: Option<(i64, Option<i64>)> = with_tx!(tx, conn => {
        sqlx::query_as(UPDATE)
            .bind(id)
            .bind(version)
            .bind(status.code())
            .bind(cancel_reason)
            .bind(hidden)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
    })?;
    finish_update(tx, id, saved, region).await
}

async fn finish_update(
    tx: &mut Tx,
    id: i64,
    saved: Option<(i64, Option<i64>)>,
    region: Region,
) -> Result<Saved, sqlx::Error> {
    const CURRENT: &str = "SELECT version FROM events WHERE id = $1";
    if let Some((version, company_id)) = saved {
        tx.changed(super::Change::Event { id, company_id, region });
        return Ok(Saved::Done(version));
    }
    let current: Option<(i64,)> =
        with_tx!(tx, conn => sqlx::query_as(CURRENT).bind(id).fetch_optional(&mut *conn).await)?;
    Ok(current.map_or(Saved::Missing, |(version,)| Saved::Stale(version)))
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    version: i64,
    company_id: Option<i64>,
    company_slug: Option<String>,
    company_name: Option<String>,
    region: String,
    kind: String,
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    starts_at: String,
    ends_at: String,
    at_company: bool,
    venue_name: String,
    street_address: String,
    postcode: String,
    town: String,
    municipality: String,
    latitude: f64,
    longitude: f64,
    audiences: String,
    participation: String,
    sign_up_url: Option<String>,
    capacity: Option<i64>,
    status: String,
    cancel_reason: Option<String>,
    hidden: bool,
    created_at: String,
    updated_at: String,
}

impl TryFrom<EventRow> for Event {
    type Error = sqlx::Error;

    fn try_from(row: EventRow) -> Result<Self, Self::Error> {
        let region = decode_code(&row.region, Region::from_code)?;
        let organiser = match (row.company_id, row.company_slug, row.company_name) {
            (Some(id), Some(slug), Some(name)) => Organiser::Company { id, slug, name },
            _ => Organiser::Region(region),
        };
        Ok(Event {
            id: row.id,
            version: row.version,
            organiser,
            event: NewEvent {
                kind: decode_code(&row.kind, EventKind::from_code)?,
                title_nl: row.title_nl,
                title_en: row.title_en,
                description_nl: row.description_nl,
                description_en: row.description_en,
                times: EventTimes {
                    start: decode_code(&row.starts_at, Instant::parse)?,
                    end: decode_code(&row.ends_at, Instant::parse)?,
                },
                at_company: row.at_company,
                venue: Venue {
                    name: row.venue_name,
                    street_address: row.street_address,
                    postcode: row.postcode,
                    town: row.town,
                    municipality: decode_code(&row.municipality, Municipality::from_code)?,
                    latitude: row.latitude,
                    longitude: row.longitude,
                },
                audiences: decode_code(&row.audiences, parse_audiences)?,
                participation: decode_code(&row.participation, Participation::from_code)?,
                sign_up_url: row.sign_up_url,
                capacity: row.capacity,
            },
            status: decode_code(&row.status, EventStatus::from_code)?,
            cancel_reason: row.cancel_reason,
            hidden: row.hidden,
            created_at: decode_code(&row.created_at, Instant::parse)?,
            updated_at: decode_code(&row.updated_at, Instant::parse)?,
        })
    }
}

/// The columns of an `EventRow`, with the joins they need (`e` is the event).
const EVENT_COLUMNS: &str = "e.id, e.version, e.company_id, c.slug AS company_slug, c.name AS company_name,
    r.code AS region, e.kind, e.title_nl, e.title_en, e.description_nl, e.description_en, e.starts_at,
    e.ends_at, e.at_company, e.venue_name, e.street_address, e.postcode, e.town, m.code AS municipality,
    e.latitude, e.longitude, e.audiences, e.participation, e.sign_up_url, e.capacity, e.status,
    e.cancel_reason, e.hidden, e.created_at, e.updated_at
    FROM events e
    JOIN municipalities m ON m.id = e.municipality_id
    JOIN regions r ON r.id = m.region_id
    LEFT JOIN companies c ON c.id = e.company_id";

fn rows_to_events(rows: Vec<EventRow>) -> Result<Vec<Event>, sqlx::Error> {
    rows.into_iter().map(Event::try_from).collect()
}

/// Event `id`, hidden or not; whoever shows it decides.
pub async fn get_event(db: &Db, id: i64) -> Result<Option<Event>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} WHERE e.id = $1");
    let row: Option<EventRow> = with_reader!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    row.map(Event::try_from).transpose()
}

/// Event `id` read inside a write transaction, so what a change compares against cannot
/// change before it commits.
pub async fn lock_event(tx: &mut Tx, id: i64) -> Result<Option<Event>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} WHERE e.id = $1");
    let sql = match tx.inner_mut() {
        super::TxInner::Postgres(_) => format!("{sql} FOR UPDATE OF e"),
        super::TxInner::Sqlite(_) => sql,
    };
    let row: Option<EventRow> = with_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)?;
    row.map(Event::try_from).transpose()
}

/// Every event that ends after `after`, hidden ones and those of unpublished companies
/// included, soonest first. Public lists filter these with `EventSearch::matches`.
pub async fn list_events_ending_after(db: &Db, after: Instant) -> Result<Vec<Event>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} WHERE e.ends_at > $1 AND (c.id IS NULL OR c.published)
         ORDER BY e.starts_at, e.id"
    );
    let rows: Vec<EventRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(after.stored()).fetch_all(pool).await)?;
    rows_to_events(rows)
}

/// The events a company or coordinator manages that end after `after`, soonest first:
/// of company `company_id`, or (`None`) every event in `region` (`None`: both regions).
pub async fn list_managed_events(
    db: &Db,
    company_id: Option<i64>,
    region: Option<Region>,
    after: Instant,
) -> Result<Vec<Event>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS}
         WHERE e.ends_at > $1 AND ($2 IS NULL OR e.company_id = $2) AND ($3 IS NULL OR r.code = $3)
         ORDER BY e.starts_at, e.id"
    );
    let rows: Vec<EventRow> = with_reader!(db, pool => {
        sqlx::query_as(&sql)
            .bind(after.stored())
            .bind(company_id)
            .bind(region.map(Region::code))
            .fetch_all(pool)
            .await
    })?;
    rows_to_events(rows)
}

/// Event `id` as the public may see it: not hidden, and not of an unpublished company.
pub async fn get_public_event(db: &Db, id: i64) -> Result<Option<Event>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} WHERE e.id = $1 AND NOT e.hidden AND (c.id IS NULL OR c.published)");
    let row: Option<EventRow> = with_reader!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    row.map(Event::try_from).transpose()
}
