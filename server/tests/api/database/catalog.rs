//! The catalog: what it lists, that a write shows at once, a rollback shows nothing, old
//! snapshots serve while a rebuild is held up, and patching equals building anew.

use super::*;

db_test!(
    the_listed_companies_are_the_published_ones_with_open_placements_sorted_by_name,
    |db| {
        seed::synthetic(&db, 120, seed::DEFAULT_MAX_PLACEMENTS as u8)
            .await
            .expect("synthetic seed");
        let expected_companies = count(
            &db,
            "SELECT COUNT(*) FROM companies c WHERE c.published
           AND EXISTS (SELECT 1 FROM placements p WHERE p.company_id = c.id AND p.status = 'open')",
        )
        .await;
        let expected_open = count(
            &db,
            "SELECT COUNT(*) FROM placements p JOIN companies c ON c.id = p.company_id
         WHERE c.published AND p.status = 'open'",
        )
        .await;
        let listed = db::companies::list_public_companies(&db)
            .await
            .expect("listed companies");
        assert!(listed.len() > 50, "the synthetic set should have many listed companies");
        assert_eq!(listed.len() as i64, expected_companies);
        let open: i64 = listed.iter().map(|c| c.placements.len() as i64).sum();
        assert_eq!(open, expected_open);
        assert!(listed.windows(2).all(|w| w[0].name <= w[1].name), "not sorted by name");
    }
);

db_test!(an_unpublished_company_is_not_listed, |db| {
    let mut hidden = company("Verborgen Test");
    hidden.published = false;
    let id = insert(&db, &hidden).await.expect("company");
    execute(&db, &placement_sql(id, "bbl")).await.expect("placement");
    assert!(
        db::companies::list_public_companies(&db)
            .await
            .expect("listed")
            .is_empty()
    );
    let summaries = db::regions::list_region_summaries(&db).await.expect("summaries");
    assert!(summaries.iter().all(|s| s.open_placements == 0));
});

db_test!(a_committed_write_shows_in_the_catalog_at_once, |db| {
    seed::demo(&db).await.expect("demo seed");
    let before = app::catalog::current(&db).await.expect("catalog");
    crate::common::insert_company_with_open_placement(&db, "Aaa Nieuw Leerbedrijf").await;
    let after = app::catalog::current(&db).await.expect("catalog");
    assert_eq!(after.companies.len(), before.companies.len() + 1);
    assert_eq!(after.companies[0].name, "Aaa Nieuw Leerbedrijf", "sorted first by name");
    let open = |s: &app::catalog::Snapshot| s.regions.iter().map(|r| r.open_placements).sum::<i64>();
    assert_eq!(open(&after), open(&before) + 1);
});

db_test!(a_rolled_back_write_leaves_the_catalog_and_the_data_as_they_were, |db| {
    seed::demo(&db).await.expect("demo seed");
    let before = app::catalog::current(&db).await.expect("catalog").companies.len();
    let mut tx = db.begin().await.expect("begin");
    db::companies::insert_company(&mut tx, &company("Teruggedraaid"), "2026-11-21T10:00:00Z")
        .await
        .expect("insert");
    drop(tx);
    assert_eq!(
        app::catalog::current(&db).await.expect("catalog").companies.len(),
        before
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM companies WHERE name = 'Teruggedraaid'").await,
        0
    );
});

db_test!(
    the_catalog_keeps_serving_the_old_snapshot_while_a_rebuild_is_held_up,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let before = app::catalog::current(&db).await.expect("catalog");
        // Hold up every rebuild with the real database: on SQLite by taking every reader
        // connection, on PostgreSQL by locking a table the rebuild reads. Writes need neither.
        let hold = hold_up_catalog_reads(&db).await;
        let mut changes = db.subscribe();
        let writer = {
            let db = db.clone();
            tokio::spawn(
                async move { crate::common::insert_company_with_open_placement(&db, "Aaa Tijdens Herbouw").await },
            )
        };
        let committed = tokio::time::timeout(Duration::from_secs(10), changes.recv())
            .await
            .expect("the write commits while the rebuild is held up")
            .expect("published");
        for _ in 0..3 {
            let served = tokio::time::timeout(Duration::from_millis(500), app::catalog::current(&db))
                .await
                .expect("a reader never waits for the rebuild")
                .expect("catalog");
            assert!(Arc::ptr_eq(&served, &before), "the old snapshot serves meanwhile");
        }
        hold.release().await;
        db.shown(committed.seq).await;
        let after = app::catalog::current(&db).await.expect("catalog");
        assert_eq!(after.companies.len(), before.companies.len() + 1);
        assert_eq!(after.companies[0].name, "Aaa Tijdens Herbouw");
        writer.await.expect("writer");
    }
);

