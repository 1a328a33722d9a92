//! Moments in time as Techkaart keeps them: an `Instant` is one point in time, stored and
//! compared in UTC; Dutch local time (Europe/Amsterdam) is only how a person reads it. A
//! `Day` is a date on the Dutch calendar (a placement's start, the day it was confirmed),
//! with no time of day.
//!
//! Amsterdam keeps the EU's summer time: UTC+2 from 01:00 UTC on the last Sunday of March
//! to 01:00 UTC on the last Sunday of October, UTC+1 otherwise. That one rule is written
//! out here rather than shipping a time-zone database to the browser.
//!
//! Plain code: no clock is read here (`now` comes from the caller), no I/O.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// One point in time, to the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(OffsetDateTime);

impl Instant {
    /// The instant `at`, at whole seconds.
    pub fn from_utc(at: OffsetDateTime) -> Instant {
        let at = at.to_offset(UtcOffset::UTC);
        Instant(at.replace_nanosecond(0).unwrap_or(at))
    }

    /// Reads a stored instant, `2026-11-21T19:40:12Z`; `None` for anything else. Read by
    /// hand rather than with `time`'s format descriptions, whose parser would otherwise
    /// travel to the browser with every error that carries an instant.
    pub fn parse(stored: &str) -> Option<Instant> {
        let bytes = stored.as_bytes();
        let shape_ok = bytes.len() == 20
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                10 => *b == b'T',
                13 | 16 => *b == b':',
                19 => *b == b'Z',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return None;
        }
        let number = |from: usize, to: usize| stored[from..to].parse::<u16>().ok();
        let month = Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
        let date =
            Date::from_calendar_date(i32::from(number(0, 4)?), month, u8::try_from(number(8, 10)?).ok()?).ok()?;
        let time = Time::from_hms(
            u8::try_from(number(11, 13)?).ok()?,
            u8::try_from(number(14, 16)?).ok()?,
            u8::try_from(number(17, 19)?).ok()?,
        )
        .ok()?;
        Some(Instant(PrimitiveDateTime::new(date, time).assume_utc()))
    }

    /// As stored: whole seconds in UTC, so stored instants also compare correctly as text.
    pub fn stored(self) -> String {
        let at = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )
    }

    /// The instant `seconds` later (earlier when negative).
    pub fn plus_seconds(self, seconds: i64) -> Instant {
        Instant(self.0 + time::Duration::seconds(seconds))
    }

    pub fn utc(self) -> OffsetDateTime {
        self.0
    }

    /// The date and time on a clock in the Netherlands at this instant.
    pub fn in_amsterdam(self) -> OffsetDateTime {
        self.0.to_offset(amsterdam_offset(self.0))
    }

    /// The instant a clock in the Netherlands shows `hour`:`minute` on `day`, as a person
    /// types an event's start. A time that does not exist (the hour skipped on the last
    /// Sunday of March, 02:00-02:59) is `LocalTime::Skipped`; a time that happens twice
    /// (the hour repeated on the last Sunday of October) is the first of the two, in
    /// summer time, as people mean "half past two" before the clocks go back.
    pub fn from_amsterdam(day: Day, hour: u8, minute: u8) -> LocalTime {
        let Ok(time) = Time::from_hms(hour, minute, 0) else {
            return LocalTime::Invalid;
        };
        let local = PrimitiveDateTime::new(day.date(), time);
        let first = [2, 1].into_iter().find_map(|hours| {
            let offset = UtcOffset::from_hms(hours, 0, 0).ok()?;
            let at = local.assume_offset(offset).to_offset(UtcOffset::UTC);
            (amsterdam_offset(at) == offset).then_some(Instant(at))
        });
        first.map_or(LocalTime::Skipped, LocalTime::At)
    }
}

/// A Dutch clock time read as an instant (`Instant::from_amsterdam`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalTime {
    At(Instant),
    /// The clocks skip this time on that day (summer time begins).
    Skipped,
    /// Not a time of day (hour above 23 or minute above 59).
    Invalid,
}

