//! Plain types of Techkaart and their validating constructors.
//!
//! Everything here runs unchanged in the browser and on the server: no `cfg`, no I/O.
//! Codes (`kempen`, `bbl`, `mbo2`, ...) are the stable spellings stored in the database
//! and used in URLs; labels for people live in `i18n`.

pub mod accounts;
pub mod actor;
pub mod attempts;
pub mod audit;
pub mod companies;
pub mod event_search;
pub mod events;
pub mod fit;
pub mod interests;
pub mod moments;
pub mod placements;
pub mod places;
pub mod policy;
pub mod regions;
pub mod screens;
pub mod sign_ups;

pub use accounts::{EmailAddress, InviteForm, Role, check_new_password};
pub use actor::{Account, Actor, Denied};
pub use audit::{AuditAction, AuditEntry, AuditOwner, AuditSubject, Change};
pub use companies::{CompanyProfile, Field, ListedCompany, ListedPlacement, NewCompany, ProfileForm, SizeBand, Slug};
pub use event_search::{EventSearch, Period};
pub use events::{
    Audience, Event, EventChange, EventForm, EventHost, EventKind, EventStatus, EventTimes, NewEvent, Organiser,
    Participation, Venue,
};
pub use interests::{
    AgeBand, BoardItem, Candidate, CandidateAnswer, CloseForm, CloseReason, DeclinedBy, Interest, InterestForm,
    NewInterest, PhoneNumber, Programme, Stage, StartMonth,
};
pub use moments::{Day, Instant, LocalTime};
pub use placements::{
    Crebo, Level, NewPlacement, OwnPlacement, PlacementAction, PlacementDetails, PlacementForm, PlacementKind,
    PlacementStatus, PlacementSummary, parse_school_days,
};
pub use places::{Municipality, TOWNS, Town};
pub use regions::{Region, RegionSummary};
pub use screens::{
    Heartbeat, OnDays, OnHours, Orientation, PairingCode, Screen, ScreenChange, ScreenForm, ScreenSettings,
    ScreenShows, ScreenState,
};
pub use sign_ups::{NewSignUp, Occupancy, SignUp, SignUpForm, SignUpStatus};

/// Declares a closed set of codes as an enum with `code()`, `from_code()` and `ALL`.
///
/// The codes are what the database constraints list and what URLs carry, so the enum and
/// the `CHECK` constraints in the migrations must name the same values.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            /// Every value, in the order people see them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in URLs.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a stored or URL code; `None` for anything else.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use code_enum;

/// A field a person filled in wrongly, with a message key that `i18n` turns into words.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

code_enum! {
    /// What is wrong with a value, independent of the language it is told in.
    Problem {
        Required => "required",
        TooLong => "too-long",
        Format => "format",
        OutOfRange => "out-of-range",
        Unknown => "unknown",
        /// A password shorter than `accounts::MIN_PASSWORD_CHARS`.
        TooShort => "too-short",
        /// A password on the list of passwords attackers try first.
        TooCommon => "too-common",
        /// The repeated password differs from the first.
        Mismatch => "mismatch",
        /// The value (an e-mail address) already belongs to another account.
        Taken => "taken",
        /// The account is in use already (has a password): an invitation would hand whoever
        /// reads it the account, so the person uses "forgot password" instead.
        Active => "active",
        /// A clock time that does not exist on that day: the clocks skip it.
        NoSuchTime => "no-such-time",
        /// An end that is not after the start.
        BeforeStart => "before-start",
        /// A pairing code no screen shows (any more): codes are valid for 15 minutes.
        NotShown => "not-shown",
        /// A parent's or guardian's address that is the student's own.
        SameAsStudent => "same-as-student",
    }
}

/// A reason written for someone else to read (why an event is cancelled, why a sign-up
/// was removed): required, at most `max` characters, trimmed.
pub fn read_reason(text: &str, max: usize) -> Result<&str, Problem> {
    let text = text.trim();
    if text.is_empty() {
        Err(Problem::Required)
    } else if text.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(text)
    }
}

/// Whether a one-line text (a name, a school) holds a control character: a line break or
/// tab in a name would let whoever types it write their own lines into the mails that
/// name it, and no name needs one.
pub fn has_control_characters(text: &str) -> bool {
    text.chars().any(char::is_control)
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// The box around the Netherlands (European part) that every stored coordinate must lie in.
/// The database checks the same numbers. A box cannot follow the border (Maastricht lies
/// further south than Brussels), so this catches swapped or garbled coordinates, not a
/// company just across the border; the regions' own bounds are the finer check.
pub const NETHERLANDS_LATITUDE: (f64, f64) = (50.75, 53.7);
pub const NETHERLANDS_LONGITUDE: (f64, f64) = (3.2, 7.3);

/// True when the point lies in the box around the European Netherlands.
pub fn is_in_netherlands(latitude: f64, longitude: f64) -> bool {
    (NETHERLANDS_LATITUDE.0..=NETHERLANDS_LATITUDE.1).contains(&latitude)
        && (NETHERLANDS_LONGITUDE.0..=NETHERLANDS_LONGITUDE.1).contains(&longitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bladel_ijmuiden_and_maastricht_are_inside_while_swapped_or_foreign_coordinates_are_not() {
        assert!(is_in_netherlands(51.3686, 5.2203));
        assert!(is_in_netherlands(52.4580, 4.6200));
        assert!(is_in_netherlands(50.8514, 5.6910));
        assert!(!is_in_netherlands(5.2203, 51.3686), "latitude and longitude swapped");
        assert!(!is_in_netherlands(48.8566, 2.3522), "Paris");
        assert!(!is_in_netherlands(52.5200, 13.4050), "Berlin");
    }
}
