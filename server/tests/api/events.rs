//! Events through the real server on SQLite and PostgreSQL: who may add, edit, cancel,
//! hide and show which event; refused input changes nothing; the public list, page, QR
//! code and calendar feeds, read back with a real iCalendar parser.

use crate::common::{TestApp, account, browser, count, insert_company, logged_in, page};
use app::api::events::{ChangeEvent, FindEvents, GetPublicEvent, LoadEditableEvent, SaveEvent};
use app::domain::{EventChange, EventForm, EventSearch, EventStatus, Problem, Region, Role};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

/// An open day at the company's own address on 12 March 2027, for vmbo pupils and parents.
pub(crate) fn open_day(title: &str) -> EventForm {
    EventForm {
        kind: "open-day".into(),
        title_nl: title.into(),
        description_nl: "Rondleiding door de werkplaats.".into(),
        start_day: "2027-03-12".into(),
        start_time: "13:00".into(),
        end_day: "2027-03-12".into(),
        end_time: "16:30".into(),
        place: "company".into(),
        audiences: [
            ("vmbo".to_owned(), "on".to_owned()),
            ("parents".to_owned(), "on".to_owned()),
        ]
        .into(),
        participation: "just-come".into(),
        ..EventForm::default()
    }
}

/// A Tech Event at a venue in `municipality` (`lat`, `lon`).
pub(crate) fn tech_event(title: &str, municipality: &str, lat: &str, lon: &str) -> EventForm {
    EventForm {
        kind: "tech-event".into(),
        title_nl: title.into(),
        start_day: "2027-04-08".into(),
        start_time: "09:00".into(),
        end_day: "2027-04-08".into(),
        end_time: "15:00".into(),
        place: "venue".into(),
        venue_name: "Sporthal De Kemp".into(),
        street_address: "Sportlaan 2".into(),
        postcode: "5521 AB".into(),
        town: "Eersel".into(),
        municipality: municipality.into(),
        latitude: lat.into(),
        longitude: lon.into(),
        audiences: [("mbo".to_owned(), "on".to_owned())].into(),
        participation: "class-sign-up".into(),
        capacity: "120".into(),
        ..EventForm::default()
    }
}

/// Every stored event as one comparable text.
async fn events_snapshot(db: &app::db::Db) -> String {
    let events = app::db::events::list_managed_events(
        db,
        None,
        None,
        app::domain::Instant::parse("2000-01-01T00:00:00Z").expect("instant"),
    )
    .await
    .expect("events");
    let audit = count(db, "SELECT COUNT(*) FROM audit_log").await;
    format!("{events:?} audit {audit}")
}

