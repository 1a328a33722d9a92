//! Students' interests through the real server on SQLite and PostgreSQL: a 15-year-old
//! says she is interested, confirms by her link, her parent agrees by theirs; her page
//! shows only what she confirmed; she withdraws, downloads and deletes everything; wrong
//! input and other people's links change nothing; the retention rules delete on time.

use crate::common::{TestApp, browser, count, execute, insert_company_with_open_placement, page, post_form};
use app::api::interests::{
    AcceptMeeting, AnswerGuardianRequest, ConfirmInterest, DeleteMyData, ExpressInterest, KeepMyInterests,
    LoadConsentRequest, LoadOwnInterests, WithdrawInterest,
};
use app::domain::interests::Waiting;
use app::domain::{InterestForm, Problem, Stage};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

/// The token of the newest link under `path` (`/mijn-interesse/`, `/toestemming/`) mailed
/// to `email`.
pub(crate) async fn mailed_token(db: &app::db::Db, email: &str, path: &str) -> String {
    let sql = format!(
        "SELECT body FROM outbox WHERE recipient = '{email}' AND body LIKE '%{path}%' ORDER BY id DESC LIMIT 1"
    );
    let (body,): (String,) = match db.pools() {
        app::db::Pools::Sqlite { read, .. } => sqlx::query_as(&sql).fetch_one(read).await,
        app::db::Pools::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
    }
    .unwrap_or_else(|e| panic!("a mail with {path} to {email}: {e}"));
    let start = body.find(path).expect("a link") + path.len();
    body[start..start + 64].to_owned()
}

/// Sanne, 15, in vmbo 4, interested in starting next August.
pub(crate) fn sanne() -> InterestForm {
    InterestForm {
        first_name: "Sanne".into(),
        age_band: "under-16".into(),
        school: "Pius X College".into(),
        programme: "vmbo-4".into(),
        email: "sanne@mail.example".into(),
        phone: "06-12345678".into(),
        postcode: "5531 AB".into(),
        start: "now".into(),
        motivation: "Ik sleutel graag aan brommers.".into(),
        guardian_email: "ouder@mail.example".into(),
        ..InterestForm::default()
    }
}

pub(crate) async fn open_placement(db: &app::db::Db) -> i64 {
    insert_company_with_open_placement(db, "Vonk Metaal").await;
    count(
        db,
        "SELECT id FROM placements WHERE status = 'open' ORDER BY id LIMIT 1",
    )
    .await
}

pub(crate) fn problem(error: &AppError, field: &str) -> Option<Problem> {
    error
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem)
}

db_test!(a_fifteen_year_old_confirms_her_interest_and_her_parent_agrees, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let placement_id = open_placement(&db).await;
    let mails = || count(&db, "SELECT COUNT(*) FROM outbox");
    let before = mails().await;

    // Wrong input: every wrong field named at once, nothing stored, nothing mailed.
    let wrong = InterestForm {
        first_name: " ".into(),
        guardian_email: "".into(),
        phone: "12345".into(),
        ..sanne()
    };
    let error = app
        .call(&ExpressInterest {
            placement_id,
            form: wrong,
        })
        .await
        .expect_err("refused");
    assert_eq!(problem(&error, "first_name"), Some(Problem::Required));
    assert_eq!(problem(&error, "guardian_email"), Some(Problem::Required));
    assert_eq!(problem(&error, "phone"), Some(Problem::Format));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 0);
    assert_eq!(mails().await, before);
    // A placement that does not exist.
    let missing = app
        .call(&ExpressInterest {
            placement_id: placement_id + 1000,
            form: sanne(),
        })
        .await;
    assert_eq!(missing, Err(AppError::NotFound));

    app.call(&ExpressInterest {
        placement_id,
        form: sanne(),
    })
    .await
    .expect("sent");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 1);
    assert_eq!(mails().await, before + 2, "one to her, one to her parent");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM interests WHERE phone = '+31612345678' AND postcode = '5531'"
        )
        .await,
        1,
        "the phone number in international form, the postcode's letters dropped"
    );

    let token = mailed_token(&db, "sanne@mail.example", "/mijn-interesse/").await;
    let guardian = mailed_token(&db, "ouder@mail.example", "/toestemming/").await;
    let own = |token: &str| {
        let call = LoadOwnInterests {
            token: token.to_owned(),
        };
        let app = &app;
        async move { app.call(&call).await }
    };
    let mine = own(&token).await.expect("her page");
    assert_eq!(mine.interests.len(), 1);
    assert_eq!(mine.own().expect("hers").waiting_for(), Some(Waiting::Student));
    // Her parent's link is not hers, and hers is not her parent's.
    assert_eq!(own(&guardian).await, Err(AppError::LinkInvalid));
    assert_eq!(
        app.call(&LoadConsentRequest { token: token.clone() }).await,
        Err(AppError::LinkInvalid)
    );

    app.call(&ConfirmInterest { token: token.clone() })
        .await
        .expect("confirmed");
    let mine = own(&token).await.expect("her page");
    assert_eq!(mine.own().expect("hers").waiting_for(), Some(Waiting::Guardian));
    let asked = app
        .call(&LoadConsentRequest {
            token: guardian.clone(),
        })
        .await
        .expect("the parent's page");
    assert_eq!(asked.interest.first_name, "Sanne");
    assert!(asked.placement.is_some());
    app.call(&AnswerGuardianRequest {
        token: guardian.clone(),
        agree: true,
    })
    .await
    .expect("agreed");
    let mine = own(&token).await.expect("her page");
    let interest = mine.own().expect("hers").clone();
    assert_eq!((interest.waiting_for(), interest.stage), (None, Stage::Interest));

    // Her page: personal, kept by nobody, and not told to other sites.
    let response = browser()
        .get(app.url(&format!("/mijn-interesse/{token}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.expect("body");
    assert!(html.contains("Sanne") && html.contains("Pius X College"), "{html}");
    assert!(html.contains(r#"name="referrer" content="no-referrer""#));

    // A second interest from her address counts on her page once she confirms it by its
    // own link; one somebody else typed her address into does not show before that.
    let mut second = InterestForm {
        age_band: "16-17".into(),
        guardian_email: "".into(),
        ..sanne()
    };
    app.call(&ExpressInterest {
        placement_id,
        form: second.clone(),
    })
    .await
    .expect("sent");
    let second_token = mailed_token(&db, "sanne@mail.example", "/mijn-interesse/").await;
    assert_ne!(second_token, token);
    assert_eq!(
        own(&token).await.expect("page").interests.len(),
        1,
        "unconfirmed: not on her page"
    );
    assert_eq!(
        own(&second_token).await.expect("page").interests.len(),
        2,
        "its own link shows it, and hers"
    );
    app.call(&ConfirmInterest {
        token: second_token.clone(),
    })
    .await
    .expect("confirmed");
    let mine = own(&token).await.expect("page");
    assert_eq!(mine.interests.len(), 2);

    // Withdrawing: a stale version is refused and changes nothing; another student's link
    // cannot reach her interest.
    second.email = "iemand@anders.example".into();
    app.call(&ExpressInterest {
        placement_id,
        form: second,
    })
    .await
    .expect("sent");
    let stranger = mailed_token(&db, "iemand@anders.example", "/mijn-interesse/").await;
    let withdraw = |token: &str, version: i64| WithdrawInterest {
        token: token.to_owned(),
        id: interest.id,
        version,
    };
    assert_eq!(
        app.call(&withdraw(&stranger, interest.version)).await,
        Err(AppError::NotFound)
    );
    let stale = app
        .call(&withdraw(&token, interest.version + 1))
        .await
        .expect_err("stale");
    assert!(matches!(stale, AppError::Refused(ref r) if r.stale), "{stale:?}");
    app.call(&withdraw(&token, interest.version)).await.expect("withdrawn");
    let mine = own(&token).await.expect("page");
    let withdrawn = mine.own().expect("hers");
    assert_eq!(withdrawn.stage, Stage::Withdrawn);
    assert!(!withdrawn.can_withdraw());

    // "Keep me for next season" holds every interest of hers for twelve months.
    app.call(&KeepMyInterests {
        token: token.clone(),
        keep: true,
    })
    .await
    .expect("kept");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM interests WHERE keep_until IS NOT NULL").await,
        2
    );

    // Her download holds everything about her, as a file.
    let download = browser()
        .get(app.url(&format!("/mijn-interesse/{token}/gegevens.json")))
        .send()
        .await
        .expect("GET");
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .expect("ASCII")
            .starts_with("attachment")
    );
    let json: serde_json::Value = serde_json::from_str(&download.text().await.expect("body")).expect("JSON");
    let interests = json["interests"].as_array().expect("a list");
    assert_eq!(interests.len(), 2);
    assert_eq!(interests[0]["first_name"], "Sanne");
    assert_eq!(interests[1]["phone"], "+31612345678");
    assert_eq!(interests[1]["guardian_email"], "ouder@mail.example");
    assert!(interests[1]["placement"]["title"].is_string());

    // Deleting everything: every interest with her address and her mail in the outbox go;
    // the stranger's interest stays; her link stops working.
    app.call(&DeleteMyData { token: token.clone() }).await.expect("deleted");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM interests WHERE email = 'sanne@mail.example'").await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = 'sanne@mail.example'"
        )
        .await,
        0
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 1);
    // The audit keeps that she deleted the two the coordinator could see, and nothing of her.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE subject = 'interest' AND action = 'delete' AND actor = 'student' \
             AND user_id IS NULL AND changes = '[]'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE lower(actor || changes) LIKE '%sanne%' OR changes LIKE '%Pius%'"
        )
        .await,
        0
    );
    assert_eq!(own(&token).await, Err(AppError::LinkInvalid));
    assert_eq!(own(&second_token).await, Err(AppError::LinkInvalid));
    let (status, _) = page(&browser(), &app, &format!("/mijn-interesse/{token}/gegevens.json")).await;
    assert_eq!(status, 410);
    app.stop().await;
});

