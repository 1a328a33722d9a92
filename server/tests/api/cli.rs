//! The `techkaart` command as a person meets it: clear one-line errors, no secrets printed.

use std::process::{Command, Output};

fn techkaart(args: &[&str], database_url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_techkaart"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("TECHKAART_LOG", "off")
        .output()
        .expect("run techkaart")
}

fn one_line_error(output: &Output) -> String {
    assert!(!output.status.success(), "the command should fail");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "expected one line, got:\n{stderr}"
    );
    assert!(stderr.starts_with("techkaart: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn an_unreachable_postgres_url_stops_the_start_with_one_line_naming_it_without_the_password() {
    let output = techkaart(&["migrate"], "postgres://app:hunter2@127.0.0.1:1/techkaart");
    let error = one_line_error(&output);
    assert!(
        error.contains("cannot open the PostgreSQL database postgres://app:***@127.0.0.1:1/techkaart"),
        "{error}"
    );
    assert!(!error.contains("hunter2"), "the password was printed: {error}");
}

#[test]
fn a_database_url_of_another_kind_is_refused_with_the_kinds_that_work() {
    let error = one_line_error(&techkaart(&["migrate"], "mysql://root@127.0.0.1/techkaart"));
    assert!(
        error.contains("DATABASE_URL must start with sqlite:// or postgres://"),
        "{error}"
    );
}

#[test]
fn an_sqlite_file_that_cannot_be_created_is_named() {
    let error = one_line_error(&techkaart(&["migrate"], "sqlite:///proc/techkaart/techkaart.db"));
    assert!(
        error.contains("cannot open the SQLite database sqlite:///proc/techkaart/techkaart.db"),
        "{error}"
    );
}

#[test]
fn demo_data_goes_only_into_an_empty_database() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/nested/folder/techkaart.db", dir.path().display());
    let first = techkaart(&["seed", "--demo"], &url);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("loaded demo data: 40 companies"));
    let error = one_line_error(&techkaart(&["seed", "--demo"], &url));
    assert!(error.contains("already has 40 companies"), "{error}");
}

#[test]
fn seed_needs_to_be_told_what_to_load() {
    let output = techkaart(&["seed"], "sqlite://unused.db");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--demo") && stderr.contains("--synthetic"), "{stderr}");
}

/// Sends a plain HTTP/1.1 request and returns the status line.
fn status_line(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.lines().next().map(str::to_owned)
}

