//! Many kiosk screens on one instance: part of `make bench` (`scripts/bench.sh`).
//!
//! `screens_bench prepare DATABASE_URL N PUBLIC_URL` (before the server starts, so only one
//! process writes the SQLite file) stores N paired screens of the Kempen with known
//! secrets, and a coordinator; it prints the coordinator's password link and writes the
//! secrets to `DATABASE_FILE.screens`.
//!
//! `screens_bench run URL SECRETS LINK PID` then, against the running server: `/`
//! throughput without streams; N open streams (`/scherm/stroom`) and the server's
//! resident memory before and after, per stream; five region events added by the
//! coordinator, each timed from the moment its save was answered to the `change` event on
//! every stream (p50/p99/max); `/` throughput again with the streams open; and how long the
//! server takes to exit on SIGTERM with the streams still open.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

const ROUNDS: usize = 5;
const LOAD_SECONDS: u64 = 5;
const LOAD_CLIENTS: usize = 16;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("prepare") if args.len() == 4 => prepare(&args[1], args[2].parse()?, &args[3]).await,
        Some("run") if args.len() == 5 => run(&args[1], &args[2], &args[3], args[4].parse()?).await,
        _ => anyhow::bail!("usage: screens_bench prepare DATABASE_URL N PUBLIC_URL | run URL SECRETS LINK PID"),
    }
}

