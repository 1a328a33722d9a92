//! Limits an attacker meets, tried through the real server on SQLite and PostgreSQL: one
//! screen's secret cannot fill the connections with streams; pairing codes are guessed
//! like passwords; guesses from elsewhere never lock an account's owner out of a browser
//! or network she used before.

use std::time::Duration;

use crate::common::{TestApp, account, browser, count, logged_in};
use crate::screens::{code_on, field_problem, paired_tv, pairing, tv_page};
use app::api::screens::PairScreen;
use app::domain::{Problem, Region, Role};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

db_test!(
    three_hundred_streams_with_one_screens_secret_leave_two_open_and_pages_answering,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, _) = paired_tv(&app, &db, &kempen).await;

        // 300 streams with the one cookie, each on a connection of its own (the one before
        // is still busy), kept open.
        let mut streams = Vec::new();
        for _ in 0..300 {
            let stream = tv.get(app.url("/scherm/stroom")).send().await.expect("stream");
            assert_eq!(stream.status(), 200);
            streams.push(stream);
        }
        // Pages and the health check still answer at once.
        for path in ["/healthz", "/"] {
            let started = std::time::Instant::now();
            let answer = reqwest::Client::new().get(app.url(path)).send().await.expect("GET");
            assert_eq!(answer.status(), 200, "{path}");
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{path}: {:?}",
                started.elapsed()
            );
        }
        // Every stream but the two newest was ended: they run to their end at once.
        let mut ended = 0;
        let mut open = 0;
        for mut stream in streams {
            let mut buffer = String::new();
            let finished = tokio::time::timeout(Duration::from_millis(200), async {
                while let Some(bytes) = stream.chunk().await.expect("read") {
                    buffer.push_str(&String::from_utf8_lossy(&bytes));
                }
            })
            .await
            .is_ok();
            if finished {
                ended += 1;
            } else {
                open += 1;
            }
        }
        assert_eq!((ended, open), (298, 2), "two streams stay open");
        app.stop().await;
    }
);

db_test!(guessing_pairing_codes_is_held_up_like_guessing_a_password, |db| {
    let app = TestApp::spawn(db.clone()).await;
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co2@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let guesser = logged_in(&app, "co@kempen.example").await;
    // A school's TV shows its code.
    let tv = browser();
    let (_, _, page) = tv_page(&app, &tv).await;
    let code = code_on(&page).expect("a code");
    let guess = |code: String| {
        let app = &app;
        let guesser = &guesser;
        async move {
            app.call_as(
                guesser,
                &PairScreen {
                    id: None,
                    form: pairing(&code),
                },
            )
            .await
        }
    };
    let mut answers = Vec::new();
    for letter in ['A', 'B', 'C', 'D', 'E', 'F', 'G'] {
        answers.push(guess(format!("ZZZZZ{letter}")).await);
    }
    assert!(
        answers[..5]
            .iter()
            .all(|a| matches!(a, Err(e) if field_problem(e, "code") == Some(Problem::NotShown))),
        "five free tries: {answers:?}"
    );
    assert!(
        answers[5..]
            .iter()
            .any(|a| matches!(a, Err(AppError::TooManyAttempts(_)))),
        "then the guesser waits: {answers:?}"
    );
    // Even the right code waits now, for this account; another account pairs the TV at once.
    assert!(matches!(guess(code.clone()).await, Err(AppError::TooManyAttempts(_))));
    let other = logged_in(&app, "co2@kempen.example").await;
    app.call_as(
        &other,
        &PairScreen {
            id: None,
            form: pairing(&code),
        },
    )
    .await
    .expect("paired by the other coordinator");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM screens").await, 1);
    app.stop().await;
});

