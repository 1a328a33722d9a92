//! A company keeps its placements current: invited, logged in, saving without JavaScript,
//! meeting a conflict, and a text one past its limit refused on the server.

use super::*;

db_test!(
    an_invited_company_user_keeps_their_placements_current_without_javascript,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let coordinator = logged_in(&app, "co@kempen.example").await;

        // The coordinator invites someone of a new company; a mistake first keeps what was typed.
        let mut invite = vec![
            ("form[email]", "an@kempenlas.example"),
            ("form[company]", "new"),
            ("form[company_name]", "Kempen Las"),
            ("form[street_address]", "De Run 4000"),
            ("form[postcode]", "5531"),
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
        match error_in(&db, &back).await {
            AppError::Refused(refusal) => {
                assert_eq!(
                    refusal.errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                    ["postcode"]
                );
                assert!(matches!(refusal.draft, Draft::Invite(ref f) if f.company_name == "Kempen Las"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        let (_, html) = page(&coordinator, &app, &back).await;
        assert!(html.contains("value=\"Kempen Las\""), "what was typed is still there");
        assert!(
            html.contains(NL.words.problem(Problem::Format)),
            "the postcode's problem is shown"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM companies").await, 0, "nothing saved");

        invite[4] = ("form[postcode]", "5531 ab");
        let (next, _) = post_form(
            &coordinator,
            &app,
            app::api::accounts::Invite::PATH,
            &invite,
            "/beheer/uitnodigen",
        )
        .await;
        assert!(next.contains("/beheer/uitnodigen?uitgenodigd=1"), "{next}");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM companies WHERE slug = 'kempen-las' AND postcode = '5531 AB'"
            )
            .await,
            1
        );
        let (_, html) = page(&coordinator, &app, "/beheer/uitgaande-mail").await;
        assert!(
            html.contains("an@kempenlas.example") && html.contains("/wachtwoord/"),
            "the outbox shows the invitation"
        );
        // Searched for someone else, it shows nothing of it.
        let (_, html) = page(&coordinator, &app, "/beheer/uitgaande-mail?zoek=iemand%25anders").await;
        assert!(!html.contains("an@kempenlas.example"), "a search narrows the outbox");

        // Inviting again makes the first link stop working.
        let first = link_in_mail(&db, "an@kempenlas.example").await;
        let company_id = count(&db, "SELECT id FROM companies WHERE slug = 'kempen-las'")
            .await
            .to_string();
        let again = [
            ("form[email]", "an@kempenlas.example"),
            ("form[company]", company_id.as_str()),
        ];
        let (next, _) = post_form(
            &coordinator,
            &app,
            app::api::accounts::Invite::PATH,
            &again,
            "/beheer/bedrijven",
        )
        .await;
        assert!(next.contains("uitgenodigd=1"), "{next}");
        let second = link_in_mail(&db, "an@kempenlas.example").await;
        assert_ne!(first, second);
        let company = browser();
        let choose = |link: &str| {
            vec![
                ("token".to_owned(), link.rsplit('/').next().expect("token").to_owned()),
                ("password".to_owned(), "vonken-en-staal-2027".to_owned()),
                ("repeated".to_owned(), "vonken-en-staal-2027".to_owned()),
            ]
        };
        let (back, cookie) = post_form(
            &company,
            &app,
            app::api::accounts::SetPassword::PATH,
            &choose(&first),
            &first,
        )
        .await;
        assert!(
            cookie.is_none() && matches!(error_in(&db, &back).await, AppError::LinkInvalid),
            "{back}"
        );
        let (next, cookie) = post_form(
            &company,
            &app,
            app::api::accounts::SetPassword::PATH,
            &choose(&second),
            &second,
        )
        .await;
        assert!(next.ends_with("/beheer") && cookie.is_some(), "{next}");
        let (status, html) = page(&company, &app, "/beheer").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Kempen Las") && html.contains(NL.dashboard.no_placements_yet),
            "the company's dashboard"
        );

        // A new BBL placement: a wrong number comes back with the rest kept.
        let mut form = bbl_form("Leerling lasser");
        form.hours_per_week = "veel".into();
        let (back, _) = post_form(
            &company,
            &app,
            app::api::own_placements::SavePlacement::PATH,
            &form_fields(&form),
            "/beheer/plekken/nieuw",
        )
        .await;
        let (_, html) = page(&company, &app, &back).await;
        assert!(
            html.contains("value=\"Leerling lasser\"") && html.contains(NL.site.form_refused),
            "kept and explained"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM placements").await, 0);
        form.hours_per_week = "32".into();
        let (next, _) = post_form(
            &company,
            &app,
            app::api::own_placements::SavePlacement::PATH,
            &form_fields(&form),
            "/beheer/plekken/nieuw",
        )
        .await;
        assert!(next.contains("/beheer?opgeslagen="), "{next}");
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM placements WHERE status = 'open' AND last_confirmed_on = '{}'",
                    app::db::today()
                )
            )
            .await,
            1
        );
        // The public map lists it at once.
        let (_, html) = page(&browser(), &app, "/?zoek=lasser").await;
        assert!(html.contains("Kempen Las"), "the new placement is on the public map");

        // Two people edit the same version: the second is refused with what the first changed.
        let id = count(&db, "SELECT id FROM placements").await;
        let edit_page = format!("/beheer/plekken/{id}");
        let (_, html) = page(&company, &app, &edit_page).await;
        assert!(
            html.contains("name=\"form[version]\" value=\"1\""),
            "the form carries its version"
        );
        let mut first_edit = bbl_form("Leerling lasser MIG/MAG");
        first_edit.version = 1;
        let mut fields = form_fields(&first_edit);
        fields.push(("id".into(), id.to_string()));
        let (next, _) = post_form(
            &company,
            &app,
            app::api::own_placements::SavePlacement::PATH,
            &fields,
            &edit_page,
        )
        .await;
        assert!(next.contains("opgeslagen"), "{next}");
        let mut second_edit = bbl_form("Leerling lasser");
        second_edit.version = 1;
        second_edit.places = "3".into();
        let mut fields = form_fields(&second_edit);
        fields.push(("id".into(), id.to_string()));
        let before = snapshot(&db).await;
        let (back, _) = post_form(
            &company,
            &app,
            app::api::own_placements::SavePlacement::PATH,
            &fields,
            &edit_page,
        )
        .await;
        assert_eq!(snapshot(&db).await, before, "nothing overwritten");
        match error_in(&db, &back).await {
            AppError::Refused(refusal) => {
                assert!(refusal.stale);
                let changed: Vec<&str> = refusal
                    .saved_since
                    .iter()
                    .flat_map(|e| e.changes.iter().map(|c| c.after.as_str()))
                    .collect();
                assert_eq!(changed, ["Leerling lasser MIG/MAG"], "what the other save changed");
                assert!(matches!(refusal.draft, Draft::Placement(ref f) if f.places == "3" && f.version == 2));
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let (_, html) = page(&company, &app, &back).await;
        assert!(
            html.contains(NL.edit.stale_heading) && html.contains("Leerling lasser MIG/MAG"),
            "the conflict is shown"
        );

        // One click: filled. The audit log has every step, for the company and the coordinator.
        let fill = [
            ("id", id.to_string()),
            ("version", "2".to_owned()),
            ("action", "fill".to_owned()),
        ];
        let (next, _) = post_form(
            &company,
            &app,
            app::api::own_placements::ChangePlacement::PATH,
            &fill,
            "/beheer",
        )
        .await;
        assert!(next.contains("opgeslagen"), "{next}");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM placements WHERE status = 'filled' AND version = 3"
            )
            .await,
            1
        );
        let dashboard = app.call_as(&company, &Dashboard {}).await.expect("dashboard");
        let actions: Vec<_> = dashboard
            .company
            .expect("a company")
            .audit
            .iter()
            .map(|e| e.action.code())
            .collect();
        assert_eq!(actions, ["fill", "edit", "create", "invite", "invite"], "newest first");
        let (_, html) = page(&coordinator, &app, "/beheer").await;
        assert!(
            html.contains(NL.dashboard.audit_action(app::domain::AuditAction::Fill)),
            "the coordinator reads the log"
        );
        app.stop().await;
    }
);

