//! What every server function needs from its request (server only): who is asking (the
//! [`Actor`], resolved once per request), cookies and the client's address. The HTTP
//! status of a refusal is decided in one place, from `AppError::status`, by the
//! server's middleware.

use leptos::prelude::*;

use crate::db::accounts::User;
use crate::domain::{Account, Actor, Role};
use crate::error::AppError;

/// Who is asking (see [`Actor`]): resolved from the session cookie the first time a
/// request asks, and kept for the rest of it (the server's page and server-function
/// context provides an empty [`ActorOfRequest`] per request). Resolving touches the
/// session, so a page that asks ten times reads and writes it once.
pub async fn actor(db: &crate::db::Db) -> Result<Actor, AppError> {
    let resolve = async { resolve_actor(db, session_settings()?, cookie_header().as_deref()).await };
    match use_context::<ActorOfRequest>() {
        Some(of_request) => of_request.0.get_or_try_init(|| resolve).await.cloned(),
        None => resolve.await,
    }
}

/// The paired screen this request's screen cookie names: the actor itself for a TV, and
/// also for a browser signed in as a person that is paired as a screen too (a coordinator
/// trying `/scherm` on their own laptop), whose actor is the person.
pub async fn screen(db: &crate::db::Db) -> Result<Option<crate::domain::Screen>, AppError> {
    match actor(db).await? {
        Actor::Screen(screen) => Ok(Some(*screen)),
        _ => screen_of_cookie(db, session_settings()?, cookie_header().as_deref()).await,
    }
}

/// The paired screen whose secret the screen cookie in `cookies` carries, if any.
pub async fn screen_of_cookie(
    db: &crate::db::Db,
    sessions: crate::auth::SessionSettings,
    cookies: Option<&str>,
) -> Result<Option<crate::domain::Screen>, AppError> {
    let Some(secret) = crate::screens::ScreenCookie::secure(sessions.secure).secret_in(cookies) else {
        return Ok(None);
    };
    Ok(crate::db::screens::screen_by_secret(db, &crate::auth::token_hash(&secret)).await?)
}

/// The per-request place [`actor`] keeps its answer in.
#[derive(Clone, Default)]
pub struct ActorOfRequest(std::sync::Arc<tokio::sync::OnceCell<Actor>>);

/// The actor of the session named in `cookies`: `Anonymous` without a live one.
pub async fn resolve_actor(
    db: &crate::db::Db,
    sessions: crate::auth::SessionSettings,
    cookies: Option<&str>,
) -> Result<Actor, AppError> {
    let user = match sessions.token_in(cookies) {
        Some(token) => crate::auth::session_account(db, &token).await?,
        None => None,
    };
    if let Some(user) = user {
        return actor_of(db, user).await;
    }
    // No session: a paired TV is known by the secret in its screen cookie.
    let screen = screen_of_cookie(db, sessions, cookies).await?;
    Ok(screen.map_or(Actor::Anonymous, |screen| Actor::Screen(Box::new(screen))))
}

/// The actor behind account `user`, with what the rules need of it (a company user's
/// company and its region).
async fn actor_of(db: &crate::db::Db, user: User) -> Result<Actor, AppError> {
    use crate::domain::actor::{CompanyMember, Coordinator, Teacher};
    let account = Account {
        id: user.id,
        email: user.email,
    };
    Ok(match (user.role, user.company_id, user.school, user.region) {
        (Role::Coordinator, _, _, region) => Actor::Coordinator(Coordinator { account, region }),
        (Role::Company, Some(company_id), _, _) => {
            // Its company gone (a user is deleted with it): nothing to act for.
            let (region, company_name) = crate::db::accounts::company_region(db, company_id)
                .await?
                .ok_or(AppError::Forbidden)?;
            Actor::Company(CompanyMember {
                account,
                company_id,
                company_name,
                region,
            })
        }
        (Role::Teacher, _, Some(school), Some(region)) => Actor::Teacher(Teacher {
            account,
            school,
            region,
        }),
        (role, ..) => {
            tracing::error!(user = account.id, ?role, "an account lacks what its role needs");
            return Err(AppError::Internal);
        }
    })
}

/// The actor of an axum handler's request, as server functions get it from [`actor`].
impl<S> axum::extract::FromRequestParts<S> for Actor
where
    S: Send + Sync,
    crate::db::Db: axum::extract::FromRef<S>,
    crate::auth::SessionSettings: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::FromRef;
        let cookies = parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok());
        resolve_actor(
            &crate::db::Db::from_ref(state),
            crate::auth::SessionSettings::from_ref(state),
            cookies,
        )
        .await
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

pub fn site_settings() -> Result<crate::auth::SiteSettings, AppError> {
    use_context::<crate::auth::SiteSettings>().ok_or_else(|| {
        tracing::error!("no site settings in the request context");
        AppError::Internal
    })
}
