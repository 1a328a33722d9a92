//! What a person looks for on `/evenementen` and in a calendar feed: a period and a few
//! filters, all in the address (`?periode=deze-week&regio=kempen&voor=vmbo`) like the
//! home page's search, so a filtered list can be shared and subscribed to.

use super::{
    Audience, Day, Event, EventKind, FieldError, Instant, LocalTime, Municipality, Problem, Region, code_enum,
};

code_enum! {
    /// Which stretch of time a list covers; every one starts now.
    Period {
        /// Everything that has not ended.
        Upcoming => "komend",
        /// Until the end of Sunday.
        ThisWeek => "deze-week",
        /// Until the end of the month.
        ThisMonth => "deze-maand",
        /// From `from` to `to` (both days included).
        Dates => "datums",
    }
}

/// The query-string keys, in Dutch like the page addresses.
pub mod key {
    pub const PERIOD: &str = "periode";
    pub const FROM: &str = "van";
    pub const TO: &str = "tot";
    pub const KIND: &str = "soort";
    pub const REGION: &str = "regio";
    pub const MUNICIPALITY: &str = "gemeente";
    pub const AUDIENCE: &str = "voor";
    pub const COMPANY: &str = "bedrijf";
}

/// A period and filters; the default is every upcoming event.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EventSearch {
    pub period: Option<Period>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub kind: Option<EventKind>,
    pub region: Option<Region>,
    pub municipality: Option<Municipality>,
    pub audience: Option<Audience>,
    /// A company's slug: only the events it organises.
    pub company: Option<String>,
}

impl EventSearch {
    /// Reads a search from a raw query string; values that cannot be read are left out
    /// and reported under their key.
    pub fn from_query(query: &str) -> (EventSearch, Vec<FieldError>) {
        let mut search = EventSearch::default();
        let mut errors = Vec::new();
        for (name, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let mut code = |parsed: Option<()>| {
                if parsed.is_none() {
                    errors.push(FieldError::new(&name, Problem::Unknown));
                }
            };
            match &*name {
                key::PERIOD => code(Period::from_code(value).map(|p| search.period = Some(p))),
                key::KIND => code(EventKind::from_code(value).map(|k| search.kind = Some(k))),
                key::REGION => code(Region::from_code(value).map(|r| search.region = Some(r))),
                key::MUNICIPALITY => code(Municipality::from_code(value).map(|m| search.municipality = Some(m))),
                key::AUDIENCE => code(Audience::from_code(value).map(|a| search.audience = Some(a))),
                key::COMPANY if super::Slug::parse(value).is_ok() => search.company = Some(value.to_owned()),
                key::COMPANY => code(None),
                key::FROM | key::TO => match Day::parse(value) {
                    Some(day) if &*name == key::FROM => search.from = Some(day),
                    Some(day) => search.to = Some(day),
                    None => errors.push(FieldError::new(&name, Problem::Format)),
                },
                _ => {}
            }
        }
        if search.from.is_some() || search.to.is_some() {
            search.period = Some(Period::Dates);
        }
        if let (Some(from), Some(to)) = (search.from, search.to)
            && to < from
        {
            errors.push(FieldError::new(key::TO, Problem::BeforeStart));
            search.to = None;
        }
        (search, errors)
    }

