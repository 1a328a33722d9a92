//! How long a public save takes to be answered and to show in the search: part of
//! `make bench` (`scripts/bench.sh`) and `make bench-cluster`.
//!
//! `save_bench prepare DATABASE_URL` (before the server starts, so only one process
//! writes an SQLite file) gives the first company with an open placement a user with a
//! known password; it prints the user's address and the placement's id.
//!
//! `save_bench run EMAIL PLACEMENT URL [URL...]` then logs in at the first server and
//! saves the placement's title `ROUNDS` times, each time with a new word in it. Each save
//! is timed until it was answered, and until the search of every server named shows the
//! new word (the first is the one saved on; the others are other instances on the same
//! database). Prints p50/p95/max of each.

use std::time::{Duration, Instant};

use leptos::server_fn::ServerFn as _;

const ROUNDS: usize = 40;
/// The longest a save may take to show before the round counts as "not seen".
const SEEN_LIMIT: Duration = Duration::from_secs(10);
const PASSWORD: &str = "bench-wachtwoord-voor-opslaan";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("prepare") if args.len() == 2 => prepare(&args[1]).await,
        Some("run") if args.len() >= 4 => run(&args[1], args[2].parse()?, &args[3..]).await,
        _ => anyhow::bail!("usage: save_bench prepare DATABASE_URL | run EMAIL PLACEMENT URL [URL...]"),
    }
}

async fn prepare(database_url: &str) -> anyhow::Result<()> {
    use app::db::{Pools, accounts};
    let db = server::database::open(database_url).await?;
    const FIRST: &str = "SELECT company_id, id FROM placements WHERE status = 'open' ORDER BY id LIMIT 1";
    let (company_id, placement): (i64, i64) = match db.pools() {
        Pools::Sqlite { read, .. } => sqlx::query_as(FIRST).fetch_one(read).await?,
        Pools::Postgres(pool) => sqlx::query_as(FIRST).fetch_one(pool).await?,
    };
    let email = app::domain::EmailAddress::parse("opslaan@bench.example").map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let hash = app::auth::hash_password(PASSWORD.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let now = app::db::now_timestamp();
    let mut tx = db.begin().await?;
    let user = accounts::insert_user(
        &mut tx,
        &email,
        app::domain::Role::Company,
        Some(company_id),
        None,
        &now,
    )
    .await?;
    accounts::set_password(&mut tx, user, &hash, &now).await?;
    tx.commit().await?;
    db.close().await;
    println!("{} {placement}", email.as_str());
    Ok(())
}

/// p50, p95 and max of `times`, in milliseconds.
fn spread(times: &mut [Duration]) -> String {
    if times.is_empty() {
        return "none".to_owned();
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "p50 {:6.1} ms  p95 {:6.1} ms  max {:6.1} ms",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(times[times.len() - 1])
    )
}

async fn post(client: &reqwest::Client, url: &str, path: &str, body: String) -> anyhow::Result<String> {
    let response = client
        .post(format!("{url}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    anyhow::ensure!(status.is_success(), "{path}: {status} {text}");
    Ok(text)
}

async fn run(email: &str, placement: i64, urls: &[String]) -> anyhow::Result<()> {
    use app::api::accounts::LogIn;
    use app::api::own_placements::{LoadOwnPlacement, SavePlacement};
    use app::api::search::SearchCompanies;

    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let saver = &urls[0];
    let log_in = LogIn {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
    };
    post(&client, saver, LogIn::PATH, serde_qs::to_string(&log_in)?).await?;
    let searcher = reqwest::Client::new();
    let mut answered = Vec::new();
    let mut seen: Vec<Vec<Duration>> = vec![Vec::new(); urls.len()];
    let mut unseen = vec![0; urls.len()];
    for round in 0..ROUNDS {
        let load = LoadOwnPlacement { id: placement };
        let own: app::domain::OwnPlacement =
            serde_json::from_str(&post(&client, saver, LoadOwnPlacement::PATH, serde_qs::to_string(&load)?).await?)?;
        let word = format!("bench{round}x{}", std::process::id());
        let mut form = app::domain::PlacementForm::from_placement(&own.placement, own.version);
        form.title = format!("Lasser {word}");
        let save = SavePlacement {
            id: Some(placement),
            form,
        };
        let started = Instant::now();
        post(&client, saver, SavePlacement::PATH, serde_qs::to_string(&save)?).await?;
        answered.push(started.elapsed());
        let query = SearchCompanies {
            query: format!("zoek={word}"),
            marker_zoom: 10,
        };
        let body = serde_qs::to_string(&query)?;
        for (n, url) in urls.iter().enumerate() {
            loop {
                let text = post(&searcher, url, SearchCompanies::PATH, body.clone()).await?;
                if text.contains(&word) {
                    seen[n].push(started.elapsed());
                    break;
                }
                if started.elapsed() > SEEN_LIMIT {
                    unseen[n] += 1;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    }
    println!("  {ROUNDS} saves of a placement's title, from the save until:");
    println!("    {:<48} {}", "answered", spread(&mut answered));
    for (n, url) in urls.iter().enumerate() {
        let label = if n == 0 {
            format!("shown by its search ({url})")
        } else {
            format!("shown by another instance ({url})")
        };
        let missed = if unseen[n] > 0 {
            format!("  ({} not shown within {SEEN_LIMIT:?})", unseen[n])
        } else {
            String::new()
        };
        println!("    {label:<48} {}{missed}", spread(&mut seen[n]));
    }
    Ok(())
}
