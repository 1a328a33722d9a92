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
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database (migrating it first).
    Seed(SeedArgs),
    /// Create a regional coordinator's account and print the one-time link (valid for 7
    /// days) with which they set their password.
    CreateCoordinator(CreateCoordinatorArgs),
    /// Print a one-time link (valid for 2 hours) with which an existing account sets a new
    /// password: for a coordinator who forgot theirs on a server that sends no mail.
    ResetPassword(ResetPasswordArgs),
    /// Write a consistent copy of the SQLite database to FILE while the app may go on
    /// serving (on PostgreSQL: use pg_dump, which this command names).
    Backup(BackupArgs),
    /// Put a backup made by `backup` where DATABASE_URL points, which must not exist yet,
    /// and bring it up to this release's schema (on PostgreSQL: use pg_restore).
    Restore(BackupArgs),
    /// Tell every running instance that anything may have changed, so each reads its
    /// catalog anew and every kiosk screen reloads: after the database was edited by hand
    /// (an instance hears of what the app and these commands change by itself).
    Changed,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file.
    pub file: PathBuf,
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

    /// Where map tiles come from: an XYZ URL template with {z}, {x} and {y}. The default is
    /// the Dutch government's BRT-Achtergrondkaart (grey) from PDOK; OpenStreetMap's
    /// standard tiles are `https://tile.openstreetmap.org/{z}/{x}/{y}.png` (mind its usage
    /// policy and attribution).
    #[arg(
        long,
        env = "TECHKAART_TILE_URL",
        default_value = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
    )]
    pub tile_url: String,

    /// A contact (e-mail address or web page) sent to the tile service in the User-Agent,
    /// as tile services ask of their users.
    #[arg(long, env = "TECHKAART_TILE_CONTACT")]
    pub tile_contact: Option<String>,

    /// The credit line the maps show for their tiles, as the tile service requires.
    /// PDOK and OpenStreetMap tiles get theirs by default; any other tile URL needs one.
    #[arg(long, env = "TECHKAART_TILE_ATTRIBUTION")]
    pub tile_attribution: Option<String>,

    /// Folder where fetched map tiles are kept.
    #[arg(long, env = "TECHKAART_TILE_CACHE", default_value = "data/tiles")]
    pub tile_cache: PathBuf,

    /// The most the kept map tiles may take on disk, in MiB; beyond it the least recently
    /// served tiles are removed.
    #[arg(long, env = "TECHKAART_TILE_CACHE_MB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub tile_cache_mb: u64,

    /// Lowest zoom level whose tiles are served.
    #[arg(long, env = "TECHKAART_TILE_MIN_ZOOM", default_value_t = 7)]
    pub tile_min_zoom: u8,

    /// Highest zoom level whose tiles are served.
    #[arg(long, env = "TECHKAART_TILE_MAX_ZOOM", default_value_t = 18)]
    pub tile_max_zoom: u8,

    /// Load the demo companies when the database has no companies at all.
    #[arg(long, env = "TECHKAART_DEMO_ON_EMPTY", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo_on_empty: bool,

    /// Where mail goes out: `smtp://user:password@host:587?tls=required` (STARTTLS),
    /// `smtps://...:465` (TLS) or `smtp://host:25` (plain, for a relay on the same
    /// machine). Without it, mail waits in the outbox, which coordinators read at /beheer/uitgaande-mail.
    #[arg(long, env = "TECHKAART_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of Techkaart's mail.
    #[arg(long, env = "TECHKAART_MAIL_FROM", default_value = "Techkaart <techkaart@localhost>")]
    pub mail_from: String,

    /// Addresses or ranges of the reverse proxies in front of the app (comma-separated:
    /// `10.0.0.2`, `10.0.0.0/24`, `fd00::/64`). A request from one of them is counted
    /// against the address its `X-Forwarded-For` names, so the throttling of logins and
    /// resets holds back one guesser, not everyone behind the proxy. Without it the header
    /// is ignored (and logged once), so nobody can pick an address to hide behind.
    #[arg(long = "trusted-proxy", env = "TECHKAART_TRUSTED_PROXIES", value_delimiter = ',', value_parser = proxy_range)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// A secret that lets Prometheus read `/metrics` from another machine, sent as
    /// `Authorization: Bearer <token>`. Without it, `/metrics` answers only requests made
    /// straight to the instance from this machine (not through a proxy).
    #[arg(long, env = "TECHKAART_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Seconds a client may take to send a request's head; also how long an idle
    /// keep-alive connection stays open.
    #[arg(long, env = "TECHKAART_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// Seconds a request may take before its answer starts; a slower one is answered 503.
    #[arg(long, env = "TECHKAART_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// Connections open at most; further clients wait until one closes.
    #[arg(long, env = "TECHKAART_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    /// Kiosk screens' live streams open at most (each holds a connection); keep it well
    /// below `TECHKAART_MAX_CONNECTIONS`, so pages always find one. A screen has at most two.
    #[arg(long, env = "TECHKAART_MAX_STREAMS", default_value_t = crate::screens::DEFAULT_STREAM_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_streams: u64,
}

