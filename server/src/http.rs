//! The HTTP side: the router with Leptos pages and server functions, static files,
//! map tiles, health check, compression and caching. Serving it is `connections::serve`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use app::db::Db;
use app::{App, shell};
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::page_cache::{PageCache, keep_pages};
use crate::security::{self, Guard};
use crate::tiles::{Tiles, get_tile};

/// The name cargo-leptos gives the built JS, wasm and CSS files.
pub const OUTPUT_NAME: &str = "techkaart";

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Leptos settings built from our own configuration, so the binary needs no `LEPTOS_*`
/// variables. Hashed file names are used when cargo-leptos left its `hash.txt` beside
/// the binary (release builds); test binaries have none and use plain names.
pub fn leptos_options(site_root: &Path) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .env(Env::PROD)
        .hash_files(hash_file().is_some_and(|path| path.exists()))
        .build()
}

fn hash_file() -> Option<PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join("hash.txt"))
}

/// Names this build: the first 12 hex digits of the SHA-256 of cargo-leptos's `hash.txt`
/// (the hashes of the built wasm, JS and CSS), or `dev` without one. A kiosk screen that
/// hears another build's name loads itself anew.
pub fn build_id() -> String {
    use sha2::Digest;
    hash_file().and_then(|path| std::fs::read(path).ok()).map_or_else(
        || "dev".to_owned(),
        |hashes| {
            sha2::Sha256::digest(&hashes)
                .iter()
                .take(6)
                .map(|b| format!("{b:02x}"))
                .collect()
        },
    )
}

/// The stylesheet's address, with the build's content hash when there is one.
fn stylesheet_href(options: &LeptosOptions) -> String {
    let hash = options
        .hash_files
        .then(hash_file)
        .flatten()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|hashes| {
            hashes
                .lines()
                .find_map(|line| line.strip_prefix("css:").map(|hash| hash.trim().to_owned()))
        });
    match hash {
        Some(hash) => format!("/{}/{OUTPUT_NAME}.{hash}.css", options.site_pkg_dir),
        None => format!("/{}/{OUTPUT_NAME}.css", options.site_pkg_dir),
    }
}

/// Leptos's list of the app's pages, built once per process, the first time a router is
/// made. Building it sets a process-wide flag that leaves every `Resource` first polled
/// meanwhile pending for ever (Leptos issue #4773), so it must never be built while any
/// page renders: a server builds its router before it listens, and every later router in
/// the same process (the tests start many) takes this copy.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// What the application is made of: everything the router hands to pages, server
/// functions and routes.
pub struct Application {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub tiles: Tiles,
    pub map: app::map::MapSettings,
    pub site: app::auth::SiteSettings,
    pub clock: app::clock::Clock,
    /// The kiosk screens' open streams, closed at shutdown.
    pub streams: crate::screens::Streams,
    /// The bearer token that opens `/metrics` from elsewhere; without one, loopback only.
    pub metrics_token: Option<String>,
}

