//! Accepting connections and bounding what each may take: how many are open at once, how
//! long a client may take to send a request head (which also ends idle keep-alive
//! connections), how long a request may take to be answered, and what a panic becomes.
//!
//! Without these a client that opens many connections and sends half a header each holds
//! them for ever, and a request whose handler panics never gets an answer.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;

/// What one client may take of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a client may take to send a request's head once the connection waits for
    /// one. The wait starts when a connection opens and again after every answer, so this
    /// is also how long an idle keep-alive connection stays open.
    pub header_read: Duration,
    /// How long a request may take until its answer starts; after that it is answered
    /// 503 with `Retry-After`, and its work is dropped.
    pub request: Duration,
    /// How many connections are open at most; further clients wait in the system's
    /// listen queue until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then lets
/// open requests finish (idle connections are closed at once).
///
/// Accepted sockets get `TCP_NODELAY`: without it every keep-alive response waits about
/// 40 ms for Nagle's algorithm to meet the client's delayed ACK. The peer's address
/// reaches handlers as `ConnectInfo`, for throttling logins.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = guarded(router, limits.request);
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which the reverse proxy in front
    // ends, and a connection that sends nothing at all then meets the head timeout too.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    // Said once each time the limit is reached, not for every client that then waits.
    let mut said_full = false;
    loop {
        let slot = match open.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                if !said_full {
                    tracing::warn!(
                        limit = limits.max_connections,
                        "connection limit reached: new clients wait until one closes"
                    );
                    said_full = true;
                }
                tokio::select! {
                    slot = open.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
                    () = &mut shutdown => break,
                }
            }
        };
        if open.available_permits() > limits.max_connections / 2 {
            said_full = false;
        }
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
        let service = match make_service.call(peer).await {
            Ok(service) => service,
            Err(infallible) => match infallible {},
        };
        let connection = builder.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// `router` with the per-request deadline and with panics turned into logged 500s.
fn guarded(router: Router, request_limit: Duration) -> Router {
    router
        .layer(axum::middleware::from_fn_with_state(request_limit, deadline))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

/// Answers 503 with `Retry-After` when the answer has not started within `limit`. The
/// request is never run a second time: not every request is safe to repeat, and a stall
/// is a defect to find, not to hide.
async fn deadline(
    axum::extract::State(limit): axum::extract::State<Duration>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = crate::http::loggable_path(request.uri().path()).to_owned();
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, limit_ms = limit.as_millis() as u64, "request took too long: answered 503");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(RETRY_AFTER, HeaderValue::from_static("5"))],
                "The server took too long to answer; nothing more will be done for this request.",
            )
                .into_response()
        }
    }
}

/// A panic in a handler or while rendering: logged with its message, answered 500.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = %message, "a request handler panicked: answered 500");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}
