//! `GET /scherm/stroom`: the live stream of one kiosk screen (Server-Sent Events), and the
//! minute job that tells owners about screens gone silent.
//!
//! The stream follows the app's one broadcast of committed changes (`Db::subscribe`): a
//! public change in the screen's region, a change written by another process, or a change
//! of the screen's own settings becomes an event `change` (sent once the catalog shows the
//! commit, so the page the screen then fetches has it). It opens with `hello` (the
//! server's build, so a screen of an older build reloads) and says `ping` every 15 s, so a
//! screen notices a stream that a proxy holds back. Event ids name this process and its
//! last commit: a screen that reconnects with an id of another process or an older commit
//! gets a `change` at once, because it may have missed one.
//!
//! Streams end when the server shuts down (`Streams::close`), so a graceful shutdown is
//! not held up by screens that never hang up. A stream holds one broadcast receiver and a
//! few small values: no task, no database connection.
//!
//! Each stream holds a connection, so whoever has one screen's cookie could otherwise fill
//! every connection with streams and leave no room for pages. A screen has at most
//! `STREAMS_PER_SCREEN` open (a new one ends its oldest: a TV that reloads never locks
//! itself out), and the server at most `Streams::limit` in all (set below the connection
//! limit; beyond it a new stream is answered 503 with `Retry-After`, and the TV's browser
//! tries again). Per network, the proxy in front limits connections (`deploy/nginx.conf`).

use std::sync::Arc;
use std::time::Duration;

use app::db::Db;
use app::db::changes::{Change, Committed};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

/// How often a stream says `ping`.
pub const PING_EVERY: Duration = Duration::from_secs(15);
/// What a browser waits before it reconnects a dropped stream by itself.
const RETRY: Duration = Duration::from_secs(5);

/// Open streams a screen may have at once: the TV's page, and one more while it reloads.
pub const STREAMS_PER_SCREEN: usize = 2;

/// The open streams: ends them when the server shuts down, and keeps them within their
/// limits.
#[derive(Clone, Debug)]
pub struct Streams {
    closing: watch::Sender<bool>,
    /// Names this process in event ids.
    process: Arc<str>,
    /// How many streams may be open at once in all.
    limit: usize,
    open: Arc<std::sync::Mutex<OpenStreams>>,
}

/// Which streams are open, by screen, oldest first; each with what ends it.
#[derive(Debug, Default)]
struct OpenStreams {
    total: usize,
    next_number: u64,
    by_screen: std::collections::HashMap<i64, std::collections::VecDeque<(u64, watch::Sender<bool>)>>,
}

impl Default for Streams {
    fn default() -> Self {
        Streams::new(DEFAULT_STREAM_LIMIT)
    }
}

/// The default of `Streams::limit`: half the default connection limit, so pages keep the
/// other half.
pub const DEFAULT_STREAM_LIMIT: usize = 512;

impl Streams {
    /// Streams of which at most `limit` are open at once.
    pub fn new(limit: usize) -> Streams {
        Streams {
            closing: watch::Sender::new(false),
            process: format!("{:08x}", rand::random::<u32>()).into(),
            limit: limit.max(1),
            open: Arc::default(),
        }
    }

