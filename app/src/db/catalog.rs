//! The catalog: an in-memory snapshot of what the public pages list (region counts and
//! every published company with its open placements), so that browsing and searching
//! cost no queries. The search (`search::engine`) runs over it.
//!
//! Why a cache: the counts aggregate every open placement, which at a thousand companies
//! costs milliseconds per request, while the data changes a few times a day. The snapshot
//! is rebuilt from two ordinary queries by one task at a time, and it is considered stale
//! when
//! - any write transaction of this process has committed since it was taken (`Tx::commit`
//!   marks it), so a company sees its own change at once, or
//! - it is older than `MAX_AGE`, which bounds how long a write made elsewhere (another
//!   server on the same PostgreSQL database, or a `techkaart seed` run) stays unseen.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::{Db, companies, regions};
use crate::domain::RegionSummary;
use crate::search::engine::{CatalogCompany, SearchResult};

/// How long a snapshot may serve without any local write.
pub const MAX_AGE: Duration = Duration::from_secs(5);

/// What the public pages list, as of one moment.
#[derive(Debug)]
pub struct Snapshot {
    pub regions: Vec<RegionSummary>,
    /// Published companies with open placements, sorted by name, then id.
    pub companies: Vec<CatalogCompany>,
    generation: u64,
    taken: Instant,
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
#[derive(Debug, Default)]
pub struct Catalog {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Counts committed local writes.
    generation: AtomicU64,
    /// Held while rebuilding, so concurrent requests wait for one rebuild instead of each
    /// running the queries.
    rebuilding: tokio::sync::Mutex<()>,
}

impl Catalog {
    pub(super) fn mark_stale(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn fresh(&self) -> Option<Arc<Snapshot>> {
        let current = self.current.read().ok()?;
        let snapshot = current.as_ref()?;
        let unchanged = snapshot.generation == self.generation.load(Ordering::Acquire);
        (unchanged && snapshot.taken.elapsed() < MAX_AGE).then(|| snapshot.clone())
    }
}

impl Db {
    /// The current catalog, rebuilt from the database when stale.
    pub async fn catalog(&self) -> Result<Arc<Snapshot>, sqlx::Error> {
        if let Some(snapshot) = self.catalog.fresh() {
            return Ok(snapshot);
        }
        let _rebuilding = self.catalog.rebuilding.lock().await;
        if let Some(snapshot) = self.catalog.fresh() {
            return Ok(snapshot);
        }
        // Read the generation before querying: a write that commits during the queries
        // then leaves this snapshot stale instead of being missed.
        let generation = self.catalog.generation.load(Ordering::Acquire);
        let snapshot = Arc::new(Snapshot {
            regions: regions::list_region_summaries(self).await?,
            companies: companies::list_catalog_companies(self).await?,
            generation,
            taken: Instant::now(),
            searches: Default::default(),
        });
        if let Ok(mut current) = self.catalog.current.write() {
            *current = Some(snapshot.clone());
        }
        Ok(snapshot)
    }
}
