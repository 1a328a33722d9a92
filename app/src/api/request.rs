//! What every server function needs from its request (server only): who is logged in,
//! cookies, the client's address, and answering a refusal with a fitting status.

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

/// The network address the request came from: the client's, also behind a trusted reverse
/// proxy (see [`crate::auth::SiteSettings::client_address`]).
pub(crate) fn client_address() -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return "unknown".to_owned();
    };
    let Some(peer) = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip())
    else {
        return "unknown".to_owned();
    };
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok());
    match use_context::<crate::auth::SiteSettings>() {
        Some(site) => site.client_address(peer, forwarded).to_string(),
        None => peer.to_string(),
    }
}

/// The refusal of a throttled attempt, with `Retry-After`.
pub(crate) fn too_many_attempts(wait: std::time::Duration) -> AppError {
    let seconds = wait.as_secs().max(1);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
    }
    refused(AppError::TooManyAttempts(seconds))
}

/// Gives a script's call the status that fits `error` (429, 401, ...) instead of 500. A
/// plain form post keeps its redirect back to the form, which shows the message (a
/// browser does not follow a redirect whose status is an error).
pub(crate) fn refused(error: AppError) -> AppError {
    let from_a_form = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::ACCEPT).cloned())
        .and_then(|accept| accept.to_str().ok().map(|a| a.contains("text/html")))
        .unwrap_or(false);
    if !from_a_form
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    error
}

/// The logged-in account, or `NotLoggedIn`.
pub async fn require_user(db: &crate::db::Db) -> Result<User, AppError> {
    current_user(db).await?.ok_or_else(|| refused(AppError::NotLoggedIn))
}

/// The logged-in company user and their company's id, or a refusal: `NotLoggedIn`
/// without a session, `Forbidden` for a coordinator.
pub async fn require_company_user(db: &crate::db::Db) -> Result<(User, i64), AppError> {
    let user = require_user(db).await?;
    match (user.role, user.company_id) {
        (Role::Company, Some(company_id)) => Ok((user, company_id)),
        _ => Err(refused(AppError::Forbidden)),
    }
}

/// The logged-in coordinator, or a refusal.
pub async fn require_coordinator(db: &crate::db::Db) -> Result<User, AppError> {
    let user = require_user(db).await?;
    if user.role == Role::Coordinator {
        Ok(user)
    } else {
        Err(refused(AppError::Forbidden))
    }
}

pub(crate) fn site_settings() -> Result<crate::auth::SiteSettings, AppError> {
    use_context::<crate::auth::SiteSettings>().ok_or_else(|| {
        tracing::error!("no site settings in the request context");
        AppError::Internal
    })
}

/// The refusal of a change based on version `based_on` of `subject` `id`, which is at
/// `current` now: what others saved since, with the person's draft.
pub async fn conflict(
    db: &crate::db::Db,
    subject: crate::domain::AuditSubject,
    id: i64,
    based_on: i64,
    current: i64,
    draft: crate::error::Draft,
) -> AppError {
    let saved_since = match crate::db::audit::entries_since(db, subject, id, based_on).await {
        Ok(entries) => entries,
        Err(error) => return error.into(),
    };
    tracing::info!(
        subject = subject.code(),
        id,
        based_on,
        current,
        "an edit of an older version was refused"
    );
    refused(AppError::Refused(Box::new(crate::error::Refusal {
        errors: Vec::new(),
        stale: true,
        saved_since,
        draft,
    })))
}
