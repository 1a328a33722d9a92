//! Sessions: the cookie that carries one (`SessionSettings`), starting, reading and
//! ending it. A session lives in the `sessions` table under its token's SHA-256.

use crate::db::sessions;
use crate::db::{Db, now_timestamp, timestamp_in};

use crate::domain::attempts::KNOWN_LOGIN_DAYS;
use crate::tokens::{random_token, token_hash};

pub use crate::domain::accounts::{SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS};
/// A session's last-seen time is written at most this often.
const SESSION_TOUCH_SECONDS: i64 = 300;

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
    sessions::create_session(&mut tx, &token_hash(&token), user_id, &now_timestamp()).await?;
    tx.commit().await?;
    Ok(token)
}

/// The account of the session with `token`, if it is still live; keeps it alive.
pub async fn session_account(db: &Db, token: &str) -> Result<Option<crate::db::accounts::User>, sqlx::Error> {
    let hash = token_hash(token);
    let user = sessions::session_user(
        db,
        &hash,
        &timestamp_in(-SESSION_IDLE_SECONDS),
        &timestamp_in(-SESSION_MAX_SECONDS),
    )
    .await?;
    if user.is_some() {
        let mut tx = db.begin().await?;
        sessions::touch_session(&mut tx, &hash, &now_timestamp(), &timestamp_in(-SESSION_TOUCH_SECONDS)).await?;
        tx.commit().await?;
    }
    Ok(user)
}

/// Ends the session with `token` (logout).
pub async fn end_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sessions::end_session(&mut tx, &token_hash(token)).await?;
    tx.commit().await
}
