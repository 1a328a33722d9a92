//! Techkaart's server: configuration, database setup and migrations, seeding, and the
//! HTTP stack around the Leptos app. `main.rs` is only the command line on top.

pub mod config;
pub mod connections;
pub mod database;
pub mod form_errors;
pub mod http;
pub mod logos;
pub mod mailer;
pub mod page_cache;
pub mod security;
pub mod seed;
pub mod tiles;