/// A day on the calendar, such as a placement's first day: stored as `2027-02-01`, which
/// also sorts correctly as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

impl Day {
    /// The first of January 2000: a stand-in where a check needs some day but none matters
    /// (the browser's form check, whose confirmation day the server sets).
    pub const Y2K: Day = Day(match Date::from_ordinal_date(2000, 1) {
        Ok(date) => date,
        Err(_) => Date::MIN,
    });

    /// Reads `2027-02-01` (a day that month has); `None` for anything else. By hand, as
    /// `Instant::parse`, to keep `time`'s parser out of the browser.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return None;
        }
        let number = |from: usize, to: usize| text[from..to].parse::<u16>().ok();
        let month = Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
        let date =
            Date::from_calendar_date(i32::from(number(0, 4)?), month, u8::try_from(number(8, 10)?).ok()?).ok()?;
        Some(Day(date))
    }

    /// The day on a calendar in the Netherlands at `at`.
    pub fn in_amsterdam_at(at: Instant) -> Day {
        Day(at.in_amsterdam().date())
    }

    /// As stored and as a date input writes it: `2027-02-01`.
    pub fn stored(self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }

    /// The day `days` later (earlier when negative); the same day past the calendar's end.
    pub fn plus_days(self, days: i64) -> Day {
        Day(self.0.checked_add(time::Duration::days(days)).unwrap_or(self.0))
    }

    pub fn date(self) -> Date {
        self.0
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.stored())
    }
}

/// The offset of Amsterdam's clocks from UTC at `at`.
pub fn amsterdam_offset(at: OffsetDateTime) -> UtcOffset {
    let year = at.to_offset(UtcOffset::UTC).year();
    let switch = |month| {
        last_sunday(year, month)
            .map(|day| PrimitiveDateTime::new(day, Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT)).assume_utc())
    };
    let summer = match (switch(Month::March), switch(Month::October)) {
        (Some(start), Some(end)) => at >= start && at < end,
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    let back = last.weekday().number_days_from_sunday();
    last.checked_sub(time::Duration::days(i64::from(back)))
        .filter(|day| day.weekday() == Weekday::Sunday)
}

/// Serde for a moment type as its stored text, read back with its `parse`.
macro_rules! as_stored_text {
    ($type:ident, $what:literal) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.stored())
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                let text = String::deserialize(deserializer)?;
                $type::parse(&text)
                    .ok_or_else(|| serde::de::Error::custom(format!(concat!("not ", $what, ": \"{}\""), text)))
            }
        }
    };
}

