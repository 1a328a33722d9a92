//! Company self-service and the coordinator's invitations, through the real server on
//! SQLite and PostgreSQL: invite, accept, keep placements current, conflicts, the audit
//! log, "forgot password", and the refusals (anonymous, wrong company, cross-site).

use crate::common::{TestApp, account, browser, count, insert_company, logged_in, page, post_form, snapshot};
use app::api::accounts::{ForgotPassword, Invite, LogIn, SetPassword};
use app::api::dashboard::Dashboard;
use app::api::own_placements::{ChangePlacement, LoadOwnPlacement, SavePlacement};
use app::domain::{InviteForm, PlacementForm, Problem, Region, Role};
use app::error::{AppError, Draft};
use app::i18n::NL;
use leptos::server_fn::ServerFn as _;

/// A filled-in BBL placement form.
pub(crate) fn bbl_form(title: &str) -> PlacementForm {
    PlacementForm {
        title: title.to_owned(),
        kind: "bbl".into(),
        level: "mbo2".into(),
        field: "welding".into(),
        crebo: "25787".into(),
        hours_per_week: "32".into(),
        school_days: [("3".to_owned(), "on".to_owned())].into(),
        places: "2".into(),
        description_nl: "Je leert lassen op de werkvloer.".into(),
        ..PlacementForm::default()
    }
}

/// The form fields a browser sends for `form`.
fn form_fields(form: &PlacementForm) -> Vec<(String, String)> {
    let encoded = serde_qs::to_string(&SavePlacement {
        id: None,
        form: form.clone(),
    })
    .expect("encode");
    form_urlencoded::parse(encoded.as_bytes()).into_owned().collect()
}

/// The `AppError` a refused form post was sent back with: kept on the server under the
/// id in its redirect (the address itself carries no error).
async fn error_in(db: &app::db::Db, location: &str) -> AppError {
    let query = location.split_once('?').map_or("", |(_, q)| q);
    assert!(!query.contains("__err"), "no error in the address: {location}");
    let id = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == server::form_errors::DRAFT)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no draft in {location}"));
    // The key is a SHA-256 in hex: nothing to escape.
    let key = app::auth::token_hash(&id);
    let error = crate::common::text(db, &format!("SELECT error FROM form_drafts WHERE key = '{key}'")).await;
    leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&error)
}

/// The one-time link in the newest mail to `email`.
async fn link_in_mail(db: &app::db::Db, email: &str) -> String {
    let outbox = app::db::accounts::list_outbox(db, None, 0, None, 50)
        .await
        .expect("outbox");
    let mail = outbox
        .iter()
        .find(|m| m.recipient == email)
        .expect("a mail to the address");
    let body = mail.body.as_deref().expect("the stored text");
    let start = body.find("/wachtwoord/").expect("a link in the mail");
    body[start..start + "/wachtwoord/".len() + 64].to_owned()
}

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