db_test!(
    a_parent_who_does_not_agree_has_it_deleted_and_closed_placements_take_no_interest,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        let placement_id = open_placement(&db).await;
        app.call(&ExpressInterest {
            placement_id,
            form: sanne(),
        })
        .await
        .expect("sent");
        let guardian = mailed_token(&db, "ouder@mail.example", "/toestemming/").await;
        app.call(&AnswerGuardianRequest {
            token: guardian.clone(),
            agree: false,
        })
        .await
        .expect("refused");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 0);
        assert_eq!(
            app.call(&LoadConsentRequest { token: guardian }).await,
            Err(AppError::LinkInvalid)
        );

        execute(
            &db,
            &format!("UPDATE placements SET status = 'filled' WHERE id = {placement_id}"),
        )
        .await
        .expect("filled");
        assert_eq!(
            app.call(&ExpressInterest {
                placement_id,
                form: sanne(),
            })
            .await,
            Err(AppError::Forbidden)
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 0);
        app.stop().await;
    }
);

db_test!(
    one_address_gets_five_interest_mails_an_hour_and_the_form_says_so,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        let placement_id = open_placement(&db).await;
        let adult = |email: &str| InterestForm {
            age_band: "18-plus".into(),
            guardian_email: "".into(),
            email: email.into(),
            ..sanne()
        };
        for n in 0..app::domain::interests::INTERESTS_PER_ADDRESS_PER_HOUR {
            app.call(&ExpressInterest {
                placement_id,
                form: adult("veel@mail.example"),
            })
            .await
            .unwrap_or_else(|e| panic!("interest {n}: {e:?}"));
        }
        let refused = app
            .call(&ExpressInterest {
                placement_id,
                form: adult("veel@mail.example"),
            })
            .await;
        assert!(matches!(refused, Err(AppError::TooManyAttempts(_))), "{refused:?}");
        // A guardian's address counts too: a script cannot mail a parent endlessly.
        let placement_page = format!("/bedrijven/vonk-metaal/plekken/{placement_id}");
        let fields = [
            ("placement_id", placement_id.to_string()),
            ("form[first_name]", "Noor".into()),
            ("form[age_band]", "under-16".into()),
            ("form[school]", "Kempenhorst".into()),
            ("form[programme]", "vmbo-3".into()),
            ("form[email]", "noor@mail.example".into()),
            ("form[start]", "now".into()),
            ("form[guardian_email]", "veel@mail.example".into()),
        ];
        let client = browser();
        let (back, _) = post_form(
            &client,
            &app,
            app::api::interests::ExpressInterest::PATH,
            &fields,
            &placement_page,
        )
        .await;
        let (_, html) = page(&client, &app, &back).await;
        assert!(html.contains(app::i18n::NL.interests.too_many), "{html}");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM interests WHERE email = 'noor@mail.example'").await,
            0
        );
        app.stop().await;
    }
);

db_test!(the_purge_deletes_what_the_retention_rules_no_longer_keep, |db| {
    use app::api::board::close_idle_interests;
    use app::db::interests::{InterestKeys, purge};
    use app::domain::{Instant, Region};

    let placement_id = open_placement(&db).await;
    let day = |d: i64| {
        Instant::parse("2027-01-04T09:00:00Z")
            .expect("instant")
            .plus_seconds(d * 86_400)
    };
    let hours = |h: i64| day(0).plus_seconds(h * 3600);
    // Stores `form` as made at the start, with link tokens made up from `name`.
    let store = |name: &'static str, form: InterestForm| {
        let db = db.clone();
        async move {
            let interest = form
                .read(app::domain::Day::parse("2027-01-04").expect("day"))
                .expect("valid");
            let guardian = interest.guardian_email.as_ref().map(|_| format!("g-{name}"));
            let mut tx = db.begin().await.expect("begin");
            let id = app::db::interests::insert_interest(
                &mut tx,
                app::db::interests::InterestAbout::placement(Some(placement_id), Region::Kempen),
                &interest,
                &InterestKeys {
                    token_hash: name,
                    guardian_token_hash: guardian.as_deref(),
                },
                None,
                &day(0).stored(),
            )
            .await
            .expect("stored");
            tx.commit().await.expect("commit");
            id
        }
    };
    let adult = |email: &str| InterestForm {
        age_band: "18-plus".into(),
        guardian_email: "".into(),
        email: email.into(),
        ..sanne()
    };
    let set = |sql: String| {
        let db = db.clone();
        async move { execute(&db, &sql).await.expect("update") }
    };
    let confirmed = format!("email_confirmed_at = '{}'", hours(1).stored());
    let unconfirmed = store("unconfirmed", adult("a@mail.example")).await;
    let no_parent = store("no-parent", sanne()).await;
    set(format!("UPDATE interests SET {confirmed} WHERE id = {no_parent}")).await;
    let idle = store("idle", adult("b@mail.example")).await;
    let closed = store("closed", adult("c@mail.example")).await;
    let kept = store("kept", adult("d@mail.example")).await;
    let withdrawn_kept = store("withdrawn", adult("e@mail.example")).await;
    let in_review = store("in-review", adult("f@mail.example")).await;
    set(format!(
        "UPDATE interests SET {confirmed} WHERE id IN ({idle}, {closed}, {kept}, {withdrawn_kept}, {in_review})"
    ))
    .await;
    // Closed on day 10; one of them asked to be kept for a year; a withdrawn one asked too.
    let ten = day(10).stored();
    let year = day(365).stored();
    set(format!(
        "UPDATE interests SET stage = 'closed', close_reason = 'no-match', declined_by = 'nobody', \
         stage_changed_at = '{ten}' WHERE id IN ({closed}, {kept})"
    ))
    .await;
    set(format!(
        "UPDATE interests SET stage = 'withdrawn', stage_changed_at = '{ten}' WHERE id = {withdrawn_kept}"
    ))
    .await;
    set(format!(
        "UPDATE interests SET stage = 'in-review', stage_changed_at = '{ten}' WHERE id = {in_review}"
    ))
    .await;
    set(format!(
        "UPDATE interests SET keep_until = '{year}' WHERE id IN ({kept}, {withdrawn_kept})"
    ))
    .await;
    let left = || async {
        let mut ids = Vec::new();
        for id in [unconfirmed, no_parent, idle, closed, kept, withdrawn_kept, in_review] {
            if count(&db, &format!("SELECT COUNT(*) FROM interests WHERE id = {id}")).await == 1 {
                ids.push(id);
            }
        }
        ids
    };

    let purged = purge(&db, hours(71)).await.expect("purge");
    assert_eq!(purged.total(), 0, "71 hours: everything stays");
    let purged = purge(&db, hours(73)).await.expect("purge");
    assert_eq!(
        purged.unconfirmed, 2,
        "73 hours: the unconfirmed one and the one without a parent's consent"
    );
    assert_eq!(left().await, [idle, closed, kept, withdrawn_kept, in_review]);
    let purged = purge(&db, day(37)).await.expect("purge");
    assert_eq!(purged.total(), 0, "27 days after closing: still there");
    let purged = purge(&db, day(39)).await.expect("purge");
    assert_eq!(
        purged.over, 2,
        "29 days after: the closed one and the withdrawn one (keeping holds no withdrawn)"
    );
    assert_eq!(left().await, [idle, kept, in_review]);

    // Left on the way: closed as "not reachable" after six months without a move, in
    // whatever stage, the student told; then gone four weeks later like any closed one.
    let round = |at: Instant| {
        let db = db.clone();
        async move {
            let closed = close_idle_interests(&db, at).await.expect("close idle");
            let purged = purge(&db, at).await.expect("purge");
            (closed, purged.total())
        }
    };
    let stage_of = |id: i64| {
        let db = db.clone();
        async move {
            let sql = format!("SELECT stage, COALESCE(close_reason, '') FROM interests WHERE id = {id}");
            let row: (String, String) = match db.pools() {
                app::db::Pools::Sqlite { read, .. } => sqlx::query_as(&sql).fetch_one(read).await,
                app::db::Pools::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
            }
            .expect("stage");
            row
        }
    };
    let mails_to = |email: &'static str| {
        let db = db.clone();
        async move { count(&db, &format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{email}'")).await }
    };
    assert_eq!(round(day(182)).await, (0, 0), "not six months yet");
    assert_eq!(round(day(184)).await, (1, 0), "six months in 'interest': closed");
    assert_eq!(stage_of(idle).await, ("closed".to_owned(), "not-reachable".to_owned()));
    assert_eq!(mails_to("b@mail.example").await, 1, "the student is told");
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE subject_id = {idle} AND action = 'close' AND user_id IS NULL"
            )
        )
        .await,
        1,
        "the change log says the retention rules closed it"
    );
    assert_eq!(round(day(192)).await, (0, 0), "in review since day 10: not yet");
    assert_eq!(round(day(194)).await, (1, 0), "six months in review: closed too");
    assert_eq!(stage_of(in_review).await.0, "closed");
    assert_eq!(mails_to("f@mail.example").await, 1);
    assert_eq!(left().await, [idle, kept, in_review], "closed, not yet deleted");
    assert_eq!(round(day(213)).await, (0, 1), "four weeks after closing: gone");
    assert_eq!(left().await, [kept, in_review]);
    assert_eq!(round(day(223)).await, (0, 1));
    assert_eq!(left().await, [kept], "kept: held");
    assert_eq!(round(day(366)).await, (0, 1), "the year it was kept for is over");
    assert_eq!(left().await, Vec::<i64>::new());
});

