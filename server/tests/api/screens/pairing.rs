//! Pairing: a TV pairs by its code, shows its region's (or a lobby's) slides, shows a code
//! again when unpaired; one network's limit on pairing codes.

use super::*;

db_test!(
    a_tv_pairs_by_its_code_shows_its_region_and_shows_a_code_again_when_unpaired,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        let vonk = count(&db, "SELECT id FROM companies").await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let ijmond = logged_in(&app, "co@ijmond.example").await;
        let jan = logged_in(&app, "jan@vonk.example").await;

        // The TV shows a code of six characters, the same one while it is valid, never cached.
        let tv = browser();
        let (status, cache, page) = tv_page(&app, &tv).await;
        assert_eq!(status, 200);
        assert_eq!(cache, "no-store");
        let code = code_on(&page).expect("a pairing code");
        assert!(page.contains("/beheer/schermen/koppel?code="), "the QR code's address");
        assert_eq!(code_on(&tv_page(&app, &tv).await.2).as_deref(), Some(code.as_str()));
        // Another TV gets another code.
        let other_code = code_on(&tv_page(&app, &browser()).await.2).expect("a code");
        assert_ne!(other_code, code);

        // Only a coordinator of both regions chooses the screen's region on the pairing page.
        let (_, form) = crate::common::page(&kempen, &app, "/beheer/schermen/koppel").await;
        assert!(form.contains("name=\"form[code]\""), "{form}");
        assert!(
            !form.contains("name=\"form[region]\""),
            "a Kempen coordinator's screens are in the Kempen"
        );
        account(&db, "co@beide.example", Role::Coordinator, None, None).await;
        let both = logged_in(&app, "co@beide.example").await;
        let (_, form) = crate::common::page(&both, &app, "/beheer/schermen/koppel").await;
        assert!(form.contains("name=\"form[region]\""));

        // Nobody pairs without logging in; a code no TV shows and a nameless screen are refused
        // at their fields and store nothing.
        let anonymous = app
            .call_as(
                &browser(),
                &PairScreen {
                    id: None,
                    form: pairing(&code),
                },
            )
            .await;
        assert_eq!(anonymous, Err(AppError::NotLoggedIn));
        let unknown = app
            .call_as(
                &kempen,
                &PairScreen {
                    id: None,
                    form: pairing("ZZZ222"),
                },
            )
            .await
            .expect_err("no TV shows it");
        assert_eq!(field_problem(&unknown, "code"), Some(Problem::NotShown));
        let nameless = app
            .call_as(
                &kempen,
                &PairScreen {
                    id: None,
                    form: ScreenForm {
                        screen_name: " ".to_owned(),
                        ..pairing(&code)
                    },
                },
            )
            .await
            .expect_err("a name is needed");
        assert_eq!(field_problem(&nameless, "screen_name"), Some(Problem::Required));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM screens").await, 0);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM screen_pairings").await,
            2,
            "both codes still wait"
        );

        // Typed in lower case with a dash, the code pairs the TV, which then shows its slides.
        let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
        app.call_as(
            &kempen,
            &PairScreen {
                id: None,
                form: pairing(&typed),
            },
        )
        .await
        .expect("paired");
        let screen_id = count(&db, "SELECT id FROM screens").await;
        let (status, _, page) = tv_page(&app, &tv).await;
        assert_eq!(status, 200);
        assert_eq!(code_on(&page), None, "no code once paired");
        assert!(page.contains("id=\"kiosk\""), "{page}");
        assert!(page.contains("data-name=\"region-kempen\""));
        assert!(
            page.contains("data-name=\"placement-"),
            "the open placement has a slide"
        );
        assert!(page.contains("Vonk Metaal, Bladel"));
        assert!(!page.contains("co@kempen.example"), "no personal data on a screen");
        // The code is used up.
        let again = app
            .call_as(
                &ijmond,
                &PairScreen {
                    id: None,
                    form: pairing(&code),
                },
            )
            .await
            .expect_err("used up");
        assert_eq!(field_problem(&again, "code"), Some(Problem::NotShown));

        // The coordinator of the region sees it, never heard of; the other region and the
        // company do not.
        let (screens, _) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens.len(), 1);
        assert_eq!(screens[0].settings.name, "Aula Kempenhorst");
        let (_, now) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].state(now), ScreenState::Offline);
        assert!(
            app.call_as(&ijmond, &ManagedScreens {})
                .await
                .expect("none")
                .0
                .is_empty()
        );
        assert!(app.call_as(&jan, &ManagedScreens {}).await.expect("none").0.is_empty());

        // The TV's heartbeat makes it online, with what it shows; nobody else can send one.
        let beat = ScreenHeartbeat {
            slide: "region-kempen".to_owned(),
            build: "dev".to_owned(),
            width: 1920,
            height: 1080,
        };
        heartbeat(&app, &tv, &beat).await.expect("heartbeat");
        assert_eq!(heartbeat(&app, &browser(), &beat).await, Err(AppError::NotFound));
        let garbled = ScreenHeartbeat {
            slide: "<script>".to_owned(),
            ..beat.clone()
        };
        assert!(
            heartbeat(&app, &tv, &garbled).await.is_err(),
            "a garbled heartbeat is refused"
        );
        // Asked by GET, which browsers and proxies may repeat, it records nothing.
        let by_get = ScreenHeartbeat {
            slide: "placement-1".to_owned(),
            ..beat.clone()
        };
        let query = serde_qs::to_string(&by_get).expect("encode");
        let answer = tv
            .get(app.url(&format!(
                "{}?{query}",
                <ScreenHeartbeat as leptos::server_fn::ServerFn>::PATH
            )))
            .send()
            .await
            .expect("GET");
        assert!(!answer.status().is_success(), "a GET heartbeat: {}", answer.status());
        let (screens, now) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].state(now), ScreenState::Online);
        assert_eq!(screens[0].last_slide.as_deref(), Some("region-kempen"));
        assert_eq!(screens[0].last_size.as_deref(), Some("1920x1080"));

        // Only the coordinator of its region changes it: the others find nothing.
        let version = screens[0].version;
        let revoke = ChangeScreen {
            id: screen_id,
            version,
            change: ScreenChange::Revoke,
        };
        assert_eq!(app.call_as(&ijmond, &revoke).await, Err(AppError::NotFound));
        assert_eq!(app.call_as(&jan, &revoke).await, Err(AppError::NotFound));
        let rename = SaveScreen {
            id: screen_id,
            form: ScreenForm {
                screen_name: "Hal".to_owned(),
                version,
                ..ScreenForm::new_screen()
            },
        };
        assert_eq!(app.call_as(&jan, &rename).await, Err(AppError::NotFound));
        app.call_as(&kempen, &rename).await.expect("renamed");
        // Based on the old version, revoking is refused as stale and changes nothing.
        let stale = app.call_as(&kempen, &revoke).await.expect_err("stale");
        assert!(
            matches!(&stale, AppError::Refused(refusal) if refusal.stale),
            "{stale:?}"
        );
        assert!(code_on(&tv_page(&app, &tv).await.2).is_none(), "still paired");

        // Unpaired, the TV shows a code again; pairing it again keeps the name.
        app.call_as(
            &kempen,
            &ChangeScreen {
                version: version + 1,
                ..revoke.clone()
            },
        )
        .await
        .expect("revoked");
        let new_code = code_on(&tv_page(&app, &tv).await.2).expect("a code again");
        let (screens, now) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].state(now), ScreenState::Revoked);
        app.call_as(
            &kempen,
            &PairScreen {
                id: Some(screen_id),
                form: ScreenForm {
                    code: new_code,
                    version: version + 2,
                    ..ScreenForm::default()
                },
            },
        )
        .await
        .expect("paired again");
        let page = tv_page(&app, &tv).await.2;
        assert!(page.contains("id=\"kiosk\""), "slides again");
        let (screens, _) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].settings.name, "Hal");

        // Removed, it is gone and the TV shows a code.
        app.call_as(
            &kempen,
            &ChangeScreen {
                id: screen_id,
                version: version + 3,
                change: ScreenChange::Remove,
            },
        )
        .await
        .expect("removed");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM screens").await, 0);
        assert!(code_on(&tv_page(&app, &tv).await.2).is_some());
        app.stop().await;
    }
);

