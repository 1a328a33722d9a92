//! Teachers' own accounts, through the real server on SQLite and PostgreSQL: the
//! coordinator invites a teacher of a school in the region, the teacher chooses a password
//! by the link, registers students of their own school (which count at once, without a
//! parent's link) and sees whom they registered and where each stands, and nothing else:
//! not the board, not another teacher's registrations, no company's or coordinator's
//! function.

use crate::common::{TestApp, browser, count, page, post_form};
use crate::interests::{board_of, ijmond_placement, mailed_token, open_placement, problem, sanne};
use app::api::accounts::{InviteTeacher, LogIn, SetPassword};
use app::api::dashboard::{Dashboard, WorkspaceInvitations, WorkspaceOutbox};
use app::api::registrations::{RegisterInterest, RegistrationChoices};
use app::domain::accounts::TeacherInviteForm;
use app::domain::{InterestForm, Problem, Region, Role, Stage};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

const TEACHER_PASSWORD: &str = "lasbril-en-werkbank";

fn invite(email: &str, school: &str, region: &str) -> InviteTeacher {
    InviteTeacher {
        form: TeacherInviteForm {
            email: email.into(),
            school: school.into(),
            region: region.into(),
        },
    }
}

/// A client logged in as the teacher `email` after choosing a password by the newest
/// link mailed to them.
async fn teacher_by_link(app: &TestApp, db: &app::db::Db, email: &str) -> reqwest::Client {
    let token = mailed_token(db, email, "/wachtwoord/").await;
    app.call(&SetPassword {
        token,
        password: TEACHER_PASSWORD.into(),
        repeated: TEACHER_PASSWORD.into(),
    })
    .await
    .expect("password chosen");
    let client = browser();
    app.call_as(
        &client,
        &LogIn {
            email: email.into(),
            password: TEACHER_PASSWORD.into(),
        },
    )
    .await
    .expect("logged in");
    client
}

