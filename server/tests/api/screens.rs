//! Kiosk screens through the real server on SQLite and PostgreSQL: a TV at `/scherm`
//! pairs by its code, shows its region's slides, reports a heartbeat, goes back to a code
//! when revoked; who may manage which screen; the live stream tells a screen about changes
//! in its region (and not about others) and ends when the server shuts down; owners hear
//! once about a screen gone silent in its on-hours, and once when it is back.

use std::time::Duration;

use crate::common::{TestApp, account, browser, count, insert_company_with_open_placement, logged_in};
use app::api::screens::{ChangeScreen, ManagedScreens, PairScreen, SaveScreen, ScreenHeartbeat};
use app::domain::{Instant, Problem, Region, Role, ScreenChange, ScreenForm, ScreenState};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

/// The code the TV's page shows, from its `data-code`; `None` on a page of slides.
pub(crate) fn code_on(page: &str) -> Option<String> {
    let start = page.find("data-code=\"")? + "data-code=\"".len();
    Some(page[start..start + 6].to_owned())
}

/// Sends `beat` as the TV's page does: a POST with the fields URL-encoded as plain text.
async fn heartbeat(app: &TestApp, client: &reqwest::Client, beat: &ScreenHeartbeat) -> Result<(), AppError> {
    let form = serde_qs::to_string(beat).expect("encode");
    let response = client
        .post(app.url(<ScreenHeartbeat as leptos::server_fn::ServerFn>::PATH))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(form)
        .send()
        .await
        .expect("heartbeat request");
    let ok = response.status().is_success();
    let text = response.text().await.expect("body");
    if ok {
        Ok(())
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode error {text:?}: {e}")))
    }
}

pub(crate) async fn tv_page(app: &TestApp, tv: &reqwest::Client) -> (u16, String, String) {
    let response = tv.get(app.url("/scherm")).send().await.expect("GET /scherm");
    let status = response.status().as_u16();
    let cache = response
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().expect("ASCII").to_owned())
        .unwrap_or_default();
    (status, cache, response.text().await.expect("body"))
}

/// The form that pairs the TV showing `code` as "Aula Kempenhorst".
pub(crate) fn pairing(code: &str) -> ScreenForm {
    ScreenForm {
        code: code.to_owned(),
        screen_name: "Aula Kempenhorst".to_owned(),
        ..ScreenForm::new_screen()
    }
}

pub(crate) fn field_problem(error: &AppError, field: &str) -> Option<Problem> {
    error
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem)
}

/// A TV paired by `owner` as a screen of its region; returns the TV and the screen's id.
pub(crate) async fn paired_tv(app: &TestApp, db: &app::db::Db, owner: &reqwest::Client) -> (reqwest::Client, i64) {
    let tv = browser();
    let (_, _, page) = tv_page(app, &tv).await;
    let code = code_on(&page).expect("a pairing code");
    app.call_as(
        owner,
        &PairScreen {
            id: None,
            form: pairing(&code),
        },
    )
    .await
    .expect("paired");
    (tv, count(db, "SELECT MAX(id) FROM screens").await)
}

