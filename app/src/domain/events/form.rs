//! The event form: what an organiser types, read and checked field by field, Dutch clock included.

use super::*;

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
        } else if !crate::domain::companies::is_dutch_postcode(&postcode) {
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
pub(super) fn read_field<T>(
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
pub(super) fn clock_time(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u8>().ok())?
    };
    let (hour, minute) = (digits(hour, 1..=2)?, digits(minute, 2..=2)?);
    (hour < 24 && minute < 60).then_some((hour, minute))
}
