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
//! It lives outside `db`: it keeps its state attached to the `Db` (`Db::attached`), tells
//! the `Db` how far it has come (`Db::mark_shown`, so a commit of a public change returns
//! once it is shown) and reads through `db`'s queries like any other service.
//!
//! Must not: be written to by anything but the keeper.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::db::changes::{Change, Committed};
use crate::db::{Db, companies, regions};
use crate::domain::RegionSummary;
use crate::search::engine::{CatalogCompany, SearchResult};

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

/// The cache itself, attached to the `Db` (`Db::attached`) and shared by its clones.
#[derive(Debug, Default)]
pub struct Catalog {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Held while the first snapshot is built, so concurrent first requests share it.
    first: tokio::sync::Mutex<()>,
}

impl Catalog {
    fn current(&self) -> Option<Arc<Snapshot>> {
        self.current.read().ok()?.clone()
    }

    fn store(&self, db: &Db, snapshot: Arc<Snapshot>) {
        let covers = snapshot.covers;
        if let Ok(mut current) = self.current.write() {
            *current = Some(snapshot);
        }
        db.mark_shown(covers);
    }
}

/// The current catalog of `db`. Only the first call of a process waits for it to be
/// built; it also starts the keeper that renews it after public changes, and the follower
/// of other processes' changes (`db::changes::follow_other_processes`).
pub async fn current(db: &Db) -> Result<Arc<Snapshot>, sqlx::Error> {
    let catalog = db.attached::<Catalog>();
    if let Some(snapshot) = catalog.current() {
        return Ok(snapshot);
    }
    let _first = catalog.first.lock().await;
    if let Some(snapshot) = catalog.current() {
        return Ok(snapshot);
    }
    // Subscribed before building: whatever commits from here on reaches the keeper.
    let changes = db.subscribe();
    let head = db.change_log_head().await?;
    let snapshot = Arc::new(build_snapshot(db).await?);
    catalog.store(db, snapshot.clone());
    db.follow_public_changes();
    tokio::spawn(keep_catalog(db.clone(), changes));
    tokio::spawn(crate::db::changes::follow_other_processes(db.clone(), head));
    Ok(snapshot)
}

/// The catalog of `db` as it is now, without waiting: `None` before the first one is built.
pub fn latest(db: &Db) -> Option<Arc<Snapshot>> {
    db.attached::<Catalog>().current()
}

async fn build_snapshot(db: &Db) -> Result<Snapshot, sqlx::Error> {
    // Read before the queries: every commit published by then is in what they read, and a
    // later one reaches the keeper and is rebuilt for.
    let covers = db.last_seq();
    let started = std::time::Instant::now();
    let regions = regions::list_region_summaries(db).await?;
    let mut companies: Vec<Arc<CatalogCompany>> = companies::list_public_companies(db)
        .await?
        .into_iter()
        .map(|company| Arc::new(CatalogCompany::from(company)))
        .collect();
    // The database's collation may order names otherwise; patches keep this order.
    companies.sort_by(|a, b| order(a).cmp(&order(b)));
    let events = catalog_events(db).await?;
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
async fn catalog_events(db: &Db) -> Result<Vec<crate::domain::Event>, sqlx::Error> {
    Ok(crate::db::events::list_events_ending_after(db, crate::db::now())
        .await?
        .into_iter()
        .filter(|event| !event.hidden && !event.is_cancelled())
        .collect())
}

/// `current` with what `stale` names read again: the companies named, the regions
/// recounted from them, and the events when they may have changed.
async fn patch_snapshot(db: &Db, current: &Snapshot, stale: &Stale) -> Result<Snapshot, sqlx::Error> {
    // As in `build_snapshot`: read before the queries.
    let covers = db.last_seq();
    let started = std::time::Instant::now();
    let mut companies = current.companies.clone();
    for &id in &stale.companies {
        let fresh = companies::public_company(db, id).await?.map(CatalogCompany::from);
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
        catalog_events(db).await?
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
        self.everything || self.companies.len() > crate::db::changes::LOGGED_AT_MOST
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
            && let Some(current) = latest(&db)
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
            let made = match latest(&db) {
                Some(current) if !stale.rebuild() => patch_snapshot(&db, &current, &stale).await,
                _ => build_snapshot(&db).await,
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
                    db.attached::<Catalog>().store(&db, Arc::new(snapshot));
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
