//! `GET /tiles/{z}/{x}/{y}.png`: map tiles fetched through the server.
//!
//! The browser never talks to the tile service itself: the server fetches each tile once
//! from the configured XYZ upstream (PDOK's BRT-Achtergrondkaart by default), with a
//! User-Agent that says who is asking, keeps it on disk, and serves it with cache headers.
//! It is no open proxy: only tiles in the configured zoom range that touch one of the two
//! regions (plus a margin) are served, and nothing is fetched ahead of a request.
//!
//! When the upstream fails, the tile is answered at once with 503 and the upstream is left
//! alone for `retry_after`; later requests try again. Failures are kept in memory only, so
//! a failed tile is never stuck.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use app::domain::Region;
use app::map::{Bounds, region_bounds};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// How long browsers may keep a tile.
const BROWSER_CACHE: &str = "public, max-age=86400";
/// Tiles are looked at this far around each region, in degrees (about 10 km), and at
/// least `MARGIN_TILES` tiles of the zoom level: the map may be panned a little beyond a
/// region, and at low zooms half a wide screen reaches well past it.
const REGION_MARGIN: f64 = 0.1;
const MARGIN_TILES: f64 = 2.0;
/// At this zoom and below, the whole stretch between and around the two regions may be
/// shown, so a view of both regions has no holes.
const OVERVIEW_MAX_ZOOM: u8 = 10;

/// Where tiles come from and how they are kept.
#[derive(Clone, Debug)]
pub struct TileSettings {
    /// XYZ template with `{z}`, `{x}` and `{y}`.
    pub upstream: String,
    /// Sent with every upstream request, so the tile service knows whom to contact.
    pub user_agent: String,
    pub cache_dir: PathBuf,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// How long a tile on disk is used before it is fetched again.
    pub disk_lifetime: Duration,
    /// How long the upstream is left alone after it failed.
    pub retry_after: Duration,
    /// How long one upstream request may take.
    pub timeout: Duration,
}

/// A tile by zoom, column and row.
type TileKey = (u8, u32, u32);

/// The tile service: settings, the HTTP client and what it remembers about failures.
#[derive(Clone)]
pub struct Tiles {
    settings: Arc<TileSettings>,
    client: reqwest::Client,
    /// At most this many upstream requests at once, to be a polite client.
    upstream_slots: Arc<Semaphore>,
    /// Until when the upstream is not asked again, after a failure.
    resting_until: Arc<Mutex<Option<Instant>>>,
    /// Tiles being fetched now, so a tile asked for twice at once is fetched once.
    in_flight: Arc<Mutex<HashMap<TileKey, Arc<tokio::sync::Mutex<()>>>>>,
    /// Measures the rest after a failure.
    clock: app::clock::Clock,
}

