//! What the throttles keep (`crate::throttle` decides with it, `db::attempts` and
//! `db::known_logins` store it): plain values, so storing them needs nothing of the
//! throttle.

/// The record of one thing counted: attempts since the last success, and when the last
/// one came (milliseconds since 1970, as `Clock::unix_millis`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last_millis: i64,
}

/// How long a browser or network that logged in stays known to the account.
pub const KNOWN_LOGIN_DAYS: i64 = 180;