as_stored_text!(Instant, "an instant");
as_stored_text!(Day, "a day");

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stored: &str) -> Instant {
        Instant::parse(stored).expect("a stored instant")
    }

    fn clock(instant: Instant) -> String {
        let local = instant.in_amsterdam();
        format!(
            "{} {:02}:{:02} {}",
            local.date(),
            local.hour(),
            local.minute(),
            local.offset()
        )
    }

    #[test]
    fn days_read_back_to_the_same_text_and_only_real_days_are_read() {
        let day = Day::parse("2027-02-01").expect("a day");
        assert_eq!(day.stored(), "2027-02-01");
        assert_eq!(day.plus_days(28).stored(), "2027-03-01");
        assert_eq!(day.plus_days(-32).stored(), "2026-12-31");
        assert!(Day::parse("2026-11-30") < Day::parse("2027-01-01"));
        for not_a_day in [
            "2027-02-29",
            "2027-13-01",
            "2027-00-10",
            "2027-2-1",
            "01-02-2027",
            "",
            "2027-02-01T00",
        ] {
            assert_eq!(Day::parse(not_a_day), None, "{not_a_day}");
        }
        assert!(Day::parse("2028-02-29").is_some(), "a leap day");
        // Past midnight in Amsterdam, still the day before in UTC.
        assert_eq!(Day::in_amsterdam_at(at("2026-11-30T23:30:00Z")).stored(), "2026-12-01");
        assert_eq!(Day::in_amsterdam_at(at("2026-07-01T22:30:00Z")).stored(), "2026-07-02");
    }

    #[test]
    fn stored_instants_read_back_to_the_same_text() {
        let stored = "2026-11-21T19:40:12Z";
        assert_eq!(at(stored).stored(), stored);
        assert_eq!(Instant::parse("2026-11-21 19:40:12"), None);
        assert_eq!(Instant::parse("2026-13-21T19:40:12Z"), None);
        assert_eq!(Instant::parse("2026-02-30T19:40:12Z"), None);
        assert_eq!(Instant::parse("2026-11-21T24:00:00Z"), None);
        assert_eq!(Instant::parse("2026-11-21T19:40:12+01"), None);
        assert_eq!(Instant::parse("２０２６-11-21T19:40:12Z"), None);
        assert_eq!(at(stored).plus_seconds(-12).stored(), "2026-11-21T19:40:00Z");
    }

    #[test]
    fn a_dutch_clock_time_is_read_as_the_instant_people_mean() {
        let day = |text| Day::parse(text).expect("a day");
        let instant = |d, h, m| match Instant::from_amsterdam(day(d), h, m) {
            LocalTime::At(at) => at.stored(),
            other => format!("{other:?}"),
        };
        assert_eq!(instant("2026-11-30", 19, 30), "2026-11-30T18:30:00Z", "winter: UTC+1");
        assert_eq!(instant("2026-07-01", 9, 0), "2026-07-01T07:00:00Z", "summer: UTC+2");
        // 29 March 2026: 02:00-02:59 does not exist; 01:59 and 03:00 do.
        assert_eq!(instant("2026-03-29", 1, 59), "2026-03-29T00:59:00Z");
        assert_eq!(instant("2026-03-29", 2, 30), "Skipped");
        assert_eq!(instant("2026-03-29", 3, 0), "2026-03-29T01:00:00Z");
        // 25 October 2026: 02:00-02:59 happens twice; the first, in summer time, is meant.
        assert_eq!(instant("2026-10-25", 2, 30), "2026-10-25T00:30:00Z");
        assert_eq!(instant("2026-10-25", 3, 0), "2026-10-25T02:00:00Z");
        assert_eq!(instant("2026-10-25", 24, 0), "Invalid");
        // What is read is what is shown again.
        for (d, h, m) in [("2026-10-25", 2, 30), ("2027-03-28", 3, 15), ("2026-12-31", 23, 59)] {
            let LocalTime::At(at) = Instant::from_amsterdam(day(d), h, m) else {
                panic!("{d} {h}:{m}");
            };
            let shown = at.in_amsterdam();
            assert_eq!((shown.date(), shown.hour(), shown.minute()), (day(d).date(), h, m));
        }
    }

    #[test]
    fn winter_is_one_hour_ahead_and_summer_two() {
        assert_eq!(clock(at("2026-11-29T20:53:00Z")), "2026-11-29 21:53 +01:00:00");
        assert_eq!(clock(at("2026-07-01T12:00:00Z")), "2026-07-01 14:00 +02:00:00");
        assert_eq!(clock(at("2026-12-31T23:30:00Z")), "2027-01-01 00:30 +01:00:00");
    }

    #[test]
    fn the_clocks_change_on_the_last_sundays_of_march_and_october_at_one_utc() {
        // 2026: 29 March and 25 October.
        assert_eq!(clock(at("2026-03-29T00:59:59Z")), "2026-03-29 01:59 +01:00:00");
        assert_eq!(clock(at("2026-03-29T01:00:00Z")), "2026-03-29 03:00 +02:00:00");
        assert_eq!(clock(at("2026-10-25T00:59:59Z")), "2026-10-25 02:59 +02:00:00");
        assert_eq!(clock(at("2026-10-25T01:00:00Z")), "2026-10-25 02:00 +01:00:00");
        // 2027: 28 March and 31 October.
        assert_eq!(clock(at("2027-03-28T01:00:00Z")), "2027-03-28 03:00 +02:00:00");
        assert_eq!(clock(at("2027-10-31T00:30:00Z")), "2027-10-31 02:30 +02:00:00");
        assert_eq!(clock(at("2027-10-31T01:30:00Z")), "2027-10-31 02:30 +01:00:00");
    }
}

