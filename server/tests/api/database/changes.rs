//! Typed changes: what a commit publishes, what a rollback does not, and how another
//! process's changes arrive through the change log.

use super::catalog::open_demo_placement;
use super::*;

db_test!(a_committed_change_reaches_a_subscriber_with_what_and_where, |db| {
    let mut changes = db.subscribe();
    let mut tx = db.begin().await.expect("begin");
    let mut ijmond = company("Staalbouw Velsen");
    ijmond.municipality = "velsen".to_owned();
    ijmond.town = "IJmuiden".to_owned();
    ijmond.postcode = "1971 AA".to_owned();
    ijmond.latitude = 52.4580;
    ijmond.longitude = 4.6240;
    let company_id = db::companies::insert_company(&mut tx, &ijmond, "2026-11-21T10:00:00Z")
        .await
        .expect("company");
    let placement_id =
        db::placements::insert_placement(&mut tx, company_id, &open_demo_placement(), "2026-11-21T10:00:00Z")
            .await
            .expect("placement");
    assert!(changes.try_recv().is_err(), "nothing is published before the commit");
    tx.commit().await.expect("commit");
    let committed = changes.recv().await.expect("published");
    assert_eq!(
        committed.changes,
        [
            Change::Company {
                id: company_id,
                region: Region::Ijmond
            },
            Change::Placement {
                id: placement_id,
                company_id,
                region: Region::Ijmond
            },
        ]
    );
    assert!(committed.is_public());
});

db_test!(a_rolled_back_transaction_publishes_nothing, |db| {
    let mut changes = db.subscribe();
    let mut tx = db.begin().await.expect("begin");
    db::companies::insert_company(&mut tx, &company("Teruggedraaid"), "2026-11-21T10:00:00Z")
        .await
        .expect("insert");
    drop(tx);
    let kept = insert(&db, &company("Bewaard Bedrijf")).await.expect("insert");
    // The broadcast is ordered: the first thing it carries is the second, committed write.
    let committed = changes.recv().await.expect("published");
    assert_eq!(
        committed.changes,
        [Change::Company {
            id: kept,
            region: Region::Kempen
        }]
    );
    assert!(changes.try_recv().is_err(), "nothing else was published");
});

db_test!(account_and_mail_changes_are_published_but_not_public, |db| {
    let mut changes = db.subscribe();
    let email = app::domain::EmailAddress::parse("coordinator@kempen.example").expect("address");
    let mut tx = db.begin().await.expect("begin");
    let user_id = db::accounts::insert_user(
        &mut tx,
        &email,
        app::domain::Role::Coordinator,
        None,
        Some(Region::Kempen),
        "2026-11-21T10:00:00Z",
    )
    .await
    .expect("user");
    let message = app::mail::Message {
        subject: "Onderwerp".into(),
        body: "Tekst".into(),
        purpose: None,
    };
    let mail_id = db::outbox::record_mail(&mut tx, &email, &message, Some(user_id), None, "2026-11-21T10:00:00Z")
        .await
        .expect("mail");
    tx.commit().await.expect("commit");
    let committed = changes.recv().await.expect("published");
    assert_eq!(
        committed.changes,
        [Change::Account { user_id }, Change::Mail { id: mail_id }]
    );
    assert!(!committed.is_public(), "the public pages show neither");
});

/// Appends a row to `change_log` as another process's commit would (or, with `*`,
/// `techkaart changed`).
pub(super) async fn logged_elsewhere(db: &Db, changes: &str) {
    execute(
        db,
        &format!(
            "INSERT INTO change_log (origin, changes, written_at) VALUES ('another-process', '{changes}', '{}')",
            db::now_instant().stored()
        ),
    )
    .await
    .expect("logged");
}

db_test!(
    a_hand_edit_announced_by_techkaart_changed_is_shown_within_the_bound,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let before = app::catalog::current(&db).await.expect("catalog").companies.len();
        let mut changes = db.subscribe();
        // Raw SQL on the pool stands in for someone editing the database by hand: it does not
        // go through a transaction of the app, so nothing says what it changed...
        let id = count(
            &db,
            "SELECT MIN(id) FROM companies WHERE id NOT IN (SELECT company_id FROM placements WHERE status = 'open')",
        )
        .await;
        assert!(id > 0, "the demo data has a company without open placements");
        let written = std::time::Instant::now();
        execute(
            &db,
            &format!("UPDATE placements SET status = 'open' WHERE company_id = {id}"),
        )
        .await
        .expect("reopen");
        // ...until `techkaart changed` says that anything may have.
        logged_elsewhere(&db, "*").await;
        // The log is read once per OUTSIDE_WRITES_EVERY; a generous margin on top keeps a
        // busy machine from failing this.
        let bound = db::changes::OUTSIDE_WRITES_EVERY * 5;
        let committed = tokio::time::timeout(bound, changes.recv())
            .await
            .expect("the announcement is noticed")
            .expect("published");
        assert_eq!(committed.changes, [Change::Elsewhere]);
        db.shown(committed.seq).await;
        assert_eq!(
            app::catalog::current(&db).await.expect("catalog").companies.len(),
            before + 1
        );
        eprintln!("a hand edit showed after {:?}", written.elapsed());
    }
);

