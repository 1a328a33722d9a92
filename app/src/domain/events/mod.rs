//! Events: Tech Events, open days, company visits and the like. An event is organised by
//! a company or by a region's coordinator, takes place at a venue in that region, and is
//! planned or cancelled (with a reason); it is never deleted, so calendars and screens
//! learn of a cancellation. What a person types is read by `EventForm::read`, which names
//! every wrong field at once.

use std::collections::BTreeMap;

use super::{Day, FieldError, Instant, LocalTime, Municipality, Problem, Region, code_enum};

mod form;

pub use form::*;

code_enum! {
    /// What kind of event it is.
    EventKind {
        TechEvent => "tech-event",
        OpenDay => "open-day",
        CompanyVisit => "company-visit",
        /// A day of walking along with a trainee or employee ("meeloopdag").
        OrientationDay => "orientation-day",
        JobFair => "job-fair",
        Workshop => "workshop",
        GuestLesson => "guest-lesson",
    }
}

code_enum! {
    /// Who an event is for; an event names one or more.
    Audience {
        Vmbo => "vmbo",
        Mbo => "mbo",
        Hbo => "hbo",
        Parents => "parents",
        Teachers => "teachers",
        CareerSwitchers => "career-switchers",
    }
}

code_enum! {
    /// How people take part.
    Participation {
        /// Walk in, no sign-up.
        JustCome => "just-come",
        /// Sign up on the organiser's own site.
        ExternalLink => "external-link",
        /// A teacher signs up a class here (names no pupils).
        ClassSignUp => "class-sign-up",
    }
}

code_enum! {
    /// Whether an event takes place. A cancelled event stays, with its reason.
    EventStatus {
        Planned => "planned",
        Cancelled => "cancelled",
    }
}

code_enum! {
    /// A one-click change to an event's state.
    EventChange {
        /// It does not take place; a reason is required.
        Cancel => "cancel",
        /// It takes place after all.
        Reinstate => "reinstate",
        /// The coordinator takes it off every public page, feed and screen.
        Hide => "hide",
        /// The coordinator shows it again.
        Show => "show",
    }
}

/// The longest an event may last, in days (a job fair over a week, say).
pub const MAX_EVENT_DAYS: i64 = 14;

/// When an event starts and ends, as instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventTimes {
    pub start: Instant,
    pub end: Instant,
}

impl EventTimes {
    /// Reads start and end as a person types them on a Dutch clock: a day (`2026-10-25`)
    /// and a time (`14:30`) each. Every wrong field is reported under its name
    /// (`start_day`, `start_time`, `end_day`, `end_time`): a time the clocks skip that
    /// day is `NoSuchTime`, an end not after the start `BeforeStart`, and an event longer
    /// than `MAX_EVENT_DAYS` `OutOfRange` on `end_day`.
    pub fn read(
        start_day: &str,
        start_time: &str,
        end_day: &str,
        end_time: &str,
    ) -> Result<EventTimes, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut moment = |day_field: &str, day: &str, time_field: &str, time: &str| {
            let day = read_field(&mut errors, day_field, day, Day::parse);
            let clock = read_field(&mut errors, time_field, time, clock_time);
            match Instant::from_amsterdam(day?, clock?.0, clock?.1) {
                LocalTime::At(at) => Some(at),
                LocalTime::Skipped => {
                    errors.push(FieldError::new(time_field, Problem::NoSuchTime));
                    None
                }
                LocalTime::Invalid => {
                    errors.push(FieldError::new(time_field, Problem::Format));
                    None
                }
            }
        };
        let start = moment("start_day", start_day, "start_time", start_time);
        let end = moment("end_day", end_day, "end_time", end_time);
        if let (Some(start), Some(end)) = (start, end) {
            if end <= start {
                errors.push(FieldError::new("end_time", Problem::BeforeStart));
            } else if end > start.plus_seconds(MAX_EVENT_DAYS * 24 * 3600) {
                errors.push(FieldError::new("end_day", Problem::OutOfRange));
            }
            if errors.is_empty() {
                return Ok(EventTimes { start, end });
            }
        }
        Err(errors)
    }
}

/// Where an event takes place: always a full address with coordinates in the region.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Venue {
    /// The building or company people go to.
    pub name: String,
    pub street_address: String,
    pub postcode: String,
    pub town: String,
    pub municipality: Municipality,
    pub latitude: f64,
    pub longitude: f64,
}

/// An event as it is saved: everything its organiser fills in.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewEvent {
    pub kind: EventKind,
    pub title_nl: String,
    /// Empty when there is no English title; English pages then show the Dutch one.
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    pub times: EventTimes,
    /// At the organising company's own address (copied into `venue` when saved).
    pub at_company: bool,
    pub venue: Venue,
    /// One or more, in the order of `Audience::ALL`.
    pub audiences: Vec<Audience>,
    pub participation: Participation,
    /// Where to sign up, for `Participation::ExternalLink` only.
    pub sign_up_url: Option<String>,
    /// How many people fit; required for a class sign-up.
    pub capacity: Option<i64>,
}

impl NewEvent {
    pub const TITLE_MAX: usize = 120;
    pub const DESCRIPTION_MAX: usize = 4000;
    pub const VENUE_NAME_MAX: usize = 120;
    pub const URL_MAX: usize = 300;
    pub const CAPACITY_MAX: i64 = 10_000;
    pub const REASON_MAX: usize = 300;

    /// The audiences as stored: codes joined by commas.
    pub fn audiences_code(&self) -> String {
        self.audiences.iter().map(|a| a.code()).collect::<Vec<_>>().join(",")
    }

    /// The region the event belongs to: its venue's.
    pub fn region(&self) -> Region {
        self.venue.municipality.region()
    }

