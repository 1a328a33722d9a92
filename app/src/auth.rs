//! Passwords, tokens and the creation of accounts (server only).
//!
//! Passwords are hashed with argon2id at OWASP's minimum or above (19 MiB, 2 passes, one
//! lane). Hashing is deliberately slow, so it runs on tokio's blocking threads, never on
//! the threads that serve requests, and at most `HASHES_AT_ONCE` at a time: a burst of
//! logins waits its turn instead of taking all memory and cores. At most `HASHES_WAITING`
//! wait for a turn; one more is answered `AppError::Busy` at once, so a flood of requests
//! that hash cannot make a real login wait for seconds.
//!
//! Session tokens and one-time links are 256 random bits, shown to the person once (in a
//! cookie or a link) and stored only as their SHA-256.

use std::net::IpAddr;
use std::sync::LazyLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::accounts::{self, LinkPurpose};
use crate::db::{Db, now_timestamp, timestamp_in};
use crate::domain::{EmailAddress, Region, Role};
use crate::error::AppError;

/// argon2id memory in KiB (OWASP's minimum is 19 MiB).
pub const HASH_MEMORY_KIB: u32 = 19 * 1024;
/// argon2id passes (OWASP's minimum with 19 MiB is 2).
pub const HASH_PASSES: u32 = 2;
/// argon2id lanes.
pub const HASH_LANES: u32 = 1;
/// How many passwords are hashed at the same time at most.
pub const HASHES_AT_ONCE: usize = 2;
/// How many password checks may wait for a turn; at about 50 ms a hash, the last of them
/// waits under a second.
pub const HASHES_WAITING: usize = 32;
/// How long an invitation link works.
pub const INVITE_VALID_SECONDS: i64 = 7 * 24 * 3600;
/// How long a "forgot password" link works.
pub const RESET_VALID_SECONDS: i64 = 2 * 3600;
/// A session ends after this long without a request.
pub const SESSION_IDLE_SECONDS: i64 = 8 * 3600;
/// A session ends this long after login, however busy.
pub const SESSION_MAX_SECONDS: i64 = 30 * 24 * 3600;
/// A session's last-seen time is written at most this often.
const SESSION_TOUCH_SECONDS: i64 = 300;

/// What the server knows about where it is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSettings {
    /// The address people use, such as `https://techkaart.nl`, without a trailing slash:
    /// links in mail point there, and requests that change something must come from it.
    pub public_url: String,
    /// The reverse proxies whose `X-Forwarded-For` names the client: addresses or ranges.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Whether a mail server sends the outbox; without one, coordinators forward
    /// invitations themselves.
    pub sends_mail: bool,
    /// Names this build of the server (from its assets' hashes): a kiosk screen that
    /// hears of another build loads itself anew.
    pub build: String,
}

impl SiteSettings {
    pub fn new(public_url: &str) -> SiteSettings {
        SiteSettings {
            public_url: public_url.trim_end_matches('/').to_owned(),
            trusted_proxies: Vec::new(),
            sends_mail: false,
            build: "dev".to_owned(),
        }
    }

    /// The same settings, naming the build.
    pub fn built_as(self, build: &str) -> SiteSettings {
        SiteSettings {
            build: build.to_owned(),
            ..self
        }
    }

    /// The same settings, with a mail server that sends the outbox or without one.
    pub fn sending_mail(self, sends_mail: bool) -> SiteSettings {
        SiteSettings { sends_mail, ..self }
    }

    /// The same settings, behind the reverse proxies at these addresses or ranges.
    pub fn behind(self, trusted_proxies: Vec<ipnet::IpNet>) -> SiteSettings {
        SiteSettings {
            trusted_proxies,
            ..self
        }
    }

    /// The address a request comes from: `peer`, the other end of the connection, unless it
    /// is a trusted proxy; then the nearest address in `forwarded_for` (the
    /// `X-Forwarded-For` values, oldest first) that is not one. Addresses further left
    /// were written by whoever sent the request and prove nothing.
    pub fn client_address<'a>(&self, peer: IpAddr, forwarded_for: impl DoubleEndedIterator<Item = &'a str>) -> IpAddr {
        let peer = unmapped(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for.rev().flat_map(|value| value.rsplit(',')) {
            match hop.trim().parse::<IpAddr>().map(unmapped) {
                Ok(address) if self.trusts(address) => client = address,
                Ok(address) => return address,
                // Garbled: what stands before it cannot be trusted either.
                Err(_) => return client,
            }
        }
        client
    }

    /// Whether `address` is one of the trusted proxies (an IPv4 peer seen as IPv4-mapped
    /// IPv6 is its IPv4 address).
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = unmapped(address);
        self.trusted_proxies.iter().any(|proxy| proxy.contains(&address))
    }

    pub fn sessions(&self) -> SessionSettings {
        SessionSettings::for_public_url(&self.public_url)
    }

    /// Whether pages are served over https (so browsers should insist on it).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// How the session cookie is set, from the public address: on https it is `Secure` and