    /// Ends the open streams and refuses new ones.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// How many streams are open now.
    pub fn open(&self) -> usize {
        self.lock().total
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, OpenStreams> {
        // A panic while holding the lock leaves only counts behind, still usable.
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts a new stream of `screen_id`, ending that screen's oldest when it has
    /// `STREAMS_PER_SCREEN` already; `None` when the server has `limit` open.
    fn admit(&self, screen_id: i64) -> Option<OpenStream> {
        let mut open = self.lock();
        let screen_has = open.by_screen.get(&screen_id).map_or(0, |streams| streams.len());
        if screen_has < STREAMS_PER_SCREEN && open.total >= self.limit {
            return None;
        }
        let number = open.next_number;
        open.next_number += 1;
        let (ended, ends) = watch::channel(false);
        let streams = open.by_screen.entry(screen_id).or_default();
        if streams.len() >= STREAMS_PER_SCREEN
            && let Some((_, oldest)) = streams.pop_front()
        {
            oldest.send_replace(true);
            open.total -= 1;
        }
        let streams = open.by_screen.entry(screen_id).or_default();
        streams.push_back((number, ended));
        open.total += 1;
        Some(OpenStream {
            streams: self.clone(),
            screen_id,
            number,
            ends,
        })
    }

    /// Forgets stream `number` of `screen_id`, unless it was ended (and forgotten) already.
    fn forget(&self, screen_id: i64, number: u64) {
        let mut open = self.lock();
        let Some(streams) = open.by_screen.get_mut(&screen_id) else {
            return;
        };
        let before = streams.len();
        streams.retain(|(n, _)| *n != number);
        let removed = before - streams.len();
        if streams.is_empty() {
            open.by_screen.remove(&screen_id);
        }
        open.total -= removed;
    }
}

/// One open stream, counted for as long as it lives; `ends` says when a newer stream of
/// the same screen took its place.
struct OpenStream {
    streams: Streams,
    screen_id: i64,
    number: u64,
    ends: watch::Receiver<bool>,
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.streams.forget(self.screen_id, self.number);
    }
}

/// What the stream handler needs.
#[derive(Clone)]
pub struct StreamState {
    pub db: Db,
    pub site: app::auth::SiteSettings,
    pub streams: Streams,
}

/// `GET /scherm/stroom`, for the screen whose secret the cookie carries; 404 for anyone
/// else (an unpaired TV's page has no stream).
pub async fn stream(State(state): State<StreamState>, headers: HeaderMap) -> Response {
    let cookies = headers.get(COOKIE).and_then(|v| v.to_str().ok());
    // The screen its cookie names, whether or not the browser is signed in as a person too.
    let screen = match app::api::request::screen_of_cookie(&state.db, state.site.sessions(), cookies).await {
        Ok(Some(screen)) => screen,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return error.into_response(),
    };
    let closing = state.streams.closing.subscribe();
    if *closing.borrow() {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let Some(open) = state.streams.admit(screen.id) else {
        tracing::warn!(
            limit = state.streams.limit,
            "stream limit reached: a screen's stream was refused"
        );
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, HeaderValue::from_static("30"))],
        )
            .into_response();
    };
    // Subscribed before the id is read, so no commit falls between the two.
    let changes = state.db.subscribe();
    let process = state.streams.process.clone();
    let id_now = format!("{process}-{}", state.db.last_seq());
    let missed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|seen| seen != id_now);
    let mut first = vec![
        Event::default()
            .event("hello")
            .id(id_now.clone())
            .retry(RETRY)
            .data(state.site.build.clone()),
    ];
    if missed {
        first.push(Event::default().event("change").id(id_now).data("1"));
    }
    let follow = Follow {
        db: state.db,
        screen_id: screen.id,
        region: screen.region,
        changes,
        closing,
        process,
        first,
        next_ping: tokio::time::Instant::now() + PING_EVERY,
        open,
    };
    let events = futures_util::stream::unfold(follow, |mut follow| async move {
        let event = follow.next().await?;
        Some((Ok::<Event, std::convert::Infallible>(event), follow))
    });
    let mut response = Sse::new(events).into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // nginx and friends would otherwise hold the events back.
    headers.insert(
        HeaderName::from_static("x-accel-buffering"),
        HeaderValue::from_static("no"),
    );
    response
}

/// What a waiting stream woke up for.
enum Woke {
    Closing,
    Ping,
    Change(Result<Arc<Committed>, RecvError>),
}

