//! Events: Tech Events, open days, company visits and the like. An event is organised by
//! a company or by a region's coordinator, takes place at a venue in that region, and is
//! planned or cancelled (with a reason); it is never deleted, so calendars and screens
//! learn of a cancellation. What a person types is read by `EventForm::read`, which names
//! every wrong field at once.

use std::collections::BTreeMap;

use super::{Day, FieldError, Instant, LocalTime, Municipality, Problem, Region, code_enum};

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

/// An event as its edit form sends it, every value as typed. `version` is the version
/// the form was filled in from (0 for a new event).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub version: i64,
    pub kind: String,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    pub start_day: String,
    pub start_time: String,
    pub end_day: String,
    pub end_time: String,
    /// `company` (the organising company's own address) or `venue`.
    pub place: String,
    pub venue_name: String,
    pub street_address: String,
    pub postcode: String,
    pub town: String,
    pub municipality: String,
    pub latitude: String,
    pub longitude: String,
    /// Ticked audiences: code to the box's value.
    pub audiences: BTreeMap<String, String>,
    pub participation: String,
    pub sign_up_url: String,
    pub capacity: String,
}

/// The form value of `EventForm::place` for the organising company's own address.
pub const AT_COMPANY: &str = "company";
/// The form value of `EventForm::place` for another venue.
pub const AT_VENUE: &str = "venue";

impl EventForm {
    /// A form filled in with a stored event.
    pub fn from_event(event: &NewEvent, version: i64) -> EventForm {
        let (start, end) = (event.times.start.in_amsterdam(), event.times.end.in_amsterdam());
        let day = |at: time::OffsetDateTime| format!("{:04}-{:02}-{:02}", at.year(), u8::from(at.month()), at.day());
        let clock = |at: time::OffsetDateTime| format!("{:02}:{:02}", at.hour(), at.minute());
        let v = &event.venue;
        EventForm {
            version,
            kind: event.kind.code().to_owned(),
            title_nl: event.title_nl.clone(),
            title_en: event.title_en.clone(),
            description_nl: event.description_nl.clone(),
            description_en: event.description_en.clone(),
            start_day: day(start),
            start_time: clock(start),
            end_day: day(end),
            end_time: clock(end),
            place: if event.at_company { AT_COMPANY } else { AT_VENUE }.to_owned(),
            venue_name: v.name.clone(),
            street_address: v.street_address.clone(),
            postcode: v.postcode.clone(),
            town: v.town.clone(),
            municipality: v.municipality.code().to_owned(),
            latitude: Fixed(v.latitude, 5).to_string(),
            longitude: Fixed(v.longitude, 5).to_string(),
            audiences: event
                .audiences
                .iter()
                .map(|a| (a.code().to_owned(), "on".to_owned()))
                .collect(),
            participation: event.participation.code().to_owned(),
            sign_up_url: event.sign_up_url.clone().unwrap_or_default(),
            capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
        }
    }

    /// A new event's form: at the company's own address for a company, for everyone
    /// who comes along.
    pub fn new_for(host: &EventHost) -> EventForm {
        EventForm {
            place: match host {
                EventHost::Company { .. } => AT_COMPANY,
                EventHost::Coordinator(_) => AT_VENUE,
            }
            .to_owned(),
            participation: Participation::JustCome.code().to_owned(),
            ..EventForm::default()
        }
    }

    /// Whether the audience `audience` is ticked.
    pub fn has_audience(&self, audience: Audience) -> bool {
        self.audiences.contains_key(audience.code())
    }