db_test!(
    a_tv_pairs_by_its_code_shows_its_region_and_shows_a_code_again_when_unpaired,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        let vonk = count(&db, "SELECT id FROM companies").await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let ijmond = logged_in(&app, "co@ijmond.example").await;
        let jan = logged_in(&app, "jan@vonk.example").await;

        // The TV shows a code of six characters, the same one while it is valid, never cached.
        let tv = browser();
        let (status, cache, page) = tv_page(&app, &tv).await;
        assert_eq!(status, 200);
        assert_eq!(cache, "no-store");
        let code = code_on(&page).expect("a pairing code");
        assert!(page.contains("/beheer/schermen/koppel?code="), "the QR code's address");
        assert_eq!(code_on(&tv_page(&app, &tv).await.2).as_deref(), Some(code.as_str()));
        // Another TV gets another code.
        let other_code = code_on(&tv_page(&app, &browser()).await.2).expect("a code");
        assert_ne!(other_code, code);

        // Only a coordinator of both regions chooses the screen's region on the pairing page.
        let (_, form) = crate::common::page(&kempen, &app, "/beheer/schermen/koppel").await;
        assert!(form.contains("name=\"form[code]\""), "{form}");
        assert!(
            !form.contains("name=\"form[region]\""),
            "a Kempen coordinator's screens are in the Kempen"
        );
        account(&db, "co@beide.example", Role::Coordinator, None, None).await;
        let both = logged_in(&app, "co@beide.example").await;
        let (_, form) = crate::common::page(&both, &app, "/beheer/schermen/koppel").await;
        assert!(form.contains("name=\"form[region]\""));

        // Nobody pairs without logging in; a code no TV shows and a nameless screen are refused
        // at their fields and store nothing.
        let anonymous = app
            .call_as(
                &browser(),
                &PairScreen {
                    id: None,
                    form: pairing(&code),
                },
            )
            .await;
        assert_eq!(anonymous, Err(AppError::NotLoggedIn));
        let unknown = app
            .call_as(
                &kempen,
                &PairScreen {
                    id: None,
                    form: pairing("ZZZ222"),
                },
            )
            .await
            .expect_err("no TV shows it");
        assert_eq!(field_problem(&unknown, "code"), Some(Problem::NotShown));
        let nameless = app
            .call_as(
                &kempen,
                &PairScreen {
                    id: None,
                    form: ScreenForm {
                        screen_name: " ".to_owned(),
                        ..pairing(&code)
                    },
                },
            )
            .await
            .expect_err("a name is needed");
        assert_eq!(field_problem(&nameless, "screen_name"), Some(Problem::Required));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM screens").await, 0);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM screen_pairings").await,
            2,
            "both codes still wait"
        );

        // Typed in lower case with a dash, the code pairs the TV, which then shows its slides.
        let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
        app.call_as(
            &kempen,
            &PairScreen {
                id: None,
                form: pairing(&typed),
            },
        )
        .await
        .expect("paired");
        let screen_id = count(&db, "SELECT id FROM screens").await;
        let (status, _, page) = tv_page(&app, &tv).await;
        assert_eq!(status, 200);
        assert_eq!(code_on(&page), None, "no code once paired");
        assert!(page.contains("id=\"kiosk\""), "{page}");
        assert!(page.contains("data-name=\"region-kempen\""));
        assert!(
            page.contains("data-name=\"placement-"),
            "the open placement has a slide"
        );
        assert!(page.contains("Vonk Metaal, Bladel"));
        assert!(!page.contains("co@kempen.example"), "no personal data on a screen");
        // The code is used up.
        let again = app
            .call_as(
                &ijmond,
                &PairScreen {
                    id: None,
                    form: pairing(&code),
                },
            )
            .await
            .expect_err("used up");
        assert_eq!(field_problem(&again, "code"), Some(Problem::NotShown));

        // The coordinator of the region sees it, never heard of; the other region and the
        // company do not.
        let (screens, _) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens.len(), 1);
        assert_eq!(screens[0].settings.name, "Aula Kempenhorst");
        let (_, now) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].state(now), ScreenState::Offline);
        assert!(
            app.call_as(&ijmond, &ManagedScreens {})
                .await
                .expect("none")
                .0
                .is_empty()
        );
        assert!(app.call_as(&jan, &ManagedScreens {}).await.expect("none").0.is_empty());

        // The TV's heartbeat makes it online, with what it shows; nobody else can send one.
        let beat = ScreenHeartbeat {
            slide: "region-kempen".to_owned(),
            build: "dev".to_owned(),
            width: 1920,
            height: 1080,
        };
        heartbeat(&app, &tv, &beat).await.expect("heartbeat");
        assert_eq!(heartbeat(&app, &browser(), &beat).await, Err(AppError::NotFound));
        let garbled = ScreenHeartbeat {
            slide: "<script>".to_owned(),
            ..beat.clone()
        };
        assert!(
            heartbeat(&app, &tv, &garbled).await.is_err(),
            "a garbled heartbeat is refused"
        );
        // Asked by GET, which browsers and proxies may repeat, it records nothing.
        let by_get = ScreenHeartbeat {
            slide: "placement-1".to_owned(),
            ..beat.clone()
        };
        let query = serde_qs::to_string(&by_get).expect("encode");
        let answer = tv
            .get(app.url(&format!(
                "{}?{query}",
                <ScreenHeartbeat as leptos::server_fn::ServerFn>::PATH
            )))
            .send()
            .await
            .expect("GET");
        assert!(!answer.status().is_success(), "a GET heartbeat: {}", answer.status());
        let (screens, now) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].state(now), ScreenState::Online);
        assert_eq!(screens[0].last_slide.as_deref(), Some("region-kempen"));
        assert_eq!(screens[0].last_size.as_deref(), Some("1920x1080"));

        // Only the coordinator of its region changes it: the others find nothing.
        let version = screens[0].version;
        let revoke = ChangeScreen {
            id: screen_id,
            version,
            change: ScreenChange::Revoke,
        };
        assert_eq!(app.call_as(&ijmond, &revoke).await, Err(AppError::NotFound));
        assert_eq!(app.call_as(&jan, &revoke).await, Err(AppError::NotFound));
        let rename = SaveScreen {
            id: screen_id,
            form: ScreenForm {
                screen_name: "Hal".to_owned(),
                version,
                ..ScreenForm::new_screen()
            },
        };
        assert_eq!(app.call_as(&jan, &rename).await, Err(AppError::NotFound));
        app.call_as(&kempen, &rename).await.expect("renamed");
        // Based on the old version, revoking is refused as stale and changes nothing.
        let stale = app.call_as(&kempen, &revoke).await.expect_err("stale");
        assert!(
            matches!(&stale, AppError::Refused(refusal) if refusal.stale),
            "{stale:?}"
        );
        assert!(code_on(&tv_page(&app, &tv).await.2).is_none(), "still paired");

        // Unpaired, the TV shows a code again; pairing it again keeps the name.
        app.call_as(
            &kempen,
            &ChangeScreen {
                version: version + 1,
                ..revoke.clone()
            },
        )
        .await
        .expect("revoked");
        let new_code = code_on(&tv_page(&app, &tv).await.2).expect("a code again");
        let (screens, now) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].state(now), ScreenState::Revoked);
        app.call_as(
            &kempen,
            &PairScreen {
                id: Some(screen_id),
                form: ScreenForm {
                    code: new_code,
                    version: version + 2,
                    ..ScreenForm::default()
                },
            },
        )
        .await
        .expect("paired again");
        let page = tv_page(&app, &tv).await.2;
        assert!(page.contains("id=\"kiosk\""), "slides again");
        let (screens, _) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].settings.name, "Hal");

        // Removed, it is gone and the TV shows a code.
        app.call_as(
            &kempen,
            &ChangeScreen {
                id: screen_id,
                version: version + 3,
                change: ScreenChange::Remove,
            },
        )
        .await
        .expect("removed");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM screens").await, 0);
        assert!(code_on(&tv_page(&app, &tv).await.2).is_some());
        app.stop().await;
    }
);

