//! The catalog: an in-memory snapshot of what the public pages list (region counts and
//! every published company with its open placements), so that browsing and searching
//! cost no queries. The search (`search::engine`) runs over it.
//!
//! Why a cache: the counts aggregate every open placement, which at a thousand companies
//! costs milliseconds per request, while the data changes a few times a day.
//!
//! A snapshot serves until a public change is published (`changes`): a commit of this
//! process, or `Change::Elsewhere` when another process wrote. Then a keeper task
//! rebuilds it in the background from a few queries while the old snapshot keeps
//! serving, so no reader waits for a rebuild; only the first snapshot of a process is
//! built on demand. Changes that arrive during a rebuild are covered by the next one, and
//! nothing is rebuilt (nor any kept page dropped) when nothing public changed.
//!
//! Must not: be written to by anything but the keeper, or read the clock to decide.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use super::changes::Committed;
use super::{Db, companies, regions};
use crate::domain::RegionSummary;
use crate::search::engine::{CatalogCompany, SearchResult};

/// How long a commit waits at most for the catalog to show it (see `Tx::commit`).
pub const CATCH_UP_LIMIT: Duration = Duration::from_secs(3);

/// The least time between the end of one rebuild and the start of the next. At 5,000
/// companies a rebuild takes about 0.3 s, so a write waits at most about 0.9 s to show
/// (a rebuild under way, this pause, its own rebuild) while the keeper uses at most half
/// a core, however fast writes come.
const REBUILD_PAUSE: Duration = Duration::from_millis(300);

/// How long the keeper waits before it tries again when a rebuild failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What the public pages list, as of one moment.
#[derive(Debug)]
pub struct Snapshot {
    pub regions: Vec<RegionSummary>,
    /// Published companies with open placements, sorted by name, then id.
    pub companies: Vec<CatalogCompany>,
    /// Events not ended when the snapshot was built, neither hidden nor cancelled, soonest
    /// first: the map's event layer (which leaves out those ended since).
    pub events: Vec<crate::domain::Event>,
    /// The last commit of this process that this snapshot shows.
    covers: u64,
    /// When it was built and how long building it took, for `/metrics`.
    pub built_at: std::time::Instant,
    pub build_time: Duration,
    /// Answers already given from this snapshot, by query and marker zoom: most visitors
    /// ask the same few searches (the plain home page above all), and the answer cannot
    /// change while the snapshot lives. Emptied when full rather than tracked by age.
    searches: std::sync::Mutex<std::collections::HashMap<(String, u8), Arc<SearchResult>>>,
}

/// How many answers a snapshot keeps.
const SEARCHES_KEPT: usize = 512;

impl Snapshot {
    /// The answer to `query` at `marker_zoom`, computed by `search` once per snapshot.
    pub fn search_cached(
        &self,
        query: &str,
        marker_zoom: u8,
        search: impl FnOnce() -> SearchResult,
    ) -> Arc<SearchResult> {
        let key = (query.to_owned(), marker_zoom);
        if let Some(found) = self.searches.lock().ok().and_then(|kept| kept.get(&key).cloned()) {
            return found;
        }
        let result = Arc::new(search());
        if let Ok(mut kept) = self.searches.lock() {
            if kept.len() >= SEARCHES_KEPT {
                kept.clear();
            }
            kept.insert(key, result.clone());
        }
        result
    }
}

/// The cache itself; lives in `Db` and is shared by its clones.
#[derive(Debug)]
pub struct Catalog {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Held while the first snapshot is built, so concurrent first requests share it.
    first: tokio::sync::Mutex<()>,
    /// Whether the keeper runs (from the first snapshot on).
    kept: AtomicBool,
    /// The last commit the current snapshot shows, for commits that wait to be shown.
    covered: tokio::sync::watch::Sender<u64>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            current: RwLock::default(),
            first: tokio::sync::Mutex::default(),
            kept: AtomicBool::new(false),
            covered: tokio::sync::watch::Sender::new(0),
        }
    }
}

impl Catalog {
    fn current(&self) -> Option<Arc<Snapshot>> {
        self.current.read().ok()?.clone()
    }

    fn store(&self, snapshot: Arc<Snapshot>) {
        let covers = snapshot.covers;
        if let Ok(mut current) = self.current.write() {
            *current = Some(snapshot);
        }
        self.covered.send_replace(covers);
    }

