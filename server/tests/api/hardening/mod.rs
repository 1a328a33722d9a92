//! What an attacker on the internet tries and what a long-running server meets: parallel
//! password guesses, hashing as a free service, connections that never finish their
//! request, slow and panicking handlers, answers that must not be kept. Each test sends
//! its bounded traffic to a server it started itself on 127.0.0.1.

use std::time::Duration;

use crate::common::{PASSWORD, TestApp, account, logged_in};
use app::domain::{Region, Role};
use app::throttle;
use leptos::server_fn::ServerFn as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod limits;
mod matrix;
mod privacy;

/// The statuses of `count` requests sent together, each built by `request`.
async fn all_at_once(count: usize, request: impl Fn() -> reqwest::RequestBuilder) -> Vec<u16> {
    let sent = (0..count).map(|_| {
        let request = request();
        async move { request.send().await.expect("request").status().as_u16() }
    });
    futures::future::join_all(sent).await
}

fn how_many(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

db_test!(forty_parallel_guesses_count_as_forty, |db| {
    account(
        &db,
        "jan@vonkwerk.example",
        Role::Coordinator,
        None,
        Some(Region::Kempen),
    )
    .await;
    let app = TestApp::spawn(db).await;
    let statuses = all_at_once(40, || {
        app.client
            .post(app.url(app::api::accounts::LogIn::PATH))
            .header("accept", "application/json")
            .form(&[("email", "jan@vonkwerk.example"), ("password", "verkeerd-wachtwoord")])
    })
    .await;
    // As one at a time: the free failures and the one that starts the wait are checked.
    let checked = throttle::FREE_FAILURES_PER_ACCOUNT as usize + 1;
    assert_eq!(how_many(&statuses, 401), checked, "{statuses:?}");
    assert_eq!(how_many(&statuses, 429), 40 - checked, "{statuses:?}");
    app.stop().await;
});

db_test!(a_made_up_link_is_refused_before_any_hashing_and_held_up, |db| {
    let app = TestApp::spawn(db).await;
    // Two hundred at once: were each hashed, the bounded hashing queue would answer 503.
    let statuses = all_at_once(200, || {
        app.client
            .post(app.url(app::api::accounts::SetPassword::PATH))
            .header("accept", "application/json")
            .form(&[
                ("token", "0".repeat(64).as_str()),
                ("password", PASSWORD),
                ("repeated", PASSWORD),
            ])
    })
    .await;
    let checked = throttle::FREE_LINKS_PER_ADDRESS as usize + 1;
    assert_eq!(how_many(&statuses, 410), checked, "{statuses:?}");
    assert_eq!(how_many(&statuses, 429), 200 - checked, "{statuses:?}");
    app.stop().await;
});

db_test!(a_login_address_of_64_kb_is_refused_like_any_other, |db| {
    let app = TestApp::spawn(db).await;
    let long = format!("{}@x.example", "a".repeat(60 * 1024));
    let response = app
        .client
        .post(app.url(app::api::accounts::LogIn::PATH))
        .header("accept", "application/json")
        .form(&[("email", long.as_str()), ("password", "verkeerd-wachtwoord")])
        .send()
        .await
        .expect("log in");
    assert_eq!(response.status(), 401);
    app.stop().await;
});

db_test!(logged_in_pages_and_server_function_answers_are_kept_by_nobody, |db| {
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let app = TestApp::spawn(db).await;
    let anonymous = app.get("/").await;
    assert!(
        anonymous.headers().get("cache-control").is_none(),
        "the public home page may be kept"
    );
    let coordinator = logged_in(&app, "co@kempen.example").await;
    for path in ["/beheer", "/"] {
        let page = coordinator.get(app.url(path)).send().await.expect("GET");
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["cache-control"], "no-store", "{path}");
    }
    let answer = app
        .client
        .post(app.url(app::api::accounts::LogIn::PATH))
        .header("accept", "application/json")
        .form(&[("email", "co@kempen.example"), ("password", "verkeerd-wachtwoord")])
        .send()
        .await
        .expect("log in");
    assert_eq!(answer.headers()["cache-control"], "no-store");
    app.stop().await;
});

/// Connection limits small enough for a test to reach.
fn tight(header_read: Duration, request: Duration, max_connections: usize) -> server::connections::Limits {
    server::connections::Limits {
        header_read,
        request,
        max_connections,
    }
}

/// Whether the server closes `stream` within `within` (reads end, or the connection resets).
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

