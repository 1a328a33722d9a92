//! Kiosk screens: TVs in school halls and company lobbies that show upcoming events and
//! open placements. What a screen is set to show and when, how it pairs by a short code,
//! and whether it counts as online. No I/O: the server stores and the pages show these.

use super::{FieldError, Instant, Problem, code_enum};
use crate::domain::moments::{Day, LocalTime};

/// How long a pairing code on a screen may be typed in, in seconds.
pub const PAIRING_VALID_SECONDS: i64 = 15 * 60;
/// A screen without a heartbeat for this long counts as offline, in seconds.
pub const OFFLINE_AFTER_SECONDS: i64 = 5 * 60;
/// A screen offline this long during its on-hours mails its owner once, in seconds.
pub const ALERT_AFTER_SECONDS: i64 = 30 * 60;
/// How often a screen reports its heartbeat, in seconds.
pub const HEARTBEAT_SECONDS: i64 = 60;
/// How many pairing codes one network may hold at once: a school pairs a few TVs, a
/// flood of requests cannot fill the table.
pub const PAIRINGS_PER_NETWORK: i64 = 20;

code_enum! {
    /// Which way the TV hangs.
    Orientation {
        Landscape => "landscape",
        Portrait => "portrait",
    }
}

code_enum! {
    /// What a screen's slides are made of.
    ScreenShows {
        All => "all",
        Events => "events",
        Placements => "placements",
    }
}

code_enum! {
    /// The days a screen is on, as the digits of their weekdays (1 = Monday).
    OnDays {
        Weekdays => "12345",
        MondayToSaturday => "123456",
        EveryDay => "1234567",
    }
}

code_enum! {
    /// What an owner does to a screen besides editing it.
    ScreenChange {
        /// Forget the screen's secret: the TV shows a pairing code again.
        Revoke => "revoke",
        /// Remove the screen from the list for good.
        Remove => "remove",
    }
}

/// The characters of a pairing code: no 0/O or 1/I, which look alike on a TV.
pub const PAIRING_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// The length of a pairing code.
pub const PAIRING_CODE_LEN: usize = 6;

/// The short code a screen shows while it waits to be paired.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PairingCode(String);

impl PairingCode {
    /// A code made from random bytes (one character per byte).
    pub fn from_random(bytes: [u8; PAIRING_CODE_LEN]) -> PairingCode {
        let alphabet = PAIRING_ALPHABET.len();
        PairingCode(
            bytes
                .iter()
                .map(|b| char::from(PAIRING_ALPHABET[usize::from(*b) % alphabet]))
                .collect(),
        )
    }

    /// A code as a person typed it: case, spaces and dashes do not matter, and the look-
    /// alikes 0/O and 1/I are read as the letters the code can hold.
    pub fn parse(typed: &str) -> Result<PairingCode, Problem> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                other => other,
            })
            .collect();
        if code.is_empty() {
            return Err(Problem::Required);
        }
        // O and I are not in the alphabet either: a code with them was misread.
        let fits = code.len() == PAIRING_CODE_LEN && code.bytes().all(|b| PAIRING_ALPHABET.contains(&b));
        if fits {
            Ok(PairingCode(code))
        } else {
            Err(Problem::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code in two groups of three, as the screen shows it.
    pub fn spaced(&self) -> String {
        format!("{} {}", &self.0[..3], &self.0[3..])
    }
}

/// A clock time on Dutch clocks, in minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct ClockTime(u16);

impl ClockTime {
    /// `HH:MM` as a time field sends it.
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (hours, minutes) = text.trim().split_once(':')?;
        if hours.len() != 2 || minutes.len() != 2 {
            return None;
        }
        let hours: u16 = hours.parse().ok()?;
        let minutes: u16 = minutes.parse().ok()?;
        (hours < 24 && minutes < 60).then_some(ClockTime(hours * 60 + minutes))
    }

    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// When a screen is on: some days of the week, from one clock time until another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OnHours {
    pub days: OnDays,
    pub from: ClockTime,
    pub until: ClockTime,
}