    /// Returns once the current snapshot shows commit `seq`, or after `CATCH_UP_LIMIT`;
    /// at once when no keeper runs (nothing in this process reads the catalog).
    pub(super) async fn caught_up(&self, seq: u64) {
        if !self.kept.load(Ordering::Acquire) {
            return;
        }
        let mut covered = self.covered.subscribe();
        if tokio::time::timeout(CATCH_UP_LIMIT, covered.wait_for(|covers| *covers >= seq))
            .await
            .is_err()
        {
            tracing::warn!(seq, "the catalog did not show a commit within {CATCH_UP_LIMIT:?}");
        }
    }
}

impl Db {
    /// The current catalog. Only the first call of a process waits for it to be built;
    /// it also starts the keeper that rebuilds it after public changes, and the watcher
    /// of other processes' writes.
    pub async fn catalog(&self) -> Result<Arc<Snapshot>, sqlx::Error> {
        if let Some(snapshot) = self.catalog.current() {
            return Ok(snapshot);
        }
        let _first = self.catalog.first.lock().await;
        if let Some(snapshot) = self.catalog.current() {
            return Ok(snapshot);
        }
        // Subscribed before building: whatever commits from here on reaches the keeper.
        let changes = self.subscribe();
        let counted = self.public_changes_counted().await?;
        let snapshot = Arc::new(self.build_snapshot().await?);
        self.catalog.store(snapshot.clone());
        self.catalog.kept.store(true, Ordering::Release);
        tokio::spawn(keep_catalog(self.clone(), changes));
        tokio::spawn(super::changes::watch_outside_writes(self.clone(), counted));
        Ok(snapshot)
    }

    /// The catalog as it is now, without waiting: `None` before the first one is built.
    pub fn catalog_now(&self) -> Option<Arc<Snapshot>> {
        self.catalog.current()
    }

    /// Returns once the catalog shows commit `seq` (a `Committed::seq`), or after
    /// `CATCH_UP_LIMIT`.
    pub async fn catalog_shows(&self, seq: u64) {
        self.catalog.caught_up(seq).await;
    }

    async fn build_snapshot(&self) -> Result<Snapshot, sqlx::Error> {
        // Read before the queries: every commit published by then is in what they read,
        // and a later one reaches the keeper and is rebuilt for.
        let covers = self.changes.last_seq();
        let started = std::time::Instant::now();
        let regions = regions::list_region_summaries(self).await?;
        let companies = companies::list_catalog_companies(self).await?;
        let events = super::events::list_events_ending_after(self, super::now())
            .await?
            .into_iter()
            .filter(|event| !event.hidden && !event.is_cancelled())
            .collect();
        Ok(Snapshot {
            regions,
            companies,
            events,
            covers,
            built_at: std::time::Instant::now(),
            build_time: started.elapsed(),
            searches: Default::default(),
        })
    }
}

/// Rebuilds the catalog after every public change, one rebuild for all that arrived
/// meanwhile, until the database is closed. Under a stream of writes it pauses
/// `REBUILD_PAUSE` after each rebuild before the next, so rebuilding never takes all of a
/// core: with several instances each rebuilds after every write anywhere.
async fn keep_catalog(db: Db, mut changes: Receiver<Arc<Committed>>) {
    loop {
        let first = match changes.recv().await {
            Ok(committed) => committed.is_public(),
            Err(RecvError::Lagged(_)) => true,
            Err(RecvError::Closed) => return,
        };
        let Some(more) = drain(&mut changes) else { return };
        let mut stale = first || more;
        // The pause runs from when the snapshot now serving was built.
        if stale && let Some(current) = db.catalog_now() {
            tokio::time::sleep_until(tokio::time::Instant::from_std(current.built_at) + REBUILD_PAUSE).await;
            // What arrived during the pause is covered by the rebuild that follows.
            if drain(&mut changes).is_none() {
                return;
            }
        }
        while stale {
            if db.is_closed() {
                return;
            }
            match db.build_snapshot().await {
                Ok(snapshot) => {
                    let companies = snapshot.companies.len();
                    let ms = snapshot.build_time.as_millis() as u64;
                    db.catalog.store(Arc::new(snapshot));
                    stale = false;
                    tracing::debug!(ms, companies, "catalog rebuilt");
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot rebuild the catalog; the last one keeps serving");
                    tokio::time::sleep(RETRY_AFTER).await;
                }
            }
        }
    }
}

/// Takes every commit waiting in `changes`: whether one of them was public (or some were
/// missed), `None` once the broadcast is closed.
fn drain(changes: &mut Receiver<Arc<Committed>>) -> Option<bool> {
    let mut public = false;
    loop {
        match changes.try_recv() {
            Ok(committed) => public |= committed.is_public(),
            Err(TryRecvError::Lagged(_)) => public = true,
            Err(TryRecvError::Empty) => return Some(public),
            Err(TryRecvError::Closed) => return None,
        }
    }
}
