//! Events for calendars and phones: `GET /evenementen.ics` (the list's filters in the
//! address, the same as `/evenementen`), `GET /evenementen/{id}/agenda.ics` (one event,
//! "add to my calendar") and `GET /evenementen/{id}/qr.svg` (a QR code to the event's page).
//!
//! The iCalendar text follows RFC 5545 as calendars read it in practice: times in UTC
//! (`…Z`, so no time-zone block is needed and no calendar shows an hour off), a UID that
//! never changes, SEQUENCE going up with every saved change, a cancelled event kept as
//! `STATUS:CANCELLED` rather than left out, and a hint to look again every hour
//! (`REFRESH-INTERVAL` for Apple, `X-PUBLISHED-TTL` for Outlook). Lines end in CRLF and
//! are folded at 75 octets without splitting a character.

use app::db::Db;
use app::domain::{Event, EventSearch, Instant, Organiser, Period};
use app::error::AppError;
use app::i18n::Texts;
use axum::extract::{FromRef, Path, RawQuery, State};
use axum::http::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// How long a feed keeps events after they ended, so calendars keep them (and learn of
/// a late cancellation) instead of seeing them vanish.
pub const KEPT_AFTER_END_DAYS: i64 = 30;

/// What the calendar handlers need.
#[derive(Clone)]
pub struct CalendarState {
    pub db: Db,
    /// The site's public address, `https://techkaart.example`, for links and UIDs.
    pub public_url: String,
}

impl FromRef<CalendarState> for Db {
    fn from_ref(state: &CalendarState) -> Db {
        state.db.clone()
    }
}

/// `/evenementen.ics?…`: every public event matching the filters that has not ended
/// more than `KEPT_AFTER_END_DAYS` ago. A period ("this week") means nothing to a
/// subscription and is left out; dates are kept.
pub async fn feed(
    State(state): State<CalendarState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let texts = language(&headers);
    let (mut search, errors) = EventSearch::from_query(query.as_deref().unwrap_or(""));
    if let Some(error) = errors.first() {
        return Ok((
            axum::http::StatusCode::BAD_REQUEST,
            format!(
                "{} {}",
                texts.search_key(&error.field),
                texts.words.problem(error.problem)
            ),
        )
            .into_response());
    }
    if search.period != Some(Period::Dates) {
        search.period = None;
    }
    let now = now();
    let since = now.plus_seconds(-KEPT_AFTER_END_DAYS * 24 * 3600);
    let events: Vec<Event> = app::db::events::list_events_ending_after(&state.db, since)
        .await?
        .into_iter()
        .filter(|event| search.matches(event, since))
        .collect();
    let body = write_calendar(&events, texts, &state.public_url, now);
    Ok(calendar_response(body, None))
}

/// `/evenementen/{id}/agenda.ics`: one public event, to add to a calendar.
pub async fn single(
    State(state): State<CalendarState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let event = app::db::events::get_public_event(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = write_calendar(&[event], language(&headers), &state.public_url, now());
    Ok(calendar_response(body, Some(format!("evenement-{id}.ics"))))
}

/// `/evenementen/{id}/qr.svg`: a QR code with the address of the event's public page.
pub async fn qr_code(State(state): State<CalendarState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    app::db::events::get_public_event(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let svg = app::qr::svg(&event_url(&state.public_url, id)).ok_or(AppError::Internal)?;
    let mut response = svg.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    Ok(response)
}

fn calendar_response(body: String, download: Option<String>) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    if let Some(name) =
        download.and_then(|name| HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).ok())
    {
        headers.insert(CONTENT_DISPOSITION, name);
    }
    response
}

fn language(headers: &HeaderMap) -> &'static Texts {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    app::i18n::negotiate(header(COOKIE), header(ACCEPT_LANGUAGE))
}

fn now() -> Instant {
    Instant::from_utc(time::OffsetDateTime::now_utc())
}

/// The public page of event `id`.
pub fn event_url(public_url: &str, id: i64) -> String {
    format!(
        "{}{}",
        public_url.trim_end_matches('/'),
        app::routes::events::event_href(id)
    )
}

