//! Keeps the rendered home page per catalog snapshot, so a page many people ask for (the
//! default map in a school's kiosk, a link shared in a class chat) is rendered once and
//! compressed once instead of on every request.
//!
//! A kept page belongs to the catalog snapshot it was rendered from: the catalog is what
//! the home page shows, and a page cannot change while its snapshot lives. When the
//! catalog moves on (after a public change, of this process or another) the kept pages
//! are dropped; while nothing public changes they stay. Only anonymous requests are served from here: a request carrying
//! any cookie besides the language choice is rendered as usual.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use app::catalog::Snapshot;
use app::db::Db;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, ACCEPT_LANGUAGE, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// At most this many pages are kept per snapshot; when full, the keeper starts over.
const PAGES_KEPT: usize = 256;
/// Larger pages are not kept.
const MAX_PAGE_BYTES: usize = 512 * 1024;
/// Longer addresses are not kept (a query string is at most a few hundred bytes).
const MAX_ADDRESS_BYTES: usize = 1024;
/// Brotli quality for kept pages: paid once per page and snapshot, when it is asked for a
/// second time, so better than the quality 1 used for pages compressed per request.
const BROTLI_QUALITY: u32 = 6;

/// The pages kept for the current snapshot.
#[derive(Default)]
pub struct PageCache {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    /// The snapshot the pages were rendered from; held, so its address stays unique.
    snapshot: Option<Arc<Snapshot>>,
    pages: HashMap<String, Arc<Page>>,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    brotli: OnceLock<Option<Bytes>>,
}

impl PageCache {
    fn get(&self, snapshot: &Arc<Snapshot>, key: &str) -> Option<Arc<Page>> {
        let mut kept = self.kept.lock().ok()?;
        if !kept.snapshot.as_ref().is_some_and(|s| Arc::ptr_eq(s, snapshot)) {
            kept.snapshot = Some(snapshot.clone());
            kept.pages.clear();
            return None;
        }
        kept.pages.get(key).cloned()
    }

    fn keep(&self, snapshot: &Arc<Snapshot>, key: String, page: Arc<Page>) {
        let Ok(mut kept) = self.kept.lock() else { return };
        if !kept.snapshot.as_ref().is_some_and(|s| Arc::ptr_eq(s, snapshot)) {
            // The catalog moved on while this page was rendered: it may be out of date.
            return;
        }
        if kept.pages.len() >= PAGES_KEPT {
            kept.pages.clear();
        }
        kept.pages.insert(key, page);
    }
}

/// The cache's key for a request it may answer: language and address.
fn key(request: &Request) -> Option<String> {
    if request.method() != Method::GET || request.uri().path() != "/" {
        return None;
    }
    let header = |name| request.headers().get(name).and_then(|v| v.to_str().ok());
    let cookies = header(COOKIE);
    let anonymous = cookies.is_none_or(|all| {
        all.split(';')
            .filter_map(|pair| pair.trim().split_once('=').map(|(name, _)| name))
            .all(|name| name == app::i18n::LANGUAGE_COOKIE)
    });
    let address = request.uri().path_and_query()?.as_str();
    if !anonymous || address.len() > MAX_ADDRESS_BYTES {
        return None;
    }
    let language = app::i18n::negotiate(cookies, header(ACCEPT_LANGUAGE)).lang;
    Some(format!("{language} {address}"))
}

fn accepts_brotli(request: &Request) -> bool {
    request
        .headers()
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                matches!(
                    p.trim().replace(' ', "").as_str(),
                    "q=0" | "q=0.0" | "q=0.00" | "q=0.000"
                )
            });
            name.eq_ignore_ascii_case("br") && !refused
        })
}

/// Middleware: answers from the kept pages, or renders and keeps the page.
pub async fn keep_pages(State((cache, db)): State<(Arc<PageCache>, Db)>, request: Request, next: Next) -> Response {
    let Some(key) = key(&request) else {
        return next.run(request).await;
    };
    // Without a catalog the page itself will say what is wrong.
    let Ok(snapshot) = app::catalog::current(&db).await else {
        return next.run(request).await;
    };
    let brotli = accepts_brotli(&request);
    if let Some(page) = cache.get(&snapshot, &key) {
        return page.response(brotli);
    }
    let response = next.run(request).await;
    let keepable = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && !response.headers().contains_key(SET_COOKIE)
        && !response.headers().contains_key(CONTENT_ENCODING)
        && response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !keepable {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::warn!("a page grew past {MAX_PAGE_BYTES} bytes while being kept");
        return Response::from_parts(parts, Body::empty());
    };
    let mut headers = parts.headers;
    headers.remove(CONTENT_LENGTH);
    // The page depends on the language, chosen by cookie or Accept-Language.
    headers.insert(
        VARY,
        HeaderValue::from_static("accept-encoding, accept-language, cookie"),
    );
    let page = Arc::new(Page {
        status: parts.status,
        headers,
        body,
        brotli: OnceLock::new(),
    });
    cache.keep(&snapshot, key, page.clone());
    // Sent as rendered: the compression layer compresses it quickly, as any page. Only a
    // page asked for again is worth compressing well.
    page.response(false)
}

impl Page {
    fn response(&self, brotli: bool) -> Response {
        let compressed = brotli
            .then(|| self.brotli.get_or_init(|| compress(&self.body)).clone())
            .flatten();
        let (body, encoded) = match compressed {
            Some(bytes) => (bytes, true),
            // Identity; the compression layer outside may still gzip it.
            None => (self.body.clone(), false),
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        if encoded {
            response
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        response
    }
}

fn compress(body: &[u8]) -> Option<Bytes> {
    let mut out = Vec::with_capacity(body.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY as i32,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).ok()?;
    Some(Bytes::from(out))
}
