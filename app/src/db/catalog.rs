//! The catalog: an in-memory snapshot of what the public pages list (region counts and
//! every published company with its open placements), so that browsing and searching
//! cost no queries. The search (`search::engine`) runs over it.
//!
//! Why a cache: the counts aggregate every open placement, which at a thousand companies
//! costs milliseconds per request, while the data changes a few times a day.
//!
//! A snapshot serves until a public change is published (`changes`). Then a keeper task
//! makes the next one in the background while the old one keeps serving, so no reader
//! waits; only the first snapshot of a process is built on demand. A commit of this
//! process names what it changed (`Change::Company`, `Placement`, `Event`), so the keeper
//! **patches**: it reads only the companies named (one short query each) and puts them in
//! place, recounts the regions in memory, and reads the events again when an event or a
//! company changed: a few milliseconds, also at 20,000 companies. Only when it does not
//! know what changed (`Change::Elsewhere`: another process wrote; or it missed commits)
//! does it **rebuild** everything from a few queries, and under a stream of those it
//! rests `REBUILD_PAUSE` between rebuilds. Changes that arrive meanwhile are covered by
//! the next patch or rebuild, and nothing is made anew (nor any kept page dropped) when
//! nothing public changed. A patched snapshot equals a rebuilt one (a test compares them).
//!
//! The map's event layer holds the events that had not ended when the events were last
//! read (by the clock then); pages leave out those ended since.
//!
//! Must not: be written to by anything but the keeper.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use super::changes::{Change, Committed};
use super::{Db, companies, regions};
use crate::domain::RegionSummary;
use crate::search::engine::{CatalogCompany, SearchResult};

/// How long a commit waits at most for the catalog to show it (see `Tx::commit`).
pub const CATCH_UP_LIMIT: Duration = Duration::from_secs(3);

/// The least time between the end of one full rebuild and the start of the next (patches
/// do not wait). At 5,000 companies a rebuild takes about 0.3 s, so under a stream of
/// other processes' writes the keeper uses at most half a core.
const REBUILD_PAUSE: Duration = Duration::from_millis(300);

/// How long the keeper waits before it tries again when a rebuild failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What the public pages list, as of one moment.
#[derive(Debug)]
pub struct Snapshot {
    pub regions: Vec<RegionSummary>,
    /// Published companies with open placements, sorted by name (as bytes), then id. Shared
    /// with the snapshots patched from this one: a patch copies pointers, not companies.
    pub companies: Vec<Arc<CatalogCompany>>,
    /// Events not ended when the snapshot was built, neither hidden nor cancelled, soonest
    /// first: the map's event layer (which leaves out those ended since).
    pub events: Vec<crate::domain::Event>,
    /// The last commit of this process that this snapshot shows.
    covers: u64,
    /// When it was made and how long making it took (a rebuild or a patch), for
    /// `/metrics`.
    pub built_at: std::time::Instant,
    pub build_time: Duration,
    /// When the last full rebuild in its line was made (the pause between rebuilds runs
    /// from it).
    rebuilt_at: std::time::Instant,
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
    /// it also starts the keeper that renews it after public changes, and the follower
    /// of other processes' changes (`changes::follow_other_processes`).
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
        let head = self.change_log_head().await?;
        let snapshot = Arc::new(self.build_snapshot().await?);
        self.catalog.store(snapshot.clone());
        self.catalog.kept.store(true, Ordering::Release);
        tokio::spawn(keep_catalog(self.clone(), changes));
        tokio::spawn(super::changes::follow_other_processes(self.clone(), head));
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
        let mut companies: Vec<Arc<CatalogCompany>> = companies::list_catalog_companies(self)
            .await?
            .into_iter()
            .map(Arc::new)
            .collect();
        // The database's collation may order names otherwise; patches keep this order.
        companies.sort_by(|a, b| order(a).cmp(&order(b)));
        let events = self.catalog_events().await?;
        let now = std::time::Instant::now();
        Ok(Snapshot {
            regions,
            companies,
            events,
            covers,
            built_at: now,
            build_time: started.elapsed(),
            rebuilt_at: now,
            searches: Default::default(),
        })
    }

    /// The events of the map's layer: not ended now, neither hidden nor cancelled.
    async fn catalog_events(&self) -> Result<Vec<crate::domain::Event>, sqlx::Error> {
        Ok(super::events::list_events_ending_after(self, super::now())
            .await?
            .into_iter()
            .filter(|event| !event.hidden && !event.is_cancelled())
            .collect())
    }

    /// `current` with what `stale` names read again: the companies named, the regions
    /// recounted from them, and the events when they may have changed.
    async fn patch_snapshot(&self, current: &Snapshot, stale: &Stale) -> Result<Snapshot, sqlx::Error> {
        // As in `build_snapshot`: read before the queries.
        let covers = self.changes.last_seq();
        let started = std::time::Instant::now();
        let mut companies = current.companies.clone();
        for &id in &stale.companies {
            let fresh = companies::catalog_company(self, id).await?;
            if let Some(at) = companies.iter().position(|company| company.id == id) {
                companies.remove(at);
            }
            if let Some(fresh) = fresh {
                let at = companies.partition_point(|company| order(company) < order(&fresh));
                companies.insert(at, Arc::new(fresh));
            }
        }
        let regions = recount(&current.regions, &companies);
        let events = if stale.events {
            self.catalog_events().await?
        } else {
            current.events.clone()
        };
        Ok(Snapshot {
            regions,
            companies,
            events,
            covers,
            built_at: std::time::Instant::now(),
            build_time: started.elapsed(),
            rebuilt_at: current.rebuilt_at,
            searches: Default::default(),
        })
    }
}

