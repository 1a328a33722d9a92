//! Techkaart's server: configuration, database setup and migrations, seeding, and the
//! HTTP stack around the Leptos app. `main.rs` is only the command line on top.

pub mod backup;
pub mod calendar;
pub mod config;
pub mod connections;
pub mod database;
pub mod exports;
pub mod form_errors;
pub mod http;
pub mod jobs;
pub mod logos;
pub mod mailer;
pub mod metrics;
pub mod page_cache;
pub mod retention;
pub mod screens;
pub mod security;
pub mod seed;
pub mod tiles;

/// The async runtime the server runs on: one worker thread per core, and two at least.
/// On a single worker thread Leptos's server rendering now and then loses a wake-up and a
/// page never finishes (about one fresh server in a hundred in
/// `hardening::a_fresh_server_answers_its_first_pages`; Leptos issue #4647 reports the
/// same on one-CPU machines), so a one-CPU machine gets two threads as well.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores.max(2))
        .enable_all()
        .build()
}