db_test!(no_one_changes_or_reads_another_companys_placements, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    let staal = insert_company(&db, &crate::common::company("Staal Bladel")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let piet = logged_in(&app, "piet@staal.example").await;
    app.call_as(
        &jan,
        &SavePlacement {
            id: None,
            form: bbl_form("Lasser bij Vonk"),
        },
    )
    .await
    .expect("Jan adds a placement");
    let vonk_placement = count(&db, "SELECT id FROM placements").await;
    let anonymous = browser();
    let before = snapshot(&db).await;

    for (who, client, expected) in [("anonymous", &anonymous, 401), ("another company", &piet, 404)] {
        let mut edit = bbl_form("Overgenomen");
        edit.version = 1;
        let answer = app
            .call_as(
                client,
                &SavePlacement {
                    id: Some(vonk_placement),
                    form: edit,
                },
            )
            .await;
        assert_eq!(answer.map_err(|e| e.status()), Err(expected), "{who}: save_placement");
        for &action in app::domain::PlacementAction::ALL {
            let answer = app
                .call_as(
                    client,
                    &ChangePlacement {
                        id: vonk_placement,
                        version: 1,
                        action,
                    },
                )
                .await;
            assert_eq!(answer.map_err(|e| e.status()), Err(expected), "{who}: {action}");
        }
        let answer = app.call_as(client, &LoadOwnPlacement { id: vonk_placement }).await;
        assert_eq!(
            answer.map_err(|e| e.status()),
            Err(expected),
            "{who}: load_own_placement"
        );
    }
    // Adding is refused to the anonymous; a company user adds only to their own company.
    let answer = app
        .call_as(
            &anonymous,
            &SavePlacement {
                id: None,
                form: bbl_form("Ingebroken"),
            },
        )
        .await;
    assert_eq!(answer.map_err(|e| e.status()), Err(401));
    // Company users and the anonymous cannot invite.
    let invite = Invite {
        form: InviteForm {
            email: "x@y.example".into(),
            company: vonk.to_string(),
            ..InviteForm::default()
        },
    };
    assert_eq!(app.call_as(&piet, &invite).await.map_err(|e| e.status()), Err(403));
    assert_eq!(app.call_as(&anonymous, &invite).await.map_err(|e| e.status()), Err(401));
    assert_eq!(
        app.call_as(&anonymous, &Dashboard {}).await.map_err(|e| e.status()),
        Err(401)
    );
    assert_eq!(snapshot(&db).await, before, "nothing changed");
    let piets = app.call_as(&piet, &Dashboard {}).await.expect("Piet's dashboard");
    let piets = piets.company.expect("a company");
    assert!(
        piets.placements.is_empty() && piets.audit.is_empty(),
        "Piet sees nothing of Vonk's"
    );
    app.stop().await;
});

db_test!(a_request_from_another_site_is_refused_with_403, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    app.call_as(
        &jan,
        &SavePlacement {
            id: None,
            form: bbl_form("Lasser"),
        },
    )
    .await
    .expect("saved");
    let id = count(&db, "SELECT id FROM placements").await;
    let body = serde_qs::to_string(&ChangePlacement {
        id,
        version: 1,
        action: app::domain::PlacementAction::Close,
    })
    .expect("encode");
    let before = snapshot(&db).await;
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site"), ("origin", "https://sub.evil.example")],
    ] {
        let (status, _) = app
            .post_raw(&jan, app::api::own_placements::ChangePlacement::PATH, &body, &headers)
            .await;
        assert_eq!(status, 403, "{headers:?}");
        // Every other function is behind the same guard: `hardening::matrix` tries each.
    }
    assert_eq!(snapshot(&db).await, before, "nothing changed");
    let own_origin = app.url("");
    let (status, text) = app
        .post_raw(
            &jan,
            app::api::own_placements::ChangePlacement::PATH,
            &body,
            &[("origin", own_origin.as_str()), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(status, 200, "the same site may: {text}");
    app.stop().await;
});