/// `__Host-` prefixed (only this host, only over https).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionSettings {
    pub secure: bool,
}

impl SessionSettings {
    pub fn for_public_url(public_url: &str) -> SessionSettings {
        SessionSettings {
            secure: public_url.starts_with("https://"),
        }
    }

    pub fn cookie_name(self) -> &'static str {
        if self.secure { "__Host-sessie" } else { "sessie" }
    }

    /// The `Set-Cookie` value that starts a session with `token`.
    pub fn session_cookie(self, token: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_MAX_SECONDS}{secure}",
            self.cookie_name()
        )
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn cleared_cookie(self) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
            self.cookie_name()
        )
    }

    /// The session token a request carries, if any.
    pub fn token_in(self, cookie_header: Option<&str>) -> Option<String> {
        token_cookie(cookie_header, self.cookie_name())
    }

    /// The name of the cookie that makes a browser known to the accounts it logged in to.
    pub fn known_browser_name(self) -> &'static str {
        if self.secure { "__Host-bekend" } else { "bekend" }
    }

    /// The `Set-Cookie` value that keeps this browser known for `KNOWN_LOGIN_DAYS`.
    pub fn known_browser_cookie(self, token: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            self.known_browser_name(),
            KNOWN_LOGIN_DAYS * 86_400
        )
    }
}

/// The token in cookie `name` of a `Cookie` header, if it has the shape of one
/// (`random_token`: 64 hexadecimal digits).
pub fn token_cookie(cookie_header: Option<&str>, name: &str) -> Option<String> {
    cookie_header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session for `user_id` and returns its token, for the cookie.
pub async fn start_session(db: &Db, user_id: i64) -> Result<String, sqlx::Error> {
    let token = random_token();
    let mut tx = db.begin().await?;
    accounts::create_session(&mut tx, &token_hash(&token), user_id, &now_timestamp()).await?;
    tx.commit().await?;
    Ok(token)
}

/// The account of the session with `token`, if it is still live; keeps it alive.
pub async fn session_account(db: &Db, token: &str) -> Result<Option<accounts::User>, sqlx::Error> {
    let hash = token_hash(token);
    let user = accounts::session_user(
        db,
        &hash,
        &timestamp_in(-SESSION_IDLE_SECONDS),
        &timestamp_in(-SESSION_MAX_SECONDS),
    )
    .await?;
    if user.is_some() {
        let mut tx = db.begin().await?;
        accounts::touch_session(&mut tx, &hash, &now_timestamp(), &timestamp_in(-SESSION_TOUCH_SECONDS)).await?;
        tx.commit().await?;
    }
    Ok(user)
}

/// Ends the session with `token` (logout).
pub async fn end_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    accounts::end_session(&mut tx, &token_hash(token)).await?;
    tx.commit().await
}

/// The one queue every password hash of this process goes through.
static HASHING: crate::turns::Turns = crate::turns::Turns::new(HASHES_AT_ONCE, HASHES_WAITING);

fn argon2() -> Argon2<'static> {
    let params = Params::new(HASH_MEMORY_KIB, HASH_PASSES, HASH_LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody has, checked when an address has no account (or no
/// password yet), so a login takes as long whether or not the account exists.
static UNKNOWN_ACCOUNT_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("salt");
    argon2()
        .hash_password(random_token().as_bytes(), &salt)
        .expect("hash")
        .to_string()
});

/// Runs `work` on a blocking thread once a hashing slot is free, or answers `Busy` when
/// the queue for slots is full.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let turn = HASHING.take().await.ok_or_else(|| {
        tracing::warn!(waiting = HASHES_WAITING, "password hashing queue full: answered busy");
        AppError::Busy(1)
    })?;
    // The turn ends with the hash, also when the request that asked for it has gone.
    let work = move || {
        let _turn = turn;
        work()
    };
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "password hashing stopped");
        AppError::Internal
    })
}