/// The whole application as an axum router.
pub fn router(application: Application) -> Router {
    let Application {
        leptos_options,
        db,
        tiles,
        map,
        site,
        clock,
        streams,
        metrics_token,
    } = application;
    let routes = route_list();
    let stylesheet: Arc<str> = stylesheet_href(&leptos_options).into();
    let render_shell = move |options: LeptosOptions| shell(options, &stylesheet);
    let throttle = Arc::new(app::throttle::Throttle::new(db.clone(), clock.clone()));
    let sessions = site.sessions();
    let guard_url = site.public_url.clone();
    let metrics = crate::metrics::Metrics::default();
    let metrics_state = crate::metrics::MetricsState {
        metrics: metrics.clone(),
        db: db.clone(),
        streams: streams.clone(),
        token: metrics_token.filter(|token| !token.trim().is_empty()).map(Into::into),
    };
    let screen_streams = crate::screens::StreamState {
        db: db.clone(),
        site: site.clone(),
        streams,
    };
    let context = {
        let db = db.clone();
        move || {
            provide_context(db.clone());
            provide_context(map.clone());
            provide_context(sessions);
            provide_context(site.clone());
            provide_context(throttle.clone());
            provide_context(app::api::request::ActorOfRequest::default());
        }
    };
    let pkg_dir = Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir);
    // Hashed names change with every build, so browsers may keep them for a year.
    let pkg_cache = if leptos_options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg_files = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());
    let app_shell = {
        let options = leptos_options.clone();
        let render_shell = render_shell.clone();
        move || render_shell(options.clone())
    };
    let state = AppState {
        leptos_options,
        db: db.clone(),
    };

    let calendar = crate::calendar::CalendarState {
        db: db.clone(),
        public_url: guard_url.clone(),
    };
    let logos = crate::logos::LogoState {
        db: db.clone(),
        sessions,
    };
    let app = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .route("/healthz", get(healthz))
        .route("/healthz/alive", get(|| async { "alive" }))
        .route("/taal/{code}", get(choose_language))
        .route("/tiles/{z}/{x}/{file}", get(get_tile).with_state(tiles))
        .nest_service("/pkg", pkg_files)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context,
            render_shell,
        ))
        .with_state(state)
        // Every request body is small, except a logo's, which has its own limit.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(REQUEST_BODY_LIMIT))
        .route(
            "/beheer/logo",
            axum::routing::post(crate::logos::upload_logo)
                .with_state(logos.clone())
                .layer::<_, std::convert::Infallible>(
                    ServiceBuilder::new()
                        .layer(tower_http::limit::RequestBodyLimitLayer::new(UPLOAD_BODY_LIMIT))
                        .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
                ),
        )
        .route("/logos/{id}", get(crate::logos::get_logo).with_state(logos))
        .route("/scherm/stroom", get(crate::screens::stream).with_state(screen_streams))
        .route("/metrics", get(crate::metrics::serve).with_state(metrics_state))
        .route(
            "/evenementen.ics",
            get(crate::calendar::feed).with_state(calendar.clone()),
        )
        .route(
            "/evenementen/{id}/agenda.ics",
            get(crate::calendar::single).with_state(calendar.clone()),
        )
        .route(
            "/evenementen/{id}/qr.svg",
            get(crate::calendar::qr_code).with_state(calendar),
        )
        .route(
            "/mijn-interesse/{token}/gegevens.json",
            get(crate::exports::student_data).with_state(db.clone()),
        )
        .route(
            "/beheer/evenementen/{id}/aanmeldingen.csv",
            get(crate::exports::sign_ups_csv).with_state(crate::exports::ExportState {
                db: db.clone(),
                sessions,
            }),
        )
        .route(
            "/beheer/interesses.csv",
            get(crate::exports::board_csv)
                .post(crate::exports::board_csv_posted)
                .with_state(crate::exports::ExportState {
                    db: db.clone(),
                    sessions,
                }),
        );
    // The guard reads the build's inline scripts from `app` itself, past the cache.
    let guard = Guard::new(app.clone(), &guard_url);
    app.layer(axum::middleware::from_fn_with_state(
        (Arc::new(PageCache::default()), db.clone()),
        keep_pages,
    ))
    .layer(axum::middleware::from_fn(fitting_status))
    .layer(axum::middleware::from_fn_with_state(
        crate::form_errors::FormDrafts::new(db.clone(), clock, sessions),
        crate::form_errors::kept_form_errors,
    ))
    .layer(axum::middleware::from_fn_with_state(sessions, kept_by_nobody))
    .layer(axum::middleware::from_fn_with_state(guard, security::guard))
    .layer(
        ServiceBuilder::new()
            .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::extract::Request| {
                tracing::debug_span!("request", method = %request.method(), path = %loggable_path(request.uri().path()))
            }))
            .layer(compression()),
    )
    .layer(axum::middleware::from_fn_with_state(metrics, crate::metrics::record))
}