/// An open placement of a company in IJmuiden (the IJmond); returns its id.
pub(crate) async fn ijmond_placement(db: &app::db::Db) -> i64 {
    let velsen = crate::common::insert_company(db, &crate::common::company_in_velsen("Staal IJmuiden")).await;
    let placement = server::seed::demo_data(app::domain::Day::parse("2026-11-21").expect("day"))
        .into_iter()
        .flat_map(|(_, placements)| placements)
        .find(|p| p.status == app::domain::PlacementStatus::Open)
        .expect("an open placement");
    let mut tx = db.begin().await.expect("begin");
    app::db::placements::insert_placement(&mut tx, velsen, &placement, "2026-11-21T10:00:00Z")
        .await
        .expect("placement");
    tx.commit().await.expect("commit");
    count(db, &format!("SELECT id FROM placements WHERE company_id = {velsen}")).await
}

/// The whole board `client` (a coordinator) sees.
pub(crate) async fn board_of(app: &TestApp, client: &reqwest::Client) -> app::api::board::Board {
    app.call_as(
        client,
        &app::api::board::InterestBoard {
            filters: Default::default(),
        },
    )
    .await
    .expect("board")
}

/// An adult's interest in `placement_id` from `email`, confirmed by its link.
pub(crate) async fn confirmed_interest(
    app: &TestApp,
    db: &app::db::Db,
    placement_id: i64,
    email: &str,
    first_name: &str,
) {
    app.call(&ExpressInterest {
        placement_id,
        form: InterestForm {
            first_name: first_name.into(),
            age_band: "18-plus".into(),
            guardian_email: "".into(),
            email: email.into(),
            ..sanne()
        },
    })
    .await
    .expect("sent");
    let token = mailed_token(db, email, "/mijn-interesse/").await;
    app.call(&ConfirmInterest { token }).await.expect("confirmed");
}

db_test!(
    the_coordinator_moves_and_closes_the_interests_of_her_region_only,
    |db| {
        use app::api::board::{BoardFilters, CloseInterest, InterestBoard, MoveInterest};
        use app::domain::{CloseForm, Region, Role};

        let app = TestApp::spawn(db.clone()).await;
        let kempen_placement = open_placement(&db).await;
        let ijmond_placement = ijmond_placement(&db).await;
        crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        crate::common::account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
        crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
        let ijmond = crate::common::logged_in(&app, "co@ijmond.example").await;
        let jan = crate::common::logged_in(&app, "jan@vonk.example").await;

        confirmed_interest(&app, &db, kempen_placement, "daan@mail.example", "Daan").await;
        confirmed_interest(&app, &db, ijmond_placement, "mila@mail.example", "Mila").await;
        // Not confirmed: on nobody's board.
        app.call(&ExpressInterest {
            placement_id: kempen_placement,
            form: sanne(),
        })
        .await
        .expect("sent");

        let board = |client: &reqwest::Client, filters: BoardFilters| {
            let client = client.clone();
            let app = &app;
            async move { app.call_as(&client, &InterestBoard { filters }).await }
        };
        let seen = board(&kempen, BoardFilters::default()).await.expect("board");
        let names: Vec<&str> = seen.items.iter().map(|i| i.interest.first_name.as_str()).collect();
        assert_eq!(names, ["Daan"]);
        assert_eq!(
            seen.counts.iter().find(|(s, _)| *s == Stage::Interest),
            Some(&(Stage::Interest, 1))
        );
        let daan = seen.items[0].interest.clone();
        assert_eq!(
            board(&ijmond, BoardFilters::default())
                .await
                .expect("board")
                .items
                .iter()
                .map(|i| i.interest.first_name.clone())
                .collect::<Vec<_>>(),
            ["Mila"]
        );
        assert_eq!(board(&jan, BoardFilters::default()).await, Err(AppError::Forbidden));
        assert_eq!(
            board(&browser(), BoardFilters::default()).await,
            Err(AppError::NotLoggedIn)
        );

        let move_to = |id: i64, version: i64, stage: &str| MoveInterest {
            id,
            version,
            stage: stage.to_owned(),
        };
        let before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        // Another region's coordinator and a company cannot move it.
        assert_eq!(
            app.call_as(&ijmond, &move_to(daan.id, daan.version, "in-review")).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            app.call_as(&jan, &move_to(daan.id, daan.version, "in-review")).await,
            Err(AppError::Forbidden)
        );
        // "Withdrawn" is the student's; "closed" has its own form.
        for stage in ["withdrawn", "closed", "nonsense"] {
            let refused = app
                .call_as(&kempen, &move_to(daan.id, daan.version, stage))
                .await
                .expect_err("refused");
            assert_eq!(problem(&refused, "stage"), Some(Problem::Unknown), "{stage}");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, before);
        app.call_as(&kempen, &move_to(daan.id, daan.version, "in-review"))
            .await
            .expect("moved");
        app.call_as(&kempen, &move_to(daan.id, daan.version + 1, "introduced"))
            .await
            .expect("moved");
        let stale = app
            .call_as(&kempen, &move_to(daan.id, daan.version, "first-meeting"))
            .await
            .expect_err("stale");
        assert!(matches!(stale, AppError::Refused(ref r) if r.stale), "{stale:?}");
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM interests WHERE id = {} AND stage = 'introduced' AND version = 3",
                    daan.id
                )
            )
            .await,
            1
        );
        // The audit says which stages, and nothing about Daan.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE subject = 'interest' AND action = 'move' \
             AND actor = 'co@kempen.example' AND changes LIKE '%\"stage\"%'"
            )
            .await,
            2
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log WHERE lower(changes) LIKE '%daan%'").await,
            0
        );

        // Filters.
        let in_stage = |stage: &str| BoardFilters {
            stage: stage.to_owned(),
            ..BoardFilters::default()
        };
        assert_eq!(
            board(&kempen, in_stage("introduced")).await.expect("board").items.len(),
            1
        );
        assert_eq!(
            board(&kempen, in_stage("interest")).await.expect("board").items.len(),
            0
        );
        let young = BoardFilters {
            age: "under-16".into(),
            ..BoardFilters::default()
        };
        assert_eq!(board(&kempen, young).await.expect("board").items.len(), 0);
        let waiting = BoardFilters {
            waiting: "7".into(),
            ..BoardFilters::default()
        };
        assert_eq!(
            board(&kempen, waiting).await.expect("board").items.len(),
            0,
            "moved today"
        );

        // Closing: a reason and who declined are needed; the student gets the answer.
        let close = |form: CloseForm| CloseInterest {
            id: daan.id,
            version: daan.version + 2,
            form,
        };
        let refused = app
            .call_as(&kempen, &close(CloseForm::default()))
            .await
            .expect_err("refused");
        assert_eq!(problem(&refused, "reason"), Some(Problem::Required));
        let mails = count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'").await;
        app.call_as(
            &kempen,
            &close(CloseForm {
                reason: "placement-filled".into(),
                declined_by: "company".into(),
                feedback: "Helaas, de plek is vergeven. Kijk ook eens bij Staal Bladel!".into(),
            }),
        )
        .await
        .expect("closed");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'").await,
            mails + 1
        );
        assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example' AND body LIKE '%Kijk ook eens bij Staal Bladel!%'"
        )
        .await,
        1
    );
        let closed = board(&kempen, in_stage("closed")).await.expect("board");
        assert_eq!(closed.items.len(), 1);
        assert_eq!(
            closed.items[0].close_reason,
            Some(app::domain::CloseReason::PlacementFilled)
        );
        // Closed is closed.
        let after = app
            .call_as(&kempen, &move_to(daan.id, daan.version + 3, "in-review"))
            .await
            .expect_err("refused");
        assert_eq!(problem(&after, "stage"), Some(Problem::Unknown));
        app.stop().await;
    }
);