db_test!(
    guesses_from_elsewhere_never_keep_a_coordinator_out_of_a_browser_or_network_she_used,
    |db| {
        use crate::common::{PASSWORD, account};
        use app::domain::Role;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let app = TestApp::builder(db.clone()).behind_proxy().start().await;
        // Logs in as a browser with its own cookies from network `from`; the status.
        let log_in = |client: reqwest::Client, from: &'static str, password: &'static str| {
            let request = client
                .post(app.url(app::api::accounts::LogIn::PATH))
                .header("accept", "application/json")
                .header("x-forwarded-for", from)
                .form(&[("email", "co@kempen.example"), ("password", password)]);
            async move { request.send().await.expect("log in").status().as_u16() }
        };
        // She logs in at the office once: that browser and network are known now.
        let office = browser();
        assert_eq!(log_in(office.clone(), "198.51.100.7", PASSWORD).await, 200);

        // Someone else guesses from three networks until the account is held up for them.
        let mut statuses = Vec::new();
        for from in ["203.0.113.1", "203.0.113.2", "203.0.113.3"].iter().cycle().take(12) {
            statuses.push(log_in(browser(), from, "fout-wachtwoord").await);
        }
        assert!(statuses.contains(&429), "the guesser is held up: {statuses:?}");
        // A new browser on a new network waits too, even with the right password.
        assert_eq!(log_in(browser(), "192.0.2.44", PASSWORD).await, 429);
        // Her own browser gets in at once, from wherever she is now (home, a phone).
        assert_eq!(log_in(office.clone(), "192.0.2.80", PASSWORD).await, 200);
        // So does another browser at the office's network.
        assert_eq!(log_in(browser(), "198.51.100.7", PASSWORD).await, 200);
        // Her own mistakes still count on her own record: five free, then she waits.
        let mine: Vec<u16> = {
            let mut mine = Vec::new();
            for _ in 0..7 {
                mine.push(log_in(office.clone(), "192.0.2.80", "vergeten-wachtwoord").await);
            }
            mine
        };
        assert_eq!(&mine[..5], [401; 5], "{mine:?}");
        assert!(mine[5..].contains(&429), "{mine:?}");
        // The table names neither her address nor a network.
        assert!(crate::common::tables_holding(&db, "198.51.100.7").await.is_empty());
        app.stop().await;
    }
);

db_test!(parallel_posts_for_one_address_pass_its_hourly_limit_one_by_one, |db| {
    use app::api::sign_ups::SignUpClass;
    use app::domain::SignUpForm;

    let app = TestApp::spawn(db.clone()).await;
    let placement_id = crate::interests::open_placement(&db).await;
    // Twenty interests with one address at the same moment: five mails an hour, no more.
    let adult = |n: usize| app::domain::InterestForm {
        first_name: format!("Daan{n}"),
        age_band: "18-plus".into(),
        guardian_email: String::new(),
        email: "veel@mail.example".into(),
        ..crate::interests::sanne()
    };
    let calls = (0..20).map(|n| {
        let app = &app;
        let client = browser();
        let form = adult(n);
        async move {
            app.call_as(&client, &app::api::interests::ExpressInterest { placement_id, form })
                .await
        }
    });
    let answers = futures::future::join_all(calls).await;
    let taken = answers.iter().filter(|a| a.is_ok()).count();
    assert_eq!(taken, 5, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|a| a.is_ok() || matches!(a, Err(AppError::TooManyAttempts(_))))
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 5);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'veel@mail.example'").await,
        5
    );

    // Fifteen class sign-ups with one teacher's address at once: ten an hour.
    let vonk = count(&db, "SELECT company_id FROM placements LIMIT 1").await;
    let event_id = class_visit(&app, &db, vonk).await;
    let calls = (0..15).map(|n| {
        let app = &app;
        let client = browser();
        async move {
            app.call_as(
                &client,
                &SignUpClass {
                    event_id,
                    form: SignUpForm {
                        teacher_name: format!("Docent {n}"),
                        school: "Kempenhorst College".into(),
                        email: "docent@school.example".into(),
                        head_count: "1".into(),
                    },
                },
            )
            .await
        }
    });
    let answers = futures::future::join_all(calls).await;
    assert_eq!(answers.iter().filter(|a| a.is_ok()).count(), 10, "{answers:?}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM event_sign_ups").await, 10);
    app.stop().await;
});

