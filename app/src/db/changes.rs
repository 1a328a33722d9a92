//! The one path a change travels. A write records what it changed in its transaction
//! (`Tx::changed`, called by the `db` functions that write, so no caller can forget), and
//! `Tx::commit` publishes those changes as one `Committed` on one in-process broadcast,
//! after the commit succeeded. A rolled-back transaction publishes nothing.
//!
//! Whatever must follow the data subscribes (`Db::subscribe`): the catalog keeper
//! rebuilds the public picture, the mail sender wakes for new mail, and live screens can
//! follow the same stream. Nothing polls tables to find out whether something changed.
//!
//! Writes made by another process (the command line, a second instance on the same
//! PostgreSQL database) cannot reach this broadcast. The database's own triggers count
//! every change to what the public pages show in `public_changes`; a watcher reads that
//! one row every `OUTSIDE_WRITES_EVERY` and publishes `Change::Elsewhere` when it moved
//! beyond what this process committed itself. On PostgreSQL the same triggers also
//! `NOTIFY` the channel `public_changes` with the new count, and one listening connection
//! per process reads the count as soon as one arrives, so another instance's write is
//! noticed at once; the reading every second stays, and repairs a notification missed
//! while the listening connection was down (it reconnects by itself).
//!
//! The broadcast keeps the last `KEPT` commits for slow subscribers. One that falls
//! further behind is told so (`RecvError::Lagged`) and must treat it as "anything may
//! have changed".
//!
//! Nothing here knows about HTTP or who is asking.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::domain::Region;

/// How often the count of public changes is read to notice writes of other processes.
/// Such a write shows on this server's pages within this time plus one catalog rebuild.
pub const OUTSIDE_WRITES_EVERY: Duration = Duration::from_secs(1);

/// How many commits the broadcast keeps for a subscriber that has not read them yet.
const KEPT: usize = 1024;

/// What one write changed: which kind of thing, which ids, which region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// A company's profile (its fields of work, logo and SBB recognition included).
    Company { id: i64, region: Region },
    /// A placement was added or changed.
    Placement { id: i64, company_id: i64, region: Region },
    /// An event was added or changed (cancelled and hidden included). `company_id` is
    /// `None` for a region's own event.
    Event {
        id: i64,
        company_id: Option<i64>,
        region: Region,
    },
    /// A class signed up for an event, changed or cancelled its sign-up (places taken
    /// and free change; no page of the public catalog shows who).
    SignUp { event_id: i64 },
    /// A kiosk screen's settings: paired, changed, revoked or removed. Only that screen's
    /// own stream follows it; heartbeats are not recorded.
    Screen { id: i64 },
    /// A student's interest: said, confirmed, moved on the board, withdrawn or deleted.
    /// Never public: no public page or screen shows interests.
    Interest { id: i64 },
    /// An account, its password or one of its one-time links. Sessions are not
    /// recorded: no page or screen shows them.
    Account { user_id: i64 },
    /// A message was added to the outbox, or marked sent.
    Mail { id: i64 },
    /// Another process changed something public; what exactly is not known.
    Elsewhere,
}

impl Change {
    /// Whether a public page (the catalog, a company or placement page, a screen) may
    /// show something else after this change.
    pub fn is_public(&self) -> bool {
        match self {
            Change::Company { .. } | Change::Placement { .. } | Change::Event { .. } | Change::Elsewhere => true,
            Change::SignUp { .. }
            | Change::Screen { .. }
            | Change::Interest { .. }
            | Change::Account { .. }
            | Change::Mail { .. } => false,
        }
    }

    /// The region the change belongs to; `None` when it is not about one region.
    pub fn region(&self) -> Option<Region> {
        match self {
            Change::Company { region, .. } | Change::Placement { region, .. } | Change::Event { region, .. } => {
                Some(*region)
            }
            Change::SignUp { .. }
            | Change::Screen { .. }
            | Change::Interest { .. }
            | Change::Account { .. }
            | Change::Mail { .. }
            | Change::Elsewhere => None,
        }
    }
}

/// The changes of one committed transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Committed {
    /// Numbers this process's commits in the order they were published, from 1.
    pub seq: u64,
    /// Each change once, in the order the transaction made them.
    pub changes: Vec<Change>,
}

impl Committed {
    /// Whether any change of this commit is public.
    pub fn is_public(&self) -> bool {
        self.changes.iter().any(Change::is_public)
    }
}