db_test!(the_demo_has_thirty_interests_on_the_boards_of_both_regions, |db| {
    server::seed::demo(&db).await.expect("demo");
    let counted = "SELECT COUNT(*) FROM interests WHERE email_confirmed_at IS NOT NULL \
                   AND (age_band <> 'under-16' OR guardian_confirmed_at IS NOT NULL)";
    assert_eq!(count(&db, counted).await, 30);
    for region in [1, 2] {
        let n = count(
            &db,
            &format!("SELECT COUNT(*) FROM interests WHERE region_id = {region}"),
        )
        .await;
        assert!(n >= 10, "region {region}: {n}");
        // Some said it on one of the region's orientation days.
        let on_a_day = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM interests i JOIN events e ON e.id = i.event_id
                 JOIN municipalities m ON m.id = e.municipality_id
                 WHERE i.region_id = {region} AND m.region_id = {region} AND e.kind = 'orientation-day'"
            ),
        )
        .await;
        assert!(on_a_day >= 1, "region {region}: {on_a_day} on an orientation day");
    }
    for stage in Stage::ALL {
        let n = count(
            &db,
            &format!("SELECT COUNT(*) FROM interests WHERE stage = '{}'", stage.code()),
        )
        .await;
        assert!(n >= 1, "{stage}: {n}");
    }
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM interests WHERE email NOT LIKE '%@leerling.example'"
        )
        .await,
        0
    );
});

db_test!(
    a_company_sees_its_candidates_and_their_contact_only_once_the_student_chose_a_moment,
    |db| {
        use app::api::board::MoveInterest;
        use app::api::candidates::{AnswerCandidate, CompanyCandidates};
        use app::domain::{CandidateAnswer, Region, Role};

        let app = TestApp::spawn(db.clone()).await;
        let placement_id = open_placement(&db).await;
        let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
        let staal = crate::common::insert_company(&db, &crate::common::company("Staal Bladel")).await;
        crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        crate::common::account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
        let coordinator = crate::common::logged_in(&app, "co@kempen.example").await;
        let jan = crate::common::logged_in(&app, "jan@vonk.example").await;
        let piet = crate::common::logged_in(&app, "piet@staal.example").await;
        confirmed_interest(&app, &db, placement_id, "daan@mail.example", "Daan").await;
        let id = count(&db, "SELECT id FROM interests").await;
        let candidates = |client: &reqwest::Client| {
            let client = client.clone();
            let app = &app;
            async move { app.call_as(&client, &CompanyCandidates {}).await.expect("candidates") }
        };
        assert_eq!(
            candidates(&jan).await,
            [],
            "not introduced yet: the company sees nothing"
        );
        assert_eq!(app.call(&CompanyCandidates {}).await, Err(AppError::NotLoggedIn));
        assert_eq!(
            app.call_as(&coordinator, &CompanyCandidates {}).await,
            Err(AppError::Forbidden)
        );

        // Introduced: the company is mailed (without the student's name) and sees her, but not
        // how to reach her.
        for (version, stage) in [(2, "in-review"), (3, "introduced")] {
            app.call_as(
                &coordinator,
                &MoveInterest {
                    id,
                    version: version - 1,
                    stage: stage.to_owned(),
                },
            )
            .await
            .expect("moved");
        }
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient = 'jan@vonk.example' AND body LIKE '%/beheer#kandidaten%' \
             AND body NOT LIKE '%Daan%'"
            )
            .await,
            1
        );
        let seen = candidates(&jan).await;
        assert_eq!(seen.len(), 1);
        assert_eq!(
            (seen[0].first_name.as_str(), seen[0].school.as_str()),
            ("Daan", "Pius X College")
        );
        assert_eq!(seen[0].contact, None);
        assert_eq!(candidates(&piet).await, [], "another company sees nothing");
        let html = crate::common::page(&jan, &app, "/beheer").await.1;
        assert!(html.contains("Daan") && !html.contains("daan@mail.example"), "{html}");

        let answer = |answer: CandidateAnswer, version: i64, times: &str, reason: &str| AnswerCandidate {
            id,
            version,
            answer,
            meeting_times: times.to_owned(),
            reason: reason.to_owned(),
        };
        // Another company cannot answer; a meeting needs moments; a trial day comes after a meeting.
        assert_eq!(
            app.call_as(&piet, &answer(CandidateAnswer::Meet, 3, "dinsdag 15:00", ""))
                .await,
            Err(AppError::NotFound)
        );
        let refused = app
            .call_as(&jan, &answer(CandidateAnswer::Meet, 3, "  ", ""))
            .await
            .expect_err("refused");
        assert_eq!(problem(&refused, "meeting_times"), Some(Problem::Required));
        let refused = app
            .call_as(&jan, &answer(CandidateAnswer::TrialDay, 3, "", ""))
            .await
            .expect_err("refused");
        assert_eq!(problem(&refused, "answer"), Some(Problem::Unknown));

        let mails = count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'").await;
        app.call_as(
            &jan,
            &answer(CandidateAnswer::Meet, 3, "di 3 december 15:00\ndo 5 december 10:00", ""),
        )
        .await
        .expect("meeting proposed");
        assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example' AND body LIKE '%do 5 december 10:00%'"
        )
        .await,
        1
    );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'").await,
            mails + 1
        );
        let seen = candidates(&jan).await;
        assert_eq!(seen[0].stage, Stage::FirstMeeting);
        assert_eq!(seen[0].contact, None, "not before the student chose a moment");

        // The student chooses one of the moments on the page the mail links to.
        let link = mailed_token(&db, "daan@mail.example", "/mijn-interesse/").await;
        let (_, html) = page(&browser(), &app, &format!("/mijn-interesse/{link}")).await;
        assert!(
            html.contains("di 3 december 15:00") && html.contains("do 5 december 10:00"),
            "{html}"
        );
        let accept = |moment: &str, version: i64| AcceptMeeting {
            token: link.clone(),
            id,
            version,
            moment: moment.to_owned(),
        };
        let refused = app
            .call(&accept("zaterdag 3 uur 's nachts", 4))
            .await
            .expect_err("not proposed");
        assert_eq!(problem(&refused, "moment"), Some(Problem::Unknown));
        assert_eq!(candidates(&jan).await[0].contact, None);
        let company_mails = count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'jan@vonk.example'").await;
        app.call(&accept("do 5 december 10:00", 4)).await.expect("accepted");
        let seen = candidates(&jan).await;
        assert_eq!(
            seen[0].contact,
            Some(("daan@mail.example".to_owned(), Some("+31612345678".to_owned())))
        );
        assert_eq!(seen[0].meeting_accepted.as_deref(), Some("do 5 december 10:00"));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'jan@vonk.example'").await,
            company_mails + 1,
            "the company hears that a moment was chosen"
        );
        // Chosen once: a second choice is refused.
        assert!(app.call(&accept("di 3 december 15:00", 5)).await.is_err());
        assert_eq!(
            candidates(&jan).await[0].meeting_accepted.as_deref(),
            Some("do 5 december 10:00")
        );
        // A stale answer changes nothing; the coordinator's change log names the company user.
        let stale = app
            .call_as(&jan, &answer(CandidateAnswer::Agreement, 4, "", ""))
            .await
            .expect_err("stale");
        assert!(matches!(stale, AppError::Refused(ref r) if r.stale), "{stale:?}");
        assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE subject = 'interest' AND actor = 'jan@vonk.example' AND action = 'move'"
        )
        .await,
        1
    );

        // Declining closes it for the company (with a reason) and answers the student.
        let refused = app
            .call_as(&jan, &answer(CandidateAnswer::Decline, 5, "", "chose-other"))
            .await
            .expect_err("not a company's reason");
        assert_eq!(problem(&refused, "reason"), Some(Problem::Unknown));
        app.call_as(&jan, &answer(CandidateAnswer::Decline, 5, "", "placement-filled"))
            .await
            .expect("declined");
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM interests WHERE id = {id} AND stage = 'closed' AND declined_by = 'company'"
                )
            )
            .await,
            1
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'").await,
            mails + 2
        );
        assert_eq!(candidates(&jan).await, [], "closed: gone from the company's list");
        app.stop().await;
    }
);