impl OnHours {
    /// The instants it is on from the day of `now` for `days` days, as (start, end), in
    /// order; a window already over is left out. Each day's times are on that day's Dutch
    /// clock, so they stay right across the daylight-saving change.
    pub fn windows(&self, now: Instant, days: i64) -> Vec<(Instant, Instant)> {
        let today = Day::in_amsterdam_at(now);
        (0..days)
            .filter_map(|n| {
                let day = today.plus_days(n);
                let weekday = day.date().weekday().number_from_monday();
                if !self.days.code().contains(char::from(b'0' + weekday)) {
                    return None;
                }
                let at = |time: ClockTime| match Instant::from_amsterdam(day, time.hour(), time.minute()) {
                    LocalTime::At(at) => Some(at),
                    // A time the clocks skip: the hour after it.
                    LocalTime::Skipped => match Instant::from_amsterdam(day, time.hour() + 1, time.minute()) {
                        LocalTime::At(at) => Some(at),
                        _ => None,
                    },
                    LocalTime::Invalid => None,
                };
                Some((at(self.from)?, at(self.until)?))
            })
            .filter(|(_, end)| *end > now)
            .collect()
    }

    /// Whether the screen is on at `at`.
    pub fn is_on(&self, at: Instant) -> bool {
        self.windows(at, 1).iter().any(|(start, end)| *start <= at && at < *end)
    }
}

/// A screen's settings as its owner chose them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScreenSettings {
    pub name: String,
    pub orientation: Orientation,
    pub shows: ScreenShows,
    pub on_hours: OnHours,
}

impl ScreenSettings {
    pub const NAME_MAX: usize = 80;

    /// The settings as the audit log compares them, field by field.
    pub fn audit_fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("screen_name", self.name.clone()),
            ("orientation", self.orientation.code().to_owned()),
            ("shows", self.shows.code().to_owned()),
            ("on_days", self.on_hours.days.code().to_owned()),
            ("on_from", self.on_hours.from.to_string()),
            ("on_until", self.on_hours.until.to_string()),
        ]
    }
}

/// The screen form as it arrives: every field as text, so a wrong value comes back to
/// the form with a message instead of failing to decode.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScreenForm {
    /// The pairing code; only when a new screen is paired or an old one paired again.
    #[serde(default)]
    pub code: String,
    /// Where it hangs, as its owner names it.
    #[serde(default)]
    pub screen_name: String,
    #[serde(default)]
    pub orientation: String,
    #[serde(default)]
    pub shows: String,
    #[serde(default)]
    pub on_days: String,
    #[serde(default)]
    pub on_from: String,
    #[serde(default)]
    pub on_until: String,
    /// The region of a new screen, chosen by a coordinator of both regions (others' is
    /// their own).
    #[serde(default)]
    pub region: String,
    /// The version the edit was based on; 0 for a new screen.
    #[serde(default)]
    pub version: i64,
}

impl ScreenForm {
    /// A new screen's form: landscape, everything, working days 07:30-17:30.
    pub fn new_screen() -> ScreenForm {
        ScreenForm {
            code: String::new(),
            screen_name: String::new(),
            orientation: Orientation::Landscape.code().to_owned(),
            shows: ScreenShows::All.code().to_owned(),
            on_days: OnDays::Weekdays.code().to_owned(),
            on_from: "07:30".to_owned(),
            on_until: "17:30".to_owned(),
            region: String::new(),
            version: 0,
        }
    }

    /// The form of a stored screen.
    pub fn from_settings(settings: &ScreenSettings, version: i64) -> ScreenForm {
        ScreenForm {
            code: String::new(),
            screen_name: settings.name.clone(),
            orientation: settings.orientation.code().to_owned(),
            shows: settings.shows.code().to_owned(),
            on_days: settings.on_hours.days.code().to_owned(),
            on_from: settings.on_hours.from.to_string(),
            on_until: settings.on_hours.until.to_string(),
            region: String::new(),
            version,
        }
    }

