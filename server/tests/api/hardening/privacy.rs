//! What Techkaart promises minors, their parents and a school's privacy officer, tried
//! through the real server on SQLite and PostgreSQL: a refused form's contents never
//! reach an address or another browser; nothing outlives its rule (interests left on their
//! way, mail about them, sessions, links, codes, throttle records, drafts, sign-ups); after
//! "delete everything" no table holds the student's or the parent's details; a parent
//! hears which company a student under 16 will meet.

use std::time::Duration;

use crate::common::insert_company;
use crate::common::{TestApp, account, browser, count, execute, logged_in, page};
use crate::events::open_day;
use crate::interests::{confirmed_interest, mailed_token, open_placement, sanne};
use app::api::events::SaveEvent;
use app::api::interests::{AcceptMeeting, ConfirmInterest, DeleteMyData, ExpressInterest};
use app::domain::{Region, Role};
use leptos::server_fn::ServerFn as _;

/// What a student typed that must not outlive her data: her address, her phone (as
/// stored), her parent's address and her motivation.
const SANNES_DETAILS: [&str; 4] = ["sanne@mail.example", "612345678", "ouder@mail.example", "brommers"];

/// The value of `name` in the query of `location`, if there.
fn parameter(location: &str, name: &str) -> Option<String> {
    let url = url::Url::parse(&format!("http://x{location}")).expect("an address");
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

db_test!(a_form_error_is_shown_only_to_the_browser_that_sent_the_form, |db| {
    use crate::common::{browser, count, page, post_form};
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co2@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let app = TestApp::spawn(db.clone()).await;
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
    let (back, _) = post_form(
        &coordinator,
        &app,
        app::api::accounts::Invite::PATH,
        &invite,
        "/beheer/uitnodigen",
    )
    .await;
    let back = back.trim_start_matches(&app.url("")).to_owned();
    assert!(back.starts_with("/beheer/uitnodigen?__formulier="), "{back}");
    for typed in ["gekozen", "Kempen", "4000", "hapert", "__err", "__path"] {
        assert!(!back.contains(typed), "{typed:?} is not in the address: {back}");
    }
    let (_, html) = page(&coordinator, &app, &back).await;
    assert!(
        html.contains("gekozen@aanvaller.example"),
        "its own error is shown with what was typed"
    );

    // The error itself, put in an address as Leptos would and sent as a link: nothing shown.
    let kept = crate::common::text(&db, "SELECT error FROM form_drafts").await;
    let forged = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("__path", app::api::accounts::Invite::PATH)
        .append_pair("__err", &kept)
        .finish();
    let (status, html) = page(&coordinator, &app, &format!("/beheer/uitnodigen?{forged}")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("gekozen@aanvaller.example"),
        "an error in the address is not shown"
    );
    // Nor through the language switch, whose return address is followed by the browser.
    let switched = coordinator
        .get(app.url(&format!(
            "/taal/nl?terug={}",
            url::form_urlencoded::byte_serialize(format!("/beheer/uitnodigen?{forged}").as_bytes()).collect::<String>()
        )))
        .send()
        .await
        .expect("language switch");
    let location = switched.headers()["location"].to_str().expect("ASCII").to_owned();
    assert_eq!(location, "/beheer/uitnodigen", "the error is left out of the way back");
    // The draft's own address on another page of the same browser: nothing shown.
    let elsewhere = back.replacen("/beheer/uitnodigen", "/beheer/profiel", 1);
    let (_, html) = page(&coordinator, &app, &elsewhere).await;
    assert!(!html.contains("gekozen@aanvaller.example"));

    // The same address in another coordinator's browser, or in one without a session.
    let other = logged_in(&app, "co2@kempen.example").await;
    let (status, html) = page(&other, &app, &back).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("gekozen@aanvaller.example"),
        "another person's draft is not shown"
    );
    let (_, html) = page(&browser(), &app, &back).await;
    assert!(!html.contains("gekozen@aanvaller.example"));

    // Ten minutes on, the draft is gone: not shown, and deleted by the purge.
    app.clock
        .advance(server::form_errors::KEPT_FOR + Duration::from_secs(1));
    let (_, html) = page(&coordinator, &app, &back).await;
    assert!(!html.contains("gekozen@aanvaller.example"), "an old draft is not shown");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM form_drafts").await, 1);
    let later = app::db::now_instant().plus_seconds(server::form_errors::KEPT_FOR.as_secs() as i64 + 1);
    app::db::expiry::forget_expired(&db, later).await.expect("forget");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM form_drafts").await, 0);
    app.stop().await;
});