db_test!(
    a_company_pairs_a_lobby_screen_with_its_own_placements_and_events_and_the_regions,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        insert_company_with_open_placement(&db, "Staal Bladel").await;
        let vonk = count(&db, "SELECT id FROM companies WHERE name = 'Vonk Metaal'").await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, screen_id) = paired_tv(&app, &db, &jan).await;
        let page = tv_page(&app, &tv).await.2;
        assert!(page.contains("Vonk Metaal, Bladel"));
        assert!(
            !page.contains("Staal Bladel"),
            "a lobby shows its own company's placements"
        );
        // Its own open day and the region's Tech Event show on it; another company's does not.
        let staal = count(&db, "SELECT id FROM companies WHERE name = 'Staal Bladel'").await;
        account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
        let piet = logged_in(&app, "piet@staal.example").await;
        let save = |form| app::api::events::SaveEvent { id: None, form };
        app.call_as(&jan, &save(crate::events::open_day("Open dag bij Vonk")))
            .await
            .expect("Vonk's open day");
        app.call_as(&piet, &save(crate::events::open_day("Open dag bij Staal")))
            .await
            .expect("Staal's open day");
        app.call_as(
            &kempen,
            &save(crate::events::tech_event(
                "Tech Event Kempen",
                "eersel",
                "51.3575",
                "5.3178",
            )),
        )
        .await
        .expect("the region's event");
        let page = tv_page(&app, &tv).await.2;
        assert!(page.contains("Open dag bij Vonk"), "its own event");
        assert!(page.contains("Tech Event Kempen"), "the region's event");
        assert!(!page.contains("Open dag bij Staal"), "not another company's event");
        // The company sees its lobby screen; the region's coordinator sees it too.
        assert_eq!(app.call_as(&jan, &ManagedScreens {}).await.expect("screens").0.len(), 1);
        let (screens, _) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].id, screen_id);
        assert_eq!(screens[0].company_name.as_deref(), Some("Vonk Metaal"));
        app.stop().await;
    }
);