    /// The query string, without `?`; what is not chosen is left out.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let dates = self.period == Some(Period::Dates);
        let pairs = [
            (
                key::PERIOD,
                self.period.filter(|p| *p != Period::Dates).map(|p| p.code().to_owned()),
            ),
            (key::FROM, self.from.filter(|_| dates).map(Day::stored)),
            (key::TO, self.to.filter(|_| dates).map(Day::stored)),
            (key::KIND, self.kind.map(|k| k.code().to_owned())),
            (key::REGION, self.region.map(|r| r.code().to_owned())),
            (key::MUNICIPALITY, self.municipality.map(|m| m.code().to_owned())),
            (key::AUDIENCE, self.audience.map(|a| a.code().to_owned())),
            (key::COMPANY, self.company.clone()),
        ];
        for (name, value) in pairs {
            if let Some(value) = value {
                out.append_pair(name, &value);
            }
        }
        out.finish()
    }

    /// `path` with this search's query string.
    pub fn href(&self, path: &str) -> String {
        match self.to_query() {
            query if query.is_empty() => path.to_owned(),
            query => format!("{path}?{query}"),
        }
    }

    /// The stretch of time the list covers, seen at `now`: events that end after the
    /// first and start before the second (`None`: no end).
    pub fn window(&self, now: Instant) -> (Instant, Option<Instant>) {
        let today = Day::in_amsterdam_at(now);
        let midnight = |day: Day| match Instant::from_amsterdam(day, 0, 0) {
            LocalTime::At(at) => at,
            // Dutch clocks never skip midnight.
            LocalTime::Skipped | LocalTime::Invalid => now,
        };
        match self.period.unwrap_or(Period::Upcoming) {
            Period::Upcoming => (now, None),
            Period::ThisWeek => {
                let days_left = 7 - i64::from(today.date().weekday().number_days_from_monday());
                (now, Some(midnight(today.plus_days(days_left))))
            }
            Period::ThisMonth => {
                let date = today.date();
                let next_month = today.plus_days(i64::from(date.month().length(date.year()) - date.day() + 1));
                (now, Some(midnight(next_month)))
            }
            Period::Dates => {
                let start = self.from.map_or(now, |from| midnight(from).max(now));
                (start, self.to.map(|to| midnight(to.plus_days(1))))
            }
        }
    }

    /// Whether `event` belongs in the list at `now`. Hidden events never do; cancelled
    /// ones do, shown as cancelled.
    pub fn matches(&self, event: &Event, now: Instant) -> bool {
        let (start, end) = self.window(now);
        let times = event.event.times;
        !event.hidden
            && times.end > start
            && end.is_none_or(|end| times.start < end)
            && self.kind.is_none_or(|kind| event.event.kind == kind)
            && self.region.is_none_or(|region| event.region() == region)
            && self.municipality.is_none_or(|m| event.event.venue.municipality == m)
            && self.audience.is_none_or(|a| event.event.audiences.contains(&a))
            && self.company.as_deref().is_none_or(|slug| match &event.organiser {
                super::Organiser::Company { slug: own, .. } => own == slug,
                super::Organiser::Region(_) => false,
            })
    }

    /// Whether anything is chosen beyond the default.
    pub fn is_filtered(&self) -> bool {
        *self != EventSearch::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventStatus, EventTimes, NewEvent, Organiser, Participation, Venue};

    fn at(text: &str) -> Instant {
        Instant::parse(text).expect("instant")
    }

    fn event(start: &str, end: &str) -> Event {
        let times = EventTimes {
            start: at(start),
            end: at(end),
        };
        Event {
            id: 1,
            version: 1,
            organiser: Organiser::Company {
                id: 7,
                slug: "vonk-metaal".into(),
                name: "Vonk Metaal".into(),
            },
            event: NewEvent {
                kind: EventKind::OpenDay,
                title_nl: "Open dag".into(),
                title_en: String::new(),
                description_nl: String::new(),
                description_en: String::new(),
                times,
                at_company: true,
                venue: Venue {
                    name: "Vonk Metaal".into(),
                    street_address: "Industrieweg 1".into(),
                    postcode: "5531 AA".into(),
                    town: "Bladel".into(),
                    municipality: Municipality::Bladel,
                    latitude: 51.3686,
                    longitude: 5.2203,
                },
                audiences: vec![Audience::Vmbo, Audience::Parents],
                participation: Participation::JustCome,
                sign_up_url: None,
                capacity: None,
            },
            status: EventStatus::Planned,
            cancel_reason: None,
            hidden: false,
            created_at: at("2026-11-01T10:00:00Z"),
            updated_at: at("2026-11-01T10:00:00Z"),
        }
    }

    #[test]
    fn every_filter_survives_the_round_trip_through_the_address() {
        let search = EventSearch {
            period: Some(Period::Dates),
            from: Day::parse("2026-12-01"),
            to: Day::parse("2026-12-24"),
            kind: Some(EventKind::JobFair),
            region: Some(Region::Ijmond),
            municipality: Some(Municipality::Velsen),
            audience: Some(Audience::CareerSwitchers),
            company: Some("tata-steel".into()),
        };
        let query = search.to_query();
        assert_eq!(
            query,
            "van=2026-12-01&tot=2026-12-24&soort=job-fair&regio=ijmond&gemeente=velsen&voor=career-switchers&bedrijf=tata-steel"
        );
        assert_eq!(EventSearch::from_query(&query), (search, vec![]));
        assert_eq!(EventSearch::default().href("/evenementen"), "/evenementen");
    }

    #[test]
    fn unreadable_values_are_named_and_left_out() {
        let (search, errors) = EventSearch::from_query("periode=ooit&voor=kleuters&van=morgen&regio=kempen");
        assert_eq!(search.region, Some(Region::Kempen));
        assert_eq!(search.period, None);
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["periode", "voor", "van"]);
        let (_, errors) = EventSearch::from_query("van=2026-12-10&tot=2026-12-01");
        assert_eq!(errors, [FieldError::new("tot", Problem::BeforeStart)]);
    }

    #[test]
    fn this_week_ends_on_sunday_night_and_this_month_at_its_last_midnight_on_dutch_clocks() {
        // Wednesday 25 November 2026, 10:00 in the Netherlands.
        let now = at("2026-11-25T09:00:00Z");
        let week = EventSearch {
            period: Some(Period::ThisWeek),
            ..Default::default()
        };
        assert_eq!(week.window(now), (now, Some(at("2026-11-29T23:00:00Z"))));
        let month = EventSearch {
            period: Some(Period::ThisMonth),
            ..Default::default()
        };
        assert_eq!(month.window(now), (now, Some(at("2026-11-30T23:00:00Z"))));
        let sunday_evening = event("2026-11-29T18:00:00Z", "2026-11-29T20:00:00Z");
        let monday = event("2026-11-30T08:00:00Z", "2026-11-30T12:00:00Z");
        assert!(week.matches(&sunday_evening, now));
        assert!(!week.matches(&monday, now));
        assert!(month.matches(&monday, now));
    }

    #[test]
    fn past_hidden_and_unmatched_events_are_left_out_while_a_running_one_stays() {
        let now = at("2026-11-25T09:00:00Z");
        let all = EventSearch::default();
        let running = event("2026-11-25T08:00:00Z", "2026-11-25T15:00:00Z");
        assert!(all.matches(&running, now), "still on");
        assert!(
            !all.matches(&event("2026-11-24T08:00:00Z", "2026-11-24T15:00:00Z"), now),
            "over"
        );
        let mut hidden = running.clone();
        hidden.hidden = true;
        assert!(!all.matches(&hidden, now));
        let mut cancelled = running.clone();
        cancelled.status = EventStatus::Cancelled;
        assert!(all.matches(&cancelled, now), "shown as cancelled");
        let (for_hbo, _) = EventSearch::from_query("voor=hbo");
        assert!(!for_hbo.matches(&running, now));
        let (for_parents, _) = EventSearch::from_query("voor=parents&gemeente=bladel&bedrijf=vonk-metaal");
        assert!(for_parents.matches(&running, now));
        let (ijmond, _) = EventSearch::from_query("regio=ijmond");
        assert!(!ijmond.matches(&running, now));
        let (other_company, _) = EventSearch::from_query("bedrijf=staal-bv");
        assert!(!other_company.matches(&running, now));
        let (december, _) = EventSearch::from_query("van=2026-12-01");
        assert!(!december.matches(&running, now));
    }
}