db_test!(
    another_processs_changes_arrive_typed_and_only_they_are_read_again,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let before = app::catalog::current(&db).await.expect("catalog");
        let mut changes = db.subscribe();
        let placement = count(&db, "SELECT MIN(id) FROM placements WHERE status = 'open'").await;
        let company = count(
            &db,
            &format!("SELECT company_id FROM placements WHERE id = {placement}"),
        )
        .await;
        let region = before
            .companies
            .iter()
            .find(|c| c.id == company)
            .map(|c| c.municipality.region())
            .expect("listed");
        // Another process renames the placement and logs what it changed in the same
        // transaction, as `Tx::commit` does.
        execute(
            &db,
            &format!("UPDATE placements SET title = 'Verspaner elders' WHERE id = {placement}"),
        )
        .await
        .expect("renamed");
        logged_elsewhere(&db, &format!("p{placement}/{company}@{}", region.code())).await;
        let committed = tokio::time::timeout(db::changes::OUTSIDE_WRITES_EVERY * 5, changes.recv())
            .await
            .expect("noticed")
            .expect("published");
        assert_eq!(
            committed.changes,
            [Change::Placement {
                id: placement,
                company_id: company,
                region
            }],
            "typed, as that process's own commit was"
        );
        db.shown(committed.seq).await;
        let after = app::catalog::current(&db).await.expect("catalog");
        let listed = after.companies.iter().find(|c| c.id == company).expect("listed");
        assert!(
            listed.placements.iter().any(|p| p.title == "Verspaner elders"),
            "patched in"
        );
        // Patched, not rebuilt: every other company is the very same entry as before.
        let shared = after
            .companies
            .iter()
            .filter(|c| before.companies.iter().any(|b| Arc::ptr_eq(b, c)))
            .count();
        assert_eq!(shared, after.companies.len() - 1);
        // A row this process cannot read means anything may have changed.
        logged_elsewhere(&db, "x1@nergens").await;
        let committed = tokio::time::timeout(db::changes::OUTSIDE_WRITES_EVERY * 5, changes.recv())
            .await
            .expect("noticed")
            .expect("published");
        assert_eq!(committed.changes, [Change::Elsewhere]);
    }
);

db_test!(this_processs_own_writes_are_never_taken_for_another_processs, |db| {
    app::catalog::current(&db).await.expect("catalog");
    let mut changes = db.subscribe();
    // Writes spread over a few of the watcher's readings, each of which may fall between
    // a commit and its publication.
    for n in 0..12 {
        insert(&db, &company(&format!("Eigen Schrijver {n}")))
            .await
            .expect("company");
        tokio::time::sleep(db::changes::OUTSIDE_WRITES_EVERY / 4).await;
    }
    tokio::time::sleep(db::changes::OUTSIDE_WRITES_EVERY * 2).await;
    let mut published = Vec::new();
    while let Ok(committed) = changes.try_recv() {
        published.extend(committed.changes.iter().copied());
    }
    assert_eq!(published.len(), 12, "{published:?}");
    assert!(!published.contains(&Change::Elsewhere), "{published:?}");
});

/// Two instances on one PostgreSQL database: a write through one reaches the other typed,
/// by notification (each instance has one listening connection), and when that connection
/// is killed, the next write is still noticed (the change log is read every second too)
/// and the instance listens again on a new connection.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(super) async fn a_write_through_one_instance_reaches_the_other_and_a_killed_listener_is_repaired() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let one = server::database::open(&url).await.expect("first instance");
    let two = server::database::open(&url).await.expect("second instance");
    seed::demo(&one).await.expect("demo seed");
    app::catalog::current(&two).await.expect("catalog");
    let listeners = || {
        count(
            &one,
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        )
    };
    let listener_pid = || {
        count(
            &one,
            "SELECT COALESCE(MAX(pid), 0)::bigint FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        )
    };
    // The listening connection is made by the watcher the catalog starts, a moment later.
    let mut listening = 0;
    for _ in 0..100 {
        listening = listeners().await;
        if listening > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(listening, 1, "the second instance listens on one connection");
    let mut heard = two.subscribe();
    let write = |n: i64| {
        let one = one.clone();
        async move {
            insert(&one, &company(&format!("Schrijver Elders {n}")))
                .await
                .expect("company");
        }
    };
    let started = std::time::Instant::now();
    write(1).await;
    heard_from_the_other(&mut heard).await;
    eprintln!("noticed by notification after {:?}", started.elapsed());

    // The listening connection is killed: the next write is noticed all the same, and the
    // instance listens again.
    let old = listener_pid().await;
    execute(&one, &format!("SELECT pg_terminate_backend({old})"))
        .await
        .expect("killed");
    write(2).await;
    heard_from_the_other(&mut heard).await;
    let mut again = 0;
    for _ in 0..100 {
        again = listener_pid().await;
        if again != 0 && again != old {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        again != 0 && again != old,
        "a new listening connection ({old} -> {again})"
    );
    write(3).await;
    heard_from_the_other(&mut heard).await;
    one.close().await;
    two.close().await;
    crate::common::drop_postgres_database(&name).await;
}

/// Waits (at most 10 s) for the next commit `heard` publishes, which must be the other
/// instance's write of a company, typed.
#[cfg(postgres_tests)]
pub(super) async fn heard_from_the_other(heard: &mut tokio::sync::broadcast::Receiver<Arc<db::changes::Committed>>) {
    let committed = tokio::time::timeout(Duration::from_secs(10), heard.recv())
        .await
        .expect("noticed")
        .expect("published");
    assert!(
        matches!(committed.changes[..], [Change::Company { .. }]),
        "the other instance's typed change: {:?}",
        committed.changes
    );
}
