//! What a student (and under 16 her parent) does: says she is interested, confirms, withdraws,
//! downloads and deletes; what the form refuses; an orientation day's page.

use super::*;

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
