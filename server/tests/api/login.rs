//! Setting a password through a one-time link, logging in and out, as a browser without
//! JavaScript does it: plain form posts, redirects and a session cookie. SQLite and
//! PostgreSQL.

use crate::common::{TestApp, browser, page, post_form};
use app::auth;
use app::domain::{EmailAddress, Problem, Region};
use app::i18n::NL;
use app::throttle;
use leptos::server_fn::ServerFn as _;

db_test!(a_coordinator_sets_a_password_by_link_then_logs_out_and_in_again, |db| {
    let email = EmailAddress::parse("coordinator@kempen.example").expect("valid address");
    let link = auth::create_coordinator(&db, &email, Some(Region::Kempen), "http://x")
        .await
        .expect("created");
    let token = link.rsplit('/').next().expect("token").to_owned();
    let app = TestApp::spawn(db.clone()).await;
    let client = browser();
    let form_page = format!("/wachtwoord/{token}");

    let (status, html) = page(&client, &app, &form_page).await;
    assert_eq!(status, 200);
    assert!(html.contains(NL.account.set_password_title));

    // Too short: back to the form, which names the problem; the link still works.
    let fields = [("token", token.as_str()), ("password", "kort"), ("repeated", "kort")];
    let (back, cookie) = post_form(
        &client,
        &app,
        app::api::accounts::SetPassword::PATH,
        &fields,
        &form_page,
    )
    .await;
    assert!(back.contains("__formulier=") && !back.contains("kort"), "{back}");
    assert_eq!(cookie, None, "no session for a refused password");
    let (_, html) = page(&client, &app, &back).await;
    assert!(
        html.contains(NL.words.problem(Problem::TooShort)),
        "the problem is shown"
    );

    let strong = "draaibank-op-dinsdag";
    let fields = [("token", token.as_str()), ("password", strong), ("repeated", strong)];
    let (next, cookie) = post_form(
        &client,
        &app,
        app::api::accounts::SetPassword::PATH,
        &fields,
        &form_page,
    )
    .await;
    assert!(next.ends_with("/beheer"), "{next}");
    let cookie = cookie.expect("a session cookie");
    assert!(
        cookie.starts_with("sessie=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let first_session = cookie.split(';').next().expect("request").to_owned();
    let (status, html) = page(&client, &app, "/beheer").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("coordinator@kempen.example") && html.contains(NL.dashboard.waiting_heading),
        "the dashboard"
    );

    // The link is used up.
    let (back, _) = post_form(
        &client,
        &app,
        app::api::accounts::SetPassword::PATH,
        &fields,
        &form_page,
    )
    .await;
    let (_, html) = page(&client, &app, &back).await;
    assert!(html.contains(NL.site.link_invalid), "a used link says so");

    // Logging out ends the session on the server, not only in this browser.
    let (next, cookie) = post_form(
        &client,
        &app,
        app::api::accounts::LogOut::PATH,
        &[] as &[(&str, &str)],
        "/beheer",
    )
    .await;
    assert!(next.ends_with("/inloggen"), "{next}");
    assert!(cookie.is_some_and(|c| c.contains("Max-Age=0")), "the cookie is removed");
    let replayed = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("request")
        .get(app.url("/beheer"))
        .header("accept", "text/html")
        .header("cookie", &first_session)
        .send()
        .await
        .expect("request");
    let status = replayed.status();
    let body = replayed.text().await.expect("request");
    assert_eq!(
        status,
        302,
        "the old session cookie opens nothing: {}",
        body.split("<main").nth(1).unwrap_or(&body)
    );
    let (status, location) = page(&client, &app, "/beheer").await;
    assert_eq!((status, location.ends_with("/inloggen")), (302, true), "{location}");

    // A wrong password: back to the login page with a message that does not say which
    // half was wrong.
    let wrong = [
        ("email", "coordinator@kempen.example"),
        ("password", "draaibank-op-woensdag"),
    ];
    let (back, cookie) = post_form(&client, &app, app::api::accounts::LogIn::PATH, &wrong, "/inloggen").await;
    assert_eq!(cookie, None);
    let (_, html) = page(&client, &app, &back).await;
    assert!(html.contains(NL.site.login_failed));
    let unknown = [("email", "niemand@kempen.example"), ("password", strong)];
    let (back, _) = post_form(&client, &app, app::api::accounts::LogIn::PATH, &unknown, "/inloggen").await;
    let (_, html) = page(&client, &app, &back).await;
    assert!(
        html.contains(NL.site.login_failed),
        "an unknown address gets the same answer"
    );

    // The right one, with capitals in the address: a new session id.
    let right = [("email", "Coordinator@Kempen.Example"), ("password", strong)];
    let (next, cookie) = post_form(&client, &app, app::api::accounts::LogIn::PATH, &right, "/inloggen").await;
    assert!(next.ends_with("/beheer"), "{next}");
    let second_session = cookie.expect("cookie").split(';').next().expect("request").to_owned();
    assert_ne!(second_session, first_session, "a new session id at login");
    let (status, html) = page(&client, &app, "/beheer").await;
    assert_eq!(status, 200);
    assert!(html.contains("coordinator@kempen.example"));
    app.stop().await;
});

db_test!(guessing_a_password_is_slowed_down_with_429_and_retry_after, |db| {
    let email = EmailAddress::parse("jan@vonkwerk.example").expect("valid address");
    let link = auth::create_coordinator(&db, &email, None, "http://x")
        .await
        .expect("created");
    let token = link.rsplit('/').next().expect("token").to_owned();
    let app = TestApp::spawn(db.clone()).await;
    let client = browser();
    let strong = "draaibank-op-dinsdag";
    let fields = [("token", token.as_str()), ("password", strong), ("repeated", strong)];
    post_form(
        &client,
        &app,
        app::api::accounts::SetPassword::PATH,
        &fields,
        &format!("/wachtwoord/{token}"),
    )
    .await;

    let guess = |password: &'static str| {
        app.client
            .post(app.url(app::api::accounts::LogIn::PATH))
            .header("accept", "application/json")
            .form(&[("email", "jan@vonkwerk.example"), ("password", password)])
            .send()
    };
    for _ in 0..throttle::FREE_FAILURES_PER_ACCOUNT + 1 {
        let response = guess("verkeerd-wachtwoord").await.expect("guess");
        assert_eq!(response.status(), 401, "a wrong password is refused, not yet held up");
    }
    let refused = guess(strong).await.expect("the right one, too soon");
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .expect("ASCII header")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");

    // A form post is sent back to the form, which says how long to wait.
    let wrong = [("email", "jan@vonkwerk.example"), ("password", strong)];
    let (back, cookie) = post_form(&client, &app, app::api::accounts::LogIn::PATH, &wrong, "/inloggen").await;
    assert_eq!(cookie, None, "no session while waiting");
    let (_, html) = page(&client, &app, &back).await;
    assert!(
        html.contains(&NL.site.too_many_attempts(retry)),
        "the wait is explained"
    );

    // Another account is not held up, and the real one gets in once the wait is over.
    let other = [("email", "piet@vonkwerk.example"), ("password", strong)];
    let (back, _) = post_form(&client, &app, app::api::accounts::LogIn::PATH, &other, "/inloggen").await;
    let (_, html) = page(&client, &app, &back).await;
    assert!(html.contains(NL.site.login_failed));
    app.clock.advance(std::time::Duration::from_secs(retry));
    let (next, cookie) = post_form(&client, &app, app::api::accounts::LogIn::PATH, &wrong, "/inloggen").await;
    assert!(next.ends_with("/beheer") && cookie.is_some(), "{next}");
    app.stop().await;
});