/// The broadcast and the numbering of commits; one per `Db`, shared by its clones.
#[derive(Debug)]
pub(crate) struct Changes {
    sender: broadcast::Sender<Arc<Committed>>,
    /// The last number given out. Numbering and sending happen under this lock, so
    /// subscribers see the numbers rise.
    last_seq: Mutex<u64>,
    /// The highest count of public changes this process's own commits reached. Set just
    /// before a commit, so the watcher never mistakes one of ours for another process's.
    own_count: AtomicI64,
}

impl Default for Changes {
    fn default() -> Self {
        Changes {
            sender: broadcast::channel(KEPT).0,
            last_seq: Mutex::new(0),
            own_count: AtomicI64::new(i64::MIN),
        }
    }
}

impl Changes {
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Arc<Committed>> {
        self.sender.subscribe()
    }

    /// The number of the last commit published so far.
    pub(crate) fn last_seq(&self) -> u64 {
        self.last_seq.lock().map_or(0, |seq| *seq)
    }

    /// Notes that a commit about to happen brings the count of public changes to `count`;
    /// returns what was noted before, for `withdraw` if the commit fails.
    pub(crate) fn expect_own(&self, count: i64) -> i64 {
        self.own_count.fetch_max(count, Ordering::AcqRel)
    }

    /// Takes back `expect_own(count)` after the commit failed. (Should another process
    /// commit that same count in the moment between, the watcher misses that one write
    /// until the next.)
    pub(crate) fn withdraw(&self, count: i64, before: i64) {
        self.own_count
            .compare_exchange(count, before, Ordering::AcqRel, Ordering::Acquire)
            .ok();
    }

    /// Numbers and sends one commit's changes; returns its number.
    pub(crate) fn publish(&self, mut changes: Vec<Change>) -> u64 {
        let mut seen = std::collections::HashSet::new();
        changes.retain(|change| seen.insert(*change));
        let Ok(mut last) = self.last_seq.lock() else {
            return 0;
        };
        *last += 1;
        let committed = Committed { seq: *last, changes };
        // An error only means nobody subscribes right now; the change is in the database.
        self.sender.send(Arc::new(committed)).ok();
        *last
    }
}

/// Publishes `Change::Elsewhere` whenever the count of public changes moves beyond what
/// this process committed itself (`counted` is where it stood when watching began);
/// ends when the database is closed.
pub(crate) async fn watch_outside_writes(db: super::Db, mut counted: i64) {
    let mut every = tokio::time::interval(OUTSIDE_WRITES_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut listener = listen(&db).await;
    loop {
        match listener.as_mut() {
            Some(listening) => {
                tokio::select! {
                    _ = every.tick() => {}
                    heard = listening.try_recv() => match heard {
                        Ok(Some(_)) => {}
                        // The connection dropped: it reconnects on the next call, and the
                        // count read below covers whatever was missed meanwhile.
                        Ok(None) => tracing::warn!("the listening connection dropped; reconnecting"),
                        Err(error) => {
                            if !db.is_closed() {
                                tracing::warn!(%error, "cannot listen for public changes; reading the count every second");
                            }
                            listener = None;
                        }
                    },
                }
            }
            None => {
                every.tick().await;
            }
        }
        if db.is_closed() {
            return;
        }
        let now = match db.public_changes_counted().await {
            Ok(now) => now,
            Err(error) => {
                tracing::warn!(%error, "cannot read the count of public changes");
                continue;
            }
        };
        let own = db.changes.own_count.load(Ordering::Acquire);
        if now > counted && now > own {
            tracing::debug!(now, "another process changed public data");
            db.changes.publish(vec![Change::Elsewhere]);
        }
        counted = counted.max(now);
    }
}

/// The name of the channel the triggers notify (PostgreSQL).
pub const PUBLIC_CHANGES_CHANNEL: &str = "public_changes";

/// On PostgreSQL, a connection of its own that listens for public changes; `None` on
/// SQLite, or when it cannot be had (the count is then read every second only).
async fn listen(db: &super::Db) -> Option<sqlx::postgres::PgListener> {
    let super::Pools::Postgres(pool) = db.pools() else {
        return None;
    };
    let listening = async {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(PUBLIC_CHANGES_CHANNEL).await?;
        Ok::<_, sqlx::Error>(listener)
    };
    match listening.await {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(%error, "cannot listen for public changes; reading the count every second");
            None
        }
    }
}
