//! The one path a change travels. A write records what it changed in its transaction
//! (`Tx::changed`, called by the `db` functions that write, so no caller can forget), and
//! `Tx::commit` publishes those changes as one `Committed` on one in-process broadcast,
//! after the commit succeeded. A rolled-back transaction publishes nothing.
//!
//! Whatever must follow the data subscribes (`Db::subscribe`): the catalog keeper
//! rebuilds the public picture, the mail sender wakes for new mail, and live screens can
//! follow the same stream. Nothing polls tables to find out whether something changed.
//!
//! Other processes on the same database (a second instance, the command line) cannot
//! reach this broadcast, so a commit that changes something another process shows (a
//! company, a placement, an event, a kiosk screen: `Change::travels`) also appends one row
//! to `change_log` in its own transaction: which process wrote it and its typed changes
//! (`encode`). Every process follows that table (`follow_other_processes`): it reads the
//! rows of other processes it has not seen and publishes their typed changes as if they
//! were its own commits, so its catalog patches only what they name and only the screens
//! concerned wake. On PostgreSQL the commit also notifies the channel `change_log`, and
//! one listening connection per process reads new rows as soon as one arrives; the
//! reading every `OUTSIDE_WRITES_EVERY` stays, and repairs a notification missed while the
//! listening connection was down (it reconnects by itself). A row that cannot be read as
//! typed changes (`*`, written by `techkaart changed` after someone edited the database
//! by hand, or a commit with more than `LOGGED_AT_MOST` changes) publishes
//! `Change::Elsewhere`: anything may have changed. Rows are deleted after `LOG_KEPT`.
//!
//! The broadcast keeps the last `KEPT` commits for slow subscribers. One that falls
//! further behind is told so (`RecvError::Lagged`) and must treat it as "anything may
//! have changed".
//!
//! Nothing here knows about HTTP or who is asking.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::domain::Region;

/// How often `change_log` is read for other processes' writes, besides each notification
/// on PostgreSQL: on SQLite another process's write shows within this time plus a patch.
pub const OUTSIDE_WRITES_EVERY: Duration = Duration::from_secs(1);

/// How long `change_log` keeps a row: longer than any process takes to read it.
const LOG_KEPT: Duration = Duration::from_secs(3600);

/// A commit with more changes than this is logged as `*` (rebuild everything), which is
/// cheaper for the other processes than patching that many companies one by one.
pub const LOGGED_AT_MOST: usize = 200;

/// How far below the highest id read each reading looks again: on PostgreSQL ids are
/// handed out when a row is written, so a transaction that wrote its row earlier may
/// commit after one that wrote a higher id. The rows read are told apart by id.
const LATE_COMMITS: i64 = 256;

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

    /// Whether another process on the same database must hear of this change (it shows
    /// it: public pages, a kiosk screen's stream), so the commit logs it in `change_log`.
    pub fn travels(&self) -> bool {
        match self {
            Change::Company { .. } | Change::Placement { .. } | Change::Event { .. } | Change::Screen { .. } => true,
            Change::SignUp { .. }
            | Change::Interest { .. }
            | Change::Account { .. }
            | Change::Mail { .. }
            | Change::Elsewhere => false,
        }
    }
}

/// The text `change_log` keeps for `changes`: one word each, separated by spaces:
/// `c12@kempen` (company 12), `p7/12@kempen` (placement 7 of company 12), `e3/12@ijmond`
/// or `e4/-@ijmond` (event 3 of company 12, event 4 of the region), `s9` (screen 9); `*`
/// for "anything" (`Change::Elsewhere`, or more than `LOGGED_AT_MOST` changes).
pub fn encode(changes: &[Change]) -> String {
    if changes.len() > LOGGED_AT_MOST || changes.contains(&Change::Elsewhere) {
        return "*".to_owned();
    }
    let words: Vec<String> = changes
        .iter()
        .filter_map(|change| match change {
            Change::Company { id, region } => Some(format!("c{id}@{}", region.code())),
            Change::Placement { id, company_id, region } => Some(format!("p{id}/{company_id}@{}", region.code())),
            Change::Event { id, company_id, region } => Some(format!(
                "e{id}/{}@{}",
                company_id.map_or_else(|| "-".to_owned(), |c| c.to_string()),
                region.code()
            )),
            Change::Screen { id } => Some(format!("s{id}")),
            _ => None,
        })
        .collect();
    if words.is_empty() {
        "*".to_owned()
    } else {
        words.join(" ")
    }
}

