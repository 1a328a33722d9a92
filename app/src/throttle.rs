//! Throttling: a few attempts are free, then each further one waits twice as long
//! (logins, "forgot password", links, students' interests, class sign-ups, registrations,
//! pairing codes), counted in the database so every instance counts the same attempts.
//! Who is counted (`Attempter`) is hashed before it is stored.

use std::time::Duration;

use crate::tokens::token_hash;

/// Slows down password guessing, per account and per address the requests come from.
///
/// A few failures are free (a person mistypes); after that each further failure doubles
/// the wait before the next attempt, up to `MAX_WAIT`. A success clears the account's
/// record, and failures older than `FORGET_AFTER` are forgotten, so the real person is
/// never locked out for good. Kept in the database (`db::attempts`), so every instance
/// behind a proxy counts the same attempts and a restart forgets none.
#[derive(Clone, Debug)]
pub struct Throttle {
    db: crate::db::Db,
    clock: crate::clock::Clock,
}

pub use crate::domain::attempts::{Failures, KNOWN_LOGIN_DAYS};

/// Failed logins per account before waiting starts.
pub const FREE_FAILURES_PER_ACCOUNT: u32 = 5;
/// Failed logins per network address before waiting starts (a school shares one).
pub const FREE_FAILURES_PER_ADDRESS: u32 = 30;
/// "Forgot password" mails per address before waiting starts.
pub const FREE_RESETS_PER_ACCOUNT: u32 = 3;
/// "Forgot password" requests per network address before waiting starts.
pub const FREE_RESETS_PER_ADDRESS: u32 = 20;
/// Passwords set through a link per network address before waiting starts (a success
/// gives its attempt back, so only unusable links add up).
pub const FREE_LINKS_PER_ADDRESS: u32 = 10;
/// Students' interests per network address before waiting starts: a whole class in a
/// school's computer room shares one address, a script that fills the form does too.
pub const FREE_INTERESTS_PER_ADDRESS: u32 = 60;
/// Class sign-ups per network address before waiting starts: the teachers of one school
/// share an address too.
pub const FREE_SIGN_UPS_PER_ADDRESS: u32 = 20;
/// Students a teacher or coordinator registers before waiting starts: a whole class at
/// once, not a mailing list.
pub const FREE_REGISTRATIONS_PER_ACCOUNT: u32 = 40;
/// The longest wait between attempts.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures this old no longer count.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);

/// What a throttled attempt is counted against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempter {
    /// Logins to this account (lower-case address).
    Account(String),
    /// Logins from this network address.
    Address(String),
    /// "Forgot password" requests for this address: every request counts.
    ResetFor(String),
    /// "Forgot password" requests from this network address.
    ResetFrom(String),
    /// Passwords set through one-time links from this network address (each hashes).
    LinkFrom(String),
    /// Students' interests sent from this network address: every one counts.
    InterestFrom(String),
    /// Logins to an account from a browser or network that logged in to it before (the
    /// hashed key `known_login_keys` made): counted apart from everyone else's, so
    /// failures from elsewhere never hold its owner up.
    KnownLogin(String),
    /// Screens paired by this account (its id): a pairing code is guessed like a password.
    PairingBy(i64),
    /// Class sign-ups sent from this network address: every one counts.
    SignUpFrom(String),
    /// Students registered by this teacher's or coordinator's account (its id): every one
    /// counts, as each mails a student.
    RegistrationBy(i64),
}

impl Attempter {
    /// What its record is stored under: the SHA-256 of its kind and name, so a record
    /// costs the same whatever came in (an "address" of 64 KB typed into the login form)
    /// and the database holds no address in the clear.
    fn key(&self) -> String {
        let (kind, name) = match self {
            Attempter::Account(email) => ("account", email),
            Attempter::Address(address) => ("address", address),
            Attempter::ResetFor(email) => ("reset for", email),
            Attempter::ResetFrom(address) => ("reset from", address),
            Attempter::LinkFrom(address) => ("link from", address),
            Attempter::InterestFrom(address) => ("interest from", address),
            Attempter::KnownLogin(key) => ("known login", key),
            Attempter::PairingBy(user_id) => return token_hash(&format!("pairing by {user_id}")),
            Attempter::SignUpFrom(address) => ("sign-up from", address),
            Attempter::RegistrationBy(user_id) => return token_hash(&format!("registration by {user_id}")),
        };
        token_hash(&format!("{kind} {name}"))
    }

    fn free(&self) -> u32 {
        match self {
            Attempter::Account(_) => FREE_FAILURES_PER_ACCOUNT,
            Attempter::Address(_) => FREE_FAILURES_PER_ADDRESS,
            Attempter::ResetFor(_) => FREE_RESETS_PER_ACCOUNT,
            Attempter::ResetFrom(_) => FREE_RESETS_PER_ADDRESS,
            Attempter::LinkFrom(_) => FREE_LINKS_PER_ADDRESS,
            Attempter::InterestFrom(_) => FREE_INTERESTS_PER_ADDRESS,
            Attempter::KnownLogin(_) | Attempter::PairingBy(_) => FREE_FAILURES_PER_ACCOUNT,
            Attempter::SignUpFrom(_) => FREE_SIGN_UPS_PER_ADDRESS,
            Attempter::RegistrationBy(_) => FREE_REGISTRATIONS_PER_ACCOUNT,
        }
    }
}