db_test!(
    the_board_downloads_as_csv_with_contact_only_when_asked_and_recorded,
    |db| {
        use app::domain::{Region, Role};

        let app = TestApp::spawn(db.clone()).await;
        let placement_id = open_placement(&db).await;
        let ijmond_placement = ijmond_placement(&db).await;
        crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
        crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
        let jan = crate::common::logged_in(&app, "jan@vonk.example").await;
        confirmed_interest(&app, &db, placement_id, "daan@mail.example", "Daan").await;
        confirmed_interest(&app, &db, placement_id, "formule@mail.example", "=HYPERLINK(1)").await;
        confirmed_interest(&app, &db, ijmond_placement, "mila@mail.example", "Mila").await;

        // As the board's export form sends it: a POST of its fields.
        let download = |client: &reqwest::Client, form: &'static [(&'static str, &'static str)]| {
            let request = client.post(app.url("/beheer/interesses.csv")).form(form);
            async move {
                let response = request.send().await.expect("GET");
                let status = response.status().as_u16();
                let kind = response
                    .headers()
                    .get("content-type")
                    .map(|v| v.to_str().expect("ASCII").to_owned())
                    .unwrap_or_default();
                (status, kind, response.text().await.expect("body"))
            }
        };
        let exports = || count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'");

        let (status, kind, csv) = download(&kempen, &[]).await;
        assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"Daan\"") && !csv.contains("Mila"), "{csv}");
        assert!(!csv.contains("@mail.example"), "no contact details unless asked: {csv}");
        assert!(csv.contains("\"'=HYPERLINK(1)\""), "a formula is defused: {csv}");
        assert_eq!(exports().await, 0, "an export without contact details is not recorded");

        // A GET, which anyone's page can make a browser send and which may be repeated,
        // never carries contact details and records nothing.
        let by_get = kempen
            .get(app.url("/beheer/interesses.csv?contact=1"))
            .send()
            .await
            .expect("GET");
        assert_eq!(by_get.status(), 200);
        let csv = by_get.text().await.expect("body");
        assert!(csv.contains("\"Daan\"") && !csv.contains("@mail.example"), "{csv}");
        assert_eq!(exports().await, 0, "a GET records nothing");

        let (_, _, csv) = download(&kempen, &[("contact", "1")]).await;
        assert!(
            csv.contains("\"daan@mail.example\"") && csv.contains("\"'+31612345678\""),
            "{csv}"
        );
        assert!(!csv.contains("mila@mail.example"));
        assert_eq!(exports().await, 1);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND actor = 'co@kempen.example' \
             AND changes LIKE '%\"rows\"%' AND changes NOT LIKE '%daan%'"
            )
            .await,
            1
        );
        let (_, _, csv) = download(&kempen, &[("fase", "closed")]).await;
        assert!(!csv.contains("Daan"), "the filters apply: {csv}");

        // Another site's page cannot make a coordinator's browser take the contact details.
        let forged = kempen
            .post(app.url("/beheer/interesses.csv"))
            .header("origin", "https://aanvaller.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[("contact", "1")])
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), 403);
        assert_eq!(download(&jan, &[]).await.0, 403);
        assert_eq!(download(&browser(), &[]).await.0, 401);
        assert_eq!(exports().await, 1);
        app.stop().await;
    }
);

/// The soonest end of a "keep me for next season".
async fn earliest_keep_until(db: &app::db::Db) -> app::domain::Instant {
    let sql = "SELECT MIN(keep_until) FROM interests";
    let (text,): (String,) = match db.pools() {
        app::db::Pools::Sqlite { read, .. } => sqlx::query_as(sql).fetch_one(read).await,
        app::db::Pools::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await,
    }
    .expect("keep_until");
    app::domain::Instant::parse(&text).expect("instant")
}

db_test!(
    a_student_who_asked_to_be_kept_is_asked_again_two_weeks_before_it_ends,
    |db| {
        use app::api::interests::ask_before_keep_ends;

        let app = TestApp::spawn(db.clone()).await;
        let site = app::auth::SiteSettings::new(&app.url(""));
        let placement_id = open_placement(&db).await;
        confirmed_interest(&app, &db, placement_id, "daan@mail.example", "Daan").await;
        confirmed_interest(&app, &db, placement_id, "daan@mail.example", "Daan").await;
        let old = mailed_token(&db, "daan@mail.example", "/mijn-interesse/").await;
        app.call(&KeepMyInterests {
            token: old.clone(),
            keep: true,
        })
        .await
        .expect("kept");
        let until = count(&db, "SELECT COUNT(*) FROM interests WHERE keep_until IS NOT NULL").await;
        assert_eq!(until, 2);
        let kept_until = earliest_keep_until(&db).await;
        let mails = || count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'");
        let before = mails().await;
        let ask = |days_before: i64| ask_before_keep_ends(&db, &site, kept_until.plus_seconds(-days_before * 86_400));
        assert_eq!(ask(15).await.expect("ask"), 0, "more than two weeks before: not yet");
        assert_eq!(ask(13).await.expect("ask"), 1, "one mail for both interests");
        assert_eq!(mails().await, before + 1);
        assert_eq!(ask(12).await.expect("ask"), 0, "asked once");
        // The mail's fresh link opens her page; keeping again starts a new year and a new question.
        let fresh = mailed_token(&db, "daan@mail.example", "/mijn-interesse/").await;
        assert_ne!(fresh, old);
        let page = app
            .call(&app::api::interests::LoadOwnInterests { token: fresh.clone() })
            .await
            .expect("her page");
        assert_eq!(page.interests.len(), 2);
        app.call(&KeepMyInterests {
            token: fresh,
            keep: true,
        })
        .await
        .expect("kept again");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM interests WHERE keep_asked_at IS NULL AND keep_until IS NOT NULL"
            )
            .await,
            2
        );
        // Two instances' hourly rounds in the same hour, two weeks before the new year
        // ends: one of them runs, and she is asked once, with one link that works.
        let new_until = earliest_keep_until(&db).await;
        let asked_before = mails().await;
        let at = new_until.plus_seconds(-13 * 86_400);
        let (one, two) = tokio::join!(
            server::retention::purge_round(&db, &site, at),
            server::retention::purge_round(&db, &site, at)
        );
        assert!(one ^ two, "exactly one round ran: {one} {two}");
        assert_eq!(mails().await, asked_before + 1);
        assert!(
            !server::retention::purge_round(&db, &site, at.plus_seconds(60)).await,
            "not again within the hour"
        );
        assert!(server::retention::purge_round(&db, &site, at.plus_seconds(3600)).await);
        assert_eq!(mails().await, asked_before + 1, "asked once");
        app.stop().await;
    }
);