#[test]
fn the_server_starts_on_an_empty_database_and_stops_cleanly_on_sigterm() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("temporary folder");
    let port = crate::common::free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_techkaart"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/techkaart.db", dir.path().display()),
        )
        .env("TECHKAART_ADDR", format!("127.0.0.1:{port}"))
        .env("TECHKAART_LOG", "off")
        .spawn()
        .expect("start techkaart");

    wait_until_healthy(port);

    let signalled = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("run kill");
    assert!(signalled.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().expect("wait for techkaart") {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status after SIGTERM: {status}");
}

#[test]
fn create_coordinator_prints_a_one_time_link_and_refuses_a_second_account_or_a_bad_address() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/techkaart.db", dir.path().display());
    let args = [
        "create-coordinator",
        "--email",
        "Coordinator@Kempen.Example",
        "--region",
        "kempen",
        "--public-url",
        "https://techkaart.example",
    ];
    let created = techkaart(&args, &url);
    let stdout = String::from_utf8_lossy(&created.stdout);
    assert!(
        created.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(stdout.contains("coordinator@kempen.example"), "{stdout}");
    let link = stdout
        .lines()
        .find(|line| line.starts_with("https://techkaart.example/wachtwoord/"))
        .unwrap_or_else(|| panic!("no link in {stdout}"));
    assert_eq!(link.rsplit('/').next().map(str::len), Some(64), "{link}");

    let again = one_line_error(&techkaart(&args, &url));
    assert!(again.contains("already an account"), "{again}");
    let bad = one_line_error(&techkaart(
        &["create-coordinator", "--email", "geen-adres", "--region", "beide"],
        &url,
    ));
    assert!(bad.contains("no usable e-mail address"), "{bad}");
}

#[test]
fn reset_password_prints_a_reset_link_that_retires_the_one_before_and_names_an_unknown_address() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/techkaart.db", dir.path().display());
    let created = techkaart(
        &[
            "create-coordinator",
            "--email",
            "c@ijmond.example",
            "--region",
            "ijmond",
        ],
        &url,
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let reset = [
        "reset-password",
        "--email",
        "C@IJmond.example",
        "--public-url",
        "https://techkaart.example/",
    ];
    let token_of = |output: Output| -> String {
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("2 hours"), "{stdout}");
        let link = stdout
            .lines()
            .find_map(|line| line.strip_prefix("https://techkaart.example/wachtwoord/"))
            .unwrap_or_else(|| panic!("no link in {stdout}"));
        link.to_owned()
    };
    let first = token_of(techkaart(&reset, &url));
    let second = token_of(techkaart(&reset, &url));
    assert_ne!(first, second);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let db = server::database::open(&url).await.expect("open the database");
        let now = app::db::now_timestamp();
        let mut tx = db.begin().await.expect("begin");
        let purpose = app::db::accounts::LinkPurpose::Reset;
        let retired = app::db::accounts::use_link(&mut tx, &app::auth::token_hash(&first), purpose, &now).await;
        assert_eq!(
            retired.expect("look up the first link"),
            None,
            "the first link still works"
        );
        let current = app::db::accounts::use_link(&mut tx, &app::auth::token_hash(&second), purpose, &now).await;
        let user = app::db::accounts::find_user_by_email(
            &db,
            &app::domain::EmailAddress::parse("c@ijmond.example").expect("a valid address"),
        )
        .await
        .expect("find the coordinator")
        .expect("the coordinator exists");
        assert_eq!(current.expect("look up the second link"), Some(user.id));
        // Closing waits for every connection, the transaction's too.
        drop(tx);
        db.close().await;
    });

    let unknown = one_line_error(&techkaart(
        &["reset-password", "--email", "niemand@ijmond.example"],
        &url,
    ));
    assert!(unknown.contains("no account for niemand@ijmond.example"), "{unknown}");
    let bad = one_line_error(&techkaart(&["reset-password", "--email", "geen-adres"], &url));
    assert!(bad.contains("no usable e-mail address"), "{bad}");
}

/// The server process started on a fresh SQLite file behind a trusted proxy at 127.0.0.1,
/// and its port, once it answers `/healthz`.
fn serve_behind_proxy(dir: &std::path::Path) -> (std::process::Child, u16) {
    let port = crate::common::free_port();
    let server = Command::new(env!("CARGO_BIN_EXE_techkaart"))
        .arg("serve")
        .env("DATABASE_URL", format!("sqlite://{}/techkaart.db", dir.display()))
        .env("TECHKAART_ADDR", format!("127.0.0.1:{port}"))
        .env("TECHKAART_TRUSTED_PROXIES", "127.0.0.1")
        .env("TECHKAART_DEMO_ON_EMPTY", "false")
        .env("TECHKAART_LOG", "off")
        .spawn()
        .expect("start techkaart");
    wait_until_healthy(port);
    (server, port)
}

