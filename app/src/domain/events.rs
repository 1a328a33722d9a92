//! Events: Tech Events, open days, company visits and the like (issue 13). So far the
//! closed sets an event is described with and the rule for its start and end as people
//! type them; storage, pages and screens follow.

use super::{Day, FieldError, Instant, LocalTime, Problem, code_enum};

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

/// The longest an event may last, in days (a job fair over a week, say).
pub const MAX_EVENT_DAYS: i64 = 14;

/// When an event starts and ends, as instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