db_test!(
    the_coordinator_sees_what_fits_and_introduces_a_student_elsewhere,
    |db| {
        use app::api::suggestions::{InterestMatch, IntroduceInterest, PlacementMatch};
        use app::domain::fit::FitReason;
        use app::domain::{Field, Level, PlacementKind, Region, Role};

        let app = TestApp::spawn(db.clone()).await;
        let chosen = open_placement(&db).await;
        let elsewhere = ijmond_placement(&db).await;
        // A recognised company in the Kempen with one placement like the chosen one and
        // one that fits nobody here.
        let bladel = crate::common::insert_company(
            &db,
            &app::domain::NewCompany {
                sbb_accredited: true,
                ..crate::common::company("Staal Bladel")
            },
        )
        .await;
        let like = |title: &str| {
            let mut placement = server::seed::demo_data(app::domain::Day::parse("2026-11-21").expect("day"))
                .into_iter()
                .flat_map(|(_, placements)| placements)
                .find(|p| p.status == app::domain::PlacementStatus::Open)
                .expect("an open placement");
            placement.title = title.to_owned();
            placement
        };
        let first = like("Eerste plek");
        let misfit = app::domain::NewPlacement {
            kind: PlacementKind::Job,
            level: Level::Hbo,
            field: if first.field == Field::Electrical {
                Field::Welding
            } else {
                Field::Electrical
            },
            crebo: None,
            school_days: Vec::new(),
            start_date: app::domain::Day::parse("2028-09-01"),
            ..like("Past niet")
        };
        let mut tx = db.begin().await.expect("begin");
        for placement in [&like("Lasser BBL Bladel"), &misfit] {
            app::db::placements::insert_placement(&mut tx, bladel, placement, "2026-11-21T10:00:00Z")
                .await
                .expect("placement");
        }
        tx.commit().await.expect("commit");
        let similar = count(&db, "SELECT id FROM placements WHERE title = 'Lasser BBL Bladel'").await;
        let unfitting = count(&db, "SELECT id FROM placements WHERE title = 'Past niet'").await;

        crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        crate::common::account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        crate::common::account(&db, "piet@bladel.example", Role::Company, Some(bladel), None).await;
        let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
        let ijmond = crate::common::logged_in(&app, "co@ijmond.example").await;
        let piet = crate::common::logged_in(&app, "piet@bladel.example").await;
        // Daan, 18, in vmbo 4, chose the first placement.
        confirmed_interest(&app, &db, chosen, "daan@mail.example", "Daan").await;
        let daan = count(&db, "SELECT id FROM interests WHERE email = 'daan@mail.example'").await;

        // For Daan: the similar placement, with why; not his own, not the IJmond's, not the misfit.
        let found = app
            .call_as(&kempen, &InterestMatch { id: daan })
            .await
            .expect("suggestions");
        let ids: Vec<i64> = found.suggestions.iter().map(|(o, _)| o.placement_id).collect();
        assert!(ids.contains(&similar), "{ids:?}");
        for absent in [chosen, elsewhere, unfitting] {
            assert!(!ids.contains(&absent), "{absent} in {ids:?}");
        }
        let (_, fit) = found
            .suggestions
            .iter()
            .find(|(o, _)| o.placement_id == similar)
            .expect("the similar one");
        for reason in [FitReason::SameField, FitReason::SameKind] {
            assert!(fit.reasons.contains(&reason), "{reason:?} in {fit:?}");
        }
        // Nobody else sees Daan's.
        assert_eq!(
            app.call_as(&ijmond, &InterestMatch { id: daan }).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            app.call_as(&piet, &InterestMatch { id: daan }).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(app.call(&InterestMatch { id: daan }).await, Err(AppError::NotLoggedIn));

        // For the similar placement: Daan fits; another region's placement is unknown here.
        // A coordinator of both regions is offered only the placement's own region's
        // students (Mila, in the IJmond, could not be introduced to it).
        confirmed_interest(&app, &db, elsewhere, "mila@mail.example", "Mila").await;
        crate::common::account(&db, "co@beide.example", Role::Coordinator, None, None).await;
        let both = crate::common::logged_in(&app, "co@beide.example").await;
        for client in [&kempen, &both] {
            let who = app
                .call_as(client, &PlacementMatch { id: similar })
                .await
                .expect("who fits");
            assert_eq!(
                who.candidates
                    .iter()
                    .map(|(item, _)| item.interest.id)
                    .collect::<Vec<_>>(),
                [daan]
            );
        }
        assert_eq!(
            app.call_as(&kempen, &PlacementMatch { id: elsewhere }).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            app.call_as(&piet, &PlacementMatch { id: similar }).await,
            Err(AppError::Forbidden)
        );

        // Introducing: not to another region's placement, not by a company, not stale.
        let introduce = |version: i64, placement: i64| IntroduceInterest {
            id: daan,
            version,
            placement,
        };
        let v = count(&db, &format!("SELECT version FROM interests WHERE id = {daan}")).await;
        let audit_before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        let refused = app
            .call_as(&kempen, &introduce(v, elsewhere))
            .await
            .expect_err("another region's placement");
        assert_eq!(problem(&refused, "placement"), Some(Problem::Unknown));
        assert_eq!(
            app.call_as(&piet, &introduce(v, similar)).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            app.call_as(&ijmond, &introduce(v, similar)).await,
            Err(AppError::NotFound)
        );
        let stale = app
            .call_as(&kempen, &introduce(v - 1, similar))
            .await
            .expect_err("stale");
        assert!(matches!(stale, AppError::Refused(ref r) if r.stale), "{stale:?}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, audit_before);
        assert_eq!(
            count(&db, &format!("SELECT placement_id FROM interests WHERE id = {daan}")).await,
            chosen
        );

        app.call_as(&kempen, &introduce(v, similar)).await.expect("introduced");
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM interests WHERE id = {daan} AND placement_id = {similar} \
                     AND stage = 'introduced' AND version = {}",
                    v + 1
                )
            )
            .await,
            1
        );
        // The company hears of it, without his name; the audit has ids and codes only.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient = 'piet@bladel.example' AND body NOT LIKE '%Daan%'"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM audit_log WHERE subject = 'interest' AND action = 'move' \
                     AND changes LIKE '%\"placement\"%' AND changes LIKE '%\"{similar}\"%'"
                )
            )
            .await,
            1
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log WHERE lower(changes) LIKE '%daan%'").await,
            0
        );
        // Introduced: no more suggestions, and no second introduction.
        let after = app.call_as(&kempen, &InterestMatch { id: daan }).await.expect("page");
        assert!(after.suggestions.is_empty());
        let again = app
            .call_as(&kempen, &introduce(v + 1, unfitting))
            .await
            .expect_err("already introduced");
        assert_eq!(problem(&again, "stage"), Some(Problem::Unknown));
        // The company sees him as its candidate.
        let candidates = app
            .call_as(&piet, &app::api::candidates::CompanyCandidates {})
            .await
            .expect("candidates");
        assert_eq!(candidates.len(), 1);
    }
);

db_test!(the_coordinator_registers_a_students_interest_for_her_school, |db| {
    use app::api::registrations::{RegisterInterest, RegistrationChoices};
    use app::domain::{Region, Role};

    let app = TestApp::spawn(db.clone()).await;
    let kempen_placement = open_placement(&db).await;
    let ijmond_placement = ijmond_placement(&db).await;
    crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
    crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
    let jan = crate::common::logged_in(&app, "jan@vonk.example").await;

    // The form offers the region's open placements only.
    let choices = app.call_as(&kempen, &RegistrationChoices {}).await.expect("choices");
    let offered: Vec<i64> = choices.placements.iter().map(|(id, _)| *id).collect();
    assert_eq!(offered, [kempen_placement]);
    assert_eq!(
        app.call_as(&jan, &RegistrationChoices {}).await,
        Err(AppError::Forbidden)
    );

    let register = |placement: String, form: InterestForm| RegisterInterest { placement, form };
    let no_parent = InterestForm {
        guardian_email: "".into(),
        ..sanne()
    };
    let mails = || count(&db, "SELECT COUNT(*) FROM outbox");
    let before = mails().await;
    // Wrong input, another region's placement, a company or nobody: nothing stored.
    let wrong = app
        .call_as(
            &kempen,
            &register(
                String::new(),
                InterestForm {
                    school: "".into(),
                    ..no_parent.clone()
                },
            ),
        )
        .await
        .expect_err("no school");
    assert_eq!(problem(&wrong, "school"), Some(Problem::Required));
    assert_eq!(problem(&wrong, "guardian_email"), None, "the school answers for her");
    let elsewhere = app
        .call_as(&kempen, &register(ijmond_placement.to_string(), no_parent.clone()))
        .await
        .expect_err("another region's placement");
    assert_eq!(problem(&elsewhere, "placement"), Some(Problem::Unknown));
    // A refused form comes back with what was sent, the placement chosen included.
    match &elsewhere {
        AppError::Refused(refusal) => assert_eq!(
            refusal.draft,
            app::error::Draft::Registration {
                placement: ijmond_placement.to_string(),
                form: no_parent.clone()
            }
        ),
        other => panic!("refused with a draft, not {other:?}"),
    }
    assert_eq!(
        app.call_as(&jan, &register(String::new(), no_parent.clone())).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app.call(&register(String::new(), no_parent.clone())).await,
        Err(AppError::NotLoggedIn)
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 0);
    assert_eq!(mails().await, before);

    // Sanne, 15, without a parent's link: on the board at once, and she gets her link.
    app.call_as(&kempen, &register(kempen_placement.to_string(), no_parent.clone()))
        .await
        .expect("registered");
    // And one without a placement yet.
    app.call_as(
        &kempen,
        &register(
            String::new(),
            InterestForm {
                first_name: "Noor".into(),
                email: "noor@mail.example".into(),
                ..no_parent.clone()
            },
        ),
    )
    .await
    .expect("registered");
    let board = board_of(&app, &kempen).await;
    let mut names: Vec<&str> = board.items.iter().map(|i| i.interest.first_name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Noor", "Sanne"]);
    assert!(board.items.iter().all(|i| i.interest.registered_by_staff));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM interests WHERE guardian_email IS NULL AND guardian_token_hash IS NULL \
                 AND age_band = 'under-16' AND region_id = (SELECT id FROM regions WHERE code = 'kempen')"
        )
        .await,
        2
    );
    assert_eq!(mails().await, before + 2, "one to each student, none to a parent");
    let token = mailed_token(&db, "sanne@mail.example", "/mijn-interesse/").await;
    let own = app.call(&LoadOwnInterests { token }).await.expect("her own page");
    assert_eq!(own.interests.len(), 1);
    assert_eq!(
        own.interests[0].1.as_ref().map(|p| p.placement_id),
        Some(kempen_placement)
    );
    // The change log says that it was registered, and nothing about her.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE subject = 'interest' AND action = 'create' \
                 AND actor = 'co@kempen.example'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE lower(changes) LIKE '%sanne%' OR lower(changes) LIKE '%pius%'"
        )
        .await,
        0
    );
    // Registered by staff: the purge of unconfirmed interests leaves them.
    let four_days_on = app::db::now_instant().plus_seconds(4 * 86_400);
    let purged = app::db::interests::purge(&db, four_days_on).await.expect("purge");
    assert_eq!(purged.total(), 0, "{purged:?}");
});