/// Returns once the server on `port` answers `/healthz` with 200; fails after 20 s. Polls,
/// because these tests drive a child process from plain threads.
fn wait_until_healthy(port: u16) {
    use std::time::{Duration, Instant};

    let started = Instant::now();
    while status_line(port, "/healthz").as_deref() != Some("HTTP/1.1 200 OK") {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not come up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Its own process, so the flood fills only that server's hashing queue, not the one the
/// other tests share.
#[test]
fn a_flood_of_logins_from_many_addresses_is_answered_busy_instead_of_queued() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (mut server, port) = serve_behind_proxy(dir.path());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let statuses: Vec<(u16, bool)> = runtime.block_on(async {
        let client = reqwest::Client::new();
        // Each from its own address, so no throttle holds any of them up: every one hashes.
        let flood = (0..150u32).map(|n| {
            let request = client
                .post(format!("http://127.0.0.1:{port}/api/log_in"))
                .header("accept", "application/json")
                .header("x-forwarded-for", format!("198.51.{}.{}", n / 200, n % 200 + 1))
                .form(&[
                    ("email", format!("gast{n}@vonkwerk.example")),
                    ("password", "verkeerd-wachtwoord".to_owned()),
                ]);
            async move {
                let response = request.send().await.expect("log in");
                (
                    response.status().as_u16(),
                    response.headers().contains_key("retry-after"),
                )
            }
        });
        futures::future::join_all(flood).await
    });
    server.kill().ok();
    server.wait().ok();
    let busy: Vec<_> = statuses.iter().filter(|(status, _)| *status == 503).collect();
    let checked = statuses.iter().filter(|(status, _)| *status == 401).count();
    assert_eq!(busy.len() + checked, statuses.len(), "only 401 and 503: {statuses:?}");
    assert!(!busy.is_empty(), "a full queue answers 503: {statuses:?}");
    assert!(busy.iter().all(|(_, retry)| *retry), "with Retry-After");
    // At most the running and the waiting hashes, plus those that found room as others finished.
    assert!(checked >= app::auth::HASHES_AT_ONCE, "{checked} were checked");
}

/// An instance that finds a schema a newer release migrated refuses to start, in one line
/// that says so, and changes nothing.
#[test]
fn a_database_migrated_by_a_newer_release_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/techkaart.db", dir.path().display());
    assert!(techkaart(&["migrate"], &url).status.success());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let sql = |statement: &'static str| {
        let url = url.clone();
        runtime.block_on(async move {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("connect");
            sqlx::query_as::<_, (i64,)>(statement)
                .fetch_optional(&mut conn)
                .await
                .expect("query")
                .map(|(n,)| n)
        })
    };
    let applied = sql("SELECT COUNT(*) FROM _sqlx_migrations").expect("a count");
    sql(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99, 'from a newer release', TRUE, x'00', 1)",
    );
    let error = one_line_error(&techkaart(&["migrate"], &url));
    assert!(
        error.contains("the database's schema is newer than this techkaart knows (it has migration 99"),
        "{error}"
    );
    assert_eq!(
        sql("SELECT COUNT(*) FROM _sqlx_migrations"),
        Some(applied + 1),
        "nothing applied or removed"
    );
}