db_test!(half_sent_requests_and_idle_connections_are_closed, |db| {
    let limits = tight(Duration::from_secs(1), Duration::from_secs(30), 1024);
    let app = TestApp::builder(db).limits(limits).start().await;
    let mut half_sent = Vec::new();
    for _ in 0..50 {
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.expect("connect");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .expect("half a header");
        half_sent.push(stream);
    }
    let mut silent = tokio::net::TcpStream::connect(app.addr).await.expect("connect");
    for stream in half_sent.iter_mut().chain([&mut silent]) {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await,
            "a connection that does not finish its request head is closed"
        );
    }

    // A finished request is answered; the connection, then idle, is closed as well.
    let mut idle = tokio::net::TcpStream::connect(app.addr).await.expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("request");
    let mut answer = [0u8; 12];
    idle.read_exact(&mut answer).await.expect("answer");
    assert_eq!(&answer, b"HTTP/1.1 200");
    assert!(
        closed_within(&mut idle, Duration::from_secs(10)).await,
        "idle keep-alive ends"
    );
    assert_eq!(app.get("/healthz").await.status(), 200, "the server still serves");
    app.stop().await;
});

db_test!(beyond_the_connection_limit_a_client_waits_for_a_free_one, |db| {
    let limits = tight(Duration::from_secs(60), Duration::from_secs(30), 4);
    let app = TestApp::builder(db).limits(limits).start().await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.expect("connect");
        stream.write_all(b"GET / HTTP/1.1\r\n").await.expect("half a request");
        held.push(stream);
    }
    // The fifth connection is not taken on while four are open.
    let client = reqwest::Client::new();
    let fifth = tokio::spawn({
        let url = app.url("/healthz");
        async move { client.get(url).send().await.map(|r| r.status().as_u16()) }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!fifth.is_finished(), "the fifth waits while four connections are open");
    drop(held.pop());
    let status = tokio::time::timeout(Duration::from_secs(10), fifth)
        .await
        .expect("answered once a connection closed")
        .expect("task")
        .expect("request");
    assert_eq!(status, 200);
    drop(held);
    app.stop().await;
});

async fn sleeps() -> &'static str {
    tokio::time::sleep(Duration::from_secs(20)).await;
    "too late"
}

async fn panics() -> &'static str {
    let texts = ["ä".to_owned()];
    // Slicing inside a multi-byte character, as a crafted `__err` once made `AuditList` do.
    let cut = &texts[0][..1];
    cut.len().to_string().leak()
}

/// A page shaped like the dashboard: data loads, then rendering it panics.
mod render {
    use leptos::prelude::*;

    #[component]
    pub fn PanicsAfterLoading() -> impl IntoView {
        let entry = Resource::new(|| (), |_| async { "29 november 2026 ä".to_owned() });
        view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let text = entry.await;
                    // Slicing inside the two-byte "ä", as a crafted `__err` once made `AuditList` do.
                    let cut = text.find('ä').map_or(0, |start| start + 1);
                    view! { <p>{text[..cut].to_owned()}</p> }
                })}
            </Suspense>
        }
    }
}

db_test!(a_slow_request_gets_503_and_a_panic_a_logged_500, |db| {
    let extra = axum::Router::new()
        .route("/test/sleeps", axum::routing::get(sleeps))
        .route("/test/panics", axum::routing::get(panics))
        .route(
            "/test/render-panics",
            axum::routing::get(leptos_axum::render_app_async(|| {
                leptos::view! { <render::PanicsAfterLoading /> }
            })),
        );
    let limits = tight(Duration::from_secs(10), Duration::from_secs(1), 1024);
    let app = TestApp::builder(db).limits(limits).extra_routes(extra).start().await;
    let started = std::time::Instant::now();
    let slow = app.get("/test/sleeps").await;
    assert_eq!(slow.status(), 503);
    assert!(slow.headers().contains_key("retry-after"));
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());

    let panicked = tokio::time::timeout(Duration::from_secs(10), app.get("/test/panics"))
        .await
        .expect("a panic ends the request");
    assert_eq!(panicked.status(), 500);
    let rendering = tokio::time::timeout(Duration::from_secs(10), app.get("/test/render-panics"))
        .await
        .expect("a panic while rendering ends the request");
    assert_eq!(rendering.status(), 500);
    assert_eq!(app.get("/healthz").await.status(), 200, "the server still serves");
    app.stop().await;
});

db_test!(a_stalled_request_is_answered_503_and_never_run_twice, |db| {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // Stalls for good on its first call, answers at once after that.
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let stalls_once = move || {
        let counted = counted.clone();
        async move {
            if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                std::future::pending::<()>().await;
            }
            "answered"
        }
    };
    let extra = axum::Router::new().route(
        "/test/stalls-once",
        axum::routing::get(stalls_once.clone()).post(stalls_once),
    );
    let limits = tight(Duration::from_secs(10), Duration::from_secs(1), 1024);
    let app = TestApp::builder(db).limits(limits).extra_routes(extra).start().await;
    // Neither a page nor a form post is asked a second time: each waits for the deadline.
    for method in [reqwest::Method::GET, reqwest::Method::POST] {
        calls.store(0, Ordering::SeqCst);
        let answer = app
            .client
            .request(method.clone(), app.url("/test/stalls-once"))
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 503, "{method}");
        assert_eq!(answer.headers()["retry-after"], "5");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{method} was run once");
    }
    app.stop().await;
});