/// The keys a login to `email` (lower case) is known by: the browser's own `bekend`
/// cookie, when it has one, and the network it comes from. Hashed: the table that keeps
/// them names neither the account nor the network.
pub fn known_login_keys(email: &str, browser: Option<&str>, network: &str) -> Vec<String> {
    let mut keys = Vec::with_capacity(2);
    if let Some(browser) = browser {
        keys.push(token_hash(&format!("known {email} browser {browser}")));
    }
    keys.push(token_hash(&format!("known {email} network {network}")));
    keys
}

impl Throttle {
    /// A throttle that keeps its records in `db` and reads the time from `clock`.
    pub fn new(db: crate::db::Db, clock: crate::clock::Clock) -> Throttle {
        Throttle { db, clock }
    }

    /// Now on the throttle's clock, in milliseconds since 1970.
    pub fn now_millis(&self) -> i64 {
        self.clock.unix_millis()
    }

    /// Reserves an attempt for each of `who`, or says how long the longest-waiting of them
    /// must still wait. The check and the count are one transaction that holds the
    /// records' locks, before any slow work (hashing a password), so a burst of parallel
    /// guesses, through one instance or several, counts as many attempts as it holds
    /// instead of all passing one check together. A success gives the reservation back
    /// (`succeeded`).
    pub async fn attempt(&self, who: &[Attempter]) -> Result<Result<(), Duration>, sqlx::Error> {
        use crate::db::attempts;
        let mut keyed: Vec<(String, u32)> = who.iter().map(|a| (a.key(), a.free())).collect();
        // One order for every caller: two attempts never wait for each other's locks.
        keyed.sort();
        let keys: Vec<String> = keyed.iter().map(|(key, _)| key.clone()).collect();
        let now = self.clock.unix_millis();
        let mut tx = self.db.begin().await?;
        let stored = attempts::lock(&mut tx, &keys, now).await?;
        let free: Vec<u32> = keyed.iter().map(|(_, free)| *free).collect();
        let counted = match count_attempt(&stored, &free, now) {
            Ok(counted) => counted,
            // Dropped without a commit: nothing of this attempt is stored.
            Err(wait) => return Ok(Err(wait)),
        };
        for (key, failures) in keys.iter().zip(counted) {
            attempts::store(&mut tx, key, failures).await?;
        }
        tx.commit().await?;
        // Now and then, records that no longer count go: often enough that a flood of
        // made-up addresses cannot fill the table, rarely enough to cost nothing.
        if rand::random::<u8>() < 4
            && let Err(error) = attempts::forget_before(&self.db, now - forget_after_millis()).await
        {
            tracing::warn!(%error, "cannot delete old throttle records");
        }
        Ok(Ok(()))
    }

    /// After a successful attempt by `who`: an account's or a known login's record is
    /// cleared (the person knew the password), and the attempt reserved against an address is given back, so
    /// a school's correct logins never slow down its other pupils' teachers.
    pub async fn succeeded(&self, who: &[Attempter]) -> Result<(), sqlx::Error> {
        use crate::db::attempts;
        let mut keyed: Vec<(String, &Attempter)> = who.iter().map(|a| (a.key(), a)).collect();
        // The same order as `attempt` takes the locks in.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let now = self.clock.unix_millis();
        let mut tx = self.db.begin().await?;
        for (key, attempter) in keyed {
            let stored = attempts::lock(&mut tx, std::slice::from_ref(&key), now).await?;
            match after_success(attempter, stored.first().copied().flatten()) {
                Some(failures) => attempts::store(&mut tx, &key, failures).await?,
                None => attempts::forget(&mut tx, &key).await?,
            }
        }
        tx.commit().await
    }
}

fn forget_after_millis() -> i64 {
    i64::try_from(FORGET_AFTER.as_millis()).unwrap_or(i64::MAX)
}

/// One attempt at `now` against records `stored` (each with its number of free attempts
/// in `free`): how long the longest-waiting of them must still wait, or the records to
/// store with this attempt counted. Failures older than `FORGET_AFTER` count no more.
pub fn count_attempt(stored: &[Option<Failures>], free: &[u32], now: i64) -> Result<Vec<Failures>, Duration> {
    let live = |record: &Option<Failures>| record.filter(|f| now - f.last_millis <= forget_after_millis());
    let wait = stored
        .iter()
        .zip(free)
        .filter_map(|(record, free)| {
            let failures = live(record)?;
            let extra = failures.count.checked_sub(*free)?;
            if extra == 0 {
                return None;
            }
            let wait = Duration::from_secs(1u64 << extra.min(20)).min(MAX_WAIT);
            let waited = Duration::from_millis(u64::try_from(now - failures.last_millis).unwrap_or(0));
            wait.checked_sub(waited).filter(|left| !left.is_zero())
        })
        .max();
    match wait {
        Some(wait) => Err(wait),
        None => Ok(stored
            .iter()
            .map(|record| Failures {
                count: live(record).map_or(0, |f| f.count) + 1,
                last_millis: now,
            })
            .collect()),
    }
}