async fn prepare(database_url: &str, screens: usize, public_url: &str) -> anyhow::Result<()> {
    let db = server::database::open(database_url).await?;
    let form = app::domain::ScreenForm {
        screen_name: "Bench".to_owned(),
        on_days: "1234567".to_owned(),
        on_from: "00:00".to_owned(),
        on_until: "23:59".to_owned(),
        ..app::domain::ScreenForm::new_screen()
    };
    let settings = form.read().map_err(|errors| anyhow::anyhow!("{errors:?}"))?;
    let email = app::domain::EmailAddress::parse("bench@techkaart.example").map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let link = app::auth::create_coordinator(&db, &email, Some(app::domain::Region::Kempen), public_url)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let user = app::db::accounts::find_user_by_email(&db, &email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no coordinator"))?;
    let mut secrets = String::new();
    let mut tx = db.begin().await?;
    for n in 0..screens {
        let secret = app::auth::random_token();
        let hash = app::auth::token_hash(&secret);
        let named = app::domain::ScreenSettings {
            name: format!("Bench {n}"),
            ..settings.clone()
        };
        app::db::screens::insert_screen(
            &mut tx,
            app::domain::Region::Kempen,
            None,
            &named,
            &hash,
            user.id,
            app::db::now_instant(),
        )
        .await?;
        secrets.push_str(&secret);
        secrets.push('\n');
    }
    tx.commit().await?;
    let file = database_url.trim_start_matches("sqlite://").to_owned() + ".screens";
    std::fs::write(&file, secrets)?;
    println!("{link}");
    Ok(())
}

fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Requests per second for `/` from `LOAD_CLIENTS` loops over `LOAD_SECONDS`.
async fn throughput(url: &str) -> f64 {
    let client = reqwest::Client::new();
    let until = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let mut loops = Vec::new();
    for _ in 0..LOAD_CLIENTS {
        let client = client.clone();
        let url = format!("{url}/");
        loops.push(tokio::spawn(async move {
            let mut done = 0u64;
            while Instant::now() < until {
                if let Ok(response) = client.get(&url).send().await
                    && response.bytes().await.is_ok()
                {
                    done += 1;
                }
            }
            done
        }));
    }
    let mut total = 0;
    for done in loops {
        total += done.await.unwrap_or(0);
    }
    total as f64 / LOAD_SECONDS as f64
}

async fn run(url: &str, secrets_file: &str, link: &str, pid: u32) -> anyhow::Result<()> {
    let secrets: Vec<String> = std::fs::read_to_string(secrets_file)?
        .lines()
        .map(str::to_owned)
        .collect();
    let without = throughput(url).await;

    // The coordinator sets a password through the link and logs in.
    let coordinator = reqwest::Client::builder().cookie_store(true).build()?;
    let token = link.rsplit('/').next().unwrap_or_default().to_owned();
    let password = "draaibank-op-dinsdag-bench";
    let post = |path: &'static str, body: Vec<(&'static str, String)>| {
        let coordinator = coordinator.clone();
        let url = url.to_owned();
        async move {
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(body.iter().map(|(k, v)| (*k, v.as_str())))
                .finish();
            coordinator
                .post(format!("{url}{path}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(body)
                .send()
                .await
        }
    };
    let set = post(
        "/api/set_password",
        vec![
            ("token", token),
            ("password", password.into()),
            ("repeated", password.into()),
        ],
    )
    .await?;
    anyhow::ensure!(set.status().is_success(), "set password: {}", set.text().await?);

    let memory_before = resident_kib(pid);
    let received: Arc<Mutex<Vec<Vec<Instant>>>> = Arc::new(Mutex::new(vec![Vec::new(); secrets.len()]));
    let (ready, mut all_ready) = tokio::sync::mpsc::channel::<()>(secrets.len());
    let mut streams = Vec::new();
    for (n, secret) in secrets.iter().enumerate() {
        let client = reqwest::Client::new();
        let request = client
            .get(format!("{url}/scherm/stroom"))
            .header("cookie", format!("scherm={secret}"));
        let received = received.clone();
        let ready = ready.clone();
        streams.push(tokio::spawn(async move {
            let Ok(mut response) = request.send().await else {
                return;
            };
            let mut buffer = String::new();
            let mut said_ready = false;
            while let Ok(Some(chunk)) = response.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let block: String = buffer.drain(..end + 2).collect();
                    if block.contains("event: hello") && !said_ready {
                        said_ready = true;
                        ready.send(()).await.ok();
                    }
                    if block.contains("event: change") {
                        received.lock().await[n].push(Instant::now());
                    }
                }
            }
        }));
    }
    drop(ready);
    let opened = Instant::now();
    let mut connected = 0;
    while connected < secrets.len() {
        match tokio::time::timeout(Duration::from_secs(30), all_ready.recv()).await {
            Ok(Some(())) => connected += 1,
            _ => break,
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let memory_after = resident_kib(pid);
    println!(
        "  {connected} of {} screens connected in {:.1} s; server memory {} MiB -> {} MiB: {:.1} KiB per open stream",
        secrets.len(),
        opened.elapsed().as_secs_f64(),
        memory_before / 1024,
        memory_after / 1024,
        memory_after.saturating_sub(memory_before) as f64 / connected.max(1) as f64
    );

    let log_in = post(
        "/api/log_in",
        vec![
            ("email", "bench@techkaart.example".into()),
            ("password", password.into()),
        ],
    )
    .await?;
    anyhow::ensure!(log_in.status().is_success(), "log in: {}", log_in.text().await?);
    let day = time::OffsetDateTime::now_utc()
        .date()
        .next_day()
        .unwrap_or(time::Date::MAX);
    let day = format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day());
    let mut latencies = Vec::new();
    let mut saves = Vec::new();
    for round in 0..ROUNDS {
        let sent = Instant::now();
        let before: Vec<usize> = received.lock().await.iter().map(Vec::len).collect();
        let saved = post(
            "/api/save_event",
            vec![
                ("form[version]", "0".into()),
                ("form[kind]", "tech-event".into()),
                ("form[title_nl]", format!("Bench {round}")),
                ("form[start_day]", day.clone()),
                ("form[start_time]", "10:00".into()),
                ("form[end_day]", day.clone()),
                ("form[end_time]", "16:00".into()),
                ("form[place]", "venue".into()),
                ("form[venue_name]", "Kempenhal".into()),
                ("form[street_address]", "Sportlaan 3".into()),
                ("form[postcode]", "5521 KL".into()),
                ("form[town]", "Eersel".into()),
                ("form[municipality]", "eersel".into()),
                ("form[latitude]", "51.3598".into()),
                ("form[longitude]", "5.3233".into()),
                ("form[audiences][mbo]", "on".into()),
                ("form[participation]", "just-come".into()),
            ],
        )
        .await?;
        let answered = Instant::now();
        saves.push(answered - sent);
        anyhow::ensure!(saved.status().is_success(), "save event: {}", saved.text().await?);
        let deadline = answered + Duration::from_secs(10);
        loop {
            let got = received
                .lock()
                .await
                .iter()
                .zip(&before)
                .filter(|(times, before)| times.len() > **before)
                .count();
            if got >= connected || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        for (times, before) in received.lock().await.iter().zip(&before) {
            match times.get(*before) {
                Some(at) => latencies.push(at.saturating_duration_since(answered)),
                None => latencies.push(Duration::from_secs(3600)),
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    latencies.sort();
    saves.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "  a change to all {connected} screens, {ROUNDS} times: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms after the save was answered (budget: p99 under 2000 ms)",
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    println!(
        "  (a save is answered once the catalog shows it; the saves took {:.0} to {:.0} ms, so from the click to every screen is at most about {:.0} ms)",
        saves.first().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        saves.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        (saves.last().copied().unwrap_or_default() + latencies.last().copied().unwrap_or_default()).as_secs_f64()
            * 1000.0
    );

    let with = throughput(url).await;
    println!(
        "  / with {LOAD_CLIENTS} clients: {without:.0} req/s without streams, {with:.0} req/s with {connected} open ({:+.1}%; budget: within 10%)",
        100.0 * (with - without) / without.max(1.0)
    );

    let stopping = Instant::now();
    std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()?;
    while std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .contains("State:\tZ")
        && stopping.elapsed() < Duration::from_secs(30)
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    println!(
        "  SIGTERM with {connected} streams open: the server was gone after {:.2} s (budget: 5 s)",
        stopping.elapsed().as_secs_f64()
    );
    for stream in streams {
        stream.abort();
    }
    Ok(())
}