    /// The settings, or what is wrong with each field (the code is read apart: see
    /// `code`).
    pub fn read(&self) -> Result<ScreenSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.screen_name.trim().to_owned();
        if name.is_empty() {
            errors.push(FieldError::new("screen_name", Problem::Required));
        } else if name.chars().count() > ScreenSettings::NAME_MAX {
            errors.push(FieldError::new("screen_name", Problem::TooLong));
        }
        let orientation = Orientation::from_code(&self.orientation);
        if orientation.is_none() {
            errors.push(FieldError::new("orientation", Problem::Unknown));
        }
        let shows = ScreenShows::from_code(&self.shows);
        if shows.is_none() {
            errors.push(FieldError::new("shows", Problem::Unknown));
        }
        let days = OnDays::from_code(&self.on_days);
        if days.is_none() {
            errors.push(FieldError::new("on_days", Problem::Unknown));
        }
        let time = |field: &str, text: &str, errors: &mut Vec<FieldError>| {
            let time = ClockTime::parse(text);
            if time.is_none() {
                let problem = if text.trim().is_empty() {
                    Problem::Required
                } else {
                    Problem::Format
                };
                errors.push(FieldError::new(field, problem));
            }
            time
        };
        let from = time("on_from", &self.on_from, &mut errors);
        let until = time("on_until", &self.on_until, &mut errors);
        if let (Some(from), Some(until)) = (from, until)
            && until <= from
        {
            errors.push(FieldError::new("on_until", Problem::BeforeStart));
        }
        match (orientation, shows, days, from, until) {
            (Some(orientation), Some(shows), Some(days), Some(from), Some(until)) if errors.is_empty() => {
                Ok(ScreenSettings {
                    name,
                    orientation,
                    shows,
                    on_hours: OnHours { days, from, until },
                })
            }
            _ => Err(errors),
        }
    }

    /// The pairing code the form carries.
    pub fn code(&self) -> Result<PairingCode, FieldError> {
        PairingCode::parse(&self.code).map_err(|problem| FieldError::new("code", problem))
    }
}

/// Whether a screen is showing, as its owner's list tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScreenState {
    /// A heartbeat within `OFFLINE_AFTER_SECONDS`.
    Online,
    /// Paired, but no heartbeat for longer (or never one).
    Offline,
    /// Revoked: the TV shows a pairing code until it is paired again.
    Revoked,
}

/// A stored screen, as its owners see it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Screen {
    pub id: i64,
    pub region: super::Region,
    /// The company whose lobby it hangs in; `None` for a screen of the region.
    pub company_id: Option<i64>,
    pub company_name: Option<String>,
    pub settings: ScreenSettings,
    pub paired: bool,
    pub version: i64,
    pub last_seen: Option<Instant>,
    /// The slide it last said it showed (a slide's name such as `event-12`).
    pub last_slide: Option<String>,
    pub last_build: Option<String>,
    /// Its size in CSS pixels, `1920x1080`.
    pub last_size: Option<String>,
}

impl Screen {
    pub fn state(&self, now: Instant) -> ScreenState {
        if !self.paired {
            return ScreenState::Revoked;
        }
        match self.last_seen {
            Some(seen) if seen.plus_seconds(OFFLINE_AFTER_SECONDS) > now => ScreenState::Online,
            _ => ScreenState::Offline,
        }
    }
}

/// What a heartbeat reports, checked: a slide name and build of plain characters, a
/// size of two numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heartbeat {
    pub slide: String,
    pub build: String,
    pub size: String,
}