/// The changes `encode` wrote; `None` for `*` or anything it cannot read (a newer
/// release's word, say): the reader then assumes anything changed.
pub fn decode(text: &str) -> Option<Vec<Change>> {
    fn ids(text: &str) -> Option<(i64, Option<&str>, Region)> {
        let (ids, region) = match text.split_once('@') {
            Some((ids, region)) => (ids, Region::from_code(region)?),
            None => return None,
        };
        let (id, rest) = match ids.split_once('/') {
            Some((id, rest)) => (id, Some(rest)),
            None => (ids, None),
        };
        Some((id.parse().ok()?, rest, region))
    }
    text.split(' ')
        .map(|word| {
            let (kind, rest) = word.split_at_checked(1)?;
            match kind {
                "c" => match ids(rest)? {
                    (id, None, region) => Some(Change::Company { id, region }),
                    _ => None,
                },
                "p" => match ids(rest)? {
                    (id, Some(company), region) => Some(Change::Placement {
                        id,
                        company_id: company.parse().ok()?,
                        region,
                    }),
                    _ => None,
                },
                "e" => match ids(rest)? {
                    (id, Some("-"), region) => Some(Change::Event {
                        id,
                        company_id: None,
                        region,
                    }),
                    (id, Some(company), region) => Some(Change::Event {
                        id,
                        company_id: Some(company.parse().ok()?),
                        region,
                    }),
                    _ => None,
                },
                "s" => Some(Change::Screen { id: rest.parse().ok()? }),
                _ => None,
            }
        })
        .collect()
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
    /// This process's name in `change_log` (random), so it skips its own rows there.
    pub(crate) origin: String,
}