/// The argon2id hash of `password`, in the PHC string format (parameters and salt
/// included, so stronger parameters later still verify old hashes).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    hashing(move || {
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| AppError::Internal)
    })
    .await?
}

/// True when `password` matches `stored`. Without a stored hash it checks against a
/// hash nobody has, taking the same time, and answers false.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| UNKNOWN_ACCOUNT_HASH.clone());
    let matches = hashing(move || {
        PasswordHash::new(&stored)
            .map(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(known && matches)
}

/// 256 random bits as 64 hexadecimal characters: a session token or a link's token.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database stores of a token: its SHA-256, hexadecimal.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The page where a link's holder sets their password.
pub fn password_link(public_url: &str, token: &str) -> String {
    format!("{}/wachtwoord/{token}", public_url.trim_end_matches('/'))
}

/// Creates a coordinator account for `region` (both regions when `None`) and returns
/// the one-time link with which they set their password, valid for 7 days. An address
/// that already has an account is refused.
pub async fn create_coordinator(
    db: &Db,
    email: &EmailAddress,
    region: Option<Region>,
    public_url: &str,
) -> Result<String, CreateAccountError> {
    if accounts::find_user_by_email(db, email).await?.is_some() {
        return Err(CreateAccountError::Exists);
    }
    let mut tx = db.begin().await?;
    let user_id = accounts::insert_user(&mut tx, email, Role::Coordinator, None, region, &now_timestamp()).await?;
    let link = issue_link(&mut tx, user_id, LinkPurpose::Invite, public_url).await?;
    tx.commit().await?;
    Ok(link)
}

/// A new reset link for the account with this e-mail address, retiring the one before, or
/// `None` when there is no such account. For an operator at the server's terminal; people
/// in the app ask through "forgot password", which sends the link by mail instead.
pub async fn reset_link(db: &Db, email: &EmailAddress, public_url: &str) -> Result<Option<String>, sqlx::Error> {
    let Some(user) = accounts::find_user_by_email(db, email).await? else {
        return Ok(None);
    };
    let mut tx = db.begin().await?;
    let link = issue_link(&mut tx, user.id, LinkPurpose::Reset, public_url).await?;
    tx.commit().await?;
    Ok(Some(link))
}

/// Makes a new one-time link for `user_id` (an invitation valid for 7 days, or a reset
/// valid for 2 hours), retiring any earlier one of the same purpose; returns the link.
pub async fn issue_link(
    tx: &mut crate::db::Tx,
    user_id: i64,
    purpose: LinkPurpose,
    public_url: &str,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    let valid = match purpose {
        LinkPurpose::Invite => INVITE_VALID_SECONDS,
        LinkPurpose::Reset => RESET_VALID_SECONDS,
    };
    accounts::create_link(
        tx,
        user_id,
        purpose,
        &token_hash(&token),
        &now_timestamp(),
        &timestamp_in(valid),
    )
    .await?;
    Ok(password_link(public_url, &token))
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("there is already an account for this e-mail address")]
    Exists,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_is_the_nearest_one_no_trusted_proxy_wrote() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        let direct = SiteSettings::new("https://techkaart.example");
        let proxied = direct
            .clone()
            .behind(vec![ip("10.0.0.2").into(), ip("10.0.0.3").into()]);
        let cases: [(&SiteSettings, &str, &[&str], &str); 8] = [
            // Without trusted proxies the header is whatever the sender wrote: ignored.
            (&direct, "198.51.100.9", &["203.0.113.7"], "198.51.100.9"),
            // Not from the proxy: a direct request that made the header up.
            (&proxied, "198.51.100.9", &["203.0.113.7"], "198.51.100.9"),
            (&proxied, "10.0.0.2", &["203.0.113.7"], "203.0.113.7"),
            // A forged entry on the left is passed over for the one the proxy added.
            (&proxied, "10.0.0.2", &["1.2.3.4, 203.0.113.7"], "203.0.113.7"),
            (
                &proxied,
                "10.0.0.2",
                &["1.2.3.4", "203.0.113.7, 10.0.0.3"],
                "203.0.113.7",
            ),
            (&proxied, "10.0.0.2", &["2001:db8::5"], "2001:db8::5"),
            // Nothing usable: the nearest proxy stands for the client.
            (&proxied, "10.0.0.2", &[], "10.0.0.2"),
            (&proxied, "10.0.0.2", &["203.0.113.7, onzin, 10.0.0.3"], "10.0.0.3"),
        ];
        for (site, peer, header, expected) in cases {
            assert_eq!(
                site.client_address(ip(peer), header.iter().copied()),
                ip(expected),
                "{peer} with {header:?}"
            );
        }
    }

    #[test]
    fn proxies_are_trusted_by_range_and_as_ipv4_mapped_peers() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        let range = |text: &str| text.parse::<ipnet::IpNet>().expect("a range");
        let site =
            SiteSettings::new("https://techkaart.example").behind(vec![range("10.1.0.0/16"), range("fd00::/64")]);
        assert_eq!(
            site.client_address(ip("10.1.7.9"), ["203.0.113.7"].into_iter()),
            ip("203.0.113.7")
        );
        assert_eq!(
            site.client_address(ip("fd00::42"), ["203.0.113.7"].into_iter()),
            ip("203.0.113.7")
        );
        // A dual-stack socket reports an IPv4 proxy as ::ffff:10.1.7.9.
        assert_eq!(
            site.client_address(ip("::ffff:10.1.7.9"), ["203.0.113.7"].into_iter()),
            ip("203.0.113.7")
        );
        // Outside the ranges the header is ignored, and a mapped peer counts as its IPv4.
        assert_eq!(
            site.client_address(ip("10.2.0.1"), ["203.0.113.7"].into_iter()),
            ip("10.2.0.1")
        );
        assert_eq!(
            site.client_address(ip("::ffff:198.51.100.9"), ["203.0.113.7"].into_iter()),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn anonymous_forms_count_an_ipv6_customer_by_its_56() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        assert_eq!(anonymous_network(ip("2001:db8:1:2ff:aaaa::1")), "2001:db8:1:200::/56");
        assert_eq!(
            anonymous_network(ip("2001:db8:1:2ff::1")),
            anonymous_network(ip("2001:db8:1:200::9"))
        );
        assert_ne!(
            anonymous_network(ip("2001:db8:1:300::1")),
            anonymous_network(ip("2001:db8:1:200::1"))
        );
        assert_eq!(anonymous_network(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(anonymous_network(ip("::ffff:192.0.2.7")), "192.0.2.7");
    }

    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("draaibank-op-dinsdag".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(
            verify_password("draaibank-op-dinsdag".into(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("draaibank-op-woensdag".into(), Some(hash))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("draaibank-op-dinsdag".into(), None)
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("x".into(), Some("not a hash".into()))
                .await
                .expect("verify")
        );
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_their_hash() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
        // SHA-256 of "abc", a published test vector.
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

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

/// The record of one thing counted: attempts since the last success, and when the last
/// one came (milliseconds since 1970, as `Clock::unix_millis`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last_millis: i64,
}

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

/// How long a browser or network that logged in stays known to the account.
pub const KNOWN_LOGIN_DAYS: i64 = 180;

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

/// `address` as IPv4 when it is an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as a
/// dual-stack socket reports IPv4 peers), else as it is.
pub fn unmapped(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The network a client's address is throttled as for logins: the address itself for
/// IPv4, its /64 for IPv6 (one home or phone gets a whole /64, and every address in it is
/// theirs).
pub fn throttled_network(address: IpAddr) -> String {
    network_of(address, 64)
}

/// The network an anonymous form (a student's interest, a class sign-up, a TV's pairing)
/// is throttled as: the address for IPv4, its /56 for IPv6, the block a provider
/// commonly gives one customer, so a sender cannot step through its addresses.
pub fn anonymous_network(address: IpAddr) -> String {
    network_of(address, 56)
}

fn network_of(address: IpAddr, ipv6_prefix: u8) -> String {
    match unmapped(address) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match ipnet::Ipv6Net::new(v6, ipv6_prefix) {
            Ok(network) => network.trunc().to_string(),
            Err(_) => v6.to_string(),
        },
    }
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

    #[test]
    fn ipv6_clients_are_throttled_per_64() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("address");
        assert_eq!(throttled_network(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(throttled_network(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(
            throttled_network(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")),
            throttled_network(ip("2001:db8:1:2::1"))
        );
        assert_ne!(
            throttled_network(ip("2001:db8:1:3::1")),
            throttled_network(ip("2001:db8:1:2::1"))
        );
        assert_eq!(throttled_network(ip("::ffff:192.0.2.7")), "192.0.2.7");
    }
}