db_test!(a_snapshot_is_kept_while_nothing_public_changes, |db| {
    use app::domain::Role;

    seed::demo(&db).await.expect("demo seed");
    let before = app::catalog::current(&db).await.expect("catalog");
    let mut changes = db.subscribe();
    insert(&db, &company("Zzz Zonder Plekken")).await.expect("company");
    let public = changes.recv().await.expect("published");
    db.shown(public.seq).await;
    let after = app::catalog::current(&db).await.expect("catalog");
    assert!(!Arc::ptr_eq(&after, &before), "a public change makes a new snapshot");
    crate::common::account(&db, "nog@iemand.example", Role::Coordinator, None, None).await;
    let account = changes.recv().await.expect("published");
    assert!(!account.is_public());
    db.shown(account.seq).await;
    assert!(
        Arc::ptr_eq(&app::catalog::current(&db).await.expect("catalog"), &after),
        "an account change keeps the snapshot"
    );
});

/// An open placement from the demo data.
pub(super) fn open_demo_placement() -> app::domain::NewPlacement {
    seed::demo_data(app::domain::Day::parse("2026-11-21").expect("a day"))
        .into_iter()
        .flat_map(|(_, placements)| placements)
        .find(|p| p.status == PlacementStatus::Open)
        .expect("an open demo placement")
}