impl Tiles {
    pub fn new(settings: TileSettings) -> Result<Tiles, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .connect_timeout(settings.timeout.min(Duration::from_secs(3)))
            .timeout(settings.timeout)
            .build()?;
        Ok(Tiles {
            settings: Arc::new(settings),
            client,
            upstream_slots: Arc::new(Semaphore::new(4)),
            resting_until: Arc::default(),
            in_flight: Arc::default(),
            clock: app::clock::Clock::default(),
        })
    }

    /// The same service, measuring its rest after a failure with `clock`.
    pub fn with_clock(self, clock: app::clock::Clock) -> Tiles {
        Tiles { clock, ..self }
    }

    /// Whether tile `z`/`x`/`y` is one Techkaart serves.
    pub fn allows(&self, z: u8, x: u32, y: u32) -> bool {
        let settings = &self.settings;
        if !(settings.min_zoom..=settings.max_zoom).contains(&z) || x >= (1u32 << z) || y >= (1u32 << z) {
            return false;
        }
        let tile = Bounds::of_tile(z, x, y);
        let margin = REGION_MARGIN.max(MARGIN_TILES * 360.0 / f64::from(1u32 << z));
        let kempen = region_bounds(Region::Kempen).grown(margin);
        let ijmond = region_bounds(Region::Ijmond).grown(margin);
        if z <= OVERVIEW_MAX_ZOOM {
            tile.intersects(&kempen.union(&ijmond))
        } else {
            tile.intersects(&kempen) || tile.intersects(&ijmond)
        }
    }

    fn path_of(&self, z: u8, x: u32, y: u32) -> PathBuf {
        self.settings
            .cache_dir
            .join(z.to_string())
            .join(x.to_string())
            .join(format!("{y}.png"))
    }

    async fn read_disk(&self, z: u8, x: u32, y: u32) -> Option<Bytes> {
        let path = self.path_of(z, x, y);
        let modified = tokio::fs::metadata(&path).await.ok()?.modified().ok()?;
        let age = SystemTime::now().duration_since(modified).unwrap_or_default();
        if age > self.settings.disk_lifetime {
            return None;
        }
        tokio::fs::read(&path).await.ok().map(Bytes::from)
    }

    async fn write_disk(&self, z: u8, x: u32, y: u32, png: &[u8]) -> std::io::Result<()> {
        let path = self.path_of(z, x, y);
        if let Some(folder) = path.parent() {
            tokio::fs::create_dir_all(folder).await?;
        }
        // Write beside it and rename, so a reader never sees half a tile.
        let partial = path.with_extension(format!("png.{}.part", rand::random::<u32>()));
        tokio::fs::write(&partial, png).await?;
        tokio::fs::rename(&partial, &path).await
    }

    fn resting(&self) -> bool {
        self.resting_until
            .lock()
            .ok()
            .and_then(|until| *until)
            .is_some_and(|until| self.clock.now() < until)
    }

    fn rest(&self) {
        if let Ok(mut until) = self.resting_until.lock() {
            *until = Some(self.clock.now() + self.settings.retry_after);
        }
    }

    async fn fetch_upstream(&self, z: u8, x: u32, y: u32) -> Result<Bytes, TileError> {
        let url = self
            .settings
            .upstream
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string());
        let _slot = self
            .upstream_slots
            .acquire()
            .await
            .map_err(|_| TileError::Unavailable)?;
        let response = self.client.get(&url).send().await.map_err(|error| {
            tracing::warn!(%error, z, x, y, "tile upstream unreachable");
            TileError::Unavailable
        })?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::NOT_FOUND => return Err(TileError::NotFound),
            status => {
                tracing::warn!(%status, z, x, y, "tile upstream refused");
                return Err(TileError::Unavailable);
            }
        }
        let body = response.bytes().await.map_err(|error| {
            tracing::warn!(%error, z, x, y, "tile upstream broke off");
            TileError::Unavailable
        })?;
        if !body.starts_with(PNG_SIGNATURE) {
            tracing::warn!(z, x, y, "tile upstream sent something other than a PNG");
            return Err(TileError::Unavailable);
        }
        Ok(body)
    }

    /// The tile, from disk or fetched once from upstream.
    async fn tile(&self, z: u8, x: u32, y: u32) -> Result<Bytes, TileError> {
        if let Some(png) = self.read_disk(z, x, y).await {
            return Ok(png);
        }
        let lock = {
            let mut in_flight = self.in_flight.lock().map_err(|_| TileError::Unavailable)?;
            in_flight.entry((z, x, y)).or_default().clone()
        };
        let _fetching = lock.lock().await;
        // Someone else may have fetched it while we waited.
        let outcome = match self.read_disk(z, x, y).await {
            Some(png) => Ok(png),
            None if self.resting() => Err(TileError::Unavailable),
            None => match self.fetch_upstream(z, x, y).await {
                Ok(png) => {
                    if let Err(error) = self.write_disk(z, x, y, &png).await {
                        tracing::warn!(%error, z, x, y, "could not keep a tile on disk");
                    }
                    Ok(png)
                }
                Err(TileError::Unavailable) => {
                    self.rest();
                    Err(TileError::Unavailable)
                }
                Err(other) => Err(other),
            },
        };
        if let Ok(mut in_flight) = self.in_flight.lock() {
            in_flight.remove(&(z, x, y));
        }
        outcome
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TileError {
    NotFound,
    Unavailable,
}

/// `GET /tiles/{z}/{x}/{file}` where `file` is `{y}.png`.
pub async fn get_tile(State(tiles): State<Tiles>, Path((z, x, file)): Path<(String, String, String)>) -> Response {
    let parsed = (|| {
        Some((
            z.parse::<u8>().ok()?,
            x.parse::<u32>().ok()?,
            file.strip_suffix(".png")?.parse::<u32>().ok()?,
        ))
    })();
    let Some((z, x, y)) = parsed else {
        return (StatusCode::NOT_FOUND, "no such tile").into_response();
    };
    if !tiles.allows(z, x, y) {
        return (
            StatusCode::NOT_FOUND,
            "Techkaart serves tiles of the Kempen and the IJmond only",
        )
            .into_response();
    }
    match tiles.tile(z, x, y).await {
        Ok(png) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("image/png")),
                (CACHE_CONTROL, HeaderValue::from_static(BROWSER_CACHE)),
            ],
            png,
        )
            .into_response(),
        Err(TileError::NotFound) => (StatusCode::NOT_FOUND, "the tile service has no such tile").into_response(),
        Err(TileError::Unavailable) => {
            let retry = tiles.settings.retry_after.as_secs().max(1).to_string();
            let retry = HeaderValue::from_str(&retry).unwrap_or(HeaderValue::from_static("30"));
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [
                    (RETRY_AFTER, retry),
                    (CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                "the map tile service cannot be reached right now",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiles(min_zoom: u8, max_zoom: u8) -> Tiles {
        Tiles::new(TileSettings {
            upstream: "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
            user_agent: "test".into(),
            cache_dir: std::env::temp_dir(),
            min_zoom,
            max_zoom,
            disk_lifetime: Duration::from_secs(60),
            retry_after: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
        })
        .expect("client")
    }

    #[test]
    fn tiles_of_the_regions_are_allowed_and_others_are_not() {
        let tiles = tiles(7, 18);
        assert!(tiles.allows(12, 2107, 1364), "Bladel");
        assert!(tiles.allows(14, 8402, 5377), "IJmuiden");
        assert!(!tiles.allows(12, 2073, 1409), "Paris is nowhere near");
        assert!(!tiles.allows(14, 8450, 5420), "between the regions, zoomed in");
        assert!(
            tiles.allows(9, 265, 170),
            "east of the Kempen, where a wide overview reaches"
        );
        assert!(!tiles.allows(9, 259, 176), "but not as far as Paris");
        assert!(tiles.allows(9, 262, 170), "between the regions in an overview");
        assert!(!tiles.allows(6, 32, 21), "below the zoom range");
        assert!(!tiles.allows(19, 269_700, 174_660), "above the zoom range");
        assert!(!tiles.allows(12, 5000, 1364), "x beyond the world");
    }
}
