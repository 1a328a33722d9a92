//! The public list, page, QR code and calendar feeds, read back with a real iCalendar
//! parser; the home map's events.

use super::*;

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