/// The Dutch clock rules written out above, checked against the IANA time-zone database
/// (jiff's copy of Europe/Amsterdam) for instants from 1997, when the EU rule began, to
/// 2099, minute by generated minute.
#[cfg(test)]
mod properties {
    use super::*;
    use jiff::tz::{AmbiguousOffset, TimeZone};
    use proptest::prelude::*;

    /// 1997-01-01 and 2100-01-01, in seconds since 1970.
    const FROM: i64 = 852_076_800;
    const UNTIL: i64 = 4_102_444_800;

    fn amsterdam() -> TimeZone {
        TimeZone::get("Europe/Amsterdam").expect("Europe/Amsterdam in the bundled database")
    }

    fn instant(seconds: i64) -> Instant {
        Instant(OffsetDateTime::from_unix_timestamp(seconds).expect("in range"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_offset_is_the_one_the_time_zone_database_gives(minute in (FROM / 60)..(UNTIL / 60)) {
            let seconds = minute * 60;
            let expected = amsterdam().to_offset(jiff::Timestamp::from_second(seconds).expect("in range"));
            let at = instant(seconds).utc();
            prop_assert_eq!(amsterdam_offset(at).whole_seconds(), expected.seconds(), "at {}", at);
        }

        #[test]
        fn a_clock_time_reads_as_the_time_zone_database_reads_it(
            day in 0i64..((UNTIL - FROM) / 86_400),
            hour in 0u8..24,
            minute in 0u8..60,
        ) {
            let date = Day::in_amsterdam_at(instant(FROM + day * 86_400 + 43_200));
            let civil = jiff::civil::date(
                i16::try_from(date.date().year()).expect("a year"),
                i8::try_from(u8::from(date.date().month())).expect("a month"),
                i8::try_from(date.date().day()).expect("a day"),
            )
            .at(i8::try_from(hour).expect("an hour"), i8::try_from(minute).expect("a minute"), 0, 0);
            let read = Instant::from_amsterdam(date, hour, minute);
            let local_seconds = civil.to_zoned(TimeZone::UTC).expect("in range").timestamp().as_second();
            match amsterdam().to_ambiguous_timestamp(civil).offset() {
                AmbiguousOffset::Unambiguous { offset } => {
                    prop_assert_eq!(read, LocalTime::At(instant(local_seconds - i64::from(offset.seconds()))));
                }
                // The hour skipped in March.
                AmbiguousOffset::Gap { .. } => prop_assert_eq!(read, LocalTime::Skipped),
                // The hour repeated in October: the first of the two, in summer time.
                AmbiguousOffset::Fold { before, .. } => {
                    prop_assert_eq!(read, LocalTime::At(instant(local_seconds - i64::from(before.seconds()))));
                }
            }
        }

        #[test]
        fn every_instant_reads_back_from_its_dutch_clock_time(minute in (FROM / 60)..(UNTIL / 60)) {
            let at = instant(minute * 60);
            let local = at.in_amsterdam();
            let read = Instant::from_amsterdam(Day::in_amsterdam_at(at), local.hour(), local.minute());
            // The second 02:30 of an October night reads as the first, an hour earlier.
            let first_of_two = at.plus_seconds(-3600);
            let earlier = first_of_two.in_amsterdam();
            let repeated = (earlier.date(), earlier.hour(), earlier.minute()) == (local.date(), local.hour(), local.minute());
            prop_assert_eq!(read, LocalTime::At(if repeated { first_of_two } else { at }), "{}", at.stored());
        }
    }
}