/// Failed logins from `forwarded_for` (an `X-Forwarded-For` value), each for a new address
/// so that only the per-address limit can hold them up; the statuses, in order.
async fn failed_logins(app: &TestApp, forwarded_for: &[&str]) -> Vec<u16> {
    let mut statuses = Vec::new();
    for from in forwarded_for {
        let response = app
            .client
            .post(app.url(app::api::accounts::LogIn::PATH))
            .header("accept", "application/json")
            .header("x-forwarded-for", *from)
            .form(&[
                ("email", format!("gast{}@vonkwerk.example", rand::random::<u32>())),
                ("password", "verkeerd-wachtwoord".to_owned()),
            ])
            .send()
            .await
            .expect("log in");
        statuses.push(response.status().as_u16());
    }
    statuses
}

db_test!(
    behind_a_trusted_proxy_each_forwarded_address_is_held_up_on_its_own,
    |db| {
        let app = TestApp::builder(db).behind_proxy().start().await;
        // The free failures, and one more that starts the wait.
        let free = throttle::FREE_FAILURES_PER_ADDRESS as usize + 1;
        // The proxy appends the address it saw; what the sender put before it counts for nothing.
        let guesser: Vec<&str> = ["203.0.113.7", "10.9.8.7, 203.0.113.7"]
            .into_iter()
            .cycle()
            .take(free)
            .collect();
        assert_eq!(failed_logins(&app, &guesser).await, vec![401; free]);
        assert_eq!(
            failed_logins(&app, &["198.51.100.1, 203.0.113.7"]).await,
            [429],
            "a forged address does not help"
        );
        assert_eq!(
            failed_logins(&app, &["203.0.113.8"]).await,
            [401],
            "someone else behind the proxy is not held up"
        );
        app.stop().await;
    }
);