db_test!(
    a_company_pairs_a_lobby_screen_with_its_own_placements_and_events_and_the_regions,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        insert_company_with_open_placement(&db, "Vonk Metaal").await;
        insert_company_with_open_placement(&db, "Staal Bladel").await;
        let vonk = count(&db, "SELECT id FROM companies WHERE name = 'Vonk Metaal'").await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, screen_id) = paired_tv(&app, &db, &jan).await;
        let page = tv_page(&app, &tv).await.2;
        assert!(page.contains("Vonk Metaal, Bladel"));
        assert!(
            !page.contains("Staal Bladel"),
            "a lobby shows its own company's placements"
        );
        // Its own open day and the region's Tech Event show on it; another company's does not.
        let staal = count(&db, "SELECT id FROM companies WHERE name = 'Staal Bladel'").await;
        account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
        let piet = logged_in(&app, "piet@staal.example").await;
        let save = |form| app::api::events::SaveEvent { id: None, form };
        app.call_as(&jan, &save(crate::events::open_day("Open dag bij Vonk")))
            .await
            .expect("Vonk's open day");
        app.call_as(&piet, &save(crate::events::open_day("Open dag bij Staal")))
            .await
            .expect("Staal's open day");
        app.call_as(
            &kempen,
            &save(crate::events::tech_event(
                "Tech Event Kempen",
                "eersel",
                "51.3575",
                "5.3178",
            )),
        )
        .await
        .expect("the region's event");
        let page = tv_page(&app, &tv).await.2;
        assert!(page.contains("Open dag bij Vonk"), "its own event");
        assert!(page.contains("Tech Event Kempen"), "the region's event");
        assert!(!page.contains("Open dag bij Staal"), "not another company's event");
        // The company sees its lobby screen; the region's coordinator sees it too.
        assert_eq!(app.call_as(&jan, &ManagedScreens {}).await.expect("screens").0.len(), 1);
        let (screens, _) = app.call_as(&kempen, &ManagedScreens {}).await.expect("screens");
        assert_eq!(screens[0].id, screen_id);
        assert_eq!(screens[0].company_name.as_deref(), Some("Vonk Metaal"));
        app.stop().await;
    }
);