/// What holds up the catalog's reads until it is released.
pub(super) enum HoldUp {
    Readers(Vec<sqlx::pool::PoolConnection<sqlx::Sqlite>>),
    Lock(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl HoldUp {
    async fn release(self) {
        match self {
            HoldUp::Readers(taken) => drop(taken),
            HoldUp::Lock(tx) => tx.rollback().await.expect("rollback"),
        }
    }
}

pub(super) async fn hold_up_catalog_reads(db: &Db) -> HoldUp {
    match db.pools() {
        db::Pools::Sqlite { read, .. } => {
            let mut taken = Vec::new();
            while taken.len() < read.options().get_max_connections() as usize {
                taken.push(read.acquire().await.expect("reader"));
            }
            HoldUp::Readers(taken)
        }
        db::Pools::Postgres(pool) => {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query("LOCK TABLE regions IN ACCESS EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .expect("lock");
            HoldUp::Lock(tx)
        }
    }
}

db_test!(
    a_published_company_is_read_with_its_fields_and_its_open_placements_first,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let data = seed::demo_data(db::today());
        let (expected, placements) = data
            .iter()
            .find(|(_, p)| p.iter().any(|p| p.status != PlacementStatus::Open) && p.iter().any(|p| p.status.is_open()))
            .expect("a demo company with open and closed placements");
        let company = db::companies::get_published_company(&db, expected.slug.as_str())
            .await
            .expect("query")
            .expect("the company");
        assert_eq!(company.name, expected.name);
        let mut fields = expected.fields.clone();
        fields.sort();
        assert_eq!(company.fields, fields);
        assert_eq!(company.placements.len(), placements.len());
        let first_closed = company
            .placements
            .iter()
            .position(|p| !p.status.is_open())
            .expect("a closed placement");
        assert!(
            company.placements[first_closed..].iter().all(|p| !p.status.is_open()),
            "open placements come first"
        );
    }
);

db_test!(an_unpublished_or_unknown_company_is_not_found, |db| {
    let mut hidden = company("Verborgen Test");
    hidden.published = false;
    insert(&db, &hidden).await.expect("company");
    assert!(
        db::companies::get_published_company(&db, "verborgen-test")
            .await
            .expect("query")
            .is_none()
    );
    assert!(
        db::companies::get_published_company(&db, "bestaat-niet")
            .await
            .expect("query")
            .is_none()
    );
});

db_test!(a_placement_is_found_only_under_its_own_company, |db| {
    seed::demo(&db).await.expect("demo seed");
    let listed = db::companies::list_public_companies(&db).await.expect("listed");
    let (first, second) = (&listed[0], &listed[1]);
    let profile = db::companies::get_published_company(&db, &first.slug)
        .await
        .expect("query")
        .expect("company");
    let id = profile.placements[0].id;
    let found = db::placements::get_published_placement(&db, &first.slug, id)
        .await
        .expect("query")
        .expect("placement");
    assert_eq!((found.id, found.company_name.as_str()), (id, first.name.as_str()));
    assert!(
        db::placements::get_published_placement(&db, &second.slug, id)
            .await
            .expect("query")
            .is_none()
    );
});

db_test!(a_catalog_patched_after_each_write_equals_one_built_anew, |db| {
    use app::domain::PlacementStatus;
    seed::demo(&db).await.expect("demo seed");
    app::catalog::current(&db).await.expect("catalog");
    let mut changes = db.subscribe();
    let now = "2026-12-07T10:00:00Z";
    // Writes of every kind the patch must follow, each in its own transaction and through
    // the db functions (so each names what it changed).
    let new = insert(&db, &company("Aaa Eerste Metaal")).await.expect("a new company");
    let mut tx = db.begin().await.expect("begin");
    let placement = db::placements::insert_placement(&mut tx, new, &open_demo_placement(), now)
        .await
        .expect("its first open placement");
    tx.commit().await.expect("commit");
    let listed = app::catalog::current(&db).await.expect("catalog");
    let (companies, open) = (
        listed.companies.len(),
        listed.regions.iter().map(|r| r.open_placements).sum::<i64>(),
    );
    // A company renamed moves in the order; another unpublished leaves the list.
    let demo = count(&db, "SELECT MIN(company_id) FROM placements WHERE status = 'open'").await;
    for (id, change) in [(new, "rename"), (demo, "unpublish")] {
        let mut tx = db.begin().await.expect("begin");
        let (stored, version) = db::companies::lock_own_company(&mut tx, id)
            .await
            .expect("read")
            .expect("found");
        let changed = match change {
            "rename" => NewCompany {
                name: "Zzz Laatste Metaal".into(),
                ..stored
            },
            _ => NewCompany {
                published: false,
                ..stored
            },
        };
        db::companies::update_company(&mut tx, id, version, &changed, now)
            .await
            .expect("saved");
        tx.commit().await.expect("commit");
    }
    db.shown(db.last_seq()).await;
    let moved = app::catalog::current(&db).await.expect("catalog");
    assert_eq!(
        moved.companies.last().map(|c| c.id),
        Some(new),
        "renamed, it moved to the end"
    );
    // A placement closed: its company keeps its others or leaves the list.
    let mut tx = db.begin().await.expect("begin");
    let own = db::placements::lock_own_placement(&mut tx, new, placement)
        .await
        .expect("read")
        .expect("found");
    let closed = app::domain::NewPlacement {
        status: PlacementStatus::Closed,
        title: "Gesloten".into(),
        ..own.placement
    };
    db::placements::update_placement(&mut tx, new, placement, own.version, &closed, now)
        .await
        .expect("closed");
    tx.commit().await.expect("commit");
    // Every commit was a patch: none made the keeper rebuild.
    while let Ok(committed) = changes.try_recv() {
        assert!(!committed.changes.contains(&Change::Elsewhere), "{committed:?}");
        db.shown(committed.seq).await;
    }
    db.shown(db.last_seq()).await;
    let patched = app::catalog::current(&db).await.expect("catalog");
    assert!(
        !patched.companies.iter().any(|c| c.id == new),
        "the new company left with its placement"
    );
    assert!(
        !patched.companies.iter().any(|c| c.id == demo),
        "the unpublished company left"
    );
    assert_eq!(patched.companies.len(), companies - 2);
    assert!(patched.regions.iter().map(|r| r.open_placements).sum::<i64>() < open);
    // The same picture, read from scratch with the queries a rebuild runs.
    let mut companies = db::companies::list_public_companies(&db).await.expect("companies");
    companies.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    assert_eq!(
        patched.companies.iter().map(|c| (**c).clone()).collect::<Vec<_>>(),
        companies
            .into_iter()
            .map(app::search::engine::CatalogCompany::from)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        patched.regions,
        db::regions::list_region_summaries(&db).await.expect("regions")
    );
    let events = db::events::list_events_ending_after(&db, db::now_instant())
        .await
        .expect("events");
    assert_eq!(
        patched.events.iter().map(|e| (e.id, e.version)).collect::<Vec<_>>(),
        events
            .iter()
            .filter(|e| !e.hidden && !e.is_cancelled())
            .map(|e| (e.id, e.version))
            .collect::<Vec<_>>(),
    );
});