db_test!(
    without_a_trusted_proxy_a_made_up_forwarded_address_changes_nothing,
    |db| {
        let app = TestApp::spawn(db).await;
        let free = throttle::FREE_FAILURES_PER_ADDRESS as usize + 1;
        let made_up: Vec<String> = (0..=free).map(|n| format!("203.0.113.{n}")).collect();
        let made_up: Vec<&str> = made_up.iter().map(String::as_str).collect();
        let statuses = failed_logins(&app, &made_up).await;
        assert_eq!(statuses[..free], vec![401; free], "{statuses:?}");
        assert_eq!(statuses[free], 429, "{statuses:?}");
        app.stop().await;
    }
);

db_test!(two_instances_on_one_database_count_the_same_guesses, |db| {
    // Two servers on one database, as behind a proxy that spreads the requests.
    let one = TestApp::spawn(db.clone()).await;
    let two = TestApp::spawn(db.clone()).await;
    let guess = |app: &TestApp, email: &str| {
        app.client
            .post(app.url(app::api::accounts::LogIn::PATH))
            .header("accept", "application/json")
            .form(&[("email", email), ("password", "verkeerd-wachtwoord")])
            .send()
    };
    // Alternating between them, the free failures and one more are refused as wrong;
    // the next is held up on either, as on one server.
    let free = throttle::FREE_FAILURES_PER_ACCOUNT as usize + 1;
    for n in 0..free {
        let app = if n % 2 == 0 { &one } else { &two };
        let status = guess(app, "jan@vonkwerk.example").await.expect("guess").status();
        assert_eq!(status, 401, "guess {n}");
    }
    for app in [&one, &two] {
        let status = guess(app, "jan@vonkwerk.example").await.expect("guess").status();
        assert_eq!(status, 429);
    }
    // Twenty guesses at once, spread over both: as many go through as one at a time.
    let at_once = (0..20).map(|n| {
        let app = if n % 2 == 0 { &one } else { &two };
        guess(app, "piet@vonkwerk.example")
    });
    let statuses: Vec<u16> = futures::future::join_all(at_once)
        .await
        .into_iter()
        .map(|r| r.expect("guess").status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), free, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        20 - free,
        "{statuses:?}"
    );
    // The database holds the counts, under hashes only.
    assert_eq!(
        crate::common::count(
            &db,
            "SELECT COUNT(*) FROM attempts WHERE key LIKE '%@%' OR key LIKE '%.%'"
        )
        .await,
        0
    );
    assert!(crate::common::count(&db, "SELECT COUNT(*) FROM attempts").await >= 3);
    one.stop().await;
    two.stop().await;
});
