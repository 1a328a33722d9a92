//! A coordinator registers a student's interest for her school.

use super::*;

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