/// The catalog's order of companies: by name as bytes, then id.
fn order(company: &CatalogCompany) -> (&str, i64) {
    (company.name.as_str(), company.id)
}

/// The regions of `before` (in its order), counted again over `companies`: the open
/// placements of published companies, and how many companies have them.
fn recount(before: &[RegionSummary], companies: &[Arc<CatalogCompany>]) -> Vec<RegionSummary> {
    let mut regions: Vec<RegionSummary> = before
        .iter()
        .map(|summary| RegionSummary {
            region: summary.region,
            open_placements: 0,
            companies_with_open_placements: 0,
        })
        .collect();
    for company in companies {
        let region = company.municipality.region();
        if let Some(summary) = regions.iter_mut().find(|summary| summary.region == region) {
            summary.open_placements += company.placements.len() as i64;
            summary.companies_with_open_placements += 1;
        }
    }
    regions
}

/// What the commits the keeper read since its last snapshot made stale.
#[derive(Debug, Default)]
struct Stale {
    /// Anything: another process wrote, or commits were missed.
    everything: bool,
    /// Companies whose entry (profile or placements) may differ.
    companies: std::collections::BTreeSet<i64>,
    /// Whether the events may differ (an event changed, or a company, whose name and
    /// publication its events show).
    events: bool,
}

impl Stale {
    fn note(&mut self, committed: &Committed) {
        for change in &committed.changes {
            match change {
                Change::Company { id, .. } => {
                    self.companies.insert(*id);
                    self.events = true;
                }
                Change::Placement { company_id, .. } => {
                    self.companies.insert(*company_id);
                }
                Change::Event { .. } => self.events = true,
                Change::Elsewhere => self.everything = true,
                Change::SignUp { .. }
                | Change::Screen { .. }
                | Change::Interest { .. }
                | Change::Account { .. }
                | Change::Mail { .. } => {}
            }
        }
    }

    fn is_empty(&self) -> bool {
        !self.everything && self.companies.is_empty() && !self.events
    }

    /// Whether reading everything anew is the cheaper way: anything may have changed, or
    /// more companies did than reading them one by one is worth (a seed, an import).
    fn rebuild(&self) -> bool {
        self.everything || self.companies.len() > super::changes::LOGGED_AT_MOST
    }
}

/// Makes the next snapshot after every public change, one for all that arrived meanwhile,
/// until the database is closed: a patch when the changes say what changed, a full
/// rebuild otherwise, at most one per `REBUILD_PAUSE`.
async fn keep_catalog(db: Db, mut changes: Receiver<Arc<Committed>>) {
    loop {
        let mut stale = Stale::default();
        match changes.recv().await {
            Ok(committed) => stale.note(&committed),
            Err(RecvError::Lagged(_)) => stale.everything = true,
            Err(RecvError::Closed) => return,
        }
        if !drain(&mut changes, &mut stale) {
            return;
        }
        if stale.is_empty() {
            continue;
        }
        if stale.rebuild()
            && let Some(current) = db.catalog_now()
        {
            tokio::time::sleep_until(tokio::time::Instant::from_std(current.rebuilt_at) + REBUILD_PAUSE).await;
            // What arrived during the pause is covered by the rebuild that follows.
            if !drain(&mut changes, &mut stale) {
                return;
            }
        }
        loop {
            if db.is_closed() {
                return;
            }
            let made = match db.catalog_now() {
                Some(current) if !stale.rebuild() => db.patch_snapshot(&current, &stale).await,
                _ => db.build_snapshot().await,
            };
            match made {
                Ok(snapshot) => {
                    let companies = snapshot.companies.len();
                    let us = snapshot.build_time.as_micros() as u64;
                    if stale.rebuild() {
                        tracing::debug!(ms = us / 1000, companies, "catalog rebuilt");
                    } else {
                        tracing::debug!(us, companies, named = stale.companies.len(), "catalog patched");
                    }
                    db.catalog.store(Arc::new(snapshot));
                    break;
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot renew the catalog; the last one keeps serving");
                    // Whatever was noted, a rebuild covers it.
                    stale.everything = true;
                    tokio::time::sleep(RETRY_AFTER).await;
                }
            }
        }
    }
}

/// Notes every commit waiting in `changes` in `stale`; `false` once the broadcast is
/// closed.
fn drain(changes: &mut Receiver<Arc<Committed>>, stale: &mut Stale) -> bool {
    loop {
        match changes.try_recv() {
            Ok(committed) => stale.note(&committed),
            Err(TryRecvError::Lagged(_)) => stale.everything = true,
            Err(TryRecvError::Empty) => return true,
            Err(TryRecvError::Closed) => return false,
        }
    }
}