    /// Reads the form into the event `host` saves, or says what is wrong with every field
    /// at once. The venue must lie in a region the host may use and inside that region's
    /// bounds; a company's own address is taken as stored, whatever the venue fields say.
    pub fn read(&self, host: &EventHost) -> Result<NewEvent, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = match self.kind.trim() {
            "" => {
                errors.push(FieldError::new("kind", Problem::Required));
                None
            }
            code => EventKind::from_code(code).or_else(|| {
                errors.push(FieldError::new("kind", Problem::Unknown));
                None
            }),
        };
        let mut text = |field: &str, value: &str, max: usize, required: bool| {
            let value = value.trim();
            if required && value.is_empty() {
                errors.push(FieldError::new(field, Problem::Required));
            } else if value.chars().count() > max {
                errors.push(FieldError::new(field, Problem::TooLong));
            }
            value.to_owned()
        };
        let title_nl = text("title_nl", &self.title_nl, NewEvent::TITLE_MAX, true);
        let title_en = text("title_en", &self.title_en, NewEvent::TITLE_MAX, false);
        let description_nl = text("description_nl", &self.description_nl, NewEvent::DESCRIPTION_MAX, false);
        let description_en = text("description_en", &self.description_en, NewEvent::DESCRIPTION_MAX, false);
        let times = EventTimes::read(&self.start_day, &self.start_time, &self.end_day, &self.end_time)
            .map_err(|more| errors.extend(more))
            .ok();
        let (at_company, venue) = match (self.place.as_str(), host) {
            (AT_COMPANY, EventHost::Company { venue, .. }) => (true, Some(venue.clone())),
            (AT_COMPANY, EventHost::Coordinator(_)) => {
                errors.push(FieldError::new("place", Problem::Unknown));
                (false, None)
            }
            _ => (false, self.read_venue(host, &mut errors)),
        };
        let mut audiences = Vec::new();
        for code in self.audiences.keys() {
            match Audience::from_code(code) {
                Some(audience) => audiences.push(audience),
                None => errors.push(FieldError::new("audiences", Problem::Unknown)),
            }
        }
        audiences.sort();
        if audiences.is_empty() {
            errors.push(FieldError::new("audiences", Problem::Required));
        }
        let participation = Participation::from_code(self.participation.trim());
        if participation.is_none() {
            errors.push(FieldError::new("participation", Problem::Required));
        }
        let url = self.sign_up_url.trim();
        let sign_up_url = match participation {
            Some(Participation::ExternalLink) if url.is_empty() => {
                errors.push(FieldError::new("sign_up_url", Problem::Required));
                None
            }
            Some(Participation::ExternalLink) => {
                if url.chars().count() > NewEvent::URL_MAX {
                    errors.push(FieldError::new("sign_up_url", Problem::TooLong));
                } else if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.chars().any(|c| c.is_whitespace() || c.is_control())
                {
                    errors.push(FieldError::new("sign_up_url", Problem::Format));
                }
                Some(url.to_owned())
            }
            _ => None,
        };
        let capacity = match self.capacity.trim() {
            "" if participation == Some(Participation::ClassSignUp) => {
                errors.push(FieldError::new("capacity", Problem::Required));
                None
            }
            "" => None,
            digits => match digits.parse::<i64>() {
                Ok(n) if (1..=NewEvent::CAPACITY_MAX).contains(&n) => Some(n),
                Ok(_) => {
                    errors.push(FieldError::new("capacity", Problem::OutOfRange));
                    None
                }
                Err(_) => {
                    errors.push(FieldError::new("capacity", Problem::Format));
                    None
                }
            },
        };
        match (kind, times, venue, participation) {
            (Some(kind), Some(times), Some(venue), Some(participation)) if errors.is_empty() => Ok(NewEvent {
                kind,
                title_nl,
                title_en,
                description_nl,
                description_en,
                times,
                at_company,
                venue,
                audiences,
                participation,
                sign_up_url,
                capacity,
            }),
            _ => Err(errors),
        }
    }

    /// The venue fields, or `None` with their problems noted.
    fn read_venue(&self, host: &EventHost, errors: &mut Vec<FieldError>) -> Option<Venue> {
        let before = errors.len();
        let mut text = |field: &str, value: &str, max: usize| {
            let value = value.trim();
            if value.is_empty() {
                errors.push(FieldError::new(field, Problem::Required));
            } else if value.chars().count() > max {
                errors.push(FieldError::new(field, Problem::TooLong));
            }
            value.to_owned()
        };
        let name = text("venue_name", &self.venue_name, NewEvent::VENUE_NAME_MAX);
        let street_address = text("street_address", &self.street_address, 200);
        let town = text("town", &self.town, 80);
        let postcode = self.postcode.trim().to_ascii_uppercase();
        if postcode.is_empty() {
            errors.push(FieldError::new("postcode", Problem::Required));
        } else if !super::companies::is_dutch_postcode(&postcode) {
            errors.push(FieldError::new("postcode", Problem::Format));
        }
        let municipality = match Municipality::from_code(self.municipality.trim()) {
            None => {
                errors.push(FieldError::new("municipality", Problem::Required));
                None
            }
            Some(m) if !host.may_use(m.region()) => {
                errors.push(FieldError::new("municipality", Problem::OutOfRange));
                None
            }
            Some(m) => Some(m),
        };
        let mut degrees = |field: &str, text: &str| match crate::decimals::parse(&text.trim().replace(',', ".")) {
            Some(value) => Some(value),
            None => {
                let problem = if text.trim().is_empty() {
                    Problem::Required
                } else {
                    Problem::Format
                };
                errors.push(FieldError::new(field, problem));
                None
            }
        };
        let latitude = degrees("latitude", &self.latitude);
        let longitude = degrees("longitude", &self.longitude);
        if let (Some(lat), Some(lon), Some(m)) = (latitude, longitude, municipality)
            && !crate::map::region_bounds(m.region()).contains(crate::map::LatLon::new(lat, lon))
        {
            errors.push(FieldError::new("location", Problem::OutOfRange));
        }
        match (municipality, latitude, longitude) {
            (Some(municipality), Some(latitude), Some(longitude)) if errors.len() == before => Some(Venue {
                name,
                street_address,
                postcode,
                town,
                municipality,
                latitude,
                longitude,
            }),
            _ => None,
        }
    }
}

/// `text` (trimmed) read by `parse`; `None` with `Required` (empty) or `Format` (unreadable)
/// noted under `field`.
fn read_field<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let text = text.trim();
    let read = parse(text);
    if read.is_none() {
        let problem = if text.is_empty() {
            Problem::Required
        } else {
            Problem::Format
        };
        errors.push(FieldError::new(field, problem));
    }
    read
}

/// `HH:MM` (or `H:MM`) on a 24-hour clock.
fn clock_time(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u8>().ok())?
    };
    let (hour, minute) = (digits(hour, 1..=2)?, digits(minute, 2..=2)?);
    (hour < 24 && minute < 60).then_some((hour, minute))
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
