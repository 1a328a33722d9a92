//! Who may add, edit, cancel, hide and show which event; refused input changes nothing.

use super::*;

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