db_test!(
    a_students_refused_form_stays_out_of_addresses_and_other_browsers,
    |db| {
        use crate::common::{browser, insert_company_with_open_placement, page, post_form};
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        let placement_id = crate::common::count(
            &db,
            "SELECT id FROM placements WHERE status = 'open' ORDER BY id LIMIT 1",
        )
        .await;
        let app = TestApp::spawn(db.clone()).await;
        let placement_page = format!("/bedrijven/vonk-metaal/plekken/{placement_id}");
        // Under 16 without a parent's address: refused, with everything else typed in it.
        let fields = [
            ("placement_id", placement_id.to_string()),
            ("form[first_name]", "Noor".into()),
            ("form[age_band]", "under-16".into()),
            ("form[school]", "Kempenhorst".into()),
            ("form[programme]", "vmbo-3".into()),
            ("form[email]", "noor@mail.example".into()),
            ("form[phone]", "0612345678".into()),
            ("form[start]", "now".into()),
            ("form[motivation]", "Ik wil lassen leren".into()),
        ];
        let student = browser();
        let (back, _) = post_form(
            &student,
            &app,
            app::api::interests::ExpressInterest::PATH,
            &fields,
            &placement_page,
        )
        .await;
        for typed in ["noor", "0612345678", "lassen", "Kempenhorst", "__err"] {
            assert!(!back.contains(typed), "{typed:?} is not in the address: {back}");
        }
        let back = back.trim_start_matches(&app.url("")).to_owned();
        let (_, html) = page(&student, &app, &back).await;
        assert!(
            html.contains("noor@mail.example"),
            "the student gets the form back as typed"
        );
        // Another anonymous visitor who is sent the same address sees an empty form.
        let (status, html) = page(&browser(), &app, &back).await;
        assert_eq!(status, 200);
        assert!(
            !html.contains("noor@mail.example") && !html.contains("lassen"),
            "{html}"
        );
        assert_eq!(parameter(&back, "__formulier").map(|id| id.len()), Some(64));
        app.stop().await;
    }
);

db_test!(
    an_interest_left_in_any_stage_on_its_way_is_closed_and_later_deleted,
    |db| {
        use app::api::board::close_idle_interests;
        use app::db::interests::purge;
        use app::domain::Instant;

        let app = TestApp::spawn(db.clone()).await;
        let placement_id = open_placement(&db).await;
        for (n, stage) in ["introduced", "first-meeting", "trial-day", "agreement"]
            .iter()
            .enumerate()
        {
            let email = format!("student{n}@mail.example");
            confirmed_interest(&app, &db, placement_id, &email, "Daan").await;
            execute(
            &db,
            &format!(
                "UPDATE interests SET stage = '{stage}', stage_changed_at = '2027-01-04T09:00:00Z' WHERE email = '{email}'"
            ),
        )
        .await
        .expect("stage");
        }
        let vonk = count(
            &db,
            &format!("SELECT company_id FROM placements WHERE id = {placement_id}"),
        )
        .await;
        let candidates = app::db::interests::company_candidates(&db, vonk)
            .await
            .expect("candidates");
        assert_eq!(candidates.len(), 4, "the company sees them while they are on their way");
        // Six months and a day after the last move.
        let later = Instant::parse("2027-07-06T09:00:00Z").expect("instant");
        assert_eq!(
            close_idle_interests(&db, later).await.expect("close"),
            0,
            "six months to the day: not yet"
        );
        let later = later.plus_seconds(86_400);
        assert_eq!(close_idle_interests(&db, later).await.expect("close"), 4);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM interests WHERE stage = 'closed' AND close_reason = 'not-reachable'"
            )
            .await,
            4
        );
        // The company's list of candidates no longer holds them.
        assert!(
            app::db::interests::company_candidates(&db, vonk)
                .await
                .expect("candidates")
                .is_empty()
        );
        purge(&db, later.plus_seconds(29 * 86_400)).await.expect("purge");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM interests").await,
            0,
            "deleted four weeks later"
        );
        app.stop().await;
    }
);