db_test!(every_interest_function_refuses_whoever_may_not_use_it, |db| {
    use app::api::board::{BoardFilters, CloseInterest, InterestBoard, MoveInterest};
    use app::api::candidates::{AnswerCandidate, CompanyCandidates};
    use app::api::registrations::{RegisterInterest, RegistrationChoices};
    use app::api::suggestions::{InterestMatch, IntroduceInterest, PlacementMatch};
    use app::domain::{CandidateAnswer, CloseForm, Region, Role};

    let app = TestApp::spawn(db.clone()).await;
    let kempen_placement = open_placement(&db).await;
    let ijmond_placement = ijmond_placement(&db).await;
    let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
    let staal = count(&db, "SELECT id FROM companies WHERE slug = 'staal-ijmuiden'").await;
    crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    crate::common::account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
    crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    crate::common::account(&db, "els@staal.example", Role::Company, Some(staal), None).await;
    let owner = crate::common::logged_in(&app, "co@kempen.example").await;
    let other_region = crate::common::logged_in(&app, "co@ijmond.example").await;
    let own_company = crate::common::logged_in(&app, "jan@vonk.example").await;
    let other_company = crate::common::logged_in(&app, "els@staal.example").await;
    let anonymous = browser();

    // Daan's interest in the Kempen, introduced to Vonk Metaal; Eva's in the IJmond.
    confirmed_interest(&app, &db, kempen_placement, "daan@mail.example", "Daan").await;
    confirmed_interest(&app, &db, ijmond_placement, "eva@mail.example", "Eva").await;
    let daan = count(&db, "SELECT id FROM interests WHERE email = 'daan@mail.example'").await;
    let v = count(&db, &format!("SELECT version FROM interests WHERE id = {daan}")).await;
    app.call_as(
        &owner,
        &MoveInterest {
            id: daan,
            version: v,
            stage: "introduced".into(),
        },
    )
    .await
    .expect("introduced");
    let v = v + 1;
    let eva_token = mailed_token(&db, "eva@mail.example", "/mijn-interesse/").await;
    let snapshot_sql = format!("SELECT version * 100 + length(stage) FROM interests WHERE id = {daan}");
    let snapshot = || count(&db, &snapshot_sql);
    let daan_before = snapshot().await;
    let audit_before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
    let mails = || count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient <> 'eva@mail.example'");
    let mails_before = mails().await;

    // Every call about Daan's interest, each answering () so one table holds them all.
    macro_rules! call {
        ($client:expr, $args:expr) => {
            app.call_as($client, &$args).await.map(|_| ())
        };
    }
    let move_daan = MoveInterest {
        id: daan,
        version: v,
        stage: "first-meeting".into(),
    };
    let close_daan = CloseInterest {
        id: daan,
        version: v,
        form: CloseForm {
            reason: "no-match".into(),
            declined_by: "nobody".into(),
            feedback: String::new(),
        },
    };
    let match_daan = InterestMatch { id: daan };
    let who_fits = PlacementMatch { id: kempen_placement };
    let introduce_daan = IntroduceInterest {
        id: daan,
        version: v,
        placement: kempen_placement,
    };
    let register = RegisterInterest {
        placement: kempen_placement.to_string(),
        form: InterestForm {
            guardian_email: "".into(),
            ..sanne()
        },
    };
    let answer_daan = AnswerCandidate {
        id: daan,
        version: v,
        answer: CandidateAnswer::Decline,
        meeting_times: String::new(),
        reason: "no-match".into(),
    };
    use AppError::{Forbidden, NotFound, NotLoggedIn};
    type Answer = Result<(), AppError>;
    let table: Vec<(&str, Answer, Answer)> = vec![
        // The coordinator's functions.
        ("move, anonymous", call!(&anonymous, move_daan), Err(NotLoggedIn)),
        ("move, company", call!(&own_company, move_daan), Err(Forbidden)),
        ("move, other region", call!(&other_region, move_daan), Err(NotFound)),
        ("close, anonymous", call!(&anonymous, close_daan), Err(NotLoggedIn)),
        ("close, company", call!(&other_company, close_daan), Err(Forbidden)),
        ("close, other region", call!(&other_region, close_daan), Err(NotFound)),
        ("match, anonymous", call!(&anonymous, match_daan), Err(NotLoggedIn)),
        ("match, company", call!(&own_company, match_daan), Err(Forbidden)),
        ("match, other region", call!(&other_region, match_daan), Err(NotFound)),
        ("who fits, anonymous", call!(&anonymous, who_fits), Err(NotLoggedIn)),
        ("who fits, company", call!(&own_company, who_fits), Err(Forbidden)),
        ("who fits, other region", call!(&other_region, who_fits), Err(NotFound)),
        (
            "introduce, anonymous",
            call!(&anonymous, introduce_daan),
            Err(NotLoggedIn),
        ),
        (
            "introduce, company",
            call!(&own_company, introduce_daan),
            Err(Forbidden),
        ),
        (
            "introduce, other region",
            call!(&other_region, introduce_daan),
            Err(NotFound),
        ),
        (
            "board, anonymous",
            call!(
                &anonymous,
                InterestBoard {
                    filters: BoardFilters::default()
                }
            ),
            Err(NotLoggedIn),
        ),
        (
            "board, company",
            call!(
                &own_company,
                InterestBoard {
                    filters: BoardFilters::default()
                }
            ),
            Err(Forbidden),
        ),
        (
            "choices, anonymous",
            call!(&anonymous, RegistrationChoices {}),
            Err(NotLoggedIn),
        ),
        (
            "choices, company",
            call!(&other_company, RegistrationChoices {}),
            Err(Forbidden),
        ),
        ("register, anonymous", call!(&anonymous, register), Err(NotLoggedIn)),
        ("register, company", call!(&own_company, register), Err(Forbidden)),
        // The company's functions.
        (
            "candidates, anonymous",
            call!(&anonymous, CompanyCandidates {}),
            Err(NotLoggedIn),
        ),
        (
            "candidates, coordinator",
            call!(&owner, CompanyCandidates {}),
            Err(Forbidden),
        ),
        ("answer, anonymous", call!(&anonymous, answer_daan), Err(NotLoggedIn)),
        ("answer, coordinator", call!(&owner, answer_daan), Err(Forbidden)),
        (
            "answer, other company",
            call!(&other_company, answer_daan),
            Err(NotFound),
        ),
        // The student's link: Eva's reaches nothing of Daan's.
        (
            "withdraw with another student's link",
            call!(
                &anonymous,
                WithdrawInterest {
                    token: eva_token.clone(),
                    id: daan,
                    version: v
                }
            ),
            Err(NotFound),
        ),
    ];
    for (what, got, expected) in &table {
        assert_eq!(got, expected, "{what}");
    }
    // What the others may read holds nothing of Daan.
    let other_board = app
        .call_as(
            &other_region,
            &InterestBoard {
                filters: BoardFilters::default(),
            },
        )
        .await
        .expect("their board");
    assert!(other_board.items.iter().all(|i| i.interest.id != daan));
    let other_choices = app
        .call_as(&other_region, &RegistrationChoices {})
        .await
        .expect("choices");
    assert!(other_choices.placements.iter().all(|(id, _)| *id != kempen_placement));
    let others = app.call_as(&other_company, &CompanyCandidates {}).await.expect("none");
    assert!(others.is_empty());
    let eva = app
        .call(&LoadOwnInterests {
            token: eva_token.clone(),
        })
        .await
        .expect("her page");
    assert!(eva.interests.iter().all(|(i, _)| i.id != daan && i.first_name == "Eva"));
    for (client, path) in [
        (&other_region, format!("/beheer/interesses/{daan}")),
        (&other_region, format!("/beheer/plekken/{kempen_placement}/passend")),
        (&other_company, format!("/beheer/interesses/{daan}")),
        (&other_company, "/beheer/interesses".to_owned()),
        (&anonymous, format!("/mijn-interesse/{eva_token}")),
        (&anonymous, format!("/mijn-interesse/{eva_token}/gegevens.json")),
    ] {
        let (_, body) = page(client, &app, &path).await;
        assert!(!body.contains("Daan") && !body.contains("daan@mail"), "{path}: {body}");
    }
    // Eva deleting everything of hers leaves Daan's.
    app.call(&DeleteMyData { token: eva_token }).await.expect("deleted");

    assert_eq!(snapshot().await, daan_before, "Daan's interest is as it was");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log WHERE action <> 'delete'").await,
        audit_before,
        "no change logged but Eva's deletion"
    );
    assert_eq!(mails().await, mails_before, "nobody was mailed");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 1);
});