db_test!(forgot_password_answers_alike_and_mails_only_real_accounts, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan_elsewhere = logged_in(&app, "jan@vonk.example").await;
    let client = browser();
    let mut answers = Vec::new();
    for email in ["jan@vonk.example", "niemand@vonk.example"] {
        let (next, _) = post_form(
            &client,
            &app,
            app::api::accounts::ForgotPassword::PATH,
            &[("email", email)],
            "/wachtwoord-vergeten",
        )
        .await;
        answers.push(next);
    }
    assert_eq!(answers[0], answers[1], "the same answer for an unknown address");
    let (_, html) = page(&client, &app, &answers[0]).await;
    assert!(html.contains(NL.account.forgot_sent));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox").await,
        1,
        "mail only for the real account"
    );

    let link = link_in_mail(&db, "jan@vonk.example").await;
    let token = link.rsplit('/').next().expect("token").to_owned();
    let answer = app
        .call_as(
            &client,
            &SetPassword {
                token,
                password: "nieuwe-lasnaad-2027".into(),
                repeated: "nieuwe-lasnaad-2027".into(),
            },
        )
        .await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(
        app.call_as(&jan_elsewhere, &Dashboard {}).await.map_err(|e| e.status()),
        Err(401),
        "the new password ends the other sessions"
    );
    let old = app
        .call_as(
            &browser(),
            &LogIn {
                email: "jan@vonk.example".into(),
                password: crate::common::PASSWORD.into(),
            },
        )
        .await;
    assert_eq!(
        old.map_err(|e| e.status()),
        Err(401),
        "the old password no longer works"
    );

    // Asking again and again is slowed down.
    let statuses = {
        let mut statuses = Vec::new();
        for _ in 0..app::throttle::FREE_RESETS_PER_ACCOUNT + 1 {
            let answer = app
                .call_as(
                    &browser(),
                    &ForgotPassword {
                        email: "jan@vonk.example".into(),
                    },
                )
                .await;
            statuses.push(answer.map_or_else(|e| e.status(), |()| 200));
        }
        statuses
    };
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    app.stop().await;
});

db_test!(oversized_and_garbled_requests_get_4xx_never_5xx, |db| {
    use rand::{Rng, SeedableRng};

    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let huge = format!("form[title]={}", "a".repeat(server::http::REQUEST_BODY_LIMIT + 1));
    // The server answers 413 as soon as it reads the length and closes the connection;
    // now and then the client is still sending and sees the connection end instead of the
    // answer. Asked again, it reads the 413. The connection is not kept for the requests
    // below: the client could take it from its pool before seeing the server close it.
    let mut status = None;
    for _ in 0..5 {
        let sent = jan
            .post(app.url(app::api::own_placements::SavePlacement::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("connection", "close")
            .body(huge.clone())
            .send()
            .await;
        if let Ok(response) = sent {
            status = Some(response.status().as_u16());
            break;
        }
    }
    assert_eq!(status, Some(413));
    let before = snapshot(&db).await;
    // Random bytes and near-miss encodings, to every registered function.
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261122);
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    paths.sort_unstable();
    let near_misses = [
        "form[places]=%FF",
        "id=abc&form[title]=x",
        "form[school_days][x]=on",
        "form=1",
        "form[[title]=x",
        "id=1&version=99999999999999999999&action=fill",
        "%",
        "&&&=",
        "form[title][0][1]=x",
    ];
    for round in 0..paths.len() * 3 {
        let path = paths[round % paths.len()];
        let body: String = if round < near_misses.len() * 2 {
            near_misses[round % near_misses.len()].to_owned()
        } else {
            let len = rng.gen_range(0..300);
            (0..len).map(|_| char::from(rng.gen_range(0u8..128))).collect()
        };
        let (status, text) = app.post_raw(&jan, path, &body, &[]).await;
        // A function without arguments (or with defaults only) may answer; none fails.
        assert!(status < 500, "{path} {body:?}: {status} {text}");
    }
    let after = snapshot(&db).await;
    assert_eq!(
        after.lines().filter(|l| !l.starts_with("sessions")).collect::<Vec<_>>(),
        before
            .lines()
            .filter(|l| !l.starts_with("sessions"))
            .collect::<Vec<_>>(),
        "nothing but sessions changed"
    );
    app.stop().await;
});

db_test!(
    every_page_carries_a_policy_that_allows_exactly_its_own_inline_scripts,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        for path in ["/", "/inloggen", "/bestaat-niet"] {
            let response = browser().get(app.url(path)).send().await.expect("GET");
            let headers = response.headers().clone();
            let html = response.text().await.expect("body");
            let policy = headers["content-security-policy"].to_str().expect("ASCII");
            for part in [
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(policy.contains(part), "{path}: {part} in {policy}");
            }
            let scripts = server::security::inline_script_hashes(&html);
            assert!(!scripts.is_empty(), "{path} has Leptos's inline scripts");
            for hash in scripts {
                assert!(
                    policy.contains(&format!("'sha256-{hash}'")),
                    "{path}: {hash} allowed by {policy}"
                );
            }
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["referrer-policy"], "same-origin");
            assert!(
                headers.get("strict-transport-security").is_none(),
                "no HSTS over plain http"
            );
        }
        app.stop().await;
    }
);

