//! `GET /metrics`: what an operator's Prometheus reads off each instance, in its text
//! format. Requests are counted and timed per kind of route (a page, a server function,
//! a static file…) rather than per path, so a path full of ids or tokens never becomes a
//! label. Besides: open kiosk streams, mail waiting in the outbox, the catalog's age and
//! last rebuild time, and the database pools' connections.
//!
//! Nobody outside reads it: without `TECHKAART_METRICS_TOKEN` it answers only requests
//! made on this machine straight to the instance (from a loopback address, without
//! `X-Forwarded-For`, so not through a proxy here); with the token, any request that
//! carries it as `Authorization: Bearer …`. Everyone else gets 404, as if it were not there.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::db::{Db, Pools};
use axum::extract::{ConnectInfo, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// What a request was for, as far as the figures care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    Page,
    ServerFunction,
    StaticFile,
    Tile,
    Logo,
    /// A kiosk screen's live stream; timed until its first byte.
    Stream,
    /// Calendar feeds, QR codes, CSV and JSON exports.
    Download,
    Health,
    Metrics,
}

impl RouteKind {
    const ALL: [RouteKind; 9] = [
        RouteKind::Page,
        RouteKind::ServerFunction,
        RouteKind::StaticFile,
        RouteKind::Tile,
        RouteKind::Logo,
        RouteKind::Stream,
        RouteKind::Download,
        RouteKind::Health,
        RouteKind::Metrics,
    ];

    /// The kind of route `path` leads to.
    pub fn of(path: &str) -> RouteKind {
        if path.starts_with("/api/") {
            RouteKind::ServerFunction
        } else if path.starts_with("/pkg/") || is_public_file(path) {
            RouteKind::StaticFile
        } else if path.starts_with("/tiles/") {
            RouteKind::Tile
        } else if path.starts_with("/logos/") || path == "/beheer/logo" {
            RouteKind::Logo
        } else if path == "/scherm/stroom" {
            RouteKind::Stream
        } else if path.ends_with(".ics") || path.ends_with(".csv") || path.ends_with(".json") || path.ends_with(".svg")
        {
            RouteKind::Download
        } else if path == "/healthz" || path.starts_with("/healthz/") {
            RouteKind::Health
        } else if path == "/metrics" {
            RouteKind::Metrics
        } else {
            RouteKind::Page
        }
    }

    fn label(self) -> &'static str {
        match self {
            RouteKind::Page => "page",
            RouteKind::ServerFunction => "server_function",
            RouteKind::StaticFile => "static",
            RouteKind::Tile => "tile",
            RouteKind::Logo => "logo",
            RouteKind::Stream => "stream",
            RouteKind::Download => "download",
            RouteKind::Health => "health",
            RouteKind::Metrics => "metrics",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Files of `public/` served at the site's root (favicon, robots.txt, the manifest).
fn is_public_file(path: &str) -> bool {
    let name = path.trim_start_matches('/');
    !name.contains('/')
        && [".ico", ".txt", ".png", ".webmanifest", ".xml"]
            .iter()
            .any(|ending| name.ends_with(ending))
}

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];
const KINDS: usize = RouteKind::ALL.len();
/// Status classes 1xx to 5xx.
const CLASSES: usize = 5;

/// The request counters of one process; clones share them.
#[derive(Clone, Default)]
pub struct Metrics {
    inner: Arc<Counters>,
}

struct Counters {
    by_status: [[AtomicU64; CLASSES]; KINDS],
    /// Requests per bucket (not cumulative), the last one past every bound.
    latency: [[AtomicU64; BUCKETS.len() + 1]; KINDS],
    latency_micros: [AtomicU64; KINDS],
    started: Instant,
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            by_status: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            latency: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            latency_micros: std::array::from_fn(|_| AtomicU64::new(0)),
            started: Instant::now(),
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, kind: RouteKind, status: StatusCode, took: Duration) {
        let counters = &self.inner;
        let class = usize::from(status.as_u16() / 100).clamp(1, CLASSES) - 1;
        counters.by_status[kind.index()][class].fetch_add(1, Ordering::Relaxed);
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        counters.latency[kind.index()][bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        counters.latency_micros[kind.index()].fetch_add(micros, Ordering::Relaxed);
    }

    /// The request counters in Prometheus' text format.
    pub fn render_requests(&self, out: &mut String) {
        let counters = &self.inner;
        out.push_str("# HELP techkaart_requests_total Requests answered, by kind of route and status class.\n");
        out.push_str("# TYPE techkaart_requests_total counter\n");
        for kind in RouteKind::ALL {
            for (class, count) in counters.by_status[kind.index()].iter().enumerate() {
                let count = count.load(Ordering::Relaxed);
                if count > 0 {
                    let _ = writeln!(
                        out,
                        "techkaart_requests_total{{kind=\"{}\",status=\"{}xx\"}} {count}",
                        kind.label(),
                        class + 1
                    );
                }
            }
        }
        out.push_str(
            "# HELP techkaart_request_duration_seconds Time from a request's arrival to its answer's head, by kind of route.\n",
        );
        out.push_str("# TYPE techkaart_request_duration_seconds histogram\n");
        for kind in RouteKind::ALL {
            let label = kind.label();
            let mut cumulative = 0;
            for (bucket, count) in counters.latency[kind.index()].iter().enumerate() {
                cumulative += count.load(Ordering::Relaxed);
                match BUCKETS.get(bucket) {
                    Some(bound) => {
                        let _ = writeln!(
                            out,
                            "techkaart_request_duration_seconds_bucket{{kind=\"{label}\",le=\"{bound}\"}} {cumulative}"
                        );
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "techkaart_request_duration_seconds_bucket{{kind=\"{label}\",le=\"+Inf\"}} {cumulative}"
                        );
                    }
                }
            }
            let seconds = counters.latency_micros[kind.index()].load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "techkaart_request_duration_seconds_sum{{kind=\"{label}\"}} {seconds}"
            );
            let _ = writeln!(
                out,
                "techkaart_request_duration_seconds_count{{kind=\"{label}\"}} {cumulative}"
            );
        }
    }

    fn uptime(&self) -> Duration {
        self.inner.started.elapsed()
    }
}