db_test!(
    after_a_student_deletes_everything_no_table_holds_her_or_her_parents_details,
    |db| {
        use crate::common::tables_holding;
        let app = TestApp::spawn(db.clone()).await;
        let token = sanne_says_she_is_interested(&app, &db).await;
        app.call(&ConfirmInterest { token: token.clone() })
            .await
            .expect("confirmed");
        for detail in SANNES_DETAILS {
            assert!(
                !tables_holding(&db, detail).await.is_empty(),
                "{detail} is stored before"
            );
        }
        assert_eq!(tables_holding(&db, "ouder@mail.example").await, ["interests", "outbox"]);

        app.call(&DeleteMyData { token }).await.expect("deleted");
        for detail in SANNES_DETAILS {
            assert_eq!(
                tables_holding(&db, detail).await,
                Vec::<String>::new(),
                "{detail} is gone"
            );
        }
        app.stop().await;
    }
);

db_test!(
    when_the_purge_deletes_an_interest_its_mail_to_the_parent_goes_too,
    |db| {
        use crate::common::tables_holding;
        let app = TestApp::spawn(db.clone()).await;
        sanne_says_she_is_interested(&app, &db).await;
        // Nobody confirms: three days later the purge deletes it, with both mails.
        let later = app::db::now_instant().plus_seconds(73 * 3600);
        let purged = app::db::interests::purge(&db, later).await.expect("purge");
        assert_eq!(purged.unconfirmed, 1);
        for detail in SANNES_DETAILS {
            assert_eq!(
                tables_holding(&db, detail).await,
                Vec::<String>::new(),
                "{detail} is gone"
            );
        }
        app.stop().await;
    }
);

db_test!(
    a_parent_is_told_which_company_and_when_once_a_student_under_16_chose_a_moment,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        let token = sanne_says_she_is_interested(&app, &db).await;
        // Confirmed by both, introduced, and the company proposed two moments.
        execute(
            &db,
            "UPDATE interests SET email_confirmed_at = created_at, guardian_confirmed_at = created_at, \
             stage = 'first-meeting', meeting_times = 'ma 7 december 16:00\ndi 8 december 9:00'",
        )
        .await
        .expect("moved on");
        let id = count(&db, "SELECT id FROM interests").await;
        let version = count(&db, "SELECT version FROM interests").await;
        let (_, html) = page(&browser(), &app, &format!("/mijn-interesse/{token}")).await;
        assert!(html.contains("ma 7 december 16:00"), "{html}");
        app.call(&AcceptMeeting {
            token: token.clone(),
            id,
            version,
            moment: "di 8 december 9:00".into(),
        })
        .await
        .expect("accepted");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient = 'ouder@mail.example' \
                 AND body LIKE '%di 8 december 9:00%' AND body LIKE '%Vonk Metaal%'"
            )
            .await,
            1,
            "the parent's mail names the company and the moment"
        );
        let (_, html) = page(&browser(), &app, &format!("/mijn-interesse/{token}?afgesproken=1")).await;
        assert!(html.contains(app::i18n::NL.interests.meeting_accepted_notice));
        assert!(!html.contains("name=\"moment\""), "nothing left to choose");
        app.stop().await;
    }
);