db_test!(
    a_company_edits_its_profile_but_not_its_recognition_and_meets_a_conflict,
    |db| {
        use app::api::own_profile::{LoadOwnProfile, SaveProfile};

        let app = TestApp::spawn(db.clone()).await;
        let mut vonk = crate::common::company("Vonk Metaal");
        vonk.sbb_accredited = false;
        let vonk = insert_company(&db, &vonk).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        account(&db, "els@vonk.example", Role::Company, Some(vonk), None).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let els = logged_in(&app, "els@vonk.example").await;
        let profile = app.call_as(&jan, &LoadOwnProfile {}).await.expect("profile");
        assert_eq!(profile.form.name, "Vonk Metaal");

        // IJmuiden is not in Bladel's region: refused, nothing saved.
        let mut moved = profile.form.clone();
        moved.latitude = "52.4580".into();
        moved.longitude = "4.6200".into();
        let before = snapshot(&db).await;
        let refused = app
            .call_as(&jan, &SaveProfile { form: moved })
            .await
            .expect_err("outside the region");
        assert_eq!(
            refused
                .field_errors()
                .iter()
                .map(|e| e.field.as_str())
                .collect::<Vec<_>>(),
            ["location"]
        );
        assert_eq!(snapshot(&db).await, before);

        // A new name and a pin moved within Bladel; a sneaked-in SBB flag is ignored.
        let mut edited = profile.form.clone();
        edited.name = "Vonk Metaal & Zonen".into();
        edited.latitude = "51,3700".into();
        let mut body = serde_qs::to_string(&SaveProfile { form: edited }).expect("encode");
        body.push_str("&form[sbb_accredited]=1");
        let (status, text) = app
            .post_raw(&jan, app::api::own_profile::SaveProfile::PATH, &body, &[])
            .await;
        assert_eq!(status, 200, "{text}");
        assert_eq!(
        count(&db, "SELECT COUNT(*) FROM companies WHERE name = 'Vonk Metaal & Zonen' AND latitude = 51.37 AND sbb_accredited = false AND version = 2").await,
        1
    );
        // The catalog (and so the public page) follows at once.
        let (_, html) = page(&browser(), &app, "/bedrijven/vonk-metaal").await;
        assert!(
            html.contains("Vonk Metaal &amp; Zonen"),
            "the public page shows the new name"
        );

        // Els started from version 1 too: refused, with Jan's change shown.
        let mut hers = profile.form.clone();
        hers.contact_phone = "040 123 4567".into();
        let before = snapshot(&db).await;
        let refused = app.call_as(&els, &SaveProfile { form: hers }).await.expect_err("stale");
        assert_eq!(snapshot(&db).await, before, "nothing overwritten");
        match refused {
            AppError::Refused(refusal) => {
                assert!(refusal.stale);
                let changed: Vec<(String, String)> = refusal
                    .saved_since
                    .iter()
                    .flat_map(|e| e.changes.iter().map(|c| (c.field.clone(), c.after.clone())))
                    .collect();
                assert_eq!(
                    changed,
                    [
                        ("name".to_owned(), "Vonk Metaal & Zonen".to_owned()),
                        ("latitude".to_owned(), "51.37000".to_owned())
                    ]
                );
                assert!(
                    matches!(refusal.draft, Draft::Profile(ref f) if f.version == 2 && f.contact_phone == "040 123 4567")
                );
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            app.call_as(&browser(), &LoadOwnProfile {})
                .await
                .map_err(|e| e.status()),
            Err(401)
        );
        let body = serde_qs::to_string(&SaveProfile { form: profile.form }).expect("encode");
        assert_eq!(
            app.post_raw(&browser(), app::api::own_profile::SaveProfile::PATH, &body, &[])
                .await
                .0,
            401
        );
        app.stop().await;
    }
);

db_test!(only_the_regions_coordinator_sets_the_sbb_recognition, |db| {
    use app::api::recognition::SetRecognition;

    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
    let recognise = SetRecognition {
        company_id: vonk,
        version: 1,
        recognised: true,
    };
    let before = snapshot(&db).await;
    for (who, expected) in [("jan@vonk.example", 403), ("co@ijmond.example", 404)] {
        let client = logged_in(&app, who).await;
        assert_eq!(
            app.call_as(&client, &recognise).await.map_err(|e| e.status()),
            Err(expected),
            "{who}"
        );
    }
    assert_eq!(
        app.call_as(&browser(), &recognise).await.map_err(|e| e.status()),
        Err(401)
    );
    let after: Vec<String> = snapshot(&db)
        .await
        .lines()
        .filter(|l| !l.starts_with("sessions"))
        .map(str::to_owned)
        .collect();
    let before: Vec<String> = before
        .lines()
        .filter(|l| !l.starts_with("sessions"))
        .map(str::to_owned)
        .collect();
    assert_eq!(after, before, "nothing changed");

    let kempen = logged_in(&app, "co@kempen.example").await;
    app.call_as(&kempen, &recognise)
        .await
        .expect("the Kempen coordinator may");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM companies WHERE sbb_accredited = true AND version = 2"
        )
        .await,
        1
    );
    let (_, html) = page(&browser(), &app, "/bedrijven/vonk-metaal").await;
    assert!(
        html.contains(NL.site.sbb_badge),
        "the public page shows the recognition"
    );
    // The same switch again, based on the old version, is refused.
    let stale = app.call_as(&kempen, &recognise).await.map_err(|e| e.status());
    assert_eq!(stale, Err(409));
    // The company's change log names the coordinator by role, never by address; the
    // coordinator's own overview still says who did it.
    let jan = logged_in(&app, "jan@vonk.example").await;
    let (_, html) = page(&jan, &app, "/beheer").await;
    assert!(html.contains(NL.dashboard.coordinator_actor), "{html}");
    assert!(
        !html.contains("co@kempen.example"),
        "no coordinator's address for a company"
    );
    let (_, html) = page(&kempen, &app, "/beheer/wijzigingen").await;
    assert!(html.contains("co@kempen.example"));
    app.stop().await;
});