db_test!(one_network_holds_at_most_twenty_pairing_codes, |db| {
    let app = TestApp::spawn(db.clone()).await;
    // Twenty TVs of one school get a code each; the twenty-first asks too many at once.
    let mut statuses = Vec::new();
    for _ in 0..=app::domain::screens::PAIRINGS_PER_NETWORK {
        let (status, _) = app
            .post_raw(&browser(), app::api::screens::LoadScreen::PATH, "", &[])
            .await;
        statuses.push(status);
    }
    let refused = statuses.pop();
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    assert_eq!(refused, Some(429));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM screen_pairings").await,
        app::domain::screens::PAIRINGS_PER_NETWORK,
        "the refused one stored nothing"
    );
    app.stop().await;
});

db_test!(
    a_paired_browser_signed_in_as_a_person_still_shows_its_slides_and_reports,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, id) = paired_tv(&app, &db, &kempen).await;
        // The coordinator tries the screen on her own laptop: the TV's browser signs in as her.
        app.call_as(
            &tv,
            &app::api::accounts::LogIn {
                email: "co@kempen.example".to_owned(),
                password: crate::common::PASSWORD.to_owned(),
            },
        )
        .await
        .expect("log in on the TV's browser");
        let (status, _, page) = tv_page(&app, &tv).await;
        assert_eq!(status, 200);
        assert_eq!(
            code_on(&page),
            None,
            "a paired browser shows its slides, not a new code"
        );
        let beat = ScreenHeartbeat {
            slide: "region-kempen".to_owned(),
            build: "dev".to_owned(),
            width: 1280,
            height: 720,
        };
        heartbeat(&app, &tv, &beat).await.expect("its heartbeat counts");
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM screens WHERE id = {id} AND last_size = '1280x720'")
            )
            .await,
            1
        );
        // Its page, read as the person, is still her dashboard.
        let (status, dashboard) = crate::common::page(&tv, &app, "/beheer").await;
        assert_eq!(status, 200);
        assert!(dashboard.contains("co@kempen.example"), "{dashboard}");
        app.stop().await;
    }
);