/// One screen's stream between events.
struct Follow {
    db: Db,
    screen_id: i64,
    region: app::domain::Region,
    changes: broadcast::Receiver<Arc<Committed>>,
    closing: watch::Receiver<bool>,
    process: Arc<str>,
    /// Events to send before following (`hello`, then a missed `change`), in order.
    first: Vec<Event>,
    next_ping: tokio::time::Instant,
    open: OpenStream,
}

impl Follow {
    /// The next event to send; `None` ends the stream.
    async fn next(&mut self) -> Option<Event> {
        if !self.first.is_empty() {
            return Some(self.first.remove(0));
        }
        loop {
            let woke = tokio::select! {
                closed = self.closing.wait_for(|closing| *closing) => { let _ = closed; Woke::Closing }
                ended = self.open.ends.wait_for(|ended| *ended) => { let _ = ended; Woke::Closing }
                () = tokio::time::sleep_until(self.next_ping) => Woke::Ping,
                received = self.changes.recv() => Woke::Change(received),
            };
            match woke {
                Woke::Closing | Woke::Change(Err(RecvError::Closed)) => return None,
                Woke::Ping => {
                    self.next_ping = tokio::time::Instant::now() + PING_EVERY;
                    return Some(Event::default().event("ping").data("1"));
                }
                Woke::Change(Ok(committed)) => {
                    if self.concerns(&committed) {
                        self.db.shown(committed.seq).await;
                        return Some(self.change(committed.seq));
                    }
                }
                // Fell behind: anything may have changed.
                Woke::Change(Err(RecvError::Lagged(_))) => return Some(self.change(self.db.last_seq())),
            }
        }
    }

    fn concerns(&self, committed: &Committed) -> bool {
        committed.changes.iter().any(|change| match change {
            Change::Screen { id } => *id == self.screen_id,
            Change::Elsewhere => true,
            public if public.is_public() => public.region().is_none_or(|region| region == self.region),
            _ => false,
        })
    }

    fn change(&self, seq: u64) -> Event {
        Event::default()
            .event("change")
            .id(format!("{}-{seq}", self.process))
            .data("1")
    }
}

/// Once a minute: mails the owners of screens silent for half an hour in their on-hours
/// (once per silence; the heartbeat that ends it mails that it is back). Ends when the
/// database is closed.
pub async fn watch_silent_screens(db: Db, site: app::auth::SiteSettings) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if db.is_closed() {
            return;
        }
        if !crate::jobs::my_turn(&db, "silent-screens", Duration::from_secs(60), app::db::now_instant()).await {
            continue;
        }
        match app::screens::alert_silent_screens(&db, &site, app::db::now_instant()).await {
            Ok(0) => {}
            Ok(told) => tracing::info!(screens = told, "told owners about silent screens"),
            Err(error) => tracing::warn!(%error, "cannot check for silent screens"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screen_keeps_two_streams_and_the_server_its_limit() {
        let streams = Streams::new(3);
        let first = streams.admit(1).expect("first of screen 1");
        let second = streams.admit(1).expect("second of screen 1");
        // A third of the same screen ends its oldest, whatever the total.
        let third = streams.admit(1).expect("third of screen 1");
        assert!(*first.ends.borrow(), "the oldest was ended");
        assert!(!*second.ends.borrow() && !*third.ends.borrow());
        assert_eq!(streams.open(), 2);
        drop(first);
        assert_eq!(streams.open(), 2, "an ended stream was counted off once");
        // Another screen takes the last place; a third screen finds none.
        let other = streams.admit(2).expect("screen 2");
        assert_eq!(streams.open(), 3);
        assert!(streams.admit(3).is_none(), "the server's limit holds");
        // A screen at its two may still replace its oldest at the limit.
        let fourth = streams.admit(1).expect("screen 1 replaces its oldest");
        assert!(*second.ends.borrow());
        assert_eq!(streams.open(), 3);
        drop((second, third, fourth, other));
        assert_eq!(streams.open(), 0);
        assert!(streams.admit(3).is_some());
    }
}
