//! The tile endpoint against a fake upstream started by the test.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::{TestApp, TestDb, tile_settings};
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;

/// A tiny valid-looking PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nfake tile";

/// A fake tile service that counts requests, remembers the last User-Agent and answers
/// 500 to its first `failures` requests.
struct Upstream {
    url: String,
    requests: Arc<AtomicUsize>,
    user_agent: Arc<std::sync::Mutex<String>>,
}

async fn upstream(failures: usize) -> Upstream {
    let requests = Arc::new(AtomicUsize::new(0));
    let user_agent = Arc::new(std::sync::Mutex::new(String::new()));
    let (count, agent) = (requests.clone(), user_agent.clone());
    let app = Router::new().route(
        "/{z}/{x}/{file}",
        get(move |headers: HeaderMap| {
            let (count, agent) = (count.clone(), agent.clone());
            async move {
                let seen = count.fetch_add(1, Ordering::SeqCst);
                if let (Ok(mut last), Some(value)) = (agent.lock(), headers.get("user-agent")) {
                    *last = value.to_str().unwrap_or_default().to_owned();
                }
                if seen < failures {
                    Err(StatusCode::INTERNAL_SERVER_ERROR)
                } else {
                    Ok(PNG)
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Upstream {
        url: format!("http://{addr}/{{z}}/{{x}}/{{y}}.png"),
        requests,
        user_agent,
    }
}

async fn app_with(upstream_url: &str) -> (TestApp, TestDb, tempfile::TempDir) {
    let test_db = TestDb::create(crate::common::Backend::Sqlite)
        .await
        .expect("SQLite is always there");
    let cache = tempfile::tempdir().expect("cache folder");
    let app = TestApp::builder(test_db.db.clone())
        .tiles(tile_settings(upstream_url, cache.path().to_owned()))
        .start()
        .await;
    (app, test_db, cache)
}

const BLADEL_TILE: &str = "/tiles/12/2107/1364.png";

#[tokio::test]
async fn a_tile_is_fetched_once_with_our_user_agent_and_then_served_from_disk() {
    let upstream = upstream(0).await;
    let (app, test_db, cache) = app_with(&upstream.url).await;
    for _ in 0..3 {
        let response = app.get(BLADEL_TILE).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/png");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap_or_default()
                .contains("max-age")
        );
        assert_eq!(&response.bytes().await.expect("body")[..], PNG);
    }
    assert_eq!(
        upstream.requests.load(Ordering::SeqCst),
        1,
        "the upstream was asked more than once"
    );
    assert!(
        upstream
            .user_agent
            .lock()
            .map(|ua| ua.starts_with("Techkaart"))
            .unwrap_or(false)
    );
    assert!(cache.path().join("12/2107/1364.png").exists());
    app.stop().await;
    test_db.destroy().await;
}

#[tokio::test]
async fn tiles_outside_the_regions_or_the_zoom_range_are_refused_without_asking_upstream() {
    let upstream = upstream(0).await;
    let (app, test_db, _cache) = app_with(&upstream.url).await;
    for path in [
        "/tiles/12/2073/1409.png",     // Paris
        "/tiles/14/8450/5420.png",     // between the regions, zoomed in
        "/tiles/3/4/2.png",            // below the zoom range
        "/tiles/19/269700/174660.png", // above the zoom range
        "/tiles/12/9999/1364.png",     // beyond the edge of the world
        "/tiles/12/2107/1364.jpg",
        "/tiles/12/2107/abc.png",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    assert_eq!(upstream.requests.load(Ordering::SeqCst), 0);
    app.stop().await;
    test_db.destroy().await;
}

#[tokio::test]
async fn an_unreachable_upstream_gives_a_fast_error() {
    // Port 9 (discard) has no listener here: the connection is refused at once.
    let (app, test_db, cache) = app_with("http://127.0.0.1:9/{z}/{x}/{y}.png").await;
    let started = Instant::now();
    let response = app.get(BLADEL_TILE).await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        !cache.path().join("12/2107/1364.png").exists(),
        "a failure was kept on disk"
    );
    app.stop().await;
    test_db.destroy().await;
}

#[tokio::test]
async fn a_failed_tile_is_not_retried_at_once_but_is_after_a_rest() {
    let upstream = upstream(1).await;
    let (app, test_db, _cache) = app_with(&upstream.url).await;
    assert_eq!(
        app.get(BLADEL_TILE).await.status(),
        503,
        "the upstream's first answer is an error"
    );
    assert_eq!(
        app.get(BLADEL_TILE).await.status(),
        503,
        "answered without asking again"
    );
    assert_eq!(upstream.requests.load(Ordering::SeqCst), 1);
    app.clock.advance(Duration::from_secs(61));
    let retried = app.get(BLADEL_TILE).await;
    assert_eq!(retried.status(), 200);
    assert_eq!(upstream.requests.load(Ordering::SeqCst), 2);
    app.stop().await;
    test_db.destroy().await;
}

#[tokio::test]
async fn the_disk_cache_stays_under_its_limit_keeping_the_tiles_served_last() {
    let upstream = upstream(0).await;
    let test_db = TestDb::create(crate::common::Backend::Sqlite)
        .await
        .expect("SQLite is always there");
    let cache = tempfile::tempdir().expect("cache folder");
    let mut settings = tile_settings(&upstream.url, cache.path().to_owned());
    // Room for three tiles.
    settings.max_disk_bytes = 3 * PNG.len() as u64;
    let app = TestApp::builder(test_db.db.clone()).tiles(settings).start().await;
    for y in 1364..1369 {
        assert_eq!(app.get(&format!("/tiles/12/2107/{y}.png")).await.status(), 200);
    }
    let kept: Vec<String> = std::fs::read_dir(cache.path().join("12/2107"))
        .expect("the cache folder")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let bytes: u64 = kept.len() as u64 * PNG.len() as u64;
    assert!(bytes <= 3 * PNG.len() as u64, "{kept:?}");
    assert!(kept.contains(&"1368.png".to_owned()), "the newest tile stays: {kept:?}");
    assert!(
        !kept.contains(&"1364.png".to_owned()),
        "the oldest went first: {kept:?}"
    );
    app.stop().await;
    test_db.destroy().await;
}