db_test!(
    a_coordinator_invites_a_teacher_who_registers_students_of_her_school,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        let kempen_placement = open_placement(&db).await;
        let ijmond_placement = ijmond_placement(&db).await;
        crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        crate::common::account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        crate::common::account(&db, "co@beide.example", Role::Coordinator, None, None).await;
        let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
        crate::common::account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
        let ijmond = crate::common::logged_in(&app, "co@ijmond.example").await;
        let both = crate::common::logged_in(&app, "co@beide.example").await;
        let jan = crate::common::logged_in(&app, "jan@vonk.example").await;
        let users = || count(&db, "SELECT COUNT(*) FROM users");
        let mails = || count(&db, "SELECT COUNT(*) FROM outbox");
        let (users_before, mails_before) = (users().await, mails().await);

        // Wrong input, another region, someone else's address, a company user or nobody:
        // nothing stored, nothing mailed.
        let no_school = app
            .call_as(&kempen, &invite("Docent@Pius.example", " ", ""))
            .await
            .expect_err("no school");
        assert_eq!(problem(&no_school, "school"), Some(Problem::Required));
        match &no_school {
            AppError::Refused(refusal) => assert_eq!(
                refusal.draft,
                app::error::Draft::TeacherInvite(invite("Docent@Pius.example", " ", "").form),
                "the form comes back as it was sent"
            ),
            other => panic!("refused with a draft, not {other:?}"),
        }
        let bad_address = app
            .call_as(&kempen, &invite("docent-at-pius", "Pius X College", ""))
            .await
            .expect_err("no address");
        assert_eq!(problem(&bad_address, "email"), Some(Problem::Format));
        let other_region = app
            .call_as(&kempen, &invite("docent@pius.example", "Pius X College", "ijmond"))
            .await
            .expect_err("the other region");
        assert_eq!(problem(&other_region, "region"), Some(Problem::OutOfRange));
        let which_region = app
            .call_as(&both, &invite("docent@pius.example", "Pius X College", ""))
            .await
            .expect_err("a coordinator of both regions names one");
        assert_eq!(problem(&which_region, "region"), Some(Problem::Required));
        let taken = app
            .call_as(&kempen, &invite("jan@vonk.example", "Pius X College", ""))
            .await
            .expect_err("a company user's address");
        assert_eq!(problem(&taken, "email"), Some(Problem::Taken));
        assert_eq!(
            app.call_as(&jan, &invite("docent@pius.example", "Pius X College", ""))
                .await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            app.call(&invite("docent@pius.example", "Pius X College", "")).await,
            Err(AppError::NotLoggedIn)
        );
        assert_eq!((users().await, mails().await), (users_before, mails_before));

        // The Kempen coordinator invites Mw. de Wit of the Pius X College, as a plain form.
        let form = [
            ("form[email]", "M.deWit@Pius.example"),
            ("form[school]", "  Pius X College "),
            ("form[region]", ""),
        ];
        let (to, _) = post_form(
            &kempen,
            &app,
            app::api::accounts::InviteTeacher::PATH,
            &form,
            "/beheer/uitnodigen",
        )
        .await;
        assert_eq!(to, "/beheer/uitnodigen?docent-uitgenodigd=1#docenten");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM users WHERE email = 'm.dewit@pius.example' AND role = 'teacher' \
                 AND school = 'Pius X College' AND password_hash IS NULL AND company_id IS NULL \
                 AND region_id = (SELECT id FROM regions WHERE code = 'kempen')"
            )
            .await,
            1
        );
        // Her invitation is in the Kempen outbox (to forward without a mail server), not in
        // the IJmond's; the invitations page lists her as invited.
        let outbox = app
            .call_as(&kempen, &WorkspaceOutbox { search: String::new() })
            .await
            .expect("outbox");
        let invitation = outbox
            .iter()
            .find(|m| m.recipient == "m.dewit@pius.example")
            .expect("her invitation in the outbox");
        assert!(invitation.subject.contains("Pius X College"), "{}", invitation.subject);
        assert!(
            invitation.body.as_deref().is_some_and(|b| b.contains("/wachtwoord/")),
            "the coordinator can forward the link"
        );
        let ijmond_outbox = app
            .call_as(&ijmond, &WorkspaceOutbox { search: String::new() })
            .await
            .expect("outbox");
        assert!(ijmond_outbox.iter().all(|m| m.recipient != "m.dewit@pius.example"));
        let page_data = app
            .call_as(&kempen, &WorkspaceInvitations {})
            .await
            .expect("invitations");
        assert_eq!(page_data.teachers.len(), 1);
        assert!(!page_data.teachers[0].has_password);
        let ijmond_page = app
            .call_as(&ijmond, &WorkspaceInvitations {})
            .await
            .expect("invitations");
        assert!(ijmond_page.teachers.is_empty());
        // Nor can the IJmond's coordinator invite her again (for a link to her account).
        let not_theirs = app
            .call_as(&ijmond, &invite("m.dewit@pius.example", "Pius X College", ""))
            .await
            .expect_err("a Kempen teacher");
        assert_eq!(problem(&not_theirs, "email"), Some(Problem::Taken));
        assert_eq!(
            app.call_as(&jan, &WorkspaceInvitations {}).await.map(|_| ()),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            app.call(&WorkspaceInvitations {}).await.map(|_| ()),
            Err(AppError::NotLoggedIn)
        );
        let (status, html) = page(&kempen, &app, "/beheer/uitnodigen").await;
        assert_eq!(status, 200);
        assert!(html.contains("m.dewit@pius.example") && html.contains("Een docent uitnodigen"));
        // The change log has the invitation in the Kempen.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE subject = 'account' AND action = 'invite' \
                 AND actor = 'co@kempen.example' AND region_id = (SELECT id FROM regions WHERE code = 'kempen')"
            )
            .await,
            1
        );

        // She chooses a password by the link and logs in; then a new invitation is refused.
        let teacher = teacher_by_link(&app, &db, "m.dewit@pius.example").await;
        let again = app
            .call_as(&kempen, &invite("m.dewit@pius.example", "Pius X College", ""))
            .await
            .expect_err("her account is in use");
        assert_eq!(problem(&again, "email"), Some(Problem::Active));

        // Her form offers the Kempen's open placements and names her school.
        let choices = app.call_as(&teacher, &RegistrationChoices {}).await.expect("choices");
        let offered: Vec<i64> = choices.placements.iter().map(|(id, _)| *id).collect();
        assert_eq!(offered, [kempen_placement]);
        assert_eq!(choices.school.as_deref(), Some("Pius X College"));
        let (status, html) = page(&teacher, &app, "/beheer/nieuwe-interesse").await;
        assert_eq!(status, 200);
        assert!(html.contains("Pius X College") && !html.contains("name=\"form[school]\""));
        assert!(
            !html.contains("/beheer/interesses\""),
            "no workspace navigation for a teacher"
        );

        // She registers Sanne (15, no parent's address) for the Kempen placement: her own
        // school is stored, whatever the form said; it counts at once.
        let register = |placement: String, form: InterestForm| RegisterInterest { placement, form };
        let no_parent = InterestForm {
            guardian_email: "".into(),
            school: "Een andere school".into(),
            ..sanne()
        };
        let elsewhere = app
            .call_as(&teacher, &register(ijmond_placement.to_string(), no_parent.clone()))
            .await
            .expect_err("another region's placement");
        assert_eq!(problem(&elsewhere, "placement"), Some(Problem::Unknown));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM interests").await, 0);
        let form = [
            ("placement", kempen_placement.to_string()),
            ("form[first_name]", "Sanne".into()),
            ("form[age_band]", "under-16".into()),
            ("form[programme]", "vmbo-4".into()),
            ("form[email]", "sanne@mail.example".into()),
            ("form[start]", "now".into()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (to, _) = post_form(
            &teacher,
            &app,
            app::api::registrations::RegisterInterest::PATH,
            &form,
            "/beheer/nieuwe-interesse",
        )
        .await;
        assert_eq!(to, "/beheer?aangemeld=1#aanmeldingen");
        app.call_as(
            &teacher,
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
        .expect("registered without a placement");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM interests WHERE school = 'Pius X College' AND guardian_email IS NULL \
                 AND registered_by = (SELECT id FROM users WHERE email = 'm.dewit@pius.example') \
                 AND region_id = (SELECT id FROM regions WHERE code = 'kempen')"
            )
            .await,
            2
        );
        // The coordinator registers one of another school: not the teacher's to see.
        app.call_as(
            &kempen,
            &register(
                String::new(),
                InterestForm {
                    first_name: "Bram".into(),
                    email: "bram@mail.example".into(),
                    school: "Rythovius College".into(),
                    ..no_parent.clone()
                },
            ),
        )
        .await
        .expect("the coordinator's registration");
        // Both students got their own link, in a mail that says their teacher noted it.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient IN ('sanne@mail.example', 'noor@mail.example') \
                     AND body LIKE '%Een docent van Pius X College heeft je interesse genoteerd%'"
            )
            .await,
            2
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE recipient = 'bram@mail.example' AND body LIKE '%samen met je school%'"
            )
            .await,
            1
        );
        // The board has all three.
        assert!(
            !mailed_token(&db, "sanne@mail.example", "/mijn-interesse/")
                .await
                .is_empty()
        );
        let board = board_of(&app, &kempen).await;
        let mut names: Vec<&str> = board.items.iter().map(|i| i.interest.first_name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["Bram", "Noor", "Sanne"]);

        // Her page: her school and whom she registered, newest first, with where each stands,
        // and none of their contact details.
        let dashboard = app.call_as(&teacher, &Dashboard {}).await.expect("her page");
        assert_eq!(dashboard.role, Role::Teacher);
        assert!(dashboard.company.is_none() && dashboard.coordinator.is_none());
        let own = dashboard.teacher.expect("a teacher's page");
        assert_eq!((own.school.as_str(), own.region), ("Pius X College", Region::Kempen));
        let names: Vec<&str> = own.registrations.iter().map(|r| r.first_name.as_str()).collect();
        assert_eq!(names, ["Noor", "Sanne"]);
        assert!(own.registrations.iter().all(|r| r.stage == Stage::Interest));
        assert_eq!(
            own.registrations[1].placement.as_ref().map(|p| p.placement_id),
            Some(kempen_placement)
        );
        let (status, html) = page(&teacher, &app, "/beheer").await;
        assert_eq!(status, 200);
        assert!(html.contains("Sanne") && html.contains("Noor") && html.contains("Een leerling aanmelden"));
        for hidden in ["Bram", "sanne@mail.example", "06-12345678", "noor@mail.example"] {
            assert!(!html.contains(hidden), "{hidden} on the teacher's page");
        }
        // The change log says who registered them, nothing about the students.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE subject = 'interest' AND action = 'create' \
                 AND actor = 'm.dewit@pius.example'"
            )
            .await,
            2
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE lower(changes) LIKE '%sanne%'"
            )
            .await,
            0
        );
    }
);