db_test!(a_placement_text_one_past_its_limit_is_refused_on_the_server, |db| {
    use app::domain::NewPlacement;
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let save = |form: PlacementForm| SavePlacement { id: None, form };
    // Multi-byte characters: the limits count characters, not bytes.
    let mut too_long = bbl_form("Lasser");
    too_long.description_nl = "é".repeat(NewPlacement::DESCRIPTION_MAX + 1);
    too_long.description_en = "e".repeat(NewPlacement::DESCRIPTION_MAX + 1);
    too_long.qualification = "q".repeat(NewPlacement::QUALIFICATION_MAX + 1);
    let before = snapshot(&db).await;
    match app.call_as(&jan, &save(too_long)).await {
        Err(AppError::Refused(refusal)) => {
            let mut fields: Vec<&str> = refusal.errors.iter().map(|e| e.field.as_str()).collect();
            fields.sort();
            assert_eq!(fields, ["description_en", "description_nl", "qualification"]);
            assert!(refusal.errors.iter().all(|e| e.problem == Problem::TooLong));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(snapshot(&db).await, before, "nothing saved");
    let mut at_the_limit = bbl_form("Lasser");
    at_the_limit.description_nl = "é".repeat(NewPlacement::DESCRIPTION_MAX);
    at_the_limit.qualification = "q".repeat(NewPlacement::QUALIFICATION_MAX);
    app.call_as(&jan, &save(at_the_limit))
        .await
        .expect("at the limit it is saved");
    app.stop().await;
});