    /// Every field as the audit log records it.
    pub fn audit_fields(&self) -> Vec<(&'static str, String)> {
        let v = &self.venue;
        vec![
            ("kind", self.kind.code().to_owned()),
            ("title_nl", self.title_nl.clone()),
            ("title_en", self.title_en.clone()),
            ("description_nl", self.description_nl.clone()),
            ("description_en", self.description_en.clone()),
            ("starts_at", self.times.start.stored()),
            ("ends_at", self.times.end.stored()),
            ("at_company", if self.at_company { "1" } else { "0" }.to_owned()),
            ("venue_name", v.name.clone()),
            ("street_address", v.street_address.clone()),
            ("postcode", v.postcode.clone()),
            ("town", v.town.clone()),
            ("municipality", v.municipality.code().to_owned()),
            (
                "location",
                format!("{}, {}", Fixed(v.latitude, 5), Fixed(v.longitude, 5)),
            ),
            ("audiences", self.audiences_code()),
            ("participation", self.participation.code().to_owned()),
            ("sign_up_url", self.sign_up_url.clone().unwrap_or_default()),
            ("capacity", self.capacity.map(|c| c.to_string()).unwrap_or_default()),
        ]
    }
}

use crate::decimals::Fixed;

/// Reads stored audience codes; `None` when one is unknown.
pub fn parse_audiences(code: &str) -> Option<Vec<Audience>> {
    let mut audiences = code.split(',').map(Audience::from_code).collect::<Option<Vec<_>>>()?;
    audiences.sort();
    audiences.dedup();
    (!audiences.is_empty()).then_some(audiences)
}

/// Who organises an event.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Organiser {
    Company {
        id: i64,
        slug: String,
        name: String,
    },
    /// The region's coordinator.
    Region(Region),
}

/// A stored event, as pages, feeds and screens show it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub id: i64,
    /// Goes up with every saved change; a calendar's SEQUENCE.
    pub version: i64,
    pub organiser: Organiser,
    pub event: NewEvent,
    pub status: EventStatus,
    pub cancel_reason: Option<String>,
    /// Hidden by the coordinator from every public page, feed and screen.
    pub hidden: bool,
    pub created_at: Instant,
    pub updated_at: Instant,
}

impl Event {
    pub fn region(&self) -> Region {
        self.event.region()
    }

    /// Over: ended before `now`.
    pub fn is_past(&self, now: Instant) -> bool {
        self.event.times.end <= now
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == EventStatus::Cancelled
    }

    /// Whether a student can say "I'm interested" on its page at `now`: an orientation
    /// day (a company shows students what the work is), planned, not over and shown.
    pub fn takes_interest(&self, now: Instant) -> bool {
        self.event.kind == EventKind::OrientationDay && !self.is_cancelled() && !self.is_past(now) && !self.hidden
    }

    /// The id of the organising company, if a company organises it.
    pub fn company_id(&self) -> Option<i64> {
        match &self.organiser {
            Organiser::Company { id, .. } => Some(*id),
            Organiser::Region(_) => None,
        }
    }
}

/// Who saves an event, which decides where it may take place.
#[derive(Clone, Debug, PartialEq)]
pub enum EventHost {
    /// A company user: events in their company's region, possibly at its own address.
    Company { name: String, venue: Venue },
    /// A coordinator of one region, or (`None`) of both.
    Coordinator(Option<Region>),
}

impl EventHost {
    /// Whether this host may organise an event in `region`.
    pub fn may_use(&self, region: Region) -> bool {
        match self {
            EventHost::Company { venue, .. } => venue.municipality.region() == region,
            EventHost::Coordinator(own) => own.is_none_or(|own| own == region),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(result: Result<EventTimes, Vec<FieldError>>) -> Vec<(String, Problem)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn an_evening_event_is_stored_in_utc_and_shown_on_dutch_clocks() {
        let times = EventTimes::read("2026-10-24", "19:00", "2026-10-25", "02:30").expect("valid");
        assert_eq!(times.start.stored(), "2026-10-24T17:00:00Z");
        // 02:30 on the night the clocks go back: the first 02:30, still summer time.
        assert_eq!(times.end.stored(), "2026-10-25T00:30:00Z");
        let winter = EventTimes::read("2026-12-03", "9:00", "2026-12-03", "16:30").expect("valid");
        assert_eq!(winter.start.stored(), "2026-12-03T08:00:00Z");
    }

    #[test]
    fn every_wrong_field_is_named_with_its_problem() {
        assert_eq!(
            problems(EventTimes::read("", "", "2026-13-01", "25:00")),
            vec![
                ("start_day".to_owned(), Problem::Required),
                ("start_time".to_owned(), Problem::Required),
                ("end_day".to_owned(), Problem::Format),
                ("end_time".to_owned(), Problem::Format),
            ]
        );
        assert_eq!(
            problems(EventTimes::read("2026-03-29", "02:30", "2026-03-29", "04:00")),
            vec![("start_time".to_owned(), Problem::NoSuchTime)],
            "the hour the clocks skip"
        );
        assert_eq!(
            problems(EventTimes::read("2026-12-03", "16:00", "2026-12-03", "16:00")),
            vec![("end_time".to_owned(), Problem::BeforeStart)]
        );
        assert_eq!(
            problems(EventTimes::read("2026-12-01", "09:00", "2026-12-16", "09:00")),
            vec![("end_day".to_owned(), Problem::OutOfRange)],
            "longer than two weeks"
        );
        for not_a_time in ["9", "9:0", "09:60", "-1:00", "09:00:00", "９:00"] {
            assert!(
                EventTimes::read("2026-12-03", not_a_time, "2026-12-03", "17:00").is_err(),
                "{not_a_time:?}"
            );
        }
    }
}
