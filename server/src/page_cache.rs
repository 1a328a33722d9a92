//! A micro-cache for anonymous page views.
//!
//! Many people open the same few pages (a school class following one link, kiosk screens
//! reloading), and a page only changes when the data does. So the finished, compressed
//! HTML of a page is kept per address and encoding, and served again while the catalog
//! snapshot it was rendered against is still the current one. That ties the cache to the
//! catalog's freshness rule (see `app::db::catalog`): a write committed by this server
//! shows on the next view, a write made elsewhere within five seconds.
//!
//! What it must never do is serve one person's page to another. So it only takes `GET`
//! requests without `Cookie` or `Authorization`, and only keeps `200 text/html`
//! responses that set no cookie and are not marked `private` or `no-store`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::db::Db;
use app::db::catalog::Snapshot;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Says whether a page came from the cache (`hit`) or was rendered (`miss`).
pub const CACHE_STATUS: HeaderName = HeaderName::from_static("x-techkaart-cache");
/// Beyond this many cached variants the cache starts over, so odd query strings cannot
/// make it grow without bound.
const MAX_ENTRIES: usize = 512;
/// A page larger than this is served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    db: Db,
    entries: Arc<Mutex<HashMap<(String, Encoding), Entry>>>,
}

#[derive(Clone)]
struct Entry {
    snapshot: Arc<Snapshot>,
    headers: HeaderMap,
    body: Bytes,
}

/// The one encoding a cached variant is stored in, chosen from `Accept-Encoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn negotiate(headers: &HeaderMap) -> Encoding {
        let accepted = headers.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        let offers = |name: &str| {
            accepted.split(',').any(|part| {
                let mut pieces = part.split(';');
                let offered = pieces
                    .next()
                    .is_some_and(|coding| coding.trim().eq_ignore_ascii_case(name));
                let refused = pieces.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
                offered && !refused
            })
        };
        if offers("br") {
            Encoding::Brotli
        } else if offers("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "identity",
        })
    }
}

impl PageCache {
    pub fn new(db: Db) -> PageCache {
        PageCache {
            db,
            entries: Arc::default(),
        }
    }

    fn lookup(&self, key: &(String, Encoding), current: &Arc<Snapshot>) -> Option<Entry> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|entry| Arc::ptr_eq(&entry.snapshot, current))
            .cloned()
    }

    fn store(&self, key: (String, Encoding), entry: Entry) {
        if let Ok(mut entries) = self.entries.lock() {
            let current = entry.snapshot.clone();
            entries.retain(|_, kept| Arc::ptr_eq(&kept.snapshot, &current));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, entry);
        }
    }
}

fn is_anonymous_page_request(request: &Request) -> bool {
    request.method() == Method::GET
        && !request.headers().contains_key(COOKIE)
        && !request.headers().contains_key(AUTHORIZATION)
        && !request.uri().path().starts_with("/api/")
}

fn is_shareable_page(response: &Response) -> bool {
    let headers = response.headers();
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let private = headers
        .get(CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("private") || v.contains("no-store"));
    response.status() == StatusCode::OK && html && !private && !headers.contains_key(SET_COOKIE)
}

/// The middleware: serve a fresh cached variant, or render, keep and serve.
pub async fn serve_cached_pages(State(cache): State<PageCache>, mut request: Request, next: Next) -> Response {
    if !is_anonymous_page_request(&request) {
        return next.run(request).await;
    }
    let Ok(snapshot) = cache.db.catalog().await else {
        // The database is unreachable; let the page render and report that itself.
        return next.run(request).await;
    };
    let encoding = Encoding::negotiate(request.headers());
    let key = (request.uri().to_string(), encoding);
    if let Some(entry) = cache.lookup(&key, &snapshot) {
        let mut response = Body::from(entry.body).into_response();
        *response.headers_mut() = entry.headers;
        response
            .headers_mut()
            .insert(CACHE_STATUS, HeaderValue::from_static("hit"));
        return response;
    }

    // Ask the compression layer inside for exactly the stored encoding.
    request.headers_mut().insert(ACCEPT_ENCODING, encoding.header());
    let response = next.run(request).await;
    if !is_shareable_page(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "could not read a rendered page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    cache.store(
        key,
        Entry {
            snapshot,
            headers: parts.headers.clone(),
            body: body.clone(),
        },
    );
    parts.headers.insert(CACHE_STATUS, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).expect("header value"));
        headers
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_refused_codings_are_skipped() {
        assert_eq!(
            Encoding::negotiate(&accepting("gzip, deflate, br, zstd")),
            Encoding::Brotli
        );
        assert_eq!(Encoding::negotiate(&accepting("gzip")), Encoding::Gzip);
        assert_eq!(Encoding::negotiate(&accepting("br;q=0, gzip;q=0.8")), Encoding::Gzip);
        assert_eq!(Encoding::negotiate(&accepting("brotli-ish")), Encoding::Identity);
        assert_eq!(Encoding::negotiate(&HeaderMap::new()), Encoding::Identity);
    }
}