db_test!(one_network_sends_twenty_class_sign_ups_before_it_must_wait, |db| {
    use app::api::sign_ups::SignUpClass;
    use app::domain::SignUpForm;

    let app = TestApp::spawn(db.clone()).await;
    let vonk = crate::common::insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    let event_id = class_visit(&app, &db, vonk).await;
    let mut answers = Vec::new();
    for n in 0..23 {
        answers.push(
            app.call(&SignUpClass {
                event_id,
                form: SignUpForm {
                    teacher_name: format!("Docent {n}"),
                    school: "Kempenhorst College".into(),
                    email: format!("docent{n}@school.example"),
                    head_count: "1".into(),
                },
            })
            .await,
        );
    }
    let waits = answers
        .iter()
        .filter(|a| matches!(a, Err(AppError::TooManyAttempts(_))))
        .count();
    assert!(answers[..20].iter().all(Result::is_ok), "{answers:?}");
    assert!(waits >= 1, "the network waits after its twentieth: {answers:?}");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM event_sign_ups").await,
        23 - waits as i64
    );
    app.stop().await;
});

/// A company visit for classes of up to 200 pupils, planned by a new user of company
/// `company_id`; its id.
async fn class_visit(app: &TestApp, db: &app::db::Db, company_id: i64) -> i64 {
    account(db, "jan@vonk.example", Role::Company, Some(company_id), None).await;
    let jan = logged_in(app, "jan@vonk.example").await;
    let mut visit = crate::events::open_day("Bedrijfsbezoek voor klassen");
    visit.participation = "class-sign-up".into();
    visit.capacity = "200".into();
    app.call_as(&jan, &app::api::events::SaveEvent { id: None, form: visit })
        .await
        .expect("saved");
    count(db, "SELECT MAX(id) FROM events").await
}

db_test!(
    an_organiser_removes_a_sign_up_with_a_reason_the_teacher_is_mailed,
    |db| {
        use app::api::sign_ups::{EventSignUps, RemoveSignUp, SignUpClass};
        use app::domain::{SignUpForm, SignUpStatus};

        let app = TestApp::spawn(db.clone()).await;
        let vonk = crate::common::insert_company(&db, &crate::common::company("Vonk Metaal")).await;
        let event_id = class_visit(&app, &db, vonk).await;
        // Someone takes every place with one sign-up; a real class waits.
        for (email, head_count) in [("veel@nep.example", "200"), ("eva@school.example", "25")] {
            app.call(&SignUpClass {
                event_id,
                form: SignUpForm {
                    teacher_name: "Docent".into(),
                    school: "Kempenhorst College".into(),
                    email: email.into(),
                    head_count: head_count.into(),
                },
            })
            .await
            .expect("signed up");
            let token = mailed_sign_up_token(&db, email).await;
            app.call(&app::api::sign_ups::ConfirmSignUp { token })
                .await
                .expect("confirmed");
        }
        let jan = logged_in(&app, "jan@vonk.example").await;
        let (sign_ups, _) = app.call_as(&jan, &EventSignUps { event_id }).await.expect("list");
        let taker = sign_ups
            .iter()
            .find(|s| s.email == "veel@nep.example")
            .expect("the taker")
            .id;
        let remove = |reason: &str| RemoveSignUp {
            event_id,
            id: taker,
            reason: reason.to_owned(),
        };
        // A reason is needed; another company and anonymous visitors cannot remove it.
        let refused = app.call_as(&jan, &remove("  ")).await.expect_err("no reason");
        assert_eq!(field_problem(&refused, "reason"), Some(Problem::Required));
        let staal = crate::common::insert_company(&db, &crate::common::company("Staal Bladel")).await;
        account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
        let piet = logged_in(&app, "piet@staal.example").await;
        assert!(app.call_as(&piet, &remove("weg")).await.is_err());
        assert!(app.call_as(&browser(), &remove("weg")).await.is_err());

        app.call_as(
            &jan,
            &remove("Zoveel leerlingen uit één klas kan niet; meld je echte klas aan."),
        )
        .await
        .expect("removed");
        let (sign_ups, occupancy) = app.call_as(&jan, &EventSignUps { event_id }).await.expect("list");
        let status = |email: &str| sign_ups.iter().find(|s| s.email == email).expect("there").status;
        assert_eq!(status("veel@nep.example"), SignUpStatus::Cancelled);
        assert_eq!(
            status("eva@school.example"),
            SignUpStatus::Confirmed,
            "the waiting class moved up"
        );
        assert_eq!(occupancy.confirmed, 25);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient = 'veel@nep.example' AND body LIKE '%meld je echte klas aan%'"
            )
            .await,
            1,
            "the teacher is mailed the reason"
        );
        // Removed once: a second time finds nothing to remove.
        assert_eq!(app.call_as(&jan, &remove("nog eens")).await, Err(AppError::NotFound));
        app.stop().await;
    }
);