/// Reads the stream until an event named `name` arrives or `within` passes; returns its
/// `id:` line's value.
async fn next_event(
    response: &mut reqwest::Response,
    buffer: &mut String,
    name: &str,
    within: Duration,
) -> Option<String> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block
                .lines()
                .any(|line| line == format!("event: {name}") || line == format!("event:{name}"))
            {
                let id = block
                    .lines()
                    .find_map(|line| line.strip_prefix("id:"))
                    .map(|id| id.trim().to_owned())
                    .unwrap_or_default();
                return Some(id);
            }
        }
        let chunk = tokio::time::timeout_at(deadline, response.chunk()).await.ok()?;
        match chunk.expect("stream read") {
            Some(bytes) => buffer.push_str(&String::from_utf8_lossy(&bytes)),
            None => return None,
        }
    }
}

db_test!(
    a_screens_stream_tells_it_about_changes_in_its_region_only_and_ends_at_shutdown,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, _) = paired_tv(&app, &db, &kempen).await;

        // Only a paired TV has a stream.
        let stranger = browser().get(app.url("/scherm/stroom")).send().await.expect("GET");
        assert_eq!(stranger.status().as_u16(), 404);

        let mut stream = tv.get(app.url("/scherm/stroom")).send().await.expect("stream");
        assert_eq!(stream.status().as_u16(), 200);
        let header = |name: &str| {
            stream
                .headers()
                .get(name)
                .map(|v| v.to_str().expect("ASCII").to_owned())
                .unwrap_or_default()
        };
        assert!(header("content-type").starts_with("text/event-stream"));
        assert_eq!(header("x-accel-buffering"), "no");
        assert_eq!(header("cache-control"), "no-store");
        assert!(
            header("content-encoding").is_empty(),
            "never compressed, so never held back"
        );
        let mut buffer = String::new();
        let hello = next_event(&mut stream, &mut buffer, "hello", Duration::from_secs(5))
            .await
            .expect("hello");

        // A company in the IJmond changes nothing for a Kempen screen.
        crate::common::insert_company(&db, &crate::common::company_in_velsen("Staal aan Zee")).await;
        assert_eq!(
            next_event(&mut stream, &mut buffer, "change", Duration::from_millis(1500)).await,
            None,
            "nothing about another region"
        );
        // One in the Kempen reaches it within seconds.
        let before = std::time::Instant::now();
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        let change = next_event(&mut stream, &mut buffer, "change", Duration::from_secs(5))
            .await
            .expect("a change within 5 s");
        assert!(before.elapsed() < Duration::from_secs(5));
        assert_ne!(change, hello, "the id moved on");
        // The page it then fetches shows the new company.
        assert!(tv_page(&app, &tv).await.2.contains("Vonk Metaal"));

        // A screen that reconnects with an old id hears at once that it may have missed one.
        let mut resumed = tv
            .get(app.url("/scherm/stroom"))
            .header("last-event-id", hello)
            .send()
            .await
            .expect("stream");
        let mut resumed_buffer = String::new();
        assert!(
            next_event(&mut resumed, &mut resumed_buffer, "change", Duration::from_secs(2))
                .await
                .is_some()
        );

        // The server shuts down with two streams open, within `stop`'s 10 s (in far less).
        let stopping = std::time::Instant::now();
        app.stop().await;
        assert!(
            stopping.elapsed() < Duration::from_secs(5),
            "took {:?}",
            stopping.elapsed()
        );
        drop((stream, resumed));
    }
);

