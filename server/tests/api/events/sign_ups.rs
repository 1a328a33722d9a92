//! Class sign-ups: places and a waiting list under a flood, and one address's limit.

use super::*;

/// The token in the newest sign-up mail to `email`.
pub(super) async fn sign_up_token(db: &app::db::Db, email: &str) -> String {
    let sql = format!(
        "SELECT body FROM outbox WHERE recipient = '{email}' AND body LIKE '%/aanmelding/%' ORDER BY id DESC LIMIT 1"
    );
    let (body,): (String,) = match db.pools() {
        app::db::Pools::Sqlite { read, .. } => sqlx::query_as(&sql).fetch_one(read).await,
        app::db::Pools::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
    }
    .expect("a sign-up mail");
    let start = body.find("/aanmelding/").expect("a link") + "/aanmelding/".len();
    body[start..start + 64].to_owned()
}

db_test!(
    fifty_classes_of_one_for_twenty_places_give_twenty_places_and_a_waiting_list,
    |db| {
        use app::api::sign_ups::{ChangeSignUp, EventSignUps, SignUpChange, SignUpClass};
        use app::domain::{SignUpForm, SignUpStatus};

        // Behind a proxy, each teacher from a school of their own: one network's own
        // limit of sign-ups is another test's.
        let app = TestApp::builder(db.clone()).behind_proxy().start().await;
        let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
        let staal = insert_company(&db, &crate::common::company("Staal Bladel")).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let piet = logged_in(&app, "piet@staal.example").await;
        let mut visit = open_day("Bedrijfsbezoek voor klassen");
        visit.participation = "class-sign-up".into();
        visit.capacity = "20".into();
        app.call_as(&jan, &SaveEvent { id: None, form: visit })
            .await
            .expect("saved");
        let event_id = count(&db, "SELECT id FROM events").await;

        let form = |n: usize, head_count: &str| SignUpForm {
            teacher_name: format!("Docent {n}"),
            school: "Kempenhorst College".into(),
            email: format!("docent{n}@school.example"),
            head_count: head_count.into(),
        };
        // Refused input changes nothing: a class larger than the event, a wrong address.
        let before = count(&db, "SELECT COUNT(*) FROM event_sign_ups").await;
        for (wrong, field) in [
            (form(0, "21"), "head_count"),
            (
                SignUpForm {
                    email: "docent@".into(),
                    ..form(0, "2")
                },
                "email",
            ),
        ] {
            match app.call(&SignUpClass { event_id, form: wrong }).await {
                Err(AppError::Refused(refusal)) => assert_eq!(refusal.errors[0].field, field),
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM event_sign_ups").await, before);

        // Fifty teachers at the same moment, each with one pupil, for twenty places.
        let calls = (1..=50).map(|n| {
            let mut school = reqwest::header::HeaderMap::new();
            let address = format!("198.51.100.{n}");
            school.insert("x-forwarded-for", address.parse().expect("a header value"));
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .default_headers(school)
                .build()
                .expect("client");
            let app = &app;
            async move {
                app.call_as(
                    &client,
                    &SignUpClass {
                        event_id,
                        form: form(n, "1"),
                    },
                )
                .await
            }
        });
        for answer in futures::future::join_all(calls).await {
            answer.expect("every sign-up is taken");
        }
        // Unconfirmed, they hold nothing and the organiser sees none of them.
        let (listed, occupancy) = app.call_as(&jan, &EventSignUps { event_id }).await.expect("list");
        assert_eq!((listed.len(), occupancy.confirmed, occupancy.waiting), (0, 0, 0));
        // The fifty teachers confirm by their mails' links at the same moment.
        let mut tokens = Vec::new();
        for n in 1..=50 {
            tokens.push(sign_up_token(&db, &format!("docent{n}@school.example")).await);
        }
        let confirms = tokens.into_iter().map(|token| {
            let app = &app;
            async move { app.call(&app::api::sign_ups::ConfirmSignUp { token }).await }
        });
        for answer in futures::future::join_all(confirms).await {
            answer.expect("confirmed");
        }
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM event_sign_ups WHERE event_id = {event_id} AND status = 'confirmed'")
            )
            .await,
            20
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM event_sign_ups WHERE event_id = {event_id} AND status = 'waiting'")
            )
            .await,
            30
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE purpose = 'sign-up'").await,
            100,
            "two mails each: confirm the address, then places or the waiting list"
        );

        // The first confirmed teacher cancels: the first on the waiting list moves up, mailed.
        let (sign_ups, _) = app
            .call_as(&jan, &EventSignUps { event_id })
            .await
            .expect("the organiser's list");
        let first = sign_ups
            .iter()
            .find(|s| s.status == SignUpStatus::Confirmed)
            .expect("a confirmed class");
        let first_waiting = sign_ups
            .iter()
            .find(|s| s.status == SignUpStatus::Waiting)
            .expect("a waiting class")
            .clone();
        let token = sign_up_token(&db, &first.email).await;
        app.call(&ChangeSignUp {
            token: token.clone(),
            change: SignUpChange::Cancel,
            head_count: String::new(),
        })
        .await
        .expect("cancelled");
        let (sign_ups, occupancy) = app.call_as(&jan, &EventSignUps { event_id }).await.expect("list");
        assert_eq!((occupancy.confirmed, occupancy.waiting), (20, 29));
        let moved = sign_ups.iter().find(|s| s.id == first_waiting.id).expect("still there");
        assert_eq!(moved.status, SignUpStatus::Confirmed);
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM outbox WHERE recipient = '{}' AND subject LIKE 'Plaats vrijgekomen%'",
                    first_waiting.email
                )
            )
            .await,
            1
        );
        // A cancelled link changes nothing more; a confirmed class cannot grow past the places.
        let again = app
            .call(&ChangeSignUp {
                token,
                change: SignUpChange::Cancel,
                head_count: String::new(),
            })
            .await;
        assert_eq!(again.map_err(|e| e.status()), Err(410));
        let other = sign_up_token(&db, &moved.email).await;
        let grow = app
            .call(&ChangeSignUp {
                token: other,
                change: SignUpChange::HeadCount,
                head_count: "2".into(),
            })
            .await;
        assert!(matches!(grow, Err(AppError::Refused(_))), "{grow:?}");
        assert_eq!(
            app.call_as(&jan, &EventSignUps { event_id })
                .await
                .expect("list")
                .1
                .confirmed,
            20
        );

        // Only the organiser reads the sign-ups, also as CSV.
        assert_eq!(
            app.call_as(&piet, &EventSignUps { event_id })
                .await
                .map_err(|e| e.status()),
            Err(404)
        );
        assert_eq!(
            app.call(&EventSignUps { event_id }).await.map_err(|e| e.status()),
            Err(401)
        );
        let csv_path = format!("/beheer/evenementen/{event_id}/aanmeldingen.csv");
        assert_eq!(piet.get(app.url(&csv_path)).send().await.expect("csv").status(), 404);
        assert_eq!(
            browser().get(app.url(&csv_path)).send().await.expect("csv").status(),
            401
        );
        let csv = jan
            .get(app.url(&csv_path))
            .header("accept-language", "nl")
            .send()
            .await
            .expect("csv");
        assert_eq!(csv.status(), 200);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.expect("text");
        assert_eq!(text.lines().count(), 51, "a header and fifty classes");
        assert!(text.contains("\"Docent 1\";\"Kempenhorst College\""), "{text:.300}");
        app.stop().await;
    }
);