impl Default for Changes {
    fn default() -> Self {
        Changes {
            sender: broadcast::channel(KEPT).0,
            last_seq: Mutex::new(0),
            origin: crate::tokens::random_token()[..16].to_owned(),
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

/// Follows `change_log` from row `head` on: publishes the typed changes of every row
/// another process wrote, once each, and deletes rows older than `LOG_KEPT` now and then;
/// ends when the database is closed.
pub async fn follow_other_processes(db: super::Db, head: i64) {
    let mut every = tokio::time::interval(OUTSIDE_WRITES_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut listener = listen(&db).await;
    let mut read = ReadRows::starting_at(head);
    // The rows of the last moments before `head` were covered by what the caller built.
    match read_log(&db, read.from()).await {
        Ok(rows) => read.seen.extend(rows.iter().map(|row| row.0).filter(|id| *id <= head)),
        Err(error) => tracing::warn!(%error, "cannot read the change log"),
    }
    let mut rounds: u64 = 0;
    loop {
        match listener.as_mut() {
            Some(listening) => {
                tokio::select! {
                    _ = every.tick() => {}
                    heard = listening.try_recv() => match heard {
                        Ok(Some(_)) => {}
                        // The connection dropped: it reconnects on the next call, and the
                        // reading below covers whatever was missed meanwhile.
                        Ok(None) => tracing::warn!("the listening connection dropped; reconnecting"),
                        Err(error) => {
                            if !db.is_closed() {
                                tracing::warn!(%error, "cannot listen for changes; reading the change log every second");
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
        rounds += 1;
        if rounds.is_multiple_of(60) {
            forget_old_rows(&db).await;
        }
        let rows = match read_log(&db, read.from()).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, "cannot read the change log");
                continue;
            }
        };
        for (id, origin, text) in rows {
            if !read.take(id) || origin == db.changes.origin {
                continue;
            }
            let changes = decode(&text).unwrap_or_else(|| vec![Change::Elsewhere]);
            tracing::debug!(id, %origin, changes = %text, "another process changed something");
            db.changes.publish(changes);
        }
    }
}

/// Which rows of `change_log` a process has read: every id up to `below` (lower ones
/// are no longer looked at), and those above it it has seen.
#[derive(Debug)]
struct ReadRows {
    highest: i64,
    seen: BTreeSet<i64>,
}

impl ReadRows {
    fn starting_at(head: i64) -> ReadRows {
        ReadRows {
            highest: head,
            seen: BTreeSet::new(),
        }
    }

    /// The id after which a reading looks: `LATE_COMMITS` below the highest seen.
    fn from(&self) -> i64 {
        self.highest - LATE_COMMITS
    }

    /// Notes row `id`; whether it is new.
    fn take(&mut self, id: i64) -> bool {
        if id <= self.from() || !self.seen.insert(id) {
            return false;
        }
        self.highest = self.highest.max(id);
        let from = self.from();
        self.seen = self.seen.split_off(&(from + 1));
        true
    }
}

/// The rows after id `after`, oldest first.
async fn read_log(db: &super::Db, after: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT id, origin, changes FROM change_log WHERE id > $1 ORDER BY id";
    super::with_reader!(db, pool => sqlx::query_as(SQL).bind(after).fetch_all(pool).await)
}

async fn forget_old_rows(db: &super::Db) {
    let before = super::now_instant().plus_seconds(-(LOG_KEPT.as_secs() as i64)).stored();
    let deleted = async {
        let mut tx = db.begin().await?;
        let deleted = super::with_tx!(tx, conn => sqlx::query("DELETE FROM change_log WHERE written_at < $1")
            .bind(&before)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected()))?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(deleted)
    };
    match deleted.await {
        Ok(0) => {}
        Ok(rows) => tracing::debug!(rows, "old rows of the change log deleted"),
        Err(error) => tracing::warn!(%error, "cannot delete old rows of the change log"),
    }
}

/// Appends `changes`, committed by this process, to `change_log` in `tx` (and on
/// PostgreSQL notifies the channel, delivered at commit).
pub(crate) async fn log(tx: &mut super::Tx, changes: &[Change], now: &str) -> Result<(), sqlx::Error> {
    const INSERT: &str = "INSERT INTO change_log (origin, changes, written_at) VALUES ($1, $2, $3) RETURNING id";
    let origin = tx.changes.origin.clone();
    let text = encode(changes);
    let (id,): (i64,) = super::with_tx!(tx, conn => sqlx::query_as(INSERT)
        .bind(&origin)
        .bind(&text)
        .bind(now)
        .fetch_one(&mut *conn)
        .await)?;
    if let super::TxInner::Postgres(conn) = tx.inner_mut() {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANGE_LOG_CHANNEL)
            .bind(id.to_string())
            .execute(&mut **conn)
            .await?;
    }
    Ok(())
}

/// Appends `*` to `change_log` for a process that is not this one: every process then
/// reads everything anew (`techkaart changed`, after the database was edited by hand).
pub async fn announce_everything(db: &super::Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    log(&mut tx, &[Change::Elsewhere], &super::now_instant().stored()).await?;
    tx.commit().await
}

/// The channel a commit that logged changes notifies (PostgreSQL).
pub const CHANGE_LOG_CHANNEL: &str = "change_log";

/// On PostgreSQL, a connection of its own that listens for logged changes; `None` on
/// SQLite, or when it cannot be had (the change log is then read every second only).
async fn listen(db: &super::Db) -> Option<sqlx::postgres::PgListener> {
    let super::Pools::Postgres(pool) = db.pools() else {
        return None;
    };
    let listening = async {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(CHANGE_LOG_CHANNEL).await?;
        Ok::<_, sqlx::Error>(listener)
    };
    match listening.await {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(%error, "cannot listen for changes; reading the change log every second");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_changes_read_back_as_written_and_anything_else_as_anything() {
        let changes = vec![
            Change::Company {
                id: 12,
                region: Region::Kempen,
            },
            Change::Placement {
                id: 7,
                company_id: 12,
                region: Region::Kempen,
            },
            Change::Event {
                id: 3,
                company_id: Some(12),
                region: Region::Ijmond,
            },
            Change::Event {
                id: 4,
                company_id: None,
                region: Region::Ijmond,
            },
            Change::Screen { id: 9 },
        ];
        let text = encode(&changes);
        assert_eq!(text, "c12@kempen p7/12@kempen e3/12@ijmond e4/-@ijmond s9");
        assert_eq!(decode(&text), Some(changes));
        assert_eq!(encode(&[Change::Elsewhere]), "*");
        let many = vec![Change::Screen { id: 1 }; LOGGED_AT_MOST + 1];
        assert_eq!(encode(&many), "*");
        for unreadable in [
            "*",
            "",
            "x1",
            "c12",
            "c12@elders",
            "p7@kempen",
            "e3/x@kempen",
            "s",
            "c1@kempen  s2",
        ] {
            assert_eq!(decode(unreadable), None, "{unreadable:?}");
        }
    }

    #[test]
    fn a_row_is_taken_once_and_a_late_commit_below_the_highest_still_counts() {
        let mut read = ReadRows::starting_at(1000);
        assert!(read.take(1002));
        assert!(!read.take(1002), "once");
        assert!(read.take(1001), "committed after 1002, read later");
        assert!(read.take(999), "within the window below the head");
        assert!(
            !read.take(1002 - LATE_COMMITS),
            "too far below the highest to be looked at"
        );
        assert_eq!(read.from(), 1002 - LATE_COMMITS);
        assert!(read.take(5000));
        assert_eq!(read.seen.len(), 1, "ids below the window are forgotten");
    }
}
