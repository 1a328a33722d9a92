//! A refused form's error and what was typed in it, kept on the server: only the browser
//! that posted the form gets it back, on the page it came from, for ten minutes.
//!
//! After a plain form post that was refused, Leptos sends the browser back to the form
//! with the error in the address (`?__path=...&__err=...`), and the page reads it there.
//! That error carries what was typed: a student's e-mail, phone, parent's address and
//! motivation would stay in the browser's history (a school's shared computer) and in
//! every proxy's log; and anyone could send a coordinator a link whose "error" fills the
//! invitation form with an address of their choosing.
//!
//! So this middleware takes the error out of every such redirect before it leaves, keeps it
//! in `form_drafts` under a random id, and sends the browser to the page with only
//! `?__formulier=<id>`. The browser gets a cookie of its own for this (`formulier`, random,
//! `HttpOnly`), and the draft is kept for that cookie and that page. When the page is asked
//! for with the id, by the same browser, within `KEPT_FOR`, the error is put back into the
//! request's query on its way to the page, inside the server; the browser never sees it.
//! Any `__path`, `__err` or `__sig` a request brings along is dropped first, so no address
//! from outside can put an error on a page.
//!
//! Must not: put the error, or anything typed, into an address or a log.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::Response;

/// The query parameters Leptos uses for a refused form's error, and the one that replaced
/// the signature of an earlier release. A request never brings them from outside.
const PATH: &str = "__path";
const ERROR: &str = "__err";
const OLD_SIGNATURE: &str = "__sig";
/// The parameter that names a kept draft.
pub const DRAFT: &str = "__formulier";
/// Whether a query parameter belongs to a refused form's error or draft.
pub fn is_form_error_parameter(name: &str) -> bool {
    [PATH, ERROR, OLD_SIGNATURE, DRAFT].contains(&name)
}

/// How long a refused form's draft can be shown: long enough to read the error and fix
/// the form after a reload, short enough that a shared computer does not keep it.
pub const KEPT_FOR: Duration = Duration::from_millis(app::db::expiry::DRAFT_KEPT_MILLIS as u64);

/// What keeps and finds drafts.
#[derive(Clone)]
pub struct FormDrafts {
    db: app::db::Db,
    clock: app::clock::Clock,
    secure: bool,
}

impl FormDrafts {
    pub fn new(db: app::db::Db, clock: app::clock::Clock, sessions: app::auth::SessionSettings) -> FormDrafts {
        FormDrafts {
            db,
            clock,
            secure: sessions.secure,
        }
    }

    /// The browser's draft cookie: `__Host-` prefixed and `Secure` over https, like the session's.
    fn cookie_name(&self) -> &'static str {
        if self.secure { "__Host-formulier" } else { "formulier" }
    }

    /// The `Set-Cookie` value that gives a browser its draft cookie, for as long as the
    /// browser runs.
    fn cookie(&self, value: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{}={value}; Path=/; HttpOnly; SameSite=Lax{secure}", self.cookie_name())
    }

    fn kept_since(&self) -> i64 {
        let kept_for = i64::try_from(KEPT_FOR.as_millis()).unwrap_or(i64::MAX);
        self.clock.unix_millis().saturating_sub(kept_for)
    }
}

/// Puts a kept draft back into its page's request, and takes the error out of a refused
/// form's redirect.
pub async fn kept_form_errors(State(drafts): State<FormDrafts>, mut request: Request, next: Next) -> Response {
    let cookies = request.headers().get(COOKIE).and_then(|value| value.to_str().ok());
    let browser = app::auth::token_cookie(cookies, drafts.cookie_name());
    if let Some(query) = request.uri().query() {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        if pairs.iter().any(|(key, _)| is_form_error_parameter(key)) {
            let draft = pairs.iter().find(|(key, _)| key == DRAFT).map(|(_, id)| id.as_str());
            let kept = match (draft, &browser) {
                (Some(id), Some(browser)) => find(&drafts, id, browser, request.uri().path()).await,
                _ => None,
            };
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            query.extend_pairs(pairs.iter().filter(|(key, _)| !is_form_error_parameter(key)));
            if let Some(kept) = kept {
                query.append_pair(PATH, &kept.server_fn).append_pair(ERROR, &kept.error);
            }
            let query = query.finish();
            let path = request.uri().path();
            let address = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            };
            *request.uri_mut() = address.parse::<Uri>().unwrap_or_else(|_| Uri::from_static("/"));
        }
    }
    let mut response = next.run(request).await;
    let refused = response
        .headers()
        .get(LOCATION)
        .and_then(|location| location.to_str().ok())
        .filter(|location| location.contains(ERROR))
        .map(str::to_owned);
    if let Some(location) = refused {
        let browser = browser.unwrap_or_else(|| {
            let fresh = app::auth::random_token();
            if let Ok(cookie) = HeaderValue::from_str(&drafts.cookie(&fresh)) {
                response.headers_mut().append(SET_COOKIE, cookie);
            }
            fresh
        });
        let kept = keep(&drafts, &browser, &location).await;
        match kept.and_then(|location| HeaderValue::from_str(&location).ok()) {
            Some(location) => {
                response.headers_mut().insert(LOCATION, location);
            }
            None => {
                // Back to the form without its error rather than with it in the address.
                let bare = without_form_errors(&location).unwrap_or_else(|| "/".to_owned());
                response.headers_mut().insert(
                    LOCATION,
                    HeaderValue::from_str(&bare).unwrap_or(HeaderValue::from_static("/")),
                );
            }
        }
    }
    response
}