db_test!(
    a_coordinator_sees_only_the_links_they_must_forward_and_is_recorded,
    |db| {
        use crate::common::{count, insert_company, page, post_form};
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let coordinator = logged_in(&app, "co@kempen.example").await;

        // Jan has a password: a new invitation would give the coordinator Jan's account.
        let again = [
            ("form[email]", "jan@vonk.example"),
            ("form[company]", &vonk.to_string()),
        ];
        let mails_before = count(&db, "SELECT COUNT(*) FROM outbox").await;
        let (back, _) = post_form(
            &coordinator,
            &app,
            app::api::accounts::Invite::PATH,
            &again,
            "/beheer/uitnodigen",
        )
        .await;
        let (_, html) = page(&coordinator, &app, back.trim_start_matches(&app.url(""))).await;
        assert!(
            html.contains(app::i18n::NL.words.problem(app::domain::Problem::Active)),
            "the refusal is told"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox").await,
            mails_before,
            "no mail, no link"
        );

        // Jan's "forgot password" mail waits in the outbox (no mail server), but its link is
        // not shown to the coordinator.
        post_form(
            &crate::common::browser(),
            &app,
            app::api::accounts::ForgotPassword::PATH,
            &[("email", "jan@vonk.example")],
            "/wachtwoord-vergeten",
        )
        .await;
        let (_, html) = page(&coordinator, &app, "/beheer/uitgaande-mail").await;
        assert!(html.contains("jan@vonk.example") && html.contains(app::i18n::NL.dashboard.mail_link_hidden));
        assert!(!html.contains("/wachtwoord/"), "no reset link in the outbox");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox_reads").await, 0);

        // An invitation for someone new must be forwarded: shown, and recorded as read.
        let new = [
            ("form[email]", "els@vonk.example"),
            ("form[company]", &vonk.to_string()),
        ];
        post_form(
            &coordinator,
            &app,
            app::api::accounts::Invite::PATH,
            &new,
            "/beheer/uitnodigen",
        )
        .await;
        let (_, html) = page(&coordinator, &app, "/beheer/uitgaande-mail").await;
        assert_eq!(
            html.matches("/wachtwoord/").count(),
            2,
            "the invitation's link, in both languages"
        );
        let (_, html) = page(&coordinator, &app, "/beheer/uitgaande-mail").await;
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox_reads WHERE recipient = 'els@vonk.example'"
            )
            .await,
            1,
            "who was shown which link is recorded, once"
        );
        assert!(
            html.contains(&format!(
                "{} co@kempen.example (",
                app::i18n::NL.dashboard.mail_link_shown_to
            )),
            "the outbox says who was shown the link"
        );
        app.stop().await;
    }
);

/// Fresh servers on one database, each asked for its first pages, `FRESH_ROUNDS` times
/// (1,000 unless set), on a runtime with one worker thread, where a lost wake-up shows
/// most readily. Not one first page may stall: each must be answered 200 or 404 well
/// within the request deadline. (Building Leptos's route list while another server
/// rendered left those renders pending for ever, Leptos issue #4773; the list is now built
/// once per process.)
async fn fresh_servers_answer(db: app::db::Db) {
    server::seed::demo(&db).await.expect("demo seed");
    let rounds: usize = std::env::var("FRESH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let limits = tight(Duration::from_secs(10), Duration::from_secs(5), 1024);
    let started = std::time::Instant::now();
    for round in 0..rounds {
        let app = TestApp::builder(db.clone()).limits(limits).start().await;
        let home_page = format!("/?regio=ijmond&pagina={}", round % 3 + 1);
        let (home, company) = tokio::join!(app.get(&home_page), app.get("/bedrijven/vonk-metaal"));
        let statuses = [home.status().as_u16(), company.status().as_u16()];
        assert!(
            statuses.iter().all(|status| [200, 404].contains(status)),
            "round {round}: a first page was answered {statuses:?}"
        );
        app.stop().await;
    }
    eprintln!(
        "{rounds} fresh servers, {} first pages, none stalled, in {:?}",
        rounds * 2,
        started.elapsed()
    );
}

/// On one worker thread, unlike `db_test!`'s two.
mod no_first_page_of_a_fresh_server_hangs {
    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn sqlite() {
        crate::common::run(crate::common::Backend::Sqlite, super::fresh_servers_answer).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    #[cfg_attr(
        not(postgres_tests),
        ignore = "TEST_POSTGRES_URL was not set when the tests were built"
    )]
    async fn postgres() {
        crate::common::run(crate::common::Backend::Postgres, super::fresh_servers_answer).await;
    }
}
