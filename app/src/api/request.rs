//! What every server function needs from its request (server only): who is logged in,
//! cookies and the client's address. The HTTP status of a refusal is decided in one place,
//! from `AppError::status`, by the server's middleware.

use leptos::prelude::*;

use crate::db::accounts::User;
use crate::domain::Role;
use crate::error::AppError;

/// The account of this request's session, if it has a live one.
pub async fn current_user(db: &crate::db::Db) -> Result<Option<crate::db::accounts::User>, AppError> {
    match session_settings()?.token_in(cookie_header().as_deref()) {
        Some(token) => Ok(crate::auth::session_account(db, &token).await?),
        None => Ok(None),
    }
}

pub(crate) fn session_settings() -> Result<crate::auth::SessionSettings, AppError> {
    use_context::<crate::auth::SessionSettings>().ok_or_else(|| {
        tracing::error!("no session settings in the request context");
        AppError::Internal
    })
}

pub(crate) fn cookie_header() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let value = parts.headers.get(http::header::COOKIE)?;
    value.to_str().ok().map(str::to_owned)
}

pub(crate) fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// The network the request came from, as login throttling counts it: the client's
/// address (also behind a trusted reverse proxy, see
/// [`crate::auth::SiteSettings::client_address`]), or its /64 for IPv6
/// ([`crate::auth::throttled_network`]).
pub(crate) fn client_network() -> String {
    client_address().map_or_else(|| "unknown".to_owned(), crate::auth::throttled_network)
}

/// The network an anonymous form is counted against: as `client_network`, but a /56 for
/// IPv6 ([`crate::auth::anonymous_network`]).
pub(crate) fn anonymous_client_network() -> String {
    client_address().map_or_else(|| "unknown".to_owned(), crate::auth::anonymous_network)
}

/// The client's address: the peer's, or behind a trusted proxy the one it forwarded.
fn client_address() -> Option<std::net::IpAddr> {
    let parts = use_context::<http::request::Parts>()?;
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip())?;
    let forwarded = || {
        parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
    };
    let site = use_context::<crate::auth::SiteSettings>();
    if forwarded().next().is_some() && !site.as_ref().is_some_and(|site| site.trusts(peer)) {
        said_once_untrusted_forwarding(peer);
    }
    Some(match site {
        Some(site) => site.client_address(peer, forwarded()),
        None => crate::auth::unmapped(peer),
    })
}

/// Logs, once per process, that a peer that is not a trusted proxy sent `X-Forwarded-For`:
/// a proxy in front that `TECHKAART_TRUSTED_PROXIES` does not name makes every visitor
/// count as the proxy (one throttle for all), which an operator should hear of.
fn said_once_untrusted_forwarding(peer: std::net::IpAddr) {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
        tracing::warn!(
            %peer,
            "a request carried X-Forwarded-For from a peer that is not a trusted proxy: the header is ignored; \
             if a reverse proxy runs at that address, name it in TECHKAART_TRUSTED_PROXIES"
        );
    }
}

/// The refusal of a throttled attempt, in whole seconds rounded up (the answer's
/// `Retry-After`, set where every error's status is): whoever waits that long may try again.
pub(crate) fn too_many_attempts(wait: std::time::Duration) -> AppError {
    AppError::TooManyAttempts(wait.as_millis().div_ceil(1000).max(1) as u64)
}

/// The logged-in account, or `NotLoggedIn`.
pub async fn require_user(db: &crate::db::Db) -> Result<User, AppError> {
    current_user(db).await?.ok_or(AppError::NotLoggedIn)
}

/// A logged-in company user with their company: what every call about a company's own
/// data starts from, in server functions (`LoggedInCompany::from_request`) and axum handlers
/// (as an extractor) alike.
#[derive(Clone, Debug)]
pub struct LoggedInCompany {
    pub user: User,
    pub company_id: i64,
}

impl LoggedInCompany {
    /// The company user of the session named in `cookies`: `NotLoggedIn` without a live
    /// session, `Forbidden` for a coordinator.
    pub async fn from_cookies(
        db: &crate::db::Db,
        sessions: crate::auth::SessionSettings,
        cookies: Option<&str>,
    ) -> Result<LoggedInCompany, AppError> {
        let user = match sessions.token_in(cookies) {
            Some(token) => crate::auth::session_account(db, &token).await?,
            None => None,
        };
        let user = user.ok_or(AppError::NotLoggedIn)?;
        match (user.role, user.company_id) {
            (Role::Company, Some(company_id)) => Ok(LoggedInCompany { user, company_id }),
            _ => Err(AppError::Forbidden),
        }
    }

    /// The company user of this server function's request.
    pub async fn from_request(db: &crate::db::Db) -> Result<LoggedInCompany, AppError> {
        LoggedInCompany::from_cookies(db, session_settings()?, cookie_header().as_deref()).await
    }
}

impl<S> axum::extract::FromRequestParts<S> for LoggedInCompany
where
    S: Send + Sync,
    crate::db::Db: axum::extract::FromRef<S>,
    crate::auth::SessionSettings: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::FromRef;
        let cookies = parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok());
        LoggedInCompany::from_cookies(
            &crate::db::Db::from_ref(state),
            crate::auth::SessionSettings::from_ref(state),
            cookies,
        )
        .await
    }
}

/// The logged-in coordinator, or a refusal.
pub async fn require_coordinator(db: &crate::db::Db) -> Result<User, AppError> {
    let user = require_user(db).await?;
    if user.role == Role::Coordinator {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn site_settings() -> Result<crate::auth::SiteSettings, AppError> {
    use_context::<crate::auth::SiteSettings>().ok_or_else(|| {
        tracing::error!("no site settings in the request context");
        AppError::Internal
    })
}
