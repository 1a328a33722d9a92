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

/// The async runtime the server runs on: one worker thread per core.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()
}
