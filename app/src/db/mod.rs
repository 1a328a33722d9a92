//! Server-side data access: small named query functions, one file per resource.
//!
//! One set of SQL serves both backends. `Db` holds either SQLite pools or a PostgreSQL
//! pool; the `with_reader!` and `with_tx!` macros run the same statement text against
//! whichever it is, so the Rust side of each query (its binds, the rows it reads)
//! compiles against both drivers; the SQL text itself is checked by the tests, which run
//! on both. The SQL sticks to what both dialects share: `$1` placeholders, `RETURNING`,
//! instants as ISO-8601 text in UTC, booleans, 64-bit integers and doubles.
//!
//! SQLite writes go through a pool of exactly one connection. The bundled SQLite is older
//! than 3.51.3, and those versions can corrupt a WAL database when two connections write
//! or checkpoint at the same moment; one writer rules that out. Readers use their own pool.
//!
//! Every write runs in a `Tx`. The functions here that write record what they changed
//! in it, and `Tx::commit` publishes that on `Db`'s one broadcast of changes (see
//! `changes`). What follows the changes in this process keeps its state attached to the
//! `Db` (`Db::attached`: the catalog, `crate::catalog`), and a commit of a public change
//! waits until that follower shows it (`Db::mark_shown`).
//!
//! Nothing here knows about HTTP or about who is asking; `api` checks that first.

pub mod accounts;
pub mod attempts;
pub mod audit;
pub mod changes;
pub mod companies;
pub mod events;
pub mod expiry;
pub mod form_drafts;
pub mod interests;
pub mod jobs;
pub mod known_logins;
pub mod outbox;
pub mod placements;
pub mod regions;
pub mod screens;
pub mod sessions;
pub mod sign_ups;
pub mod site_keys;

use std::sync::Arc;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::domain::Region;
use crate::error::AppError;
use changes::{Change, Changes, Committed};

/// The application's database, SQLite or PostgreSQL, with its broadcast of committed
/// changes, what follows them has shown, and the state attached to it.
#[derive(Clone, Debug)]
pub struct Db {
    pools: Pools,
    changes: Arc<Changes>,
    shown: Arc<Shown>,
    attached: Arc<Attached>,
}

/// How far this process's follower of public changes (the catalog) has come: a commit of
/// a public change returns once it is shown there, so whoever made it sees it on their
/// next page. Nothing waits while nothing follows.
#[derive(Debug)]
struct Shown {
    followed: std::sync::atomic::AtomicBool,
    /// The last commit shown.
    covered: tokio::sync::watch::Sender<u64>,
}

impl Default for Shown {
    fn default() -> Self {
        Shown {
            followed: std::sync::atomic::AtomicBool::new(false),
            covered: tokio::sync::watch::Sender::new(0),
        }
    }
}

/// How long a commit waits at most for the follower to show it (see `Tx::commit`).
pub const SHOWN_WITHIN: std::time::Duration = std::time::Duration::from_secs(3);

impl Shown {
    /// Returns once commit `seq` is shown, or after `SHOWN_WITHIN`; at once when nothing
    /// follows.
    async fn wait(&self, seq: u64) {
        if !self.followed.load(std::sync::atomic::Ordering::Acquire) {
            return;
        }
        let mut covered = self.covered.subscribe();
        if tokio::time::timeout(SHOWN_WITHIN, covered.wait_for(|covers| *covers >= seq))
            .await
            .is_err()
        {
            tracing::warn!(seq, "a public commit was not shown within {SHOWN_WITHIN:?}");
        }
    }
}

/// State that lives as long as a `Db` and is shared by its clones, one value per type:
/// what follows the database in this process (the catalog) keeps itself here, so `db`
/// need not know it.
#[derive(Default)]
struct Attached(std::sync::RwLock<std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>>);

impl std::fmt::Debug for Attached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds = self.0.read().map_or(0, |map| map.len());
        write!(f, "Attached({kinds} kinds)")
    }
}