db_test!(
    sessions_links_codes_throttle_records_and_sign_ups_go_when_their_time_is_over,
    |db| {
        use app::api::sign_ups::SignUpClass;
        use app::domain::SignUpForm;

        let app = TestApp::spawn(db.clone()).await;
        let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let mut visit = open_day("Bedrijfsbezoek voor klassen");
        visit.participation = "class-sign-up".into();
        visit.capacity = "20".into();
        app.call_as(&jan, &SaveEvent { id: None, form: visit })
            .await
            .expect("saved");
        let event_id = count(&db, "SELECT id FROM events").await;
        app.call(&SignUpClass {
            event_id,
            form: SignUpForm {
                teacher_name: "Docent Eva".into(),
                school: "Kempenhorst College".into(),
                email: "eva@school.example".into(),
                head_count: "12".into(),
            },
        })
        .await
        .expect("signed up");
        let token = mailed_token(&db, "eva@school.example", "/aanmelding/").await;
        app.call(&app::api::sign_ups::ConfirmSignUp { token })
            .await
            .expect("confirmed");
        // A new TV's pairing code, a failed login's record, a reset link.
        crate::common::browser()
            .get(app.url("/scherm"))
            .send()
            .await
            .expect("GET /scherm");
        let wrong = [("email", "jan@vonk.example"), ("password", "fout-wachtwoord")];
        crate::common::post_form(
            &crate::common::browser(),
            &app,
            app::api::accounts::LogIn::PATH,
            &wrong,
            "/inloggen",
        )
        .await;
        crate::common::post_form(
            &crate::common::browser(),
            &app,
            app::api::accounts::ForgotPassword::PATH,
            &[("email", "jan@vonk.example")],
            "/wachtwoord-vergeten",
        )
        .await;
        let rows = || async {
            let mut rows = Vec::new();
            for table in [
                "sessions",
                "one_time_links",
                "screen_pairings",
                "attempts",
                "event_sign_ups",
            ] {
                rows.push(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await);
            }
            rows
        };
        let before = rows().await;
        assert!(before.iter().all(|&n| n > 0), "one of each: {before:?}");

        // Now nothing has run out.
        let now = app::db::now_instant();
        let expired = app::db::expiry::forget_expired(&db, now).await.expect("forget");
        assert_eq!(expired.total(), 0, "{expired:?}");
        assert_eq!(rows().await, before);
        // An hour on: the throttle records and the pairing code (15 minutes) are gone.
        let expired = app::db::expiry::forget_expired(&db, now.plus_seconds(3601))
            .await
            .expect("forget");
        assert_eq!((expired.attempts > 0, expired.pairings), (true, 1), "{expired:?}");
        // Nine hours on: the idle session, and (past its day) the reset link.
        let expired = app::db::expiry::forget_expired(&db, now.plus_seconds(9 * 3600))
            .await
            .expect("forget");
        assert_eq!(expired.sessions, 1, "{expired:?}");
        let expired = app::db::expiry::forget_expired(&db, now.plus_seconds(3 * 86_400))
            .await
            .expect("forget");
        assert_eq!(expired.links, 1, "{expired:?}");
        // The sign-up stays until four weeks after the event.
        let ends_at = crate::common::text(&db, "SELECT ends_at FROM events").await;
        let ends_at = app::domain::Instant::parse(&ends_at).expect("instant");
        let kept = app::db::expiry::SIGN_UP_KEPT_DAYS * 86_400;
        let expired = app::db::expiry::forget_expired(&db, ends_at.plus_seconds(kept - 60))
            .await
            .expect("forget");
        assert_eq!(expired.sign_ups, 0);
        let expired = app::db::expiry::forget_expired(&db, ends_at.plus_seconds(kept + 60))
            .await
            .expect("forget");
        assert_eq!(expired.sign_ups, 1);
        assert_eq!(rows().await, [0, 0, 0, 0, 0]);
        app.stop().await;
    }
);

/// Sanne (15, with her parent's address) says she is interested in an open placement of a
/// new company; her personal link's token from the mail.
async fn sanne_says_she_is_interested(app: &TestApp, db: &app::db::Db) -> String {
    let placement_id = open_placement(db).await;
    app.call(&ExpressInterest {
        placement_id,
        form: sanne(),
    })
    .await
    .expect("sent");
    mailed_token(db, "sanne@mail.example", "/mijn-interesse/").await
}