/// Counts and times every request (the outermost layer, so refusals count too).
pub async fn record(
    State(metrics): State<Metrics>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let kind = RouteKind::of(request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(kind, response.status(), started.elapsed());
    response
}

/// What `/metrics` reads.
#[derive(Clone)]
pub struct MetricsState {
    pub metrics: Metrics,
    pub db: Db,
    pub streams: crate::screens::Streams,
    /// The bearer token that opens `/metrics` from elsewhere; `None`: loopback only.
    pub token: Option<Arc<str>>,
}

/// Whether a request may read the figures (see the module's comment).
pub fn may_read(token: Option<&str>, peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    match token {
        Some(token) => headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            // Compared as digests, so the time taken tells nothing about the token.
            .is_some_and(|given| {
                use sha2::Digest;
                sha2::Sha256::digest(given.trim().as_bytes()) == sha2::Sha256::digest(token.as_bytes())
            }),
        None => {
            peer.is_some_and(|peer| peer.ip().is_loopback())
                && !headers.contains_key("x-forwarded-for")
                && !headers.contains_key("forwarded")
        }
    }
}

/// `GET /metrics`.
pub async fn serve(State(state): State<MetricsState>, request: axum::extract::Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    if !may_read(state.token.as_deref(), peer, request.headers()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut out = String::with_capacity(8 * 1024);
    state.metrics.render_requests(&mut out);
    gauge(
        &mut out,
        "techkaart_uptime_seconds",
        "Seconds since this instance started.",
        state.metrics.uptime().as_secs_f64(),
    );
    gauge(
        &mut out,
        "techkaart_open_streams",
        "Kiosk screens' live streams open on this instance.",
        state.streams.open() as f64,
    );
    match tokio::time::timeout(
        Duration::from_secs(2),
        app::db::outbox::count_all_waiting_mail(&state.db),
    )
    .await
    {
        Ok(Ok(waiting)) => gauge(
            &mut out,
            "techkaart_outbox_waiting",
            "Messages in the outbox neither sent nor given up.",
            waiting as f64,
        ),
        Ok(Err(error)) => tracing::warn!(%error, "metrics: cannot count the outbox"),
        Err(_) => tracing::warn!("metrics: the outbox was not counted within 2 s"),
    }
    if let Some(snapshot) = app::catalog::latest(&state.db) {
        gauge(
            &mut out,
            "techkaart_catalog_age_seconds",
            "Seconds since the catalog that public pages show was made (rebuilt, or patched with the companies and events a change named).",
            snapshot.built_at.elapsed().as_secs_f64(),
        );
        gauge(
            &mut out,
            "techkaart_catalog_build_seconds",
            "How long making that catalog took (a rebuild or a patch).",
            snapshot.build_time.as_secs_f64(),
        );
        gauge(
            &mut out,
            "techkaart_catalog_companies",
            "Companies the catalog lists.",
            snapshot.companies.len() as f64,
        );
    }
    out.push_str("# HELP techkaart_db_connections Database connections of this instance, by pool and state.\n");
    out.push_str("# TYPE techkaart_db_connections gauge\n");
    let pools: Vec<(&str, u32, usize, u32)> = match state.db.pools() {
        Pools::Sqlite { read, write } => vec![
            (
                "read",
                read.size(),
                read.num_idle(),
                read.options().get_max_connections(),
            ),
            (
                "write",
                write.size(),
                write.num_idle(),
                write.options().get_max_connections(),
            ),
        ],
        Pools::Postgres(pool) => vec![(
            "main",
            pool.size(),
            pool.num_idle(),
            pool.options().get_max_connections(),
        )],
    };
    for (pool, size, idle, max) in pools {
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
        for (state, count) in [("busy", size - idle), ("idle", idle), ("max", max)] {
            let _ = writeln!(
                out,
                "techkaart_db_connections{{pool=\"{pool}\",state=\"{state}\"}} {count}"
            );
        }
    }
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn gauge(out: &mut String, name: &str, help: &str, value: f64) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_grouped_by_kind_not_path() {
        assert_eq!(RouteKind::of("/"), RouteKind::Page);
        assert_eq!(RouteKind::of("/bedrijven/acme"), RouteKind::Page);
        assert_eq!(RouteKind::of("/api/search_markers"), RouteKind::ServerFunction);
        assert_eq!(RouteKind::of("/pkg/techkaart.abc.wasm"), RouteKind::StaticFile);
        assert_eq!(RouteKind::of("/favicon.ico"), RouteKind::StaticFile);
        assert_eq!(RouteKind::of("/tiles/12/2100/1370.png"), RouteKind::Tile);
        assert_eq!(RouteKind::of("/logos/4"), RouteKind::Logo);
        assert_eq!(RouteKind::of("/scherm/stroom"), RouteKind::Stream);
        assert_eq!(RouteKind::of("/scherm"), RouteKind::Page);
        assert_eq!(RouteKind::of("/evenementen.ics"), RouteKind::Download);
        assert_eq!(RouteKind::of("/beheer/interesses.csv"), RouteKind::Download);
        assert_eq!(RouteKind::of("/healthz/alive"), RouteKind::Health);
        assert_eq!(RouteKind::of("/metrics"), RouteKind::Metrics);
    }

    #[test]
    fn counts_by_status_class_and_cumulative_buckets() {
        let metrics = Metrics::default();
        metrics.observe(RouteKind::Page, StatusCode::OK, Duration::from_micros(800));
        metrics.observe(RouteKind::Page, StatusCode::NOT_FOUND, Duration::from_millis(30));
        metrics.observe(RouteKind::Page, StatusCode::OK, Duration::from_secs(20));
        metrics.observe(RouteKind::Tile, StatusCode::BAD_GATEWAY, Duration::from_millis(3));
        let mut out = String::new();
        metrics.render_requests(&mut out);
        assert!(
            out.contains("techkaart_requests_total{kind=\"page\",status=\"2xx\"} 2\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_requests_total{kind=\"page\",status=\"4xx\"} 1\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_requests_total{kind=\"tile\",status=\"5xx\"} 1\n"),
            "{out}"
        );
        assert!(
            !out.contains("kind=\"logo\",status"),
            "nothing counted, nothing said: {out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_bucket{kind=\"page\",le=\"0.001\"} 1\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_bucket{kind=\"page\",le=\"0.025\"} 1\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_bucket{kind=\"page\",le=\"0.05\"} 2\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_bucket{kind=\"page\",le=\"10\"} 2\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_bucket{kind=\"page\",le=\"+Inf\"} 3\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_count{kind=\"page\"} 3\n"),
            "{out}"
        );
        assert!(
            out.contains("techkaart_request_duration_seconds_sum{kind=\"page\"} 20.0308\n"),
            "{out}"
        );
    }

    #[test]
    fn only_this_machine_directly_or_the_token_holder_may_read() {
        let local: SocketAddr = "127.0.0.1:50000".parse().expect("an address");
        let remote: SocketAddr = "192.0.2.7:50000".parse().expect("an address");
        let plain = HeaderMap::new();
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", HeaderValue::from_static("192.0.2.9"));
        let mut bearer = HeaderMap::new();
        bearer.insert(AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        let mut wrong = HeaderMap::new();
        wrong.insert(AUTHORIZATION, HeaderValue::from_static("Bearer s3cre"));
        assert!(may_read(None, Some(local), &plain));
        assert!(
            !may_read(None, Some(local), &proxied),
            "through a proxy on this machine"
        );
        let mut forwarded = HeaderMap::new();
        forwarded.insert("forwarded", HeaderValue::from_static("for=192.0.2.9"));
        assert!(
            !may_read(None, Some(local), &forwarded),
            "through a proxy that says Forwarded"
        );
        assert!(!may_read(None, Some(remote), &plain));
        assert!(!may_read(None, None, &plain));
        assert!(may_read(Some("s3cret"), Some(remote), &bearer));
        assert!(!may_read(Some("s3cret"), Some(remote), &wrong));
        assert!(
            !may_read(Some("s3cret"), Some(local), &plain),
            "with a token, the token is asked of all"
        );
    }
}
