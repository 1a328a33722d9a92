//! The server's integration tests in one binary, so `cargo test` links them once and they
//! share one harness (`common`): database tests on SQLite and PostgreSQL, HTTP tests
//! against the real server on port 0, mail through a local SMTP server, map tiles, and the
//! `techkaart` command line.

#[macro_use]
mod common;

mod accounts;
mod cli;
mod company;
mod crash;
mod database;
mod events;
mod hardening;
mod http;
mod interests;
mod login;
mod mail;
mod screens;
mod search;
mod teachers;
mod tiles;
