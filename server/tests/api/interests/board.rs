//! The coordinator's board: moving and closing interests of her region only, the demo's
//! boards, and the CSV download.

use super::*;

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