/// Gives a server function's refusal the status that fits it: the one place that
/// decides it for server functions, from `AppError::status` (axum handlers answer an
/// `AppError` through its `IntoResponse`, which reads the same). Leptos answers every
/// server function error with 500, also a refusal or an unreadable request, which are
/// the caller's business; only real failures stay 5xx. A plain form post is answered
/// with a redirect back to the form, which this leaves alone.
async fn fitting_status(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
        if let Some(seconds) = error.retry_after() {
            parts
                .headers
                .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Marks what only one person may see `Cache-Control: no-store`, so neither a shared cache
/// nor the browser's history keeps it: every answer to a logged-in request and every
/// server function's answer (which can carry a form's contents or a new session), a
/// class sign-up's page and a kiosk screen's (its pairing code).
/// Answers that say how they may be kept (static files, tiles, public logos) keep that.
async fn kept_by_nobody(
    State(sessions): State<app::auth::SessionSettings>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let cookies = request
        .headers()
        .get(axum::http::header::COOKIE)
        .and_then(|value| value.to_str().ok());
    let path = request.uri().path();
    // A class sign-up's page is reached by the key in its address alone.
    // A screen's page holds its pairing code or its own settings.
    // A student's and a guardian's page hold a minor's data; a refused form's page shows
    // what was typed.
    let personal = path.starts_with("/api/")
        || path.starts_with("/aanmelding/")
        || path.starts_with("/mijn-interesse/")
        || path.starts_with("/toestemming/")
        || path.starts_with("/scherm")
        || request
            .uri()
            .query()
            .is_some_and(|q| q.contains(crate::form_errors::DRAFT))
        || sessions.token_in(cookies).is_some();
    let mut response = next.run(request).await;
    if personal && !response.headers().contains_key(CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A request's path as the log may show it: without its query (which can carry a
/// refused form's contents) and with one-time link tokens left out.
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with("/wachtwoord/") {
        "/wachtwoord/…"
    } else if path.starts_with("/aanmelding/") {
        "/aanmelding/…"
    } else if path.starts_with("/mijn-interesse/") {
        "/mijn-interesse/…"
    } else if path.starts_with("/toestemming/") {
        "/toestemming/…"
    } else {
        path
    }
}

/// The largest logo upload request: the file and the form around it.
const UPLOAD_BODY_LIMIT: usize = crate::logos::UPLOAD_LIMIT + 64 * 1024;

/// The largest request body accepted, in bytes: a placement form with both descriptions
/// full is about 40 KB encoded. Larger bodies get 413 before any server function runs.
pub const REQUEST_BODY_LIMIT: usize = 64 * 1024;

/// Brotli or gzip for whatever is not compressed yet, at quality 1: measured on the home
/// page (20 KB of HTML), quality 1 serves 5,980 req/s against 4,360 at quality 4 and 2,450
/// at quality 2 (brotli's larger hash tables cost more to set up than a page takes to
/// compress), for 3.5 KB instead of 2.9 KB on the wire. The big static files are
/// compressed at full strength once, at build time.
fn compression() -> CompressionLayer {
    CompressionLayer::new().quality(CompressionLevel::Precise(1))
}

/// `GET /taal/{code}?terug=/path`: remembers the language in a cookie for a year and
/// sends the person back where they were. Only paths on this site are followed back.
async fn choose_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::http::header::{LOCATION, SET_COOKIE};

    let Some(texts) = app::i18n::by_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let back = query
        .get("terug")
        .and_then(|path| local_return_path(path))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANGUAGE_COOKIE,
        texts.lang
    );
    match (HeaderValue::from_str(&cookie), HeaderValue::from_str(&back)) {
        (Ok(cookie), Ok(location)) => {
            (StatusCode::SEE_OTHER, [(SET_COOKIE, cookie), (LOCATION, location)]).into_response()
        }
        _ => (StatusCode::BAD_REQUEST, "bad return address").into_response(),
    }
}

/// `wanted` as a path on this site to send a browser back to, or `None` when it would
/// lead anywhere else. A URL parser reads it the way a browser will (dropping tabs and
/// newlines, taking a backslash for a slash), and the answer is the path and query as
/// that parser wrote them, so what is checked is what the browser follows. A refused
/// form's parameters (`__path`, `__err`, `__sig`, `__formulier`, also percent-encoded) are
/// left out: only a form's own answer may bring a browser back to its error.
pub fn local_return_path(wanted: &str) -> Option<String> {
    const HERE: &str = "http://techkaart.invalid/";
    if !wanted.starts_with('/') {
        return None;
    }
    let base = url::Url::parse(HERE).ok()?;
    let joined = base.join(wanted).ok()?;
    let path = joined.path();
    // A path that starts with two slashes is another host to a browser.
    if joined.origin() != base.origin() || path.starts_with("//") {
        return None;
    }
    // Each parameter kept as written (a map view's commas stay commas), judged by its
    // decoded name.
    let kept: Vec<&str> = joined
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            url::form_urlencoded::parse(pair.as_bytes())
                .next()
                .is_some_and(|(key, _)| !crate::form_errors::is_form_error_parameter(&key))
        })
        .collect();
    Some(if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    })
}