/// The record of `attempter` after a success: `None` (forgotten) for an account, one
/// attempt given back for anything else.
pub fn after_success(attempter: &Attempter, stored: Option<Failures>) -> Option<Failures> {
    match attempter {
        Attempter::Account(_) | Attempter::KnownLogin(_) | Attempter::PairingBy(_) => None,
        _ => stored.map(|f| Failures {
            count: f.count.saturating_sub(1),
            ..f
        }),
    }
}

#[cfg(test)]
mod throttle_tests {
    use super::*;

    /// The throttle's rules on records kept in a map, as the database keeps them.
    #[derive(Default)]
    struct Records(std::collections::HashMap<String, Failures>);

    impl Records {
        fn attempt(&mut self, who: &[Attempter], now: i64) -> Result<(), Duration> {
            let stored: Vec<Option<Failures>> = who.iter().map(|a| self.0.get(&a.key()).copied()).collect();
            let free: Vec<u32> = who.iter().map(Attempter::free).collect();
            for (attempter, failures) in who.iter().zip(count_attempt(&stored, &free, now)?) {
                self.0.insert(attempter.key(), failures);
            }
            Ok(())
        }

        fn succeeded(&mut self, who: &[Attempter]) {
            for attempter in who {
                match after_success(attempter, self.0.get(&attempter.key()).copied()) {
                    Some(failures) => self.0.insert(attempter.key(), failures),
                    None => self.0.remove(&attempter.key()),
                };
            }
        }
    }

    fn millis(wait: Duration) -> i64 {
        i64::try_from(wait.as_millis()).expect("short")
    }

    #[test]
    fn a_few_mistakes_are_free_then_each_failure_doubles_the_wait() {
        let mut records = Records::default();
        let mut now = 1_700_000_000_000;
        let jan = [Attempter::Account("jan@x.example".into())];
        for _ in 0..=FREE_FAILURES_PER_ACCOUNT {
            assert_eq!(records.attempt(&jan, now), Ok(()), "the free failures cost nothing");
        }
        let first = records.attempt(&jan, now + 100).expect_err("now a wait");
        assert_eq!(first, Duration::from_millis(1900), "2 s after the last failure");
        now += 2000;
        assert_eq!(records.attempt(&jan, now), Ok(()), "after the wait, one more try");
        assert_eq!(records.attempt(&jan, now), Err(Duration::from_secs(4)), "a longer wait");
        for _ in 0..40 {
            now += millis(MAX_WAIT);
            records.attempt(&jan, now).expect("a try after each wait");
        }
        assert_eq!(records.attempt(&jan, now), Err(MAX_WAIT));
        // Another account is not slowed down by Jan's.
        assert_eq!(
            records.attempt(&[Attempter::Account("piet@x.example".into())], now),
            Ok(())
        );
        records.succeeded(&jan);
        assert_eq!(records.attempt(&jan, now), Ok(()), "a success clears the record");
    }

    #[test]
    fn failures_an_hour_old_count_no_more() {
        let mut records = Records::default();
        let now = 1_700_000_000_000;
        let jan = [Attempter::Account("jan@x.example".into())];
        for _ in 0..FREE_FAILURES_PER_ACCOUNT + 3 {
            records.attempt(&jan, now).ok();
        }
        assert!(records.attempt(&jan, now + 1000).is_err());
        let later = now + millis(FORGET_AFTER) + 1;
        assert_eq!(records.attempt(&jan, later), Ok(()));
        assert_eq!(records.0[&jan[0].key()].count, 1, "counted from one again");
    }

    #[test]
    fn an_address_gets_more_free_failures_than_an_account_and_successes_give_theirs_back() {
        let mut records = Records::default();
        let now = 1_700_000_000_000;
        let school = [Attempter::Address("192.0.2.1".into())];
        for _ in 0..=FREE_FAILURES_PER_ADDRESS {
            records.attempt(&school, now).expect("free");
        }
        assert!(records.attempt(&school, now).is_err());

        let office = [Attempter::Address("192.0.2.2".into())];
        for _ in 0..100 {
            records.attempt(&office, now).expect("correct logins never add up");
            records.succeeded(&office);
        }
    }

    #[test]
    fn a_record_is_kept_under_the_hash_of_its_name() {
        let long = Attempter::Account("a".repeat(64 * 1024));
        assert_eq!(long.key().len(), 64);
        assert_ne!(long.key(), Attempter::Account("a".repeat(64 * 1024 - 1)).key());
        let jan = Attempter::Account("jan@x.example".into()).key();
        assert!(!jan.contains("jan"), "{jan}");
        assert_eq!(jan, token_hash("account jan@x.example"));
        assert_ne!(jan, Attempter::ResetFor("jan@x.example".into()).key());
    }
}