/// The token in the newest class sign-up mail to `email`.
async fn mailed_sign_up_token(db: &app::db::Db, email: &str) -> String {
    crate::interests::mailed_token(db, email, "/aanmelding/").await
}

db_test!(
    a_class_sign_up_holds_no_places_until_its_teacher_confirms_and_goes_after_48_hours,
    |db| {
        use app::api::sign_ups::{ConfirmSignUp, EventSignUps, SignUpClass};
        use app::domain::SignUpForm;

        let app = TestApp::spawn(db.clone()).await;
        let vonk = crate::common::insert_company(&db, &crate::common::company("Vonk Metaal")).await;
        let event_id = class_visit(&app, &db, vonk).await;
        let sign_up = |email: &'static str, head_count: &'static str| SignUpClass {
            event_id,
            form: SignUpForm {
                teacher_name: "Docent".into(),
                school: "Kempenhorst College".into(),
                email: email.into(),
                head_count: head_count.into(),
            },
        };
        // One anonymous post for every place, with someone else's address: it takes nothing.
        app.call(&sign_up("slachtoffer@school.example", "200"))
            .await
            .expect("stored");
        let jan = logged_in(&app, "jan@vonk.example").await;
        let (listed, occupancy) = app.call_as(&jan, &EventSignUps { event_id }).await.expect("list");
        assert_eq!(
            (listed.len(), occupancy.confirmed),
            (0, 0),
            "an unconfirmed sign-up holds nothing"
        );
        // A real teacher who confirms gets places at once.
        app.call(&sign_up("eva@school.example", "25")).await.expect("stored");
        let eva = mailed_sign_up_token(&db, "eva@school.example").await;
        let (_, html) = crate::common::page(&browser(), &app, &format!("/aanmelding/{eva}")).await;
        assert!(html.contains(app::i18n::NL.events.unconfirmed_status), "{html}");
        app.call(&ConfirmSignUp { token: eva.clone() })
            .await
            .expect("confirmed");
        app.call(&ConfirmSignUp { token: eva.clone() })
            .await
            .expect("confirming again changes nothing");
        let (listed, occupancy) = app.call_as(&jan, &EventSignUps { event_id }).await.expect("list");
        assert_eq!((listed.len(), occupancy.confirmed), (1, 25));
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient = 'eva@school.example'"
            )
            .await,
            2,
            "a mail to confirm, and one with her places; the second confirmation mails nothing"
        );
        // Two days on, the unconfirmed one is gone; Eva's stays until after the event.
        let later = app::db::now_instant().plus_seconds(49 * 3600);
        let expired = app::db::expiry::forget_expired(&db, later).await.expect("forget");
        assert_eq!(expired.sign_ups, 1);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM event_sign_ups WHERE email = 'slachtoffer@school.example'"
            )
            .await,
            0
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM event_sign_ups").await, 1);
        app.stop().await;
    }
);

db_test!(
    an_ipv6_customer_stepping_through_its_56_is_one_network_for_pairing_codes,
    |db| {
        let app = TestApp::builder(db.clone()).behind_proxy().start().await;
        // Twenty TVs, each from another /64 of one provider's /56, get a code each; the
        // twenty-first, from yet another /64 of the same /56, asks too many at once.
        let mut statuses = Vec::new();
        for n in 0..=app::domain::screens::PAIRINGS_PER_NETWORK {
            let from = format!("2001:db8:1:2{n:02x}::1");
            let (status, _) = app
                .post_raw(
                    &browser(),
                    app::api::screens::LoadScreen::PATH,
                    "",
                    &[("x-forwarded-for", from.as_str())],
                )
                .await;
            statuses.push(status);
        }
        let refused = statuses.pop();
        assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
        assert_eq!(refused, Some(429));
        // Another customer's /56 is another network.
        let (status, _) = app
            .post_raw(
                &browser(),
                app::api::screens::LoadScreen::PATH,
                "",
                &[("x-forwarded-for", "2001:db8:1:300::1")],
            )
            .await;
        assert_eq!(status, 200);
        app.stop().await;
    }
);