/// The demo data and an account, backed up while the server serves it, restored into a
/// new database: every row of every table comes back. A backup never overwrites a file,
/// a restore never overwrites a database, and something that is no backup is named so.
#[test]
fn a_backup_made_while_serving_restores_every_row_into_a_new_database() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let original = format!("sqlite://{}/techkaart.db", dir.path().display());
    assert!(techkaart(&["seed", "--demo"], &original).status.success());
    let created = techkaart(
        &[
            "create-coordinator",
            "--email",
            "co@kempen.example",
            "--region",
            "kempen",
        ],
        &original,
    );
    assert!(created.status.success());
    let (mut server, port) = serve_behind_proxy(dir.path());
    assert_eq!(status_line(port, "/").as_deref(), Some("HTTP/1.1 200 OK"));

    let file = dir.path().join("backup.db");
    let file_arg = file.to_str().expect("path");
    let made = techkaart(&["backup", file_arg], &original);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    assert_eq!(
        status_line(port, "/").as_deref(),
        Some("HTTP/1.1 200 OK"),
        "still serving"
    );
    let again = one_line_error(&techkaart(&["backup", file_arg], &original));
    assert!(again.contains("exists already"), "{again}");
    server.kill().ok();
    server.wait().ok();

    let restored = format!("sqlite://{}/restored/techkaart.db", dir.path().display());
    let done = techkaart(&["restore", file_arg], &restored);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert!(String::from_utf8_lossy(&done.stdout).contains("(40 companies)"));
    let twice = one_line_error(&techkaart(&["restore", file_arg], &restored));
    assert!(twice.contains("exists already"), "{twice}");
    let not_a_backup = dir.path().join("notes.txt");
    std::fs::write(&not_a_backup, "geen database").expect("write");
    let elsewhere = format!("sqlite://{}/other.db", dir.path().display());
    let refused = one_line_error(&techkaart(
        &["restore", not_a_backup.to_str().expect("path")],
        &elsewhere,
    ));
    assert!(refused.contains("is not a Techkaart backup"), "{refused}");
    assert!(!dir.path().join("other.db").exists(), "nothing made");

    // Table by table, row by row.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&original).await.expect("original");
        let restored_file = format!("{}/restored/techkaart.db", dir.path().display());
        sqlx::query("ATTACH DATABASE $1 AS restored")
            .bind(&restored_file)
            .execute(&mut conn)
            .await
            .expect("attach");
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&mut conn)
        .await
        .expect("tables");
        assert!(tables.len() > 15, "{tables:?}");
        for (table,) in &tables {
            let counts: (i64, i64) = sqlx::query_as(&format!(
                "SELECT (SELECT COUNT(*) FROM main.\"{table}\"), (SELECT COUNT(*) FROM restored.\"{table}\")"
            ))
            .fetch_one(&mut conn)
            .await
            .expect("counts");
            assert_eq!(counts.0, counts.1, "{table}");
            let differing: (i64,) = sqlx::query_as(&format!(
                "SELECT COUNT(*) FROM (SELECT * FROM main.\"{table}\" EXCEPT SELECT * FROM restored.\"{table}\")"
            ))
            .fetch_one(&mut conn)
            .await
            .expect("compare");
            assert_eq!(differing.0, 0, "{table}");
        }
        let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM restored.users WHERE email = 'co@kempen.example'")
            .fetch_one(&mut conn)
            .await
            .expect("users");
        assert_eq!(users, 1);
    });
}

/// Three logins that carry `X-Forwarded-For` to a `techkaart` serving on a new database
/// with `trusted` proxies; what it logged (at warn) until SIGTERM.
fn log_of_forwarded_logins(trusted: &str) -> String {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("temporary folder");
    let port = crate::common::free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_techkaart"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/techkaart.db", dir.path().display()),
        )
        .env("TECHKAART_ADDR", format!("127.0.0.1:{port}"))
        .env("TECHKAART_TRUSTED_PROXIES", trusted)
        .env("TECHKAART_DEMO_ON_EMPTY", "false")
        .env("TECHKAART_LOG", "warn")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start techkaart");
    wait_until_healthy(port);
    for n in 0..3 {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let body = format!("email=gast{n}%40school.example&password=verkeerd");
        write!(
            stream,
            "POST /api/log_in HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Forwarded-For: 203.0.113.{n}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("answer");
        assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    }
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("run kill");
    let mut log = String::new();
    server
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut log)
        .expect("read the log");
    server.wait().expect("wait for techkaart");
    log
}

#[test]
fn forwarding_from_an_untrusted_peer_is_logged_once_and_a_trusted_range_is_accepted() {
    const SAID: &str = "X-Forwarded-For from a peer that is not a trusted proxy";
    let untrusted = log_of_forwarded_logins("10.0.0.0/8");
    assert_eq!(untrusted.matches(SAID).count(), 1, "{untrusted}");
    // 127.0.0.1 within a trusted range (and as its IPv4-mapped form): nothing to say.
    let trusted = log_of_forwarded_logins("127.0.0.0/8,::ffff:127.0.0.1");
    assert_eq!(trusted.matches(SAID).count(), 0, "{trusted}");
}