#[test]
fn the_log_never_shows_a_link_token() {
    assert_eq!(server::http::loggable_path("/wachtwoord/0123abcd"), "/wachtwoord/…");
    assert_eq!(server::http::loggable_path("/beheer"), "/beheer");
}

/// A multipart body with one file field `logo`; returns the content type and the body.
fn logo_upload(bytes: &[u8], file_name: &str) -> (String, Vec<u8>) {
    let boundary = "techkaart-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A PNG of `width` × `height` with a text chunk that must not survive.
fn png_with_comment(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .add_text_chunk("Comment".into(), "geheim-adres-thuis".into())
            .expect("text chunk");
        let mut writer = encoder.write_header().expect("header");
        writer
            .write_image_data(&vec![120u8; (width * height * 3) as usize])
            .expect("pixels");
    }
    bytes
}

db_test!(a_logo_is_reencoded_and_bad_uploads_are_refused, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let post = |client: &reqwest::Client, bytes: &[u8], name: &str, accept: &str, origin: Option<&str>| {
        let (content_type, body) = logo_upload(bytes, name);
        let mut request = client
            .post(app.url("/beheer/logo"))
            .header("content-type", content_type)
            .header("accept", accept)
            .body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let status = |r: reqwest::Response| r.status().as_u16();

    let before = snapshot(&db).await;
    assert_eq!(
        status(
            post(&browser(), &png_with_comment(50, 50), "a.png", "*/*", None)
                .await
                .expect("post")
        ),
        401
    );
    assert_eq!(
        status(
            post(
                &jan,
                &png_with_comment(50, 50),
                "a.png",
                "*/*",
                Some("https://evil.example")
            )
            .await
            .expect("post")
        ),
        403
    );
    assert_eq!(
        status(
            post(&jan, b"<script>alert(1)</script>", "logo.png", "*/*", None)
                .await
                .expect("post")
        ),
        415,
        "text named .png"
    );
    let huge = vec![0u8; 3 * 1024 * 1024];
    // The server answers 413 as soon as the length is known and closes the connection, so
    // the client may still be writing the body then and see the connection break instead of
    // reading the answer. Either way it was refused before the body arrived, and nothing
    // was stored (checked below).
    match post(&jan, &huge, "groot.png", "*/*", None).await {
        Ok(response) => assert_eq!(status(response), 413),
        Err(error) => {
            let mut causes = Vec::new();
            let mut cause = std::error::Error::source(&error);
            while let Some(inner) = cause {
                causes.push(inner.to_string());
                cause = inner.source();
            }
            let broken = causes.iter().any(|c| c.contains("Broken pipe") || c.contains("reset"));
            assert!(error.is_request() && broken, "{error:?}");
        }
    }
    assert_eq!(
        status(
            post(&jan, &png_with_comment(5000, 5000), "bom.png", "*/*", None)
                .await
                .expect("post")
        ),
        422
    );
    let back = post(&jan, b"GIF89a", "logo.gif", "text/html", None)
        .await
        .expect("post");
    assert_eq!(back.status(), 303);
    assert_eq!(
        back.headers()["location"],
        "/beheer/profiel?logo_fout=geen-afbeelding#logo"
    );
    let (_, html) = page(&jan, &app, "/beheer/profiel?logo_fout=geen-afbeelding").await;
    assert!(html.contains(NL.edit.logo_not_image), "the refusal is told");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM company_logos").await, 0);
    assert_eq!(
        snapshot(&db)
            .await
            .lines()
            .filter(|l| !l.starts_with("sessions"))
            .collect::<Vec<_>>(),
        before
            .lines()
            .filter(|l| !l.starts_with("sessions"))
            .collect::<Vec<_>>(),
        "nothing stored"
    );

    // A good one, too large: scaled down, encoded anew, the text chunk gone.
    let saved = post(&jan, &png_with_comment(800, 400), "logo.png", "text/html", None)
        .await
        .expect("post");
    assert_eq!(saved.headers()["location"], "/beheer/profiel?logo=1#logo");
    let (_, html) = page(&browser(), &app, "/bedrijven/vonk-metaal").await;
    let start = html
        .find(&format!("/logos/{vonk}?v="))
        .expect("the public page shows the logo");
    let address = html[start..].split('"').next().expect("address").to_owned();
    let logo = browser().get(app.url(&address)).send().await.expect("GET");
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert!(
        logo.headers()["cache-control"]
            .to_str()
            .expect("ASCII")
            .contains("public")
    );
    let bytes = logo.bytes().await.expect("bytes");
    let decoded = image::load_from_memory(&bytes).expect("a PNG");
    assert_eq!((decoded.width(), decoded.height()), (400, 200));
    assert!(!bytes.windows(6).any(|w| w == b"geheim"), "the metadata is gone");

    // Unpublished: the logo is no longer anyone's to see but the company's own users'.
    crate::common::execute(
        &db,
        &format!("UPDATE companies SET published = FALSE WHERE id = {vonk}"),
    )
    .await
    .expect("unpublish");
    let anonymous = browser().get(app.url(&address)).send().await.expect("GET");
    assert_eq!(anonymous.status(), 404, "an unpublished company's logo is not served");
    let own = jan.get(app.url(&address)).send().await.expect("GET");
    assert_eq!(own.status(), 200, "its own user still sees it on the profile page");
    assert_eq!(own.headers()["cache-control"], "private, no-store");
    app.stop().await;
});

