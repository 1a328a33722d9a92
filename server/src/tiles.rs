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
//!
//! Both what it keeps and what it waits for are bounded: the tiles on disk stay under
//! `max_disk_bytes` (the least recently served go first), and at most `UPSTREAM_AT_ONCE`
//! upstream requests run with at most `UPSTREAM_WAITING` waiting for a turn; a tile that
//! finds the queue full is answered 503 at once.

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
/// Upstream requests at once at most, to be a polite client.
const UPSTREAM_AT_ONCE: usize = 4;
/// Tiles that may wait for an upstream turn; one more is answered 503 at once.
const UPSTREAM_WAITING: usize = 64;
/// After the disk cache outgrew its limit, tiles are removed until it is this share of it,
/// so removal does not run for every tile that comes in.
const EVICT_TO_PERCENT: u64 = 90;

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
    /// The most the tiles on disk may take together, in bytes.
    pub max_disk_bytes: u64,
}

/// A tile by zoom, column and row.
type TileKey = (u8, u32, u32);

/// The tile service: settings, the HTTP client and what it remembers about failures.
#[derive(Clone)]
pub struct Tiles {
    settings: Arc<TileSettings>,
    client: reqwest::Client,
    /// Turns at the upstream: `UPSTREAM_AT_ONCE` at a time, `UPSTREAM_WAITING` waiting.
    upstream_turns: Arc<app::turns::Turns>,
    /// What the tiles on disk take, read from the folder at the first use.
    disk: Arc<tokio::sync::OnceCell<Mutex<DiskUse>>>,
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
            upstream_turns: Arc::new(app::turns::Turns::new(UPSTREAM_AT_ONCE, UPSTREAM_WAITING)),
            disk: Arc::default(),
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
        let png = tokio::fs::read(&path).await.ok().map(Bytes::from)?;
        self.disk_use().await.lock().ok()?.served((z, x, y), png.len() as u64);
        Some(png)
    }

    async fn write_disk(&self, z: u8, x: u32, y: u32, png: &[u8]) -> std::io::Result<()> {
        let path = self.path_of(z, x, y);
        if let Some(folder) = path.parent() {
            tokio::fs::create_dir_all(folder).await?;
        }
        // Write beside it and rename, so a reader never sees half a tile.
        let partial = path.with_extension(format!("png.{}.part", rand::random::<u32>()));
        tokio::fs::write(&partial, png).await?;
        tokio::fs::rename(&partial, &path).await?;
        let evicted = match self.disk_use().await.lock() {
            Ok(mut disk) => {
                disk.served((z, x, y), png.len() as u64);
                disk.evict_over(self.settings.max_disk_bytes)
            }
            Err(_) => Vec::new(),
        };
        if !evicted.is_empty() {
            tracing::debug!(
                removed = evicted.len(),
                "tile cache at its limit: least recently served tiles removed"
            );
        }
        for (z, x, y) in evicted {
            if let Err(error) = tokio::fs::remove_file(self.path_of(z, x, y)).await {
                tracing::warn!(%error, z, x, y, "could not remove a tile from the cache");
            }
        }
        Ok(())
    }

    /// What the tiles on disk take; the folder is read once, at the first use.
    async fn disk_use(&self) -> &Mutex<DiskUse> {
        self.disk
            .get_or_init(|| async {
                let folder = self.settings.cache_dir.clone();
                let found = tokio::task::spawn_blocking(move || DiskUse::read_folder(&folder))
                    .await
                    .unwrap_or_default();
                Mutex::new(found)
            })
            .await
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
        let _turn = self.upstream_turns.take().await.ok_or_else(|| {
            tracing::warn!(
                waiting = UPSTREAM_WAITING,
                "too many tiles wait for the upstream: answered 503"
            );
            TileError::Busy
        })?;
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
    /// The upstream failed (it is left alone for a while).
    Unavailable,
    /// Too many tiles wait for the upstream already (it is not at fault).
    Busy,
}

