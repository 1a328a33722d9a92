//! Events through the real server on SQLite and PostgreSQL: who may add, edit, cancel,
//! hide and show which event; refused input changes nothing; the public list, page, QR
//! code and calendar feeds, read back with a real iCalendar parser.

use crate::common::{TestApp, account, browser, count, insert_company, logged_in, page};
use app::api::events::{ChangeEvent, FindEvents, GetPublicEvent, LoadEditableEvent, SaveEvent};
use app::domain::{EventChange, EventForm, EventSearch, EventStatus, Problem, Region, Role};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

mod managing;
mod pages;
mod sign_ups;

/// An open day at the company's own address on 12 March 2027, for vmbo pupils and parents.
pub(crate) fn open_day(title: &str) -> EventForm {
    EventForm {
        kind: "open-day".into(),
        title_nl: title.into(),
        description_nl: "Rondleiding door de werkplaats.".into(),
        start_day: "2027-03-12".into(),
        start_time: "13:00".into(),
        end_day: "2027-03-12".into(),
        end_time: "16:30".into(),
        place: "company".into(),
        audiences: [
            ("vmbo".to_owned(), "on".to_owned()),
            ("parents".to_owned(), "on".to_owned()),
        ]
        .into(),
        participation: "just-come".into(),
        ..EventForm::default()
    }
}

/// A Tech Event at a venue in `municipality` (`lat`, `lon`).
pub(crate) fn tech_event(title: &str, municipality: &str, lat: &str, lon: &str) -> EventForm {
    EventForm {
        kind: "tech-event".into(),
        title_nl: title.into(),
        start_day: "2027-04-08".into(),
        start_time: "09:00".into(),
        end_day: "2027-04-08".into(),
        end_time: "15:00".into(),
        place: "venue".into(),
        venue_name: "Sporthal De Kemp".into(),
        street_address: "Sportlaan 2".into(),
        postcode: "5521 AB".into(),
        town: "Eersel".into(),
        municipality: municipality.into(),
        latitude: lat.into(),
        longitude: lon.into(),
        audiences: [("mbo".to_owned(), "on".to_owned())].into(),
        participation: "class-sign-up".into(),
        capacity: "120".into(),
        ..EventForm::default()
    }
}

/// Every stored event as one comparable text.
async fn events_snapshot(db: &app::db::Db) -> String {
    let events = app::db::events::list_managed_events(
        db,
        None,
        None,
        app::domain::Instant::parse("2000-01-01T00:00:00Z").expect("instant"),
    )
    .await
    .expect("events");
    let audit = count(db, "SELECT COUNT(*) FROM audit_log").await;
    format!("{events:?} audit {audit}")
}
