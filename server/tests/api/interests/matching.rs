//! Matching: the coordinator sees which open placements fit and introduces a student there.

use super::*;

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
