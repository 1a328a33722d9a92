//! A screen gone silent in its on-hours: its owners hear once, and once when it is back.

use super::*;

db_test!(
    owners_hear_once_when_a_screen_is_silent_in_its_on_hours_and_once_when_it_is_back,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let (tv, screen_id) = paired_tv(&app, &db, &kempen).await;
        let site = app::auth::SiteSettings::new(&app.url(""));
        let at = |text: &str| Instant::parse(text).expect("instant");
        let mails = || count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'co@kempen.example'");
        let before = mails().await;

        // Last heard on Monday 15 March 2027 at 10:00 on Dutch clocks (on: weekdays 07:30-17:30).
        let reported = app::domain::Heartbeat::read("region-kempen", "dev", 1920, 1080).expect("valid");
        let mut tx = db.begin().await.expect("begin");
        app::db::screens::record_heartbeat(&mut tx, screen_id, &reported, at("2027-03-15T09:00:00Z"))
            .await
            .expect("heartbeat");
        tx.commit().await.expect("commit");
        let alert = |now: &'static str| {
            let db = db.clone();
            let site = site.clone();
            async move {
                app::screens::alert_silent_screens(&db, &site, Instant::parse(now).expect("instant"))
                    .await
                    .expect("alerts")
            }
        };
        assert_eq!(alert("2027-03-15T09:29:00Z").await, 0, "29 minutes is not yet");
        assert_eq!(alert("2027-03-15T09:31:00Z").await, 1, "31 minutes is");
        assert_eq!(mails().await, before + 1);
        assert_eq!(alert("2027-03-15T10:31:00Z").await, 0, "once per silence");
        assert_eq!(mails().await, before + 1);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'co@ijmond.example'").await,
            0,
            "the other region's coordinator hears nothing"
        );

        // Back: its next heartbeat mails that once.
        heartbeat(
            &app,
            &tv,
            &ScreenHeartbeat {
                slide: "region-kempen".to_owned(),
                build: "dev".to_owned(),
                width: 1920,
                height: 1080,
            },
        )
        .await
        .expect("heartbeat");
        assert_eq!(mails().await, before + 2);

        // Silent over a weekend (Saturday 20 March, off-hours), nobody is mailed.
        let mut tx = db.begin().await.expect("begin");
        app::db::screens::record_heartbeat(&mut tx, screen_id, &reported, at("2027-03-19T16:00:00Z"))
            .await
            .expect("heartbeat");
        tx.commit().await.expect("commit");
        assert_eq!(alert("2027-03-20T12:00:00Z").await, 0, "Saturday is off");
        assert_eq!(mails().await, before + 2);
        app.stop().await;
    }
);