db_test!(companies_and_coordinators_manage_their_own_events_and_no_others, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    let staal = insert_company(&db, &crate::common::company("Staal Bladel")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    account(&db, "piet@staal.example", Role::Company, Some(staal), None).await;
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let piet = logged_in(&app, "piet@staal.example").await;
    let kempen = logged_in(&app, "co@kempen.example").await;
    let ijmond = logged_in(&app, "co@ijmond.example").await;
    let anonymous = browser();

    // Jan adds an open day at Vonk's own address: the venue is the company's.
    app.call_as(
        &jan,
        &SaveEvent {
            id: None,
            form: open_day("Open dag bij Vonk"),
        },
    )
    .await
    .expect("Jan adds an open day");
    let open_day_id = count(&db, "SELECT id FROM events").await;
    let stored = app::db::events::get_event(&db, open_day_id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored.event.venue.name, "Vonk Metaal");
    assert_eq!(stored.event.venue.town, "Bladel");
    assert!(stored.event.at_company);
    assert_eq!(
        stored.event.times.start.stored(),
        "2027-03-12T12:00:00Z",
        "13:00 in winter is 12:00 UTC"
    );
    assert_eq!(stored.company_id(), Some(vonk));

    // The Kempen coordinator adds a region event in Eersel; the IJmond coordinator may not.
    app.call_as(
        &kempen,
        &SaveEvent {
            id: None,
            form: tech_event("Tech Event Kempen", "eersel", "51.3575", "5.3178"),
        },
    )
    .await
    .expect("a region event");
    let region_event = count(&db, "SELECT MAX(id) FROM events").await;
    assert_eq!(
        count(&db, &format!("SELECT COUNT(*) FROM audit_log WHERE subject = 'event' AND subject_id = {region_event} AND company_id IS NULL AND region_id IS NOT NULL")).await,
        1,
        "the region's own event is audited under the region"
    );
    let before = events_snapshot(&db).await;
    let refused = app
        .call_as(
            &ijmond,
            &SaveEvent {
                id: None,
                form: tech_event("Elders", "eersel", "51.3575", "5.3178"),
            },
        )
        .await;
    match refused {
        Err(AppError::Refused(refusal)) => {
            assert_eq!(
                refusal
                    .errors
                    .iter()
                    .map(|e| (e.field.as_str(), e.problem))
                    .collect::<Vec<_>>(),
                [("municipality", Problem::OutOfRange)]
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A coordinator has no company address to hold an event at.
    let mut at_company = tech_event("Nergens", "eersel", "51.3575", "5.3178");
    at_company.place = "company".into();
    assert!(matches!(
        app.call_as(
            &kempen,
            &SaveEvent {
                id: None,
                form: at_company
            }
        )
        .await,
        Err(AppError::Refused(_))
    ));
    assert_eq!(events_snapshot(&db).await, before, "refusals change nothing");

    // Others cannot load, edit, cancel, hide or show Jan's open day.
    let mut edit = open_day("Overgenomen");
    edit.version = 1;
    for (who, client, expected) in [
        ("anonymous", &anonymous, 401),
        ("another company", &piet, 404),
        ("the other region's coordinator", &ijmond, 404),
    ] {
        let answer = app
            .call_as(
                client,
                &SaveEvent {
                    id: Some(open_day_id),
                    form: edit.clone(),
                },
            )
            .await;
        assert_eq!(answer.map_err(|e| e.status()), Err(expected), "{who}: save_event");
        let answer = app.call_as(client, &LoadEditableEvent { id: Some(open_day_id) }).await;
        assert_eq!(
            answer.map_err(|e| e.status()),
            Err(expected),
            "{who}: load_editable_event"
        );
        for &change in EventChange::ALL {
            let answer = app
                .call_as(
                    client,
                    &ChangeEvent {
                        id: open_day_id,
                        version: 1,
                        change,
                        reason: "Weg".into(),
                    },
                )
                .await;
            assert_eq!(answer.map_err(|e| e.status()), Err(expected), "{who}: {change}");
        }
    }
    // Jan cannot touch the region's event, nor hide his own; the Kempen coordinator
    // cannot edit Jan's event (only cancel or hide it).
    let answer = app
        .call_as(
            &jan,
            &SaveEvent {
                id: Some(region_event),
                form: edit.clone(),
            },
        )
        .await;
    assert_eq!(answer.map_err(|e| e.status()), Err(404));
    let answer = app
        .call_as(
            &jan,
            &ChangeEvent {
                id: open_day_id,
                version: 1,
                change: EventChange::Hide,
                reason: String::new(),
            },
        )
        .await;
    assert_eq!(answer.map_err(|e| e.status()), Err(403));
    let seen = app
        .call_as(&kempen, &LoadEditableEvent { id: Some(open_day_id) })
        .await
        .expect("the coordinator sees the region's company events");
    assert!(!seen.may_edit, "to cancel or hide, not to edit");
    let answer = app
        .call_as(
            &kempen,
            &SaveEvent {
                id: Some(open_day_id),
                form: edit.clone(),
            },
        )
        .await;
    assert_eq!(answer.map_err(|e| e.status()), Err(404));
    assert_eq!(
        app.call_as(
            &anonymous,
            &SaveEvent {
                id: None,
                form: open_day("Ingebroken")
            }
        )
        .await
        .map_err(|e| e.status()),
        Err(401)
    );
    assert_eq!(events_snapshot(&db).await, before, "nothing changed");

    // Cancelling needs a reason; with one, the event stays, cancelled, and is public as such.
    let answer = app
        .call_as(
            &jan,
            &ChangeEvent {
                id: open_day_id,
                version: 1,
                change: EventChange::Cancel,
                reason: "  ".into(),
            },
        )
        .await;
    match answer {
        Err(AppError::Refused(refusal)) => assert_eq!(refusal.errors[0].field, "reason"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(events_snapshot(&db).await, before);
    app.call_as(
        &jan,
        &ChangeEvent {
            id: open_day_id,
            version: 1,
            change: EventChange::Cancel,
            reason: "De werkplaats wordt verbouwd".into(),
        },
    )
    .await
    .expect("cancelled");
    let (event, _) = app
        .call_as(&anonymous, &GetPublicEvent { id: open_day_id })
        .await
        .expect("still public");
    assert_eq!(event.status, EventStatus::Cancelled);
    assert_eq!(event.cancel_reason.as_deref(), Some("De werkplaats wordt verbouwd"));
    assert_eq!(event.version, 2);

    // An edit based on the version before the cancellation is refused with what changed.
    let answer = app
        .call_as(
            &jan,
            &SaveEvent {
                id: Some(open_day_id),
                form: edit.clone(),
            },
        )
        .await;
    match answer {
        Err(AppError::Refused(refusal)) => {
            assert!(refusal.stale, "a stale edit");
            assert!(
                refusal
                    .saved_since
                    .iter()
                    .any(|entry| entry.action == app::domain::AuditAction::Cancel)
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }

    // The coordinator hides it: gone from the public page and list, back when shown.
    app.call_as(
        &kempen,
        &ChangeEvent {
            id: open_day_id,
            version: 2,
            change: EventChange::Hide,
            reason: String::new(),
        },
    )
    .await
    .expect("hidden");
    let answer = app.call_as(&anonymous, &GetPublicEvent { id: open_day_id }).await;
    assert_eq!(answer.map_err(|e| e.status()), Err(404));
    let listed = app
        .call_as(
            &anonymous,
            &FindEvents {
                search: EventSearch::default(),
            },
        )
        .await
        .expect("list");
    assert_eq!(listed.events.iter().map(|e| e.id).collect::<Vec<_>>(), [region_event]);
    app.call_as(
        &kempen,
        &ChangeEvent {
            id: open_day_id,
            version: 3,
            change: EventChange::Show,
            reason: String::new(),
        },
    )
    .await
    .expect("shown");
    let listed = app
        .call_as(
            &anonymous,
            &FindEvents {
                search: EventSearch::default(),
            },
        )
        .await
        .expect("list");
    assert_eq!(
        listed.events.iter().map(|e| e.id).collect::<Vec<_>>(),
        [open_day_id, region_event],
        "soonest first"
    );

    // Jan's dashboard lists his event only; the coordinator's both of the region.
    let jans = app
        .call_as(&jan, &app::api::events::ManagedEvents {})
        .await
        .expect("Jan's events");
    assert_eq!(jans.iter().map(|e| e.id).collect::<Vec<_>>(), [open_day_id]);
    let ijmonds = app
        .call_as(&ijmond, &app::api::events::ManagedEvents {})
        .await
        .expect("IJmond's events");
    assert!(ijmonds.is_empty());
    app.stop().await;
});

db_test!(
    an_event_page_list_qr_code_and_calendar_feeds_show_what_is_stored,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let ijmond = logged_in(&app, "co@ijmond.example").await;
        // An evening event across the night the clocks go back (31 October 2027).
        let mut night = open_day("Nacht van de techniek");
        night.start_day = "2027-10-30".into();
        night.start_time = "22:00".into();
        night.end_day = "2027-10-31".into();
        night.end_time = "03:30".into();
        app.call_as(
            &jan,
            &SaveEvent {
                id: None,
                form: night.clone(),
            },
        )
        .await
        .expect("saved");
        let night_id = count(&db, "SELECT id FROM events").await;
        app.call_as(
            &ijmond,
            &SaveEvent {
                id: None,
                form: tech_event("Banenmarkt IJmond", "velsen", "52.4600", "4.6270"),
            },
        )
        .await
        .expect("saved");
        let ijmond_id = count(&db, "SELECT MAX(id) FROM events").await;

        // The page says what, when and where, and links the calendar file and QR code.
        let client = browser();
        let (status, html) = page(&client, &app, &format!("/evenementen/{night_id}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Nacht van de techniek")
                && html.contains("zaterdag 30 oktober 2027 22:00 tot zondag 31 oktober 2027 03:30"),
            "{html}"
        );
        assert!(
            html.contains(&format!("/evenementen/{night_id}/agenda.ics"))
                && html.contains(&format!("/evenementen/{night_id}/qr.svg"))
        );
        let (status, html) = page(&client, &app, "/evenementen?regio=kempen").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Nacht van de techniek") && !html.contains("Banenmarkt IJmond"),
            "filtered by region"
        );
        let (status, html) = page(&client, &app, "/evenementen?voor=kleuters").await;
        assert_eq!(status, 200);
        assert!(html.contains("is onbekend"), "a wrong filter is named");
        let qr = client
            .get(app.url(&format!("/evenementen/{night_id}/qr.svg")))
            .send()
            .await
            .expect("qr");
        assert_eq!(qr.status(), 200);
        assert_eq!(qr.headers()["content-type"], "image/svg+xml");
        assert!(qr.text().await.expect("svg").contains("<svg"));
        assert_eq!(
            client
                .get(app.url("/evenementen/999999/qr.svg"))
                .send()
                .await
                .expect("qr")
                .status(),
            404
        );

        // The feed, read by a real iCalendar parser.
        let feed = |query: &'static str| {
            let client = client.clone();
            let url = app.url(&format!("/evenementen.ics{query}"));
            async move {
                let response = client.get(url).send().await.expect("feed");
                assert_eq!(response.status(), 200);
                assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
                let text = response.text().await.expect("text");
                assert!(
                    text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n")
                        && text.contains("X-PUBLISHED-TTL:PT1H\r\n")
                );
                let calendar: icalendar::Calendar = text.parse().expect("a calendar a real parser reads");
                calendar
                    .components
                    .into_iter()
                    .filter_map(|c| match c {
                        icalendar::CalendarComponent::Event(event) => Some(event),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            }
        };
        use icalendar::Component as _;
        let all = feed("").await;
        assert_eq!(all.len(), 2);
        let kempen = feed("?regio=kempen").await;
        assert_eq!(kempen.len(), 1);
        let event = &kempen[0];
        let uid = event.get_uid().expect("uid").to_owned();
        assert!(uid.starts_with(&format!("event-{night_id}@")), "{uid}");
        assert_eq!(
            event.property_value("DTSTART"),
            Some("20271030T200000Z"),
            "22:00 summer time"
        );
        assert_eq!(
            event.property_value("DTEND"),
            Some("20271031T023000Z"),
            "03:30 winter time"
        );
        assert_eq!(event.property_value("SEQUENCE"), Some("0"));
        assert_eq!(event.property_value("STATUS"), Some("CONFIRMED"));
        assert_eq!(event.get_summary(), Some("Nacht van de techniek"));
        assert_eq!(feed("?bedrijf=vonk-metaal").await.len(), 1, "per company");
        assert_eq!(feed("?bedrijf=staal-bladel").await.len(), 0);
        let answer = client
            .get(app.url("/evenementen.ics?regio=atlantis"))
            .send()
            .await
            .expect("feed");
        assert_eq!(answer.status(), 400);

        // An edit raises SEQUENCE, a cancellation keeps the event as CANCELLED; the UID stays.
        night.version = 1;
        night.title_nl = "Nacht van de techniek 2027".into();
        app.call_as(
            &jan,
            &SaveEvent {
                id: Some(night_id),
                form: night,
            },
        )
        .await
        .expect("edited");
        app.call_as(
            &jan,
            &ChangeEvent {
                id: night_id,
                version: 2,
                change: EventChange::Cancel,
                reason: "Storm".into(),
            },
        )
        .await
        .expect("cancelled");
        let kempen = feed("?regio=kempen").await;
        let event = &kempen[0];
        assert_eq!(event.get_uid(), Some(uid.as_str()));
        assert_eq!(event.property_value("SEQUENCE"), Some("2"));
        assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
        assert!(event.get_description().is_some_and(|d| d.contains("Storm")));
        let single = client
            .get(app.url(&format!("/evenementen/{ijmond_id}/agenda.ics")))
            .send()
            .await
            .expect("one");
        assert_eq!(single.status(), 200);
        let calendar: icalendar::Calendar = single.text().await.expect("text").parse().expect("parses");
        assert_eq!(calendar.components.len(), 1);
        app.stop().await;
    }
);

/// The token in the newest sign-up mail to `email`.
async fn sign_up_token(db: &app::db::Db, email: &str) -> String {
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
        let app = TestApp::spawn_behind_proxy(db.clone()).await;
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

db_test!(
    the_home_map_shows_upcoming_events_of_its_region_when_switched_on,
    |db| {
        server::seed::demo(&db).await.expect("demo data");
        let app = TestApp::spawn(db.clone()).await;
        // Events at one place share a pin: count the places of planned events.
        let planned = |region: &str| {
            format!(
                "SELECT COUNT(*) FROM (SELECT DISTINCT e.latitude, e.longitude FROM events e
             JOIN municipalities m ON m.id = e.municipality_id JOIN regions r ON r.id = m.region_id
             WHERE e.status = 'planned' AND r.code LIKE '{region}') AS places"
            )
        };
        let all = count(&db, &planned("%")).await;
        let ijmond = count(&db, &planned("ijmond")).await;
        assert!(
            all > 8 && ijmond > 3 && ijmond < all,
            "the demo has events in both regions: {all}, {ijmond}"
        );
        // Pins close together at the map's zoom are shown as one, so there are at most as
        // many pins as places, and at least one.
        let pins = |html: &str| html.matches("class=\"event-pin").count() as i64;
        let html = app.page_in("nl", "/").await;
        assert_eq!(pins(&html), 0, "off until switched on");
        assert!(html.contains("Evenementen tonen") && html.contains("href=\"/?evenementen=aan\""));
        let html = app.page_in("nl", "/?evenementen=aan").await;
        assert!(
            (1..=all).contains(&pins(&html)),
            "{} pins for {all} places",
            pins(&html)
        );
        let html = app.page_in("en", "/?regio=ijmond&evenementen=aan").await;
        assert!((1..=ijmond).contains(&pins(&html)));
        let kempen_event = count(
            &db,
            "SELECT MIN(e.id) FROM events e JOIN municipalities m ON m.id = e.municipality_id WHERE m.region_id = 1",
        )
        .await;
        assert!(
            !html.contains(&format!("href=\"/evenementen/{kempen_event}\"")),
            "no event of the other region"
        );
        assert!(
            html.contains("Hide events") && html.contains("href=\"/?regio=ijmond\""),
            "the switch turns them off"
        );
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