db_test!(
    owners_hear_once_when_a_screen_is_silent_in_its_on_hours_and_once_when_it_is_back,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, screen_id) = paired_tv(&app, &db, &kempen).await;
        let site = app::auth::SiteSettings::new(&app.url(""));
        let at = |text: &str| Instant::parse(text).expect("instant");
        let mails = || count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'co@kempen.example'");
        let before = mails().await;

        // Last heard on Monday 15 March 2027 at 10:00 on Dutch clocks (on: weekdays 07:30-17:30).
        let reported = app::domain::Heartbeat::read("region-kempen", "dev", 1920, 1080).expect("valid");
        let mut tx = db.begin().await.expect("begin");
        app::db::screens::record_heartbeat(&mut tx, screen_id, &reported, at("2027-03-15T09:00:00Z"))
            .await
            .expect("heartbeat");
        tx.commit().await.expect("commit");
        let alert = |now: &'static str| {
            let db = db.clone();
            let site = site.clone();
            async move {
                app::api::screens::alert_silent_screens(&db, &site, Instant::parse(now).expect("instant"))
                    .await
                    .expect("alerts")
            }
        };
        assert_eq!(alert("2027-03-15T09:29:00Z").await, 0, "29 minutes is not yet");
        assert_eq!(alert("2027-03-15T09:31:00Z").await, 1, "31 minutes is");
        assert_eq!(mails().await, before + 1);
        assert_eq!(alert("2027-03-15T10:31:00Z").await, 0, "once per silence");
        assert_eq!(mails().await, before + 1);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'co@ijmond.example'").await,
            0,
            "the other region's coordinator hears nothing"
        );

        // Back: its next heartbeat mails that once.
        heartbeat(
            &app,
            &tv,
            &ScreenHeartbeat {
                slide: "region-kempen".to_owned(),
                build: "dev".to_owned(),
                width: 1920,
                height: 1080,
            },
        )
        .await
        .expect("heartbeat");
        assert_eq!(mails().await, before + 2);

        // Silent over a weekend (Saturday 20 March, off-hours), nobody is mailed.
        let mut tx = db.begin().await.expect("begin");
        app::db::screens::record_heartbeat(&mut tx, screen_id, &reported, at("2027-03-19T16:00:00Z"))
            .await
            .expect("heartbeat");
        tx.commit().await.expect("commit");
        assert_eq!(alert("2027-03-20T12:00:00Z").await, 0, "Saturday is off");
        assert_eq!(mails().await, before + 2);
        app.stop().await;
    }
);

db_test!(one_network_holds_at_most_twenty_pairing_codes, |db| {
    let app = TestApp::spawn(db.clone()).await;
    // Twenty TVs of one school get a code each; the twenty-first asks too many at once.
    let mut statuses = Vec::new();
    for _ in 0..=app::domain::screens::PAIRINGS_PER_NETWORK {
        let (status, _) = app
            .post_raw(&browser(), app::api::screens::LoadScreen::PATH, "", &[])
            .await;
        statuses.push(status);
    }
    let refused = statuses.pop();
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    assert_eq!(refused, Some(429));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM screen_pairings").await,
        app::domain::screens::PAIRINGS_PER_NETWORK,
        "the refused one stored nothing"
    );
    app.stop().await;
});