/// The connection pools of either backend.
#[derive(Clone, Debug)]
pub enum Pools {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// A write transaction on either backend, with what it changed so far. Dropping it
/// without `commit` rolls back and publishes nothing.
pub struct Tx {
    inner: TxInner,
    changed: Vec<Change>,
    /// Regions of the companies this transaction wrote about, looked up once each.
    regions: std::collections::HashMap<i64, Region>,
    changes: Arc<Changes>,
    shown: Arc<Shown>,
}

pub(crate) enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the read pool of either backend.
macro_rules! with_reader {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db.pools() {
            $crate::db::Pools::Sqlite { read: $conn, .. } => $body,
            $crate::db::Pools::Postgres($conn) => $body,
        }
    };
}
/// Runs `$body` with `$conn` bound to the transaction's connection of either backend.
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx.inner_mut() {
            $crate::db::TxInner::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::TxInner::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use {with_reader, with_tx};

impl Db {
    /// An SQLite database; `write` must have exactly one connection.
    pub fn sqlite(read: SqlitePool, write: SqlitePool) -> Db {
        Db {
            pools: Pools::Sqlite { read, write },
            changes: Arc::default(),
            shown: Arc::default(),
            attached: Arc::default(),
        }
    }

    pub fn postgres(pool: PgPool) -> Db {
        Db {
            pools: Pools::Postgres(pool),
            changes: Arc::default(),
            shown: Arc::default(),
            attached: Arc::default(),
        }
    }

    pub fn pools(&self) -> &Pools {
        &self.pools
    }

    /// Starts a write transaction (on SQLite, on the one writer connection).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let inner = match &self.pools {
            Pools::Sqlite { write, .. } => TxInner::Sqlite(write.begin().await?),
            Pools::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            inner,
            changed: Vec::new(),
            regions: Default::default(),
            changes: self.changes.clone(),
            shown: self.shown.clone(),
        })
    }

    /// Every commit of this process from now on, and `Change::Elsewhere` when another
    /// process changed something public (once something follows them). A receiver that
    /// falls more than a thousand commits behind is told it lagged and must assume that
    /// anything changed.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Arc<Committed>> {
        self.changes.subscribe()
    }

    /// The value of type `T` attached to this database (and its clones), made with
    /// `Default` the first time it is asked for.
    pub fn attached<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let key = std::any::TypeId::of::<T>();
        let found = self.attached.0.read().ok().and_then(|map| map.get(&key).cloned());
        let any = match found {
            Some(any) => any,
            None => {
                let Ok(mut map) = self.attached.0.write() else {
                    return Arc::new(T::default());
                };
                map.entry(key).or_insert_with(|| Arc::new(T::default())).clone()
            }
        };
        any.downcast::<T>().unwrap_or_else(|_| Arc::new(T::default()))
    }

    /// From now on, a commit of a public change waits until `mark_shown` reaches it: the
    /// follower (the catalog) calls this once it keeps up.
    pub fn follow_public_changes(&self) {
        self.shown.followed.store(true, std::sync::atomic::Ordering::Release);
    }

    /// The follower shows every commit up to `seq`.
    pub fn mark_shown(&self, seq: u64) {
        self.shown.covered.send_replace(seq);
    }

    /// Returns once the follower shows commit `seq` (a `Committed::seq`), or after
    /// `SHOWN_WITHIN`.
    pub async fn shown(&self, seq: u64) {
        self.shown.wait(seq).await;
    }

    /// The number of the last commit this process published (see `changes`).
    pub fn last_seq(&self) -> u64 {
        self.changes.last_seq()
    }

    /// Whether `close` was called.
    pub fn is_closed(&self) -> bool {
        match &self.pools {
            Pools::Sqlite { read, write } => read.is_closed() || write.is_closed(),
            Pools::Postgres(pool) => pool.is_closed(),
        }
    }

    /// The id of the last row of `change_log` (0 when it is empty; see `changes`).
    pub async fn change_log_head(&self) -> Result<i64, sqlx::Error> {
        const SQL: &str = "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM change_log";
        let (head,): (i64,) = with_reader!(self, pool => sqlx::query_as(SQL).fetch_one(pool).await)?;
        Ok(head)
    }

    /// `"sqlite"` or `"postgres"`, for logs and health reports.
    pub fn backend(&self) -> &'static str {
        match &self.pools {
            Pools::Sqlite { .. } => "sqlite",
            Pools::Postgres(_) => "postgres",
        }
    }

    /// Answers whether the database can be reached and read.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_reader!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }

    /// The newest migration applied to the database (0 before the first).
    pub async fn newest_migration(&self) -> Result<i64, sqlx::Error> {
        const SQL: &str = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations";
        let (version,): (i64,) = with_reader!(self, pool => sqlx::query_as(SQL).fetch_one(pool).await)?;
        Ok(version)
    }

    /// Closes every pool; later queries fail. Used at shutdown.
    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// Commits, then publishes what the transaction changed. What other processes on the
    /// database must hear of (`Change::travels`) goes into `change_log` in the same
    /// transaction. When the change is public and something follows (the catalog), it
    /// returns once that shows the change (at most `SHOWN_WITHIN` later), so whoever
    /// made it sees it on the next page; nobody else waits for that.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let public = self.changed.iter().any(Change::is_public);
        let travelling: Vec<Change> = self.changed.iter().copied().filter(Change::travels).collect();
        if !travelling.is_empty() {
            changes::log(&mut self, &travelling, &now_instant().stored()).await?;
        }
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if self.changed.is_empty() {
            return Ok(());
        }
        let seq = self.changes.publish(self.changed);
        if public {
            self.shown.wait(seq).await;
        }
        Ok(())
    }

    /// Records that this transaction changed `change`; `commit` publishes it.
    pub(crate) fn changed(&mut self, change: Change) {
        self.changed.push(change);
    }

    /// Records a change of company `company_id`, which lies in the municipality with this
    /// code (an unknown code was refused by the database before this is reached).
    pub(crate) async fn changed_company_in(&mut self, company_id: i64, municipality: &str) -> Result<(), sqlx::Error> {
        if let Some(municipality) = crate::domain::Municipality::from_code(municipality) {
            self.regions.insert(company_id, municipality.region());
        }
        self.changed_company(company_id, None).await
    }

    /// Records a change of company `company_id` (`placement`: of that placement of it).
    pub(crate) async fn changed_company(&mut self, company_id: i64, placement: Option<i64>) -> Result<(), sqlx::Error> {
        const REGION: &str = "
            SELECT r.code FROM companies c
            JOIN municipalities m ON m.id = c.municipality_id
            JOIN regions r ON r.id = m.region_id
            WHERE c.id = $1";
        let region = match self.regions.get(&company_id) {
            Some(region) => *region,
            None => {
                let (code,): (String,) =
                    with_tx!(self, conn => sqlx::query_as(REGION).bind(company_id).fetch_one(&mut *conn).await)?;
                let region = regions::parse_region(&code)?;
                self.regions.insert(company_id, region);
                region
            }
        };
        self.changed(match placement {
            Some(id) => Change::Placement { id, company_id, region },
            None => Change::Company { id: company_id, region },
        });
        Ok(())
    }

    pub(crate) fn inner_mut(&mut self) -> &mut TxInner {
        &mut self.inner
    }
}