/// The tiles on disk: each one's size and when it was last served (a counter), and the
/// total, so the cache can be kept under its limit by removing the least recently served.
#[derive(Debug, Default)]
struct DiskUse {
    tiles: HashMap<TileKey, (u64, u64)>,
    total: u64,
    served: u64,
}

impl DiskUse {
    /// The tiles under `folder` (`{z}/{x}/{y}.png`), oldest-modified first as if served in
    /// that order.
    fn read_folder(folder: &std::path::Path) -> DiskUse {
        let mut found = Vec::new();
        let numbered = |path: &std::path::Path| -> Option<u32> { path.file_stem()?.to_str()?.parse().ok() };
        for z_entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            let Some(z) = numbered(&z_entry.path()).and_then(|z| u8::try_from(z).ok()) else {
                continue;
            };
            for x_entry in std::fs::read_dir(z_entry.path()).into_iter().flatten().flatten() {
                let Some(x) = numbered(&x_entry.path()) else { continue };
                for y_entry in std::fs::read_dir(x_entry.path()).into_iter().flatten().flatten() {
                    let path = y_entry.path();
                    if path.extension().is_none_or(|extension| extension != "png") {
                        continue;
                    }
                    let (Some(y), Ok(meta)) = (numbered(&path), y_entry.metadata()) else {
                        continue;
                    };
                    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                    found.push((modified, (z, x, y), meta.len()));
                }
            }
        }
        found.sort();
        let mut disk = DiskUse::default();
        for (_, key, size) in found {
            disk.served(key, size);
        }
        disk
    }

    /// Tile `key` of `size` bytes is on disk and was served now.
    fn served(&mut self, key: TileKey, size: u64) {
        self.served += 1;
        if let Some((old_size, _)) = self.tiles.insert(key, (size, self.served)) {
            self.total -= old_size;
        }
        self.total += size;
    }

    /// When the tiles take more than `limit` bytes: forgets the least recently served until
    /// they take `EVICT_TO_PERCENT` of it, and returns those to remove from disk.
    fn evict_over(&mut self, limit: u64) -> Vec<TileKey> {
        if self.total <= limit {
            return Vec::new();
        }
        let target = limit / 100 * EVICT_TO_PERCENT;
        let mut by_age: Vec<(u64, TileKey)> = self.tiles.iter().map(|(key, (_, served))| (*served, *key)).collect();
        by_age.sort_unstable();
        let mut evicted = Vec::new();
        for (_, key) in by_age {
            if self.total <= target {
                break;
            }
            if let Some((size, _)) = self.tiles.remove(&key) {
                self.total -= size;
                evicted.push(key);
            }
        }
        evicted
    }
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
        Err(error @ (TileError::Unavailable | TileError::Busy)) => {
            let retry = match error {
                TileError::Busy => 1,
                _ => tiles.settings.retry_after.as_secs().max(1),
            };
            let retry = retry.to_string();
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
            max_disk_bytes: 1 << 20,
        })
        .expect("client")
    }

    #[test]
    fn the_least_recently_served_tiles_go_first_when_the_cache_is_full() {
        let mut disk = DiskUse::default();
        for y in 0..10 {
            disk.served((12, 1, y), 100);
        }
        disk.served((12, 1, 0), 100); // served again: now the most recent
        assert_eq!(disk.total, 1000);
        assert!(disk.evict_over(1000).is_empty(), "at the limit nothing goes");
        disk.served((12, 1, 10), 100);
        let evicted = disk.evict_over(1000);
        assert_eq!(
            evicted,
            [(12, 1, 1), (12, 1, 2)],
            "down to 90% of the limit, oldest first"
        );
        assert_eq!(disk.total, 900);
        assert!(disk.tiles.contains_key(&(12, 1, 0)));
        disk.served((12, 1, 3), 250); // a tile fetched again, larger now
        assert_eq!(disk.total, 1050);
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