impl Heartbeat {
    /// The heartbeat's fields, or `None` when one is not what a screen sends.
    pub fn read(slide: &str, build: &str, width: u32, height: u32) -> Option<Heartbeat> {
        let plain = |text: &str| {
            !text.is_empty() && text.len() <= 40 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        let sized = (1..=20_000).contains(&width) && (1..=20_000).contains(&height);
        (plain(slide) && plain(build) && sized).then(|| Heartbeat {
            slide: slide.to_owned(),
            build: build.to_owned(),
            size: format!("{width}x{height}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Instant {
        Instant::parse(text).expect("an instant")
    }

    #[test]
    fn a_pairing_code_is_read_as_typed_and_refused_when_it_cannot_be_one() {
        assert_eq!(PairingCode::parse("abc-23k").map(|c| c.0), Ok("ABC23K".to_owned()));
        assert_eq!(PairingCode::parse(" XY7 Q9P ").map(|c| c.0), Ok("XY7Q9P".to_owned()));
        assert_eq!(PairingCode::parse(""), Err(Problem::Required));
        assert_eq!(PairingCode::parse("ABCDE"), Err(Problem::Format));
        assert_eq!(PairingCode::parse("ABCDEFG"), Err(Problem::Format));
        // 0 and 1 are read as O and I, which no code holds.
        assert_eq!(PairingCode::parse("ABC10D"), Err(Problem::Format));
        assert_eq!(PairingCode::parse("ABC€DE"), Err(Problem::Format));
    }

    #[test]
    fn a_random_pairing_code_uses_only_the_unambiguous_alphabet() {
        for seed in 0..=255u8 {
            let code = PairingCode::from_random([seed, seed.wrapping_mul(7), 3, 200, 255, 0]);
            assert_eq!(PairingCode::parse(code.as_str()), Ok(code.clone()));
            assert!(!code.as_str().contains(['0', 'O', '1', 'I']));
        }
        assert_eq!(PairingCode::from_random([0, 1, 2, 3, 4, 5]).spaced(), "ABC DEF");
    }

    #[test]
    fn on_hours_follow_dutch_clocks_across_the_change_to_winter_time() {
        let hours = OnHours {
            days: OnDays::Weekdays,
            from: ClockTime::parse("07:30").expect("time"),
            until: ClockTime::parse("17:30").expect("time"),
        };
        // Friday 23 October 2026, summer time (UTC+2); the clocks go back on Sunday 25th.
        let windows = hours.windows(at("2026-10-23T04:00:00Z"), 4);
        assert_eq!(
            windows,
            vec![
                (at("2026-10-23T05:30:00Z"), at("2026-10-23T15:30:00Z")),
                // Monday 26th, winter time (UTC+1); no weekend.
                (at("2026-10-26T06:30:00Z"), at("2026-10-26T16:30:00Z")),
            ]
        );
        assert!(hours.is_on(at("2026-10-23T05:30:00Z")));
        assert!(!hours.is_on(at("2026-10-23T15:30:00Z")));
        assert!(!hours.is_on(at("2026-10-24T10:00:00Z")), "Saturday is off");
        assert!(hours.is_on(at("2026-10-26T16:00:00Z")));
    }

    #[test]
    fn the_screen_form_names_each_wrong_field() {
        let form = ScreenForm {
            screen_name: " ".to_owned(),
            orientation: "sideways".to_owned(),
            shows: "all".to_owned(),
            on_days: "12345".to_owned(),
            on_from: "18:00".to_owned(),
            on_until: "08:00".to_owned(),
            ..ScreenForm::default()
        };
        let fields: Vec<(String, Problem)> = form
            .read()
            .expect_err("wrong")
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("screen_name".to_owned(), Problem::Required),
                ("orientation".to_owned(), Problem::Unknown),
                ("on_until".to_owned(), Problem::BeforeStart),
            ]
        );
        let good = ScreenForm {
            screen_name: "Aula, Kempenhorst".to_owned(),
            ..ScreenForm::new_screen()
        };
        let settings = good.read().expect("valid");
        assert_eq!(ScreenForm::from_settings(&settings, 3).read(), Ok(settings));
        let bad_time = ScreenForm {
            on_from: "7.30".to_owned(),
            ..good
        };
        assert_eq!(
            bad_time.read().expect_err("wrong")[0],
            FieldError::new("on_from", Problem::Format)
        );
    }

    #[test]
    fn a_screen_is_offline_five_minutes_after_its_last_heartbeat() {
        let settings = ScreenForm {
            screen_name: "Hal".to_owned(),
            ..ScreenForm::new_screen()
        }
        .read()
        .expect("valid");
        let mut screen = Screen {
            id: 1,
            region: super::super::Region::Kempen,
            company_id: None,
            company_name: None,
            settings,
            paired: true,
            version: 1,
            last_seen: Some(at("2026-11-30T10:00:00Z")),
            last_slide: None,
            last_build: None,
            last_size: None,
        };
        assert_eq!(screen.state(at("2026-11-30T10:04:59Z")), ScreenState::Online);
        assert_eq!(screen.state(at("2026-11-30T10:05:00Z")), ScreenState::Offline);
        screen.paired = false;
        assert_eq!(screen.state(at("2026-11-30T10:01:00Z")), ScreenState::Revoked);
    }

    #[test]
    fn a_heartbeat_carries_only_plain_names_and_a_size() {
        assert_eq!(
            Heartbeat::read("event-12", "a1b2", 1920, 1080).map(|h| h.size),
            Some("1920x1080".to_owned())
        );
        assert_eq!(Heartbeat::read("<script>", "a1", 1920, 1080), None);
        assert_eq!(Heartbeat::read("region", "a1", 0, 1080), None);
        assert_eq!(Heartbeat::read("", "a1", 10, 10), None);
    }
}