db_test!(one_address_signs_up_ten_classes_an_hour_at_most, |db| {
    use app::api::sign_ups::SignUpClass;
    use app::domain::SignUpForm;

    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let mut visit = open_day("Bedrijfsbezoek voor klassen");
    visit.participation = "class-sign-up".into();
    visit.capacity = "500".into();
    app.call_as(&jan, &SaveEvent { id: None, form: visit })
        .await
        .expect("saved");
    let event_id = count(&db, "SELECT id FROM events").await;
    let form = SignUpForm {
        teacher_name: "Docent".into(),
        school: "Kempenhorst College".into(),
        email: "iemand@school.example".into(),
        head_count: "2".into(),
    };
    for _ in 0..app::domain::sign_ups::SIGN_UPS_PER_ADDRESS_PER_HOUR {
        app.call(&SignUpClass {
            event_id,
            form: form.clone(),
        })
        .await
        .expect("within the limit");
    }
    let mails = count(&db, "SELECT COUNT(*) FROM outbox").await;
    let refused = app
        .call(&SignUpClass {
            event_id,
            form: form.clone(),
        })
        .await;
    assert_eq!(refused.map_err(|e| e.status()), Err(429));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox").await,
        mails,
        "no mail for a refused sign-up"
    );
    // Sent as a plain form, the page says why in the teacher's words.
    let fields = serde_qs::to_string(&SignUpClass {
        event_id,
        form: form.clone(),
    })
    .expect("encode");
    let fields: Vec<(String, String)> = form_urlencoded::parse(fields.as_bytes()).into_owned().collect();
    let from = format!("/evenementen/{event_id}");
    let teacher = browser();
    let (back, _) =
        crate::common::post_form(&teacher, &app, app::api::sign_ups::SignUpClass::PATH, &fields, &from).await;
    let (_, html) = page(&teacher, &app, &back).await;
    assert!(html.contains(app::i18n::NL.events.sign_up_limit), "{back}");
    let other = SignUpForm {
        email: "ander@school.example".into(),
        ..form
    };
    app.call(&SignUpClass { event_id, form: other })
        .await
        .expect("another address is not held up");
    app.stop().await;
});
