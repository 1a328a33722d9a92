//! The retention rules: the daily purge deletes on time, and a student asked to be kept is
//! asked again before it ends.

use super::*;

db_test!(the_purge_deletes_what_the_retention_rules_no_longer_keep, |db| {
    use app::api::board::close_idle_interests;
    use app::db::interests::{InterestKeys, purge};
    use app::domain::{Instant, Region};

    let placement_id = open_placement(&db).await;
    let day = |d: i64| {
        Instant::parse("2027-01-04T09:00:00Z")
            .expect("instant")
            .plus_seconds(d * 86_400)
    };
    let hours = |h: i64| day(0).plus_seconds(h * 3600);
    // Stores `form` as made at the start, with link tokens made up from `name`.
    let store = |name: &'static str, form: InterestForm| {
        let db = db.clone();
        async move {
            let interest = form
                .read(app::domain::Day::parse("2027-01-04").expect("day"))
                .expect("valid");
            let guardian = interest.guardian_email.as_ref().map(|_| format!("g-{name}"));
            let mut tx = db.begin().await.expect("begin");
            let id = app::db::interests::insert_interest(
                &mut tx,
                app::db::interests::InterestAbout::placement(Some(placement_id), Region::Kempen),
                &interest,
                &InterestKeys {
                    token_hash: name,
                    guardian_token_hash: guardian.as_deref(),
                },
                None,
                &day(0).stored(),
            )
            .await
            .expect("stored");
            tx.commit().await.expect("commit");
            id
        }
    };
    let adult = |email: &str| InterestForm {
        age_band: "18-plus".into(),
        guardian_email: "".into(),
        email: email.into(),
        ..sanne()
    };
    let set = |sql: String| {
        let db = db.clone();
        async move { execute(&db, &sql).await.expect("update") }
    };
    let confirmed = format!("email_confirmed_at = '{}'", hours(1).stored());
    let unconfirmed = store("unconfirmed", adult("a@mail.example")).await;
    let no_parent = store("no-parent", sanne()).await;
    set(format!("UPDATE interests SET {confirmed} WHERE id = {no_parent}")).await;
    let idle = store("idle", adult("b@mail.example")).await;
    let closed = store("closed", adult("c@mail.example")).await;
    let kept = store("kept", adult("d@mail.example")).await;
    let withdrawn_kept = store("withdrawn", adult("e@mail.example")).await;
    let in_review = store("in-review", adult("f@mail.example")).await;
    set(format!(
        "UPDATE interests SET {confirmed} WHERE id IN ({idle}, {closed}, {kept}, {withdrawn_kept}, {in_review})"
    ))
    .await;
    // Closed on day 10; one of them asked to be kept for a year; a withdrawn one asked too.
    let ten = day(10).stored();
    let year = day(365).stored();
    set(format!(
        "UPDATE interests SET stage = 'closed', close_reason = 'no-match', declined_by = 'nobody', \
         stage_changed_at = '{ten}' WHERE id IN ({closed}, {kept})"
    ))
    .await;
    set(format!(
        "UPDATE interests SET stage = 'withdrawn', stage_changed_at = '{ten}' WHERE id = {withdrawn_kept}"
    ))
    .await;
    set(format!(
        "UPDATE interests SET stage = 'in-review', stage_changed_at = '{ten}' WHERE id = {in_review}"
    ))
    .await;
    set(format!(
        "UPDATE interests SET keep_until = '{year}' WHERE id IN ({kept}, {withdrawn_kept})"
    ))
    .await;
    let left = || async {
        let mut ids = Vec::new();
        for id in [unconfirmed, no_parent, idle, closed, kept, withdrawn_kept, in_review] {
            if count(&db, &format!("SELECT COUNT(*) FROM interests WHERE id = {id}")).await == 1 {
                ids.push(id);
            }
        }
        ids
    };

    let purged = purge(&db, hours(71)).await.expect("purge");
    assert_eq!(purged.total(), 0, "71 hours: everything stays");
    let purged = purge(&db, hours(73)).await.expect("purge");
    assert_eq!(
        purged.unconfirmed, 2,
        "73 hours: the unconfirmed one and the one without a parent's consent"
    );
    assert_eq!(left().await, [idle, closed, kept, withdrawn_kept, in_review]);
    let purged = purge(&db, day(37)).await.expect("purge");
    assert_eq!(purged.total(), 0, "27 days after closing: still there");
    let purged = purge(&db, day(39)).await.expect("purge");
    assert_eq!(
        purged.over, 2,
        "29 days after: the closed one and the withdrawn one (keeping holds no withdrawn)"
    );
    assert_eq!(left().await, [idle, kept, in_review]);

    // Left on the way: closed as "not reachable" after six months without a move, in
    // whatever stage, the student told; then gone four weeks later like any closed one.
    let round = |at: Instant| {
        let db = db.clone();
        async move {
            let closed = close_idle_interests(&db, at).await.expect("close idle");
            let purged = purge(&db, at).await.expect("purge");
            (closed, purged.total())
        }
    };
    let stage_of = |id: i64| {
        let db = db.clone();
        async move {
            let sql = format!("SELECT stage, COALESCE(close_reason, '') FROM interests WHERE id = {id}");
            let row: (String, String) = match db.pools() {
                app::db::Pools::Sqlite { read, .. } => sqlx::query_as(&sql).fetch_one(read).await,
                app::db::Pools::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
            }
            .expect("stage");
            row
        }
    };
    let mails_to = |email: &'static str| {
        let db = db.clone();
        async move { count(&db, &format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{email}'")).await }
    };
    assert_eq!(round(day(182)).await, (0, 0), "not six months yet");
    assert_eq!(round(day(184)).await, (1, 0), "six months in 'interest': closed");
    assert_eq!(stage_of(idle).await, ("closed".to_owned(), "not-reachable".to_owned()));
    assert_eq!(mails_to("b@mail.example").await, 1, "the student is told");
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE subject_id = {idle} AND action = 'close' AND user_id IS NULL"
            )
        )
        .await,
        1,
        "the change log says the retention rules closed it"
    );
    assert_eq!(round(day(192)).await, (0, 0), "in review since day 10: not yet");
    assert_eq!(round(day(194)).await, (1, 0), "six months in review: closed too");
    assert_eq!(stage_of(in_review).await.0, "closed");
    assert_eq!(mails_to("f@mail.example").await, 1);
    assert_eq!(left().await, [idle, kept, in_review], "closed, not yet deleted");
    assert_eq!(round(day(213)).await, (0, 1), "four weeks after closing: gone");
    assert_eq!(left().await, [kept, in_review]);
    assert_eq!(round(day(223)).await, (0, 1));
    assert_eq!(left().await, [kept], "kept: held");
    assert_eq!(round(day(366)).await, (0, 1), "the year it was kept for is over");
    assert_eq!(left().await, Vec::<i64>::new());
});