/// A TV paired on `app` by a new coordinator of the Kempen.
#[cfg(postgres_tests)]
async fn tv_of_a_new_kempen_coordinator(app: &TestApp, db: &app::db::Db) -> reqwest::Client {
    account(db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let kempen = logged_in(app, "co@kempen.example").await;
    paired_tv(app, db, &kempen).await.0
}

/// Two servers on one PostgreSQL database: a TV paired on the second hears of a company
/// added through the first on its live stream, and its page then shows it. The wait is
/// bounded generously; the time it took is printed.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_on_one_server_hears_of_a_change_made_through_the_other() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let db_one = server::database::open(&url).await.expect("first instance");
    let db_two = server::database::open(&url).await.expect("second instance");
    let two = TestApp::spawn(db_two.clone()).await;
    // As `techkaart serve` does before it listens: the catalog, and with it the watcher
    // of other instances' writes.
    db_two.catalog().await.expect("catalog");
    let tv = tv_of_a_new_kempen_coordinator(&two, &db_two).await;
    let mut stream = tv.get(two.url("/scherm/stroom")).send().await.expect("stream");
    let mut buffer = String::new();
    next_event(&mut stream, &mut buffer, "hello", Duration::from_secs(5))
        .await
        .expect("hello");

    let written = std::time::Instant::now();
    insert_company_with_open_placement(&db_one, "Vonk Metaal").await;
    next_event(&mut stream, &mut buffer, "change", Duration::from_secs(10))
        .await
        .expect("a change on the other server's stream");
    eprintln!(
        "the screen on the other server heard of it after {:?}",
        written.elapsed()
    );
    assert!(tv_page(&two, &tv).await.2.contains("Vonk Metaal"));
    drop(stream);
    two.stop().await;
    db_one.close().await;
    db_two.close().await;
    crate::common::drop_postgres_database(&name).await;
}

/// The same through nginx with the repository's configuration (`deploy/nginx.conf`), in
/// front of two servers on one PostgreSQL database: the stream's first event comes through
/// at once (nginx holds nothing back), and a company added through the other database
/// connection reaches the screen within 2 s, whichever server nginx chose.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_behind_nginx_hears_of_a_change_within_two_seconds() {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let (url, name) = crate::common::empty_postgres_database().await;
    let db_one = server::database::open(&url).await.expect("first instance");
    let db_two = server::database::open(&url).await.expect("second instance");
    let one = TestApp::spawn(db_one.clone()).await;
    let two = TestApp::spawn(db_two.clone()).await;
    db_one.catalog().await.expect("catalog");
    db_two.catalog().await.expect("catalog");
    let tv = tv_of_a_new_kempen_coordinator(&two, &db_two).await;
    let proxy_port = crate::common::free_port();
    let nginx = crate::common::nginx(proxy_port, &[one.addr.port(), two.addr.port()], scratch.path());
    let proxy = format!("http://127.0.0.1:{proxy_port}");
    assert!(
        crate::common::ready(&tv, &proxy, Duration::from_secs(4)).await,
        "nginx answers"
    );

    let opened = std::time::Instant::now();
    let mut stream = tv.get(format!("{proxy}/scherm/stroom")).send().await.expect("stream");
    assert_eq!(stream.status(), 200);
    let mut buffer = String::new();
    next_event(&mut stream, &mut buffer, "hello", Duration::from_secs(2))
        .await
        .expect("hello through nginx at once");
    let hello_after = opened.elapsed();
    let written = std::time::Instant::now();
    insert_company_with_open_placement(&db_one, "Vonk Metaal").await;
    next_event(&mut stream, &mut buffer, "change", Duration::from_secs(2))
        .await
        .expect("the change through nginx within 2 s");
    eprintln!(
        "through nginx: hello after {hello_after:?}, the change after {:?}",
        written.elapsed()
    );
    drop(stream);
    drop(nginx);
    one.stop().await;
    two.stop().await;
    db_one.close().await;
    db_two.close().await;
    crate::common::drop_postgres_database(&name).await;
}
