//! Two guards every response passes: requests that change something must come from
//! this site, and every response carries the security headers.
//!
//! **Cross-site requests.** A POST (or any method but GET, HEAD and OPTIONS) is refused
//! with 403 when the browser says it came from another site: `Sec-Fetch-Site` other than
//! `same-origin` or `none`, or an `Origin` that is neither the public address nor this
//! request's own host. Programs that send neither header (scripts, tests) pass; they
//! carry no victim's cookies. GET changes nothing in this app, with one exception that is
//! safe to repeat: a new TV's first `/scherm` makes a pairing code (a repeat makes another;
//! at most 20 per network, each gone after 15 minutes). The heartbeat and every export
//! that is recorded are POSTs, and no request is ever run twice by the server.
//!
//! **Content-Security-Policy.** Scripts may come from this site only, plus the inline
//! scripts Leptos writes to start the wasm, allowed by their SHA-256. Those scripts are
//! the same on every page with islands (islands mode puts no page data in scripts; pages
//! without islands have none), so their hashes are read once, from a page the app
//! renders for an internal request, and kept. A nonce would not do: kept pages are served again byte for byte.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, ORIGIN, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;
use tower::ServiceExt;

/// What the guards need: the public address, and the app to read the scripts from.
#[derive(Clone)]
pub struct Guard {
    public_origin: Arc<str>,
    https: bool,
    app: Router,
    policy: Arc<OnceCell<HeaderValue>>,
}

impl Guard {
    /// Guards for `app` served at `public_url`.
    pub fn new(app: Router, public_url: &str) -> Guard {
        Guard {
            public_origin: origin_of(public_url).into(),
            https: public_url.starts_with("https://"),
            app,
            policy: Arc::default(),
        }
    }

    /// The policy for this build, read from the app's first page on first use.
    async fn policy(&self) -> HeaderValue {
        self.policy
            .get_or_init(|| async {
                let probe = Request::get(app::routes::CSP_PROBE_PATH)
                    .body(Body::empty())
                    .expect("a valid request");
                let hashes = match self.app.clone().oneshot(probe).await {
                    Ok(response) => match axum::body::to_bytes(response.into_body(), 4 << 20).await {
                        Ok(body) => inline_script_hashes(&String::from_utf8_lossy(&body)),
                        Err(error) => {
                            tracing::error!(%error, "cannot read the page for the script hashes");
                            Vec::new()
                        }
                    },
                    Err(never) => match never {},
                };
                HeaderValue::from_str(&content_security_policy(&hashes)).expect("an ASCII policy")
            })
            .await
            .clone()
    }
}

/// `scheme://host[:port]` of a URL, lower-case.
fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => url[..after_scheme + slash].to_owned(),
        None => url,
    }
}

/// The policy: this site only, the given inline scripts, wasm compilation, no plugins,
/// no `<base>`, no framing, forms only to this site. Style attributes stay allowed:
/// the map positions its tiles and markers with them.
pub fn content_security_policy(script_hashes: &[String]) -> String {
    let hashes: String = script_hashes.iter().map(|h| format!(" 'sha256-{h}'")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The base64 SHA-256 of every inline `<script>` in `html`, in order, without repeats.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else { break };
        let tag = &rest[..open_end];
        let body_start = open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") && !body.is_empty() {
            let hash = base64(&Sha256::digest(body.as_bytes()));
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        }
        rest = &rest[body_start + close..];
    }
    hashes
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Refuses cross-site requests that would change something, then adds the security
/// headers to whatever the app answers.
pub async fn guard(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) && is_cross_site(&guard, &request) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if is_html { Some(guard.policy().await) } else { None };
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if let Some(policy) = policy {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if guard.https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

fn is_cross_site(guard: &Guard, request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let origin = origin.to_ascii_lowercase();
    if origin == *guard.public_origin {
        return false;
    }
    // The same host the request was sent to (a laptop reached as localhost or by IP).
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    !(host.is_some() && origin_host == host.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<head><script src="/pkg/a.js"></script><script type="module">alert(1)</script>
            <script nonce="x">alert(1)</script><script>b()</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2, "{hashes:?}");
        // SHA-256 of "alert(1)", as a browser computes it for the policy.
        assert_eq!(hashes[0], "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
    }

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn origins_drop_the_path() {
        assert_eq!(origin_of("https://Techkaart.example/"), "https://techkaart.example");
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }
}
