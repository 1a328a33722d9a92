//! Accounts: "forgot password", two invitations of one address at once, and no link in the log.

use super::*;

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

#[test]
pub(super) fn the_log_never_shows_a_link_token() {
    assert_eq!(server::http::loggable_path("/wachtwoord/0123abcd"), "/wachtwoord/…");
    assert_eq!(server::http::loggable_path("/beheer"), "/beheer");
}

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
