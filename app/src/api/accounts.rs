//! Logging in and out, setting a password through a one-time link, and the dashboard.
//!
//! Each works as a plain HTML form post (the browser follows the redirect, and an error
//! comes back in the address for the page to show) and as a call from a script.

use leptos::prelude::*;

use crate::error::AppError;

/// What the dashboard shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DashboardData {
    pub email: String,
    pub role: crate::domain::Role,
    /// A coordinator's view of the mail the app sent or keeps; empty for companies.
    pub outbox: Vec<crate::domain::accounts::Mail>,
}

/// Checks the password and starts a session: a new session id at every login.
#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String) -> Result<(), AppError> {
    use crate::auth::Attempter;
    use crate::db::accounts::find_user_by_email;
    use crate::domain::EmailAddress;

    let db = crate::db::from_context()?;
    let throttle = use_context::<std::sync::Arc<crate::auth::Throttle>>().ok_or(AppError::Internal)?;
    let who = [
        Attempter::Account(email.trim().to_lowercase()),
        Attempter::Address(client_address()),
    ];
    if let Some(wait) = throttle.wait(&who) {
        return Err(too_many_attempts(wait));
    }
    let address = EmailAddress::parse(&email).ok();
    let user = match &address {
        Some(address) => find_user_by_email(&db, address).await?,
        None => None,
    };
    // Checked even without an account, so the answer's timing tells nothing.
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let user = match (crate::auth::verify_password(password, stored).await?, user) {
        (true, Some(user)) => user,
        _ => {
            throttle.failed(&who);
            return Err(refused(AppError::LoginFailed));
        }
    };
    throttle.succeeded(&who[0]);
    let token = crate::auth::start_session(&db, user.id).await?;
    set_cookie(&session_settings()?.session_cookie(&token));
    leptos_axum::redirect("/beheer");
    Ok(())
}

/// Ends the session on the server and removes the cookie.
#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    let db = crate::db::from_context()?;
    let settings = session_settings()?;
    if let Some(token) = settings.token_in(cookie_header().as_deref()) {
        crate::auth::end_session(&db, &token).await?;
    }
    set_cookie(&settings.cleared_cookie());
    leptos_axum::redirect("/inloggen");
    Ok(())
}

/// Sets the password of the account a one-time link belongs to, uses the link up, ends
/// the account's other sessions and logs the person in.
#[server(endpoint = "set_password")]
pub async fn set_password(token: String, password: String, repeated: String) -> Result<(), AppError> {
    use crate::db::accounts::{self, LinkPurpose};
    use crate::domain::{FieldError, check_new_password};

    if let Err(problem) = check_new_password(&password, &repeated) {
        let field = if problem == crate::domain::Problem::Mismatch {
            "repeated"
        } else {
            "password"
        };
        return Err(refused(AppError::Validation(vec![FieldError::new(field, problem)])));
    }
    let db = crate::db::from_context()?;
    let hash = crate::auth::hash_password(password).await?;
    let now = crate::db::now_timestamp();
    let token_hash = crate::auth::token_hash(&token);
    let mut tx = db.begin().await?;
    let mut user_id = accounts::use_link(&mut tx, &token_hash, LinkPurpose::Invite, &now).await?;
    if user_id.is_none() {
        user_id = accounts::use_link(&mut tx, &token_hash, LinkPurpose::Reset, &now).await?;
    }
    let user_id = user_id.ok_or_else(|| refused(AppError::LinkInvalid))?;
    accounts::set_password(&mut tx, user_id, &hash, &now).await?;
    tx.commit_unlisted().await?;
    let session = crate::auth::start_session(&db, user_id).await?;
    set_cookie(&session_settings()?.session_cookie(&session));
    leptos_axum::redirect("/beheer");
    Ok(())
}

/// Who is logged in, and (for a coordinator) the outbox.
#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    use crate::domain::Role;

    let db = crate::db::from_context()?;
    let user = current_user(&db).await?.ok_or_else(|| refused(AppError::NotLoggedIn))?;
    let outbox = match user.role {
        Role::Coordinator => crate::db::accounts::list_outbox(&db, 50).await?,
        Role::Company => Vec::new(),
    };
    Ok(DashboardData {
        email: user.email,
        role: user.role,
        outbox,
    })
}

/// The account of this request's session, if it has a live one.
#[cfg(feature = "ssr")]
pub async fn current_user(db: &crate::db::Db) -> Result<Option<crate::db::accounts::User>, AppError> {
    match session_settings()?.token_in(cookie_header().as_deref()) {
        Some(token) => Ok(crate::auth::session_account(db, &token).await?),
        None => Ok(None),
    }
}

#[cfg(feature = "ssr")]
fn session_settings() -> Result<crate::auth::SessionSettings, AppError> {
    use_context::<crate::auth::SessionSettings>().ok_or_else(|| {
        tracing::error!("no session settings in the request context");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
fn cookie_header() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let value = parts.headers.get(http::header::COOKIE)?;
    value.to_str().ok().map(str::to_owned)
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// The network address the request came from (the proxy's, behind a reverse proxy).
#[cfg(feature = "ssr")]
fn client_address() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The refusal of a throttled attempt, with `Retry-After`.
#[cfg(feature = "ssr")]
fn too_many_attempts(wait: std::time::Duration) -> AppError {
    let seconds = wait.as_secs().max(1);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
    }
    refused(AppError::TooManyAttempts(seconds))
}

/// Gives a script's call the status that fits `error` (429, 401, ...) instead of 500. A
/// plain form post keeps its redirect back to the form, which shows the message (a
/// browser does not follow a redirect whose status is an error).
#[cfg(feature = "ssr")]
fn refused(error: AppError) -> AppError {
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