db_test!(a_teacher_reaches_nothing_but_her_own_registrations, |db| {
    use app::api::board::{BoardFilters, InterestBoard, MoveInterest};
    use app::api::candidates::CompanyCandidates;
    use app::api::dashboard::{WorkspaceChanges, WorkspaceCompanies};
    use app::api::suggestions::{InterestMatch, PlacementMatch};

    let app = TestApp::spawn(db.clone()).await;
    let kempen_placement = open_placement(&db).await;
    crate::common::account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let kempen = crate::common::logged_in(&app, "co@kempen.example").await;
    app.call_as(&kempen, &invite("docent@pius.example", "Pius X College", ""))
        .await
        .expect("invited");
    app.call_as(&kempen, &invite("docent@rythovius.example", "Rythovius College", ""))
        .await
        .expect("invited");
    let pius = teacher_by_link(&app, &db, "docent@pius.example").await;
    let rythovius = teacher_by_link(&app, &db, "docent@rythovius.example").await;
    app.call_as(
        &pius,
        &RegisterInterest {
            placement: kempen_placement.to_string(),
            form: InterestForm {
                guardian_email: "".into(),
                ..sanne()
            },
        },
    )
    .await
    .expect("registered");
    let sanne_id = count(&db, "SELECT id FROM interests").await;
    let before = count(&db, "SELECT COUNT(*) FROM audit_log").await;

    // The other teacher does not see Sanne.
    let other = app.call_as(&rythovius, &Dashboard {}).await.expect("his page");
    assert!(other.teacher.expect("a teacher's page").registrations.is_empty());
    let (_, html) = page(&rythovius, &app, "/beheer").await;
    assert!(!html.contains("Sanne"));

    // No coordinator's or company's function answers a teacher.
    macro_rules! refused {
        ($client:expr, $args:expr) => {
            assert_eq!(
                app.call_as($client, &$args).await.map(|_| ()),
                Err(AppError::Forbidden),
                "{}",
                stringify!($args)
            )
        };
    }
    refused!(
        &pius,
        InterestBoard {
            filters: BoardFilters::default()
        }
    );
    refused!(
        &pius,
        MoveInterest {
            id: sanne_id,
            version: 1,
            stage: "in-review".into()
        }
    );
    refused!(&pius, InterestMatch { id: sanne_id });
    refused!(&pius, PlacementMatch { id: kempen_placement });
    refused!(&pius, CompanyCandidates {});
    refused!(&pius, WorkspaceCompanies { search: String::new() });
    refused!(&pius, WorkspaceOutbox { search: String::new() });
    refused!(&pius, WorkspaceChanges {});
    refused!(&pius, WorkspaceInvitations {});
    refused!(&rythovius, invite("collega@pius.example", "Pius X College", ""));
    for path in [
        "/beheer/interesses".to_owned(),
        format!("/beheer/interesses/{sanne_id}"),
        "/beheer/interesses.csv".to_owned(),
        "/beheer/uitgaande-mail".to_owned(),
    ] {
        for teacher in [&pius, &rythovius] {
            let (status, body) = page(teacher, &app, &path).await;
            // A page says so in words; the download is refused outright.
            if path.ends_with(".csv") {
                assert_eq!(status, 403, "{path}");
            } else {
                assert!(body.contains("Dit kan niet met dit account."), "{path}: {body}");
            }
            assert!(!body.contains("Sanne"), "{path}");
        }
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, before);
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM interests WHERE id = {sanne_id} AND stage = 'interest'")
        )
        .await,
        1
    );
});