/// The draft under `id` for `browser` on `page`, if it is still kept.
async fn find(drafts: &FormDrafts, id: &str, browser: &str, page: &str) -> Option<app::db::form_drafts::KeptError> {
    let key = app::auth::token_hash(id);
    let browser = app::auth::token_hash(browser);
    match app::db::form_drafts::find(&drafts.db, &key, &browser, page, drafts.kept_since()).await {
        Ok(kept) => kept,
        Err(error) => {
            tracing::warn!(%error, "cannot read a refused form's draft");
            None
        }
    }
}

/// Keeps the error in `location` for `browser` and returns the address to send the
/// browser to instead: the same page and query, with only the draft's id.
async fn keep(drafts: &FormDrafts, browser: &str, location: &str) -> Option<String> {
    const BASE: &str = "http://techkaart.invalid/";
    let mut url = url::Url::parse(BASE).ok()?.join(location).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let value = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, v)| v.clone());
    let kept = app::db::form_drafts::KeptError {
        server_fn: value(PATH).unwrap_or_default(),
        error: value(ERROR)?,
    };
    let id = app::auth::random_token();
    let now = drafts.clock.unix_millis();
    let stored = app::db::form_drafts::keep(
        &drafts.db,
        &app::auth::token_hash(&id),
        &app::auth::token_hash(browser),
        url.path(),
        &kept,
        now,
        drafts.kept_since(),
    )
    .await;
    if let Err(error) = stored {
        tracing::warn!(%error, "cannot keep a refused form's draft: sent back without it");
        return None;
    }
    url.query_pairs_mut()
        .clear()
        .extend_pairs(pairs.iter().filter(|(key, _)| !is_form_error_parameter(key)))
        .append_pair(DRAFT, &id);
    Some(relative(&url))
}

/// `location` without a form's error, as a path on this site.
fn without_form_errors(location: &str) -> Option<String> {
    const BASE: &str = "http://techkaart.invalid/";
    let mut url = url::Url::parse(BASE).ok()?.join(location).ok()?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .filter(|(key, _)| !is_form_error_parameter(key))
        .collect();
    url.set_query(None);
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(kept);
    }
    Some(relative(&url))
}

/// The path, query and fragment of `url`: the redirect stays on the host the browser used.
fn relative(url: &url::Url) -> String {
    let mut text = url.path().to_owned();
    if let Some(query) = url.query().filter(|query| !query.is_empty()) {
        text.push('?');
        text.push_str(query);
    }
    if let Some(fragment) = url.fragment() {
        text.push('#');
        text.push_str(fragment);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_loses_every_form_error_parameter_and_keeps_the_rest() {
        assert_eq!(
            without_form_errors("/beheer?regio=kempen&__path=/api/invite&__err=x&__sig=y&__formulier=z#uitnodigen")
                .as_deref(),
            Some("/beheer?regio=kempen#uitnodigen")
        );
        assert_eq!(
            without_form_errors("http://127.0.0.1:3000/inloggen?__err=%7B%7D").as_deref(),
            Some("/inloggen")
        );
        // Percent-encoded names are the same names to a browser.
        assert_eq!(
            without_form_errors("/inloggen?%5F%5Ferr=x&a=1").as_deref(),
            Some("/inloggen?a=1")
        );
    }
}