/// What became of a save that names the version it was based on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved; the row now has this version.
    Done(i64),
    /// Someone saved in between: the row is at this version, and nothing changed.
    Stale(i64),
    /// There is no such row (for this company).
    Missing,
}

impl Saved {
    /// What a versioned write of row `id` of `table` came to: `Done` with the version its
    /// `RETURNING version` gave, else the row's current version (`Stale`), or `Missing`
    /// without the row. `table` is one of Techkaart's own, never input.
    pub(crate) async fn of_write(
        tx: &mut Tx,
        table: &'static str,
        id: i64,
        returned: Option<(i64,)>,
    ) -> Result<Saved, sqlx::Error> {
        if let Some((version,)) = returned {
            return Ok(Saved::Done(version));
        }
        let sql = format!("SELECT version FROM {table} WHERE id = $1");
        let current: Option<(i64,)> =
            with_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)?;
        Ok(current.map_or(Saved::Missing, |(version,)| Saved::Stale(version)))
    }
}

impl From<sqlx::Error> for AppError {
    /// Logs the database error in full and gives the browser only `Internal`.
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

/// The field error a violated named constraint stands for, so a write that two people
/// made at the same moment is answered like a form check, never as a failure: the
/// database decides, and nothing checks first and inserts after.
pub fn field_error_of(error: &sqlx::Error) -> Option<crate::domain::FieldError> {
    use crate::domain::{FieldError, Problem};
    match violated_constraint(error)? {
        "users_email_key" => Some(FieldError::new("email", Problem::Taken)),
        "companies_slug_key" => Some(FieldError::new("company_name", Problem::Taken)),
        _ => None,
    }
}

/// The name of the unique constraint `error` violated. PostgreSQL names it; SQLite names
/// the columns (`UNIQUE constraint failed: users.email`), which the migrations give
/// these names.
fn violated_constraint(error: &sqlx::Error) -> Option<&str> {
    let error = error.as_database_error()?;
    if let Some(name) = error.constraint() {
        return Some(name);
    }
    match error.message().strip_prefix("UNIQUE constraint failed: ")? {
        "users.email" => Some("users_email_key"),
        "companies.slug" => Some("companies_slug_key"),
        _ => None,
    }
}

/// Turns a stored code back into its enum; a code the schema should not allow is a
/// decode error, logged in full like any other database error.
pub(crate) fn decode_code<T>(code: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    parse(code).ok_or_else(|| sqlx::Error::Decode(format!("unknown code {code:?}").into()))
}

/// The current instant as stored: `2026-11-21T19:40:12Z`.
pub fn now_timestamp() -> String {
    now().stored()
}

/// The instant `seconds` from now (before now when negative), as stored.
pub fn timestamp_in(seconds: i64) -> String {
    now().plus_seconds(seconds).stored()
}

/// The current instant, for the server's own jobs.
pub fn now_instant() -> crate::domain::Instant {
    now()
}

pub(crate) fn now() -> crate::domain::Instant {
    crate::domain::Instant::from_utc(time::OffsetDateTime::now_utc())
}

/// Today's date in the Netherlands as stored: `2026-11-21`. A placement confirmed just
/// after midnight on Dutch clocks is confirmed on the Dutch date.
pub fn today() -> crate::domain::Day {
    crate::domain::Day::in_amsterdam_at(now())
}

/// The database the server put into the reactive context for this request.
pub fn from_context() -> Result<Db, AppError> {
    leptos::prelude::use_context::<Db>().ok_or_else(|| {
        tracing::error!("no database in the request context");
        AppError::Internal
    })
}
