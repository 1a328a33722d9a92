//! The `techkaart` command: serve (default), migrate, seed, create-coordinator,
//! reset-password.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use server::config::{Cli, Command, CreateCoordinatorArgs, ResetPasswordArgs, SeedArgs, ServeArgs};
use server::{database, http, seed};
use tracing_subscriber::EnvFilter;

/// Server rendering makes many small short-lived strings; mimalloc serves them far faster
/// than glibc's allocator (measured with `make bench`, see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let runtime = match server::runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("techkaart: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(start())
}

async fn start() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line that names the problem, for a person at a terminal.
            eprintln!("techkaart: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Checked before the database is opened, so a mistyped command creates nothing.
    if let Some(Command::Seed(SeedArgs {
        demo: false,
        synthetic: None,
        ..
    })) = &cli.command
    {
        anyhow::bail!("seed needs to know what to load: --demo or --synthetic N");
    }
    if let Some(
        Command::CreateCoordinator(CreateCoordinatorArgs { email, .. })
        | Command::ResetPassword(ResetPasswordArgs { email, .. }),
    ) = &cli.command
    {
        email_address(email)?;
    }
    let command = match cli.command {
        Some(command) => command,
        None => Command::Serve(Box::new(ServeArgs::from_env()?)),
    };
    // A restore makes the database, so it must not be opened (and so created) first.
    if let Command::Restore(args) = &command {
        let db = server::backup::restore(&cli.database_url, &args.file).await?;
        let companies = app::db::companies::count_companies(&db).await?;
        db.close().await;
        println!(
            "restored {} into {} ({companies} companies)",
            args.file.display(),
            database::redact(&cli.database_url)
        );
        return Ok(());
    }
    let db = database::open(&cli.database_url).await?;
    tracing::info!(backend = db.backend(), database = %database::redact(&cli.database_url), "database ready");
    let outcome = match command {
        Command::Serve(args) => serve(&db, *args).await,
        Command::Migrate => Ok(()),
        // clap refuses both at once, and `run` checked that one is there.
        Command::Seed(SeedArgs {
            synthetic: Some(count),
            max_placements,
            ..
        }) => seed::synthetic(&db, count, max_placements)
            .await
            .map(|loaded| report("synthetic", loaded)),
        Command::Seed(SeedArgs { synthetic: None, .. }) => seed::demo(&db).await.map(|loaded| report("demo", loaded)),
        Command::CreateCoordinator(args) => create_coordinator(&db, args).await,
        Command::ResetPassword(args) => reset_password(&db, args).await,
        Command::Backup(args) => server::backup::backup(&db, &args.file).await.map(|()| {
            println!(
                "backed up {} to {}",
                database::redact(&cli.database_url),
                args.file.display()
            );
        }),
        // Done before the database was opened, above.
        Command::Restore(_) => Ok(()),
        Command::Changed => app::db::changes::announce_everything(&db)
            .await
            .map(|()| println!("told every instance to read everything anew"))
            .map_err(Into::into),
    };
    db.close().await;
    outcome
}

async fn create_coordinator(db: &app::db::Db, args: CreateCoordinatorArgs) -> anyhow::Result<()> {
    let email = email_address(&args.email)?;
    let region = app::domain::Region::from_code(&args.region);
    let link = app::auth::create_coordinator(db, &email, region, &args.public_url)
        .await
        .with_context(|| format!("cannot create the coordinator {email}"))?;
    // The link goes to the terminal only, never to the log.
    println!("Coordinator {email} created. To set a password, open within 7 days:\n{link}");
    Ok(())
}

async fn reset_password(db: &app::db::Db, args: ResetPasswordArgs) -> anyhow::Result<()> {
    let email = email_address(&args.email)?;
    let link = app::auth::reset_link(db, &email, &args.public_url)
        .await
        .with_context(|| format!("cannot make a reset link for {email}"))?
        .ok_or_else(|| anyhow::anyhow!("there is no account for {email}"))?;
    // As with a new coordinator: to the terminal only, never to the log.
    println!("To set a new password for {email}, open within 2 hours:\n{link}");
    Ok(())
}

fn email_address(text: &str) -> anyhow::Result<app::domain::EmailAddress> {
    app::domain::EmailAddress::parse(text)
        .map_err(|problem| anyhow::anyhow!("{text:?} is no usable e-mail address ({problem:?})"))
}

fn report(what: &str, loaded: seed::Loaded) {
    println!(
        "loaded {what} data: {} companies, {} placements, {} events, {} students' interests",
        loaded.companies, loaded.placements, loaded.events, loaded.interests
    );
}

async fn serve(db: &app::db::Db, args: ServeArgs) -> anyhow::Result<()> {
    if args.demo_on_empty && app::db::companies::count_companies(db).await? == 0 {
        let loaded = seed::demo(db).await?;
        tracing::info!(
            companies = loaded.companies,
            placements = loaded.placements,
            events = loaded.events,
            interests = loaded.interests,
            "empty database: loaded the demo data"
        );
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let attribution = args.tile_attribution().map_err(anyhow::Error::msg)?;
    let tiles = server::tiles::Tiles::new(args.tile_settings()).context("cannot set up the map tile client")?;
    let map = app::map::MapSettings { attribution };
    let smtp_url = args.smtp_url.as_deref().filter(|url| !url.trim().is_empty());
    let site = app::auth::SiteSettings::new(&args.public_url())
        .behind(args.trusted_proxies.clone())
        .sending_mail(smtp_url.is_some())
        .built_as(&http::build_id());
    tokio::spawn(server::screens::watch_silent_screens(db.clone(), site.clone()));
    tokio::spawn(server::mailer::prune_outbox(db.clone()));
    tokio::spawn(server::retention::purge_interests(db.clone(), site.clone()));
    match smtp_url {
        Some(url) => {
            let mailer = server::mailer::Mailer::new(url, &args.mail_from)?;
            tokio::spawn(server::mailer::run(db.clone(), mailer));
            tracing::info!("mail goes out through SMTP");
        }
        None => tracing::info!(
            "no TECHKAART_SMTP_URL: mail waits in the outbox, which coordinators read at /beheer/uitgaande-mail"
        ),
    }
    let clock = app::clock::Clock::default();
    let tiles = tiles.with_clock(clock.clone());
    let streams = server::screens::Streams::new(usize::try_from(args.max_streams).unwrap_or(usize::MAX));
    let router = http::router(http::Application {
        leptos_options: http::leptos_options(&args.site_root),
        db: db.clone(),
        tiles,
        map,
        site,
        clock,
        streams: streams.clone(),
        metrics_token: args.metrics_token.clone(),
    });
    // Built before the first request, so no request waits for the catalog.
    app::catalog::current(&db).await.context("cannot read the catalog")?;
    tracing::info!(url = %args.public_url(), "Techkaart is listening");
    let shutdown = async move {
        http::shutdown_signal().await;
        // Kiosk screens never hang up by themselves; their streams end here.
        streams.close();
    };
    server::connections::serve(listener, router, args.limits(), shutdown)
        .await
        .context("server failed")
}