/// The events as one iCalendar, in the language of `t`, stamped at `now`.
pub fn write_calendar(events: &[Event], t: &Texts, public_url: &str, now: Instant) -> String {
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("techkaart");
    let mut out = Calendar::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Techkaart//Evenementen//NL");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.property(
        "X-WR-CALNAME",
        &format!("{} – {}", t.site.site_name, t.events.list_title),
    );
    out.line("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    out.line("X-PUBLISHED-TTL:PT1H");
    for event in events {
        let e = &event.event;
        let title = t.pick(&e.title_nl, &e.title_en);
        let summary = if event.is_cancelled() {
            format!("{} {title}", t.events.cancelled_because)
        } else {
            title.to_owned()
        };
        let mut description = t.pick(&e.description_nl, &e.description_en).to_owned();
        if let Some(reason) = event.cancel_reason.as_deref().filter(|_| event.is_cancelled()) {
            description = format!("{} {reason}\n\n{description}", t.events.cancelled_because);
        }
        let url = event_url(public_url, event.id);
        description = format!("{}\n\n{url}", description.trim_end()).trim_start().to_owned();
        let organiser = match &event.organiser {
            Organiser::Company { name, .. } => name.clone(),
            Organiser::Region(region) => t.events.region_organiser.replace("{region}", region.name()),
        };
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:event-{}@{host}", event.id));
        out.line(&format!("DTSTAMP:{}", basic(now)));
        out.line(&format!("CREATED:{}", basic(event.created_at)));
        out.line(&format!("LAST-MODIFIED:{}", basic(event.updated_at)));
        out.line(&format!("SEQUENCE:{}", event.version - 1));
        out.line(&format!("DTSTART:{}", basic(e.times.start)));
        out.line(&format!("DTEND:{}", basic(e.times.end)));
        out.property("SUMMARY", &summary);
        out.property("DESCRIPTION", &description);
        out.property(
            "LOCATION",
            &format!(
                "{}, {}, {} {}",
                e.venue.name, e.venue.street_address, e.venue.postcode, e.venue.town
            ),
        );
        out.line(&format!(
            "GEO:{};{}",
            app::decimals::Fixed(e.venue.latitude, 5),
            app::decimals::Fixed(e.venue.longitude, 5)
        ));
        out.property("CATEGORIES", t.words.event_kind(e.kind));
        out.property("X-TECHKAART-ORGANISER", &organiser);
        out.line(&format!("URL:{url}"));
        out.line(if event.is_cancelled() {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        });
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.text
}

/// An instant in iCalendar's basic UTC form, `20261024T170000Z`.
fn basic(at: Instant) -> String {
    at.stored().replace(['-', ':'], "")
}

/// iCalendar text being written.
#[derive(Default)]
struct Calendar {
    text: String,
}

impl Calendar {
    /// A content line, folded at 75 octets (RFC 5545 §3.1), ended with CRLF.
    fn line(&mut self, line: &str) {
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > 75 {
                self.text.push_str("\r\n ");
                used = 1;
            }
            self.text.push(c);
            used += c.len_utf8();
        }
        self.text.push_str("\r\n");
    }

    /// A property with a text value, escaped (RFC 5545 §3.3.11).
    fn property(&mut self, name: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                ';' => escaped.push_str("\\;"),
                ',' => escaped.push_str("\\,"),
                '\n' => escaped.push_str("\\n"),
                '\r' => {}
                c if c.is_control() => {}
                c => escaped.push(c),
            }
        }
        self.line(&format!("{name}:{escaped}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = Calendar::default();
        out.property("SUMMARY", &"é".repeat(60));
        for line in out.text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let unfolded = out.text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_values_escape_what_ical_reserves() {
        let mut out = Calendar::default();
        out.property("DESCRIPTION", "Hal 3; ingang B, naast de kantine\nNeem je ID\\pas mee");
        assert_eq!(
            out.text,
            "DESCRIPTION:Hal 3\\; ingang B\\, naast de kantine\\nNeem je ID\\\\pas mee\r\n"
        );
    }

    #[test]
    fn a_qr_code_is_an_svg_with_its_quiet_zone() {
        let svg = app::qr::svg("https://techkaart.example/evenementen/12").expect("encodes");
        assert!(svg.contains("<svg") && svg.contains("#000000"), "{svg:.200}");
    }
}
