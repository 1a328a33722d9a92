//! Command line and environment: every setting is a flag and an environment variable,
//! with defaults that run on a laptop with nothing else installed.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Techkaart: technical companies with open placements in the Kempen and the IJmond.
#[derive(Debug, Parser)]
#[command(name = "techkaart", version)]
pub struct Cli {
    /// Where the data lives: `sqlite://path/to/file.db` (created when missing) or
    /// `postgres://user@host:port/database`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/techkaart.db",
        global = true
    )]
    pub database_url: String,

    /// Which log lines to print, as a tracing filter such as `info` or `techkaart=debug,info`.
    #[arg(long, env = "TECHKAART_LOG", default_value = "info,sqlx=warn", global = true)]
    pub log: String,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default when no command is given). Migrates the database first.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database (migrating it first).
    Seed(SeedArgs),
}

#[derive(Debug, Clone, Parser)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TECHKAART_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The address people use to reach the app, such as `https://techkaart.example`.
    /// Defaults to `http://` plus the listen address.
    #[arg(long, env = "TECHKAART_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Folder with the built site (`pkg/` with the wasm, JS and CSS, plus public files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Load the demo companies when the database has no companies at all.
    #[arg(long, env = "TECHKAART_DEMO_ON_EMPTY", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo_on_empty: bool,
}

impl ServeArgs {
    /// The serve settings from the environment alone, for `techkaart` without a command.
    pub fn from_env() -> Result<Self, clap::Error> {
        Self::try_parse_from(["techkaart"])
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SeedArgs {
    /// The fictional demo companies and placements (about 40 and 100). Refused when the
    /// database already has companies.
    #[arg(long)]
    pub demo: bool,

    /// N generated companies with realistic placements over both regions, for benchmarks.
    #[arg(long, value_name = "N")]
    pub synthetic: Option<u32>,
}