db_test!(
    two_simultaneous_invitations_of_one_address_make_one_account_and_one_field_error,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        let coordinator = logged_in(&app, "co@kempen.example").await;
        let invite = |company_name: &str| Invite {
            form: InviteForm {
                email: "dezelfde@bedrijf.example".into(),
                company: "new".into(),
                company_name: company_name.into(),
                street_address: "De Run 4000".into(),
                postcode: "5531 AB".into(),
                town: "hapert".into(),
                size_band: "10-49".into(),
            },
        };
        let encode = |invite: &Invite| serde_qs::to_string(invite).expect("encode");
        let (first, second) = (encode(&invite("Eerste Las")), encode(&invite("Tweede Las")));
        // Both read "no such account" before either writes: the database's unique address
        // decides, and the loser gets the field's message instead of a failure.
        let (a, b) = futures::join!(
            app.post_raw(&coordinator, Invite::PATH, &first, &[]),
            app.post_raw(&coordinator, Invite::PATH, &second, &[]),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert!(statuses[0] < 400, "one invitation goes through: {a:?} {b:?}");
        assert_eq!(statuses[1], 400, "the other is refused as a form: {a:?} {b:?}");
        let refused = if a.0 == 400 { &a.1 } else { &b.1 };
        match serde_json::from_str::<AppError>(refused).expect("an AppError") {
            AppError::Refused(refusal) => {
                assert_eq!(refusal.errors, [app::domain::FieldError::new("email", Problem::Taken)]);
                assert!(matches!(refusal.draft, Draft::Invite(_)), "what was typed comes back");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM users WHERE role = 'company'").await, 1);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM companies").await,
            1,
            "the refused company was not kept"
        );
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

db_test!(
    the_workspace_pages_show_a_coordinator_her_region_searched_and_nobody_else_anything,
    |db| {
        use app::api::dashboard::{WorkspaceChanges, WorkspaceCompanies, WorkspaceOutbox};
        let app = TestApp::spawn(db.clone()).await;
        crate::common::insert_company_with_open_placement(&db, "Vonk Metaal").await;
        crate::common::insert_company_with_open_placement(&db, "Bladel Buigtechniek").await;
        insert_company(&db, &crate::common::company_in_velsen("Staal IJmuiden")).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let ijmond = logged_in(&app, "co@ijmond.example").await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let search = |text: &str| WorkspaceCompanies {
            search: text.to_owned(),
        };

        let all = app.call_as(&kempen, &search("")).await.expect("companies");
        let names: Vec<&str> = all.companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Bladel Buigtechniek", "Vonk Metaal"]);
        assert_eq!((all.total, all.region), (2, Some(Region::Kempen)));
        assert_eq!(
            all.users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(),
            ["jan@vonk.example"]
        );
        // By name in any case, by the address of a person.
        let found = app.call_as(&kempen, &search("  VONK ")).await.expect("companies");
        assert_eq!(found.companies.len(), 1);
        assert_eq!(found.total, 2);
        let by_person = app.call_as(&kempen, &search("jan@")).await.expect("companies");
        assert!(by_person.companies.is_empty() && by_person.users.len() == 1);
        // The IJmond's coordinator sees only the IJmond.
        let theirs = app.call_as(&ijmond, &search("")).await.expect("companies");
        assert_eq!(
            theirs.companies.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Staal IJmuiden"]
        );
        assert!(theirs.users.is_empty());
        // A company user and nobody get nothing.
        assert_eq!(app.call_as(&jan, &search("")).await, Err(AppError::Forbidden));
        assert_eq!(app.call_as(&browser(), &search("")).await, Err(AppError::NotLoggedIn));
        for client in [&jan, &browser()] {
            assert!(
                app.call_as(client, &WorkspaceOutbox { search: String::new() })
                    .await
                    .is_err()
            );
            assert!(app.call_as(client, &WorkspaceChanges {}).await.is_err());
        }
        app.stop().await;
    }
);
