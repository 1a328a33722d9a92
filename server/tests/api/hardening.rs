//! What an attacker on the internet tries and what a long-running server meets: parallel
//! password guesses, hashing as a free service, connections that never finish their
//! request, slow and panicking handlers, answers that must not be kept. Each test sends
//! its bounded traffic to a server it started itself on 127.0.0.1.

use std::time::Duration;

use crate::common::{PASSWORD, TestApp, account, logged_in};
use app::auth;
use app::domain::{Region, Role};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
            .post(app.url("/api/log_in"))
            .header("accept", "application/json")
            .form(&[("email", "jan@vonkwerk.example"), ("password", "verkeerd-wachtwoord")])
    })
    .await;
    // As one at a time: the free failures and the one that starts the wait are checked.
    let checked = auth::FREE_FAILURES_PER_ACCOUNT as usize + 1;
    assert_eq!(how_many(&statuses, 401), checked, "{statuses:?}");
    assert_eq!(how_many(&statuses, 429), 40 - checked, "{statuses:?}");
    app.stop().await;
});

db_test!(a_made_up_link_is_refused_before_any_hashing_and_held_up, |db| {
    let app = TestApp::spawn(db).await;
    // Two hundred at once: were each hashed, the bounded hashing queue would answer 503.
    let statuses = all_at_once(200, || {
        app.client
            .post(app.url("/api/set_password"))
            .header("accept", "application/json")
            .form(&[
                ("token", "0".repeat(64).as_str()),
                ("password", PASSWORD),
                ("repeated", PASSWORD),
            ])
    })
    .await;
    let checked = auth::FREE_LINKS_PER_ADDRESS as usize + 1;
    assert_eq!(how_many(&statuses, 410), checked, "{statuses:?}");
    assert_eq!(how_many(&statuses, 429), 200 - checked, "{statuses:?}");
    app.stop().await;
});

db_test!(a_login_address_of_64_kb_is_refused_like_any_other, |db| {
    let app = TestApp::spawn(db).await;
    let long = format!("{}@x.example", "a".repeat(60 * 1024));
    let response = app
        .client
        .post(app.url("/api/log_in"))
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
        .post(app.url("/api/log_in"))
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
        second_try: server::connections::SECOND_TRY,
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
    let app = TestApp::spawn_with_limits(db, limits, axum::Router::new()).await;
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
    let app = TestApp::spawn_with_limits(db, limits, axum::Router::new()).await;
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
    let app = TestApp::spawn_with_limits(db, limits, extra).await;
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

db_test!(a_stalled_page_is_asked_a_second_time_and_a_stalled_post_is_not, |db| {
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
    let limits = server::connections::Limits {
        second_try: Duration::from_millis(300),
        ..tight(Duration::from_secs(10), Duration::from_secs(3), 1024)
    };
    let app = TestApp::spawn_with_limits(db, limits, extra).await;
    let started = std::time::Instant::now();
    let page = app.get("/test/stalls-once").await;
    assert_eq!(page.status(), 200, "the second try answered");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // A form post is never sent twice: it waits for the deadline.
    calls.store(0, Ordering::SeqCst);
    let post = app
        .client
        .post(app.url("/test/stalls-once"))
        .send()
        .await
        .expect("POST");
    assert_eq!(post.status(), 503);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "posted once");
    app.stop().await;
});

/// `location` without its `name` parameter.
fn without(location: &str, name: &str) -> String {
    let url = url::Url::parse(&format!("http://x{location}")).expect("an address");
    let kept: Vec<(String, String)> = url.query_pairs().into_owned().filter(|(key, _)| key != name).collect();
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    format!("{}?{query}", url.path())
}

db_test!(a_form_error_is_shown_only_as_this_server_sent_it_to_this_person, |db| {
    use crate::common::{browser, page, post_form};
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co2@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let app = TestApp::spawn(db).await;
    let coordinator = logged_in(&app, "co@kempen.example").await;
    // A refused invitation (the postcode is no postcode) with the typed address in it.
    let invite = [
        ("form[email]", "gekozen@aanvaller.example"),
        ("form[company]", "new"),
        ("form[company_name]", "Kempen Las"),
        ("form[street_address]", "De Run 4000"),
        ("form[postcode]", "55"),
        ("form[town]", "hapert"),
        ("form[size_band]", "10-49"),
    ];
    let (back, _) = post_form(&coordinator, &app, "/api/invite", &invite, "/beheer/uitnodigen").await;
    let back = back.trim_start_matches(&app.url(""));
    assert!(back.contains("__sig="), "the server signs its own error: {back}");
    let (_, html) = page(&coordinator, &app, back).await;
    assert!(
        html.contains("gekozen@aanvaller.example"),
        "its own error is shown with what was typed"
    );

    // The same error without its signature, as a link someone sends: nothing pre-filled.
    let (status, html) = page(&coordinator, &app, &without(back, "__sig")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("gekozen@aanvaller.example"),
        "an unsigned error is not shown"
    );
    // Signed, but for someone else's session.
    let other = logged_in(&app, "co2@kempen.example").await;
    let (status, html) = page(&other, &app, back).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("gekozen@aanvaller.example"),
        "another person's error is not shown"
    );
    // Nor to someone without a session.
    let (_, html) = page(&browser(), &app, back).await;
    assert!(!html.contains("gekozen@aanvaller.example"));
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
        let (back, _) = post_form(&coordinator, &app, "/api/invite", &again, "/beheer/uitnodigen").await;
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
            "/api/forgot_password",
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
        post_form(&coordinator, &app, "/api/invite", &new, "/beheer/uitnodigen").await;
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
/// (100 unless set). Now and then (about one round in a hundred on a single-threaded
/// runtime, far fewer on two threads) Leptos's rendering of a fresh server's first home
/// page loses a wake-up and never finishes; the cause is upstream (Leptos issue #4647
/// reports the same). What the server promises is that no request hangs: each is answered
/// within the request deadline, such a page with 503, and those stay rare.
async fn fresh_servers_answer(db: app::db::Db) {
    server::seed::demo(&db).await.expect("demo seed");
    let rounds: usize = std::env::var("FRESH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    let limits = tight(Duration::from_secs(10), Duration::from_secs(2), 1024);
    let mut stalled = 0;
    for round in 0..rounds {
        let app = TestApp::spawn_with_limits(db.clone(), limits, axum::Router::new()).await;
        let statuses = tokio::time::timeout(Duration::from_secs(10), async {
            let home = app
                .get(&format!("/?regio=ijmond&pagina={}", round % 3 + 1))
                .await
                .status();
            let company = app.get("/bedrijven/vonk-metaal").await.status();
            [home.as_u16(), company.as_u16()]
        })
        .await
        .unwrap_or_else(|_| panic!("round {round}: a request outlived the deadline"));
        for status in statuses {
            assert!([200, 404, 503].contains(&status), "round {round}: {status}");
        }
        stalled += statuses.iter().filter(|&&status| status == 503).count();
        app.stop().await;
    }
    println!("{stalled} of {} first pages stalled and were answered 503", rounds * 2);
    assert!(stalled * 20 <= rounds, "{stalled} of {rounds} rounds stalled");
}

db_test!(no_first_page_of_a_fresh_server_hangs, |db| {
    fresh_servers_answer(db).await;
});