/// `GET /healthz`, whether this instance is ready for requests: 200 `ready` when the
/// database answers within two seconds with the schema this release migrated it to (it
/// does not start before its migrations are done); 503 when the database is unavailable,
/// or when a newer release has migrated it since (this instance should then be replaced).
/// `GET /healthz/alive` answers 200 `alive` whenever the process serves requests at all,
/// database or not: a proxy takes an instance out of rotation by the first, a supervisor
/// restarts a hung one by the second.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(Duration::from_secs(2), state.db.newest_migration()).await {
        Ok(Ok(version)) if version > crate::database::newest_known_migration(&state.db) => {
            tracing::warn!(version, "health check: a newer release migrated the database");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database schema newer than this release",
            )
        }
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer within 2 s");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing open requests");
}

#[cfg(test)]
mod tests {
    use super::local_return_path;

    #[test]
    fn a_return_path_stays_on_this_site() {
        assert_eq!(local_return_path("/").as_deref(), Some("/"));
        assert_eq!(
            local_return_path("/?regio=kempen&kaart=51.37,5.22,12").as_deref(),
            Some("/?regio=kempen&kaart=51.37,5.22,12")
        );
        assert_eq!(
            local_return_path("/bedrijven/vonk-metaal").as_deref(),
            Some("/bedrijven/vonk-metaal")
        );
        // A form's error never comes back by this way, however it is written.
        for forged in [
            "/beheer/uitnodigen?__path=/api/invite&__err=eyJ9",
            "/beheer/uitnodigen?%5F%5Fpath=/api/invite&%5f%5ferr=eyJ9&__sig=00",
            "/beheer/uitnodigen?__formulier=abc",
        ] {
            assert_eq!(
                local_return_path(forged).as_deref(),
                Some("/beheer/uitnodigen"),
                "{forged}"
            );
        }
        assert_eq!(
            local_return_path("/?regio=kempen&__err=x&pagina=2").as_deref(),
            Some("/?regio=kempen&pagina=2")
        );
        for elsewhere in [
            "//evil.example/",
            "/\t/evil.example/",
            "/\\evil.example",
            "/\\/evil.example",
            "/\n/evil.example",
            "/.//evil.example",
            "https://evil.example/",
            "evil.example",
            "javascript:alert(1)",
            "",
        ] {
            let followed = local_return_path(elsewhere);
            assert!(
                followed
                    .as_deref()
                    .is_none_or(|path| path.starts_with('/') && !path.starts_with("//")),
                "{elsewhere:?} became {followed:?}"
            );
            assert!(
                followed.is_none(),
                "{elsewhere:?} is refused, not repaired: {followed:?}"
            );
        }
    }
}