db_test!(one_network_sends_sixty_interests_before_it_must_wait, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let placement_id = open_placement(&db).await;
    let adult = |n: u32| InterestForm {
        age_band: "18-plus".into(),
        guardian_email: "".into(),
        email: format!("leerling{n}@mail.example"),
        ..sanne()
    };
    // A class in one computer room, each their own address: the free sixty, and one
    // more before waiting starts (as with every throttled attempt).
    for n in 0..=app::throttle::FREE_INTERESTS_PER_ADDRESS {
        app.call(&ExpressInterest {
            placement_id,
            form: adult(n),
        })
        .await
        .unwrap_or_else(|e| panic!("interest {n}: {e:?}"));
    }
    let stored = count(&db, "SELECT COUNT(*) FROM interests").await;
    let mails = count(&db, "SELECT COUNT(*) FROM outbox").await;
    assert_eq!(stored, i64::from(app::throttle::FREE_INTERESTS_PER_ADDRESS) + 1);
    // One more, from a new address but the same network, waits; nothing is kept of it.
    let refused = app
        .call(&ExpressInterest {
            placement_id,
            form: adult(1000),
        })
        .await;
    assert!(matches!(refused, Err(AppError::TooManyAttempts(_))), "{refused:?}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, stored);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, mails);
    app.stop().await;
});

db_test!(a_pupil_says_she_is_interested_on_an_orientation_days_page, |db| {
    use app::api::events::{ChangeEvent, SaveEvent};
    use app::api::interests::ExpressEventInterest;
    use app::domain::{EventChange, Region, Role};

    let app = TestApp::spawn(db.clone()).await;
    crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    crate::common::account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
    let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
    let ijmond = crate::common::logged_in(&app, "co@ijmond.example").await;
    // Three weeks ahead, whenever the test runs.
    let day = app::db::today().plus_days(21).stored();
    let event = |kind: &str, title: &str| app::domain::EventForm {
        kind: kind.into(),
        start_day: day.clone(),
        end_day: day.clone(),
        audiences: [("vmbo".to_owned(), "on".to_owned())].into(),
        // Classes sign up too: the page then has two forms.
        participation: "class-sign-up".into(),
        capacity: "30".into(),
        ..crate::events::tech_event(title, "eersel", "51.3575", "5.3178")
    };
    let mut ids = Vec::new();
    for (kind, title) in [
        ("orientation-day", "Snuffeldag lassen"),
        ("tech-event", "Tech Event Kempen"),
        ("orientation-day", "Snuffeldag plaatwerk"),
    ] {
        app.call_as(
            &kempen,
            &SaveEvent {
                id: None,
                form: event(kind, title),
            },
        )
        .await
        .expect("an event");
        ids.push(count(&db, "SELECT MAX(id) FROM events").await);
    }
    let [day_id, tech_id, cancelled_id] = ids[..] else {
        unreachable!()
    };
    app.call_as(
        &kempen,
        &ChangeEvent {
            id: cancelled_id,
            version: 1,
            change: EventChange::Cancel,
            reason: "De hal is niet beschikbaar.".into(),
        },
    )
    .await
    .expect("cancelled");

    // The orientation day's page has the form; the Tech Event's and the cancelled day's do not.
    let (status, html) = page(&browser(), &app, &format!("/evenementen/{day_id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Interesse in deze oriëntatiedag?")
            && html.contains(app::api::interests::ExpressEventInterest::PATH),
        "{html}"
    );
    // Its two forms ask for a school and an address each: every id once, so each label
    // names its own field.
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(
        ids.contains(&"field-school") && ids.contains(&"sign-up-field-school"),
        "{ids:?}"
    );
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "an id twice on the page");
    for other in [tech_id, cancelled_id] {
        let (_, html) = page(&browser(), &app, &format!("/evenementen/{other}")).await;
        assert!(
            !html.contains(app::api::interests::ExpressEventInterest::PATH),
            "event {other} takes no interest"
        );
    }

    // Saying it on one that takes none, or one that does not exist, stores nothing.
    let before = crate::common::snapshot(&db).await;
    for (event_id, refusal) in [
        (tech_id, AppError::Forbidden),
        (cancelled_id, AppError::Forbidden),
        (day_id + 100, AppError::NotFound),
    ] {
        let answer = app
            .call(&ExpressEventInterest {
                event_id,
                form: sanne(),
            })
            .await;
        assert_eq!(answer, Err(refusal), "event {event_id}");
    }
    let wrong = app
        .call(&ExpressEventInterest {
            event_id: day_id,
            form: InterestForm {
                guardian_email: "".into(),
                ..sanne()
            },
        })
        .await
        .expect_err("under 16 without a parent");
    assert_eq!(problem(&wrong, "guardian_email"), Some(Problem::Required));
    assert_eq!(crate::common::snapshot(&db).await, before);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 0);

    // Sanne (15) says it; she and her parent get their links, naming the day.
    app.call(&ExpressEventInterest {
        event_id: day_id,
        form: sanne(),
    })
    .await
    .expect("sent");
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM interests WHERE event_id = {day_id} AND placement_id IS NULL AND region_id = 1"
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%Snuffeldag lassen%' AND recipient = 'sanne@mail.example'"
        )
        .await,
        1
    );
    let token = mailed_token(&db, "sanne@mail.example", "/mijn-interesse/").await;
    let guardian = mailed_token(&db, "ouder@mail.example", "/toestemming/").await;
    let asked = app
        .call(&LoadConsentRequest {
            token: guardian.clone(),
        })
        .await
        .expect("asked");
    assert_eq!(asked.interest.event.as_ref().map(|e| e.event_id), Some(day_id));
    let (_, html) = page(&browser(), &app, &format!("/toestemming/{guardian}")).await;
    assert!(html.contains("Snuffeldag lassen"), "the parent sees which day: {html}");
    app.call(&ConfirmInterest { token: token.clone() })
        .await
        .expect("confirmed");
    app.call(&AnswerGuardianRequest {
        token: guardian,
        agree: true,
    })
    .await
    .expect("agreed");

    // Her own page names the day, not a lost placement; her download holds it.
    let (_, html) = page(&browser(), &app, &format!("/mijn-interesse/{token}")).await;
    assert!(
        html.contains("Snuffeldag lassen") && !html.contains("niet meer op Techkaart"),
        "{html}"
    );
    let download = browser()
        .get(app.url(&format!("/mijn-interesse/{token}/gegevens.json")))
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("body");
    let json: serde_json::Value = serde_json::from_str(&download).expect("JSON");
    assert_eq!(json["interests"][0]["event"]["title_nl"], "Snuffeldag lassen", "{json}");

    // On the Kempen board with the day, not on the IJmond one; in the CSV too.
    let board = board_of(&app, &kempen).await;
    let item = board
        .items
        .iter()
        .find(|i| i.interest.first_name == "Sanne")
        .expect("on the board");
    assert_eq!(
        item.interest.event.as_ref().map(|e| e.title_nl.as_str()),
        Some("Snuffeldag lassen")
    );
    assert!(item.placement.is_none());
    let other = board_of(&app, &ijmond).await;
    assert!(other.items.iter().all(|i| i.interest.first_name != "Sanne"));
    let (_, html) = page(&kempen, &app, "/beheer/interesses").await;
    assert!(
        html.contains("Snuffeldag lassen") && html.contains("Nog geen plek gekozen"),
        "{html}"
    );
    let csv = kempen
        .get(app.url("/beheer/interesses.csv"))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(
        csv.contains("Oriëntatiedag") && csv.contains("\"Snuffeldag lassen ("),
        "{csv}"
    );

    // Once the day is over, its page takes no more interests and the form is gone.
    execute(
        &db,
        &format!(
            "UPDATE events SET starts_at = '2020-01-01T08:00:00Z', ends_at = '2020-01-01T15:00:00Z' WHERE id = {day_id}"
        ),
    )
    .await
    .expect("moved to the past");
    let late = app
        .call(&ExpressEventInterest {
            event_id: day_id,
            form: InterestForm {
                email: "laat@mail.example".into(),
                ..sanne()
            },
        })
        .await;
    assert_eq!(late, Err(AppError::Forbidden));
    let (_, html) = page(&browser(), &app, &format!("/evenementen/{day_id}")).await;
    assert!(!html.contains(app::api::interests::ExpressEventInterest::PATH));
});