/// The soonest end of a "keep me for next season".
pub(super) async fn earliest_keep_until(db: &app::db::Db) -> app::domain::Instant {
    let sql = "SELECT MIN(keep_until) FROM interests";
    let (text,): (String,) = match db.pools() {
        app::db::Pools::Sqlite { read, .. } => sqlx::query_as(sql).fetch_one(read).await,
        app::db::Pools::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await,
    }
    .expect("keep_until");
    app::domain::Instant::parse(&text).expect("instant")
}

db_test!(
    a_student_who_asked_to_be_kept_is_asked_again_two_weeks_before_it_ends,
    |db| {
        use app::api::interests::ask_before_keep_ends;

        let app = TestApp::spawn(db.clone()).await;
        let site = app::auth::SiteSettings::new(&app.url(""));
        let placement_id = open_placement(&db).await;
        confirmed_interest(&app, &db, placement_id, "daan@mail.example", "Daan").await;
        confirmed_interest(&app, &db, placement_id, "daan@mail.example", "Daan").await;
        let old = mailed_token(&db, "daan@mail.example", "/mijn-interesse/").await;
        app.call(&KeepMyInterests {
            token: old.clone(),
            keep: true,
        })
        .await
        .expect("kept");
        let until = count(&db, "SELECT COUNT(*) FROM interests WHERE keep_until IS NOT NULL").await;
        assert_eq!(until, 2);
        let kept_until = earliest_keep_until(&db).await;
        let mails = || count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = 'daan@mail.example'");
        let before = mails().await;
        let ask = |days_before: i64| ask_before_keep_ends(&db, &site, kept_until.plus_seconds(-days_before * 86_400));
        assert_eq!(ask(15).await.expect("ask"), 0, "more than two weeks before: not yet");
        assert_eq!(ask(13).await.expect("ask"), 1, "one mail for both interests");
        assert_eq!(mails().await, before + 1);
        assert_eq!(ask(12).await.expect("ask"), 0, "asked once");
        // The mail's fresh link opens her page; keeping again starts a new year and a new question.
        let fresh = mailed_token(&db, "daan@mail.example", "/mijn-interesse/").await;
        assert_ne!(fresh, old);
        let page = app
            .call(&app::api::interests::LoadOwnInterests { token: fresh.clone() })
            .await
            .expect("her page");
        assert_eq!(page.interests.len(), 2);
        app.call(&KeepMyInterests {
            token: fresh,
            keep: true,
        })
        .await
        .expect("kept again");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM interests WHERE keep_asked_at IS NULL AND keep_until IS NOT NULL"
            )
            .await,
            2
        );
        // Two instances' hourly rounds in the same hour, two weeks before the new year
        // ends: one of them runs, and she is asked once, with one link that works.
        let new_until = earliest_keep_until(&db).await;
        let asked_before = mails().await;
        let at = new_until.plus_seconds(-13 * 86_400);
        let (one, two) = tokio::join!(
            server::retention::purge_round(&db, &site, at),
            server::retention::purge_round(&db, &site, at)
        );
        assert!(one ^ two, "exactly one round ran: {one} {two}");
        assert_eq!(mails().await, asked_before + 1);
        assert!(
            !server::retention::purge_round(&db, &site, at.plus_seconds(60)).await,
            "not again within the hour"
        );
        assert!(server::retention::purge_round(&db, &site, at.plus_seconds(3600)).await);
        assert_eq!(mails().await, asked_before + 1, "asked once");
        app.stop().await;
    }
);
