//! Who may not use the interest functions, and how many interests one network may send.

use super::*;

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
