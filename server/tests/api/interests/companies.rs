//! What a company sees of the candidates introduced to it, and when it sees their contact.

use super::*;

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