impl ServeArgs {
    /// What one client may take of the server.
    pub fn limits(&self) -> crate::connections::Limits {
        crate::connections::Limits {
            header_read: std::time::Duration::from_secs(self.header_timeout),
            request: std::time::Duration::from_secs(self.request_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        }
    }

    /// The serve settings from the environment alone, for `techkaart` without a command.
    pub fn from_env() -> Result<Self, clap::Error> {
        Self::try_parse_from(["techkaart"])
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// The credit line for the tiles: the configured one, or the known one of PDOK or
    /// OpenStreetMap; an error for any other tile service without one.
    pub fn tile_attribution(&self) -> Result<String, String> {
        if let Some(attribution) = self
            .tile_attribution
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            return Ok(attribution.to_owned());
        }
        let host = self
            .tile_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        if host == "pdok.nl" || host.ends_with(".pdok.nl") {
            Ok("© Kadaster / PDOK (BRT-Achtergrondkaart)".to_owned())
        } else if host == "openstreetmap.org" || host.ends_with(".openstreetmap.org") {
            Ok("© OpenStreetMap contributors".to_owned())
        } else {
            Err(format!(
                "the tile service {host} needs a credit line on the map: set TECHKAART_TILE_ATTRIBUTION"
            ))
        }
    }

    /// The tile service settings, with a User-Agent naming this installation.
    pub fn tile_settings(&self) -> crate::tiles::TileSettings {
        let contact = self
            .tile_contact
            .as_deref()
            .map(|c| format!("; {c}"))
            .unwrap_or_default();
        crate::tiles::TileSettings {
            upstream: self.tile_url.clone(),
            user_agent: format!(
                "Techkaart/{} (+{}{contact})",
                env!("CARGO_PKG_VERSION"),
                self.public_url()
            ),
            cache_dir: self.tile_cache.clone(),
            min_zoom: self.tile_min_zoom,
            max_zoom: self.tile_max_zoom,
            disk_lifetime: std::time::Duration::from_secs(30 * 24 * 3600),
            retry_after: std::time::Duration::from_secs(30),
            timeout: std::time::Duration::from_secs(5),
            max_disk_bytes: self.tile_cache_mb.saturating_mul(1024 * 1024),
        }
    }
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The fictional demo companies and placements (about 40 and 100). Refused when the
    /// database already has companies.
    #[arg(long, conflicts_with = "synthetic")]
    pub demo: bool,

    /// N generated companies with realistic placements over both regions, for benchmarks.
    #[arg(long, value_name = "N")]
    pub synthetic: Option<u32>,

    /// With --synthetic: each company gets 1 to M placements (on average (M+1)/2).
    #[arg(long, value_name = "M", default_value_t = 6, requires = "synthetic", value_parser = clap::value_parser!(u8).range(1..=20))]
    pub max_placements: u8,
}

#[derive(Debug, Args)]
pub struct CreateCoordinatorArgs {
    /// The coordinator's e-mail address; it is also their login.
    #[arg(long)]
    pub email: String,

    /// The region they coordinate: `kempen`, `ijmond`, or `beide` for both.
    #[arg(long, value_parser = ["kempen", "ijmond", "beide"])]
    pub region: String,

    /// The address people use to reach the app, which the printed link starts with.
    #[arg(long, env = "TECHKAART_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,
}

#[derive(Debug, Args)]
pub struct ResetPasswordArgs {
    /// The e-mail address the account logs in with.
    #[arg(long)]
    pub email: String,

    /// The address people use to reach the app, which the printed link starts with.
    #[arg(long, env = "TECHKAART_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,
}

/// A trusted proxy: an address (`10.0.0.2`, taken as that one host) or a range in CIDR
/// notation (`10.0.0.0/24`).
fn proxy_range(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map(|range| range.trunc())
        .map_err(|_| format!("{text:?} is neither an IP address nor a range like 10.0.0.0/24"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_trusted_proxy_is_an_address_or_a_range() {
        assert_eq!(
            super::proxy_range("10.0.0.2").expect("address").to_string(),
            "10.0.0.2/32"
        );
        assert_eq!(
            super::proxy_range(" 10.0.0.7/24 ").expect("range").to_string(),
            "10.0.0.0/24"
        );
        assert_eq!(
            super::proxy_range("fd00::1/64").expect("range").to_string(),
            "fd00::/64"
        );
        assert!(super::proxy_range("10.0.0.0/33").is_err());
        assert!(super::proxy_range("proxy.example").is_err());
    }
}
