//! Database tests: each body runs on a fresh SQLite file and a fresh PostgreSQL database.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{company, count, execute, region_of};
use app::db::changes::Change;
use app::db::{self, Db};
use app::domain::{NewCompany, PlacementStatus, Region};
use server::seed;

async fn insert(db: &Db, company: &NewCompany) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = db::companies::insert_company(&mut tx, company, "2026-11-21T10:00:00Z").await?;
    tx.commit().await?;
    Ok(id)
}

/// A placement row for `company_id` with `kind`, written as raw SQL so the database itself
/// is what accepts or refuses it.
fn placement_sql(company_id: i64, kind: &str) -> String {
    format!(
        "INSERT INTO placements (company_id, title, kind, level, field, status, last_confirmed_on, created_at, updated_at)
         VALUES ({company_id}, 'Leerling lasser', '{kind}', 'mbo2', 'welding', 'open', '2026-11-01',
                 '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z')"
    )
}

db_test!(migrations_load_both_regions_and_their_eight_municipalities, |db| {
    let municipalities = db::regions::list_municipalities(&db).await.expect("municipalities");
    let names: Vec<&str> = municipalities.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Bergeijk",
            "Bladel",
            "Eersel",
            "Oirschot",
            "Reusel-De Mierden",
            "Beverwijk",
            "Heemskerk",
            "Velsen"
        ]
    );
    assert!(
        municipalities
            .iter()
            .all(|m| app::domain::is_in_netherlands(m.latitude, m.longitude))
    );
});

db_test!(a_placement_of_an_unknown_kind_is_refused_by_the_database, |db| {
    let id = insert(&db, &company("Vonk Test")).await.expect("company");
    execute(&db, &placement_sql(id, "bbl"))
        .await
        .expect("a known kind is accepted");
    let refused = execute(&db, &placement_sql(id, "apprenticeship")).await;
    assert!(refused.is_err(), "unknown kind was stored");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM placements").await, 1);
});

db_test!(a_placement_of_a_company_that_does_not_exist_is_refused, |db| {
    let refused = execute(&db, &placement_sql(4242, "bbl")).await;
    assert!(refused.is_err(), "foreign key not enforced");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM placements").await, 0);
});

db_test!(
    a_company_with_coordinates_outside_the_netherlands_is_refused_by_the_database,
    |db| {
        let mut swapped = company("Omgedraaid Test");
        (swapped.latitude, swapped.longitude) = (5.2203, 51.3686);
        assert!(insert(&db, &swapped).await.is_err(), "swapped coordinates were stored");
        let mut paris = company("Parijs Test");
        (paris.latitude, paris.longitude) = (48.8566, 2.3522);
        assert!(insert(&db, &paris).await.is_err(), "a company in Paris was stored");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM companies").await, 0);
    }
);

db_test!(a_duplicate_slug_is_refused_by_the_database, |db| {
    insert(&db, &company("Vonk Test")).await.expect("first company");
    let mut twin = company("Vonk Test");
    twin.town = "Hapert".to_owned();
    assert!(insert(&db, &twin).await.is_err(), "duplicate slug was stored");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM companies").await, 1);
});

db_test!(a_failed_insert_leaves_no_half_written_company, |db| {
    // The company row is valid but the municipality code is not: the whole insert rolls back.
    let mut lost = company("Nergens Test");
    lost.municipality = "atlantis".to_owned();
    assert!(insert(&db, &lost).await.is_err());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM companies").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM company_fields").await, 0);
});

db_test!(
    the_demo_seed_stores_every_company_and_placement_and_region_counts_add_up,
    |db| {
        let data = seed::demo_data(db::today());
        let loaded = seed::demo(&db).await.expect("demo seed");
        assert_eq!(loaded.companies, data.len());
        assert_eq!(count(&db, "SELECT COUNT(*) FROM companies").await, data.len() as i64);

        for summary in db::regions::list_region_summaries(&db).await.expect("summaries") {
            let in_region: Vec<_> = data
                .iter()
                .filter(|(c, _)| region_of(&c.municipality) == summary.region)
                .collect();
            let open = |p: &&app::domain::NewPlacement| p.status == PlacementStatus::Open;
            let expected_open: usize = in_region.iter().map(|(_, p)| p.iter().filter(open).count()).sum();
            let expected_companies = in_region.iter().filter(|(_, p)| p.iter().any(|p| open(&p))).count();
            assert_eq!(summary.open_placements, expected_open as i64, "{:?}", summary.region);
            assert_eq!(
                summary.companies_with_open_placements, expected_companies as i64,
                "{:?}",
                summary.region
            );
        }
    }
);

db_test!(seeding_demo_data_twice_is_refused_and_changes_nothing, |db| {
    seed::demo(&db).await.expect("first seed");
    let before = count(&db, "SELECT COUNT(*) FROM placements").await;
    assert!(seed::demo(&db).await.is_err());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM placements").await, before);
});

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
        let listed = db::companies::list_catalog_companies(&db)
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
        db::companies::list_catalog_companies(&db)
            .await
            .expect("listed")
            .is_empty()
    );
    let summaries = db::regions::list_region_summaries(&db).await.expect("summaries");
    assert!(summaries.iter().all(|s| s.open_placements == 0));
});

db_test!(a_committed_write_shows_in_the_catalog_at_once, |db| {
    seed::demo(&db).await.expect("demo seed");
    let before = db.catalog().await.expect("catalog");
    crate::common::insert_company_with_open_placement(&db, "Aaa Nieuw Leerbedrijf").await;
    let after = db.catalog().await.expect("catalog");
    assert_eq!(after.companies.len(), before.companies.len() + 1);
    assert_eq!(after.companies[0].name, "Aaa Nieuw Leerbedrijf", "sorted first by name");
    let open = |s: &db::catalog::Snapshot| s.regions.iter().map(|r| r.open_placements).sum::<i64>();
    assert_eq!(open(&after), open(&before) + 1);
});

db_test!(a_rolled_back_write_leaves_the_catalog_and_the_data_as_they_were, |db| {
    seed::demo(&db).await.expect("demo seed");
    let before = db.catalog().await.expect("catalog").companies.len();
    let mut tx = db.begin().await.expect("begin");
    db::companies::insert_company(&mut tx, &company("Teruggedraaid"), "2026-11-21T10:00:00Z")
        .await
        .expect("insert");
    drop(tx);
    assert_eq!(db.catalog().await.expect("catalog").companies.len(), before);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM companies WHERE name = 'Teruggedraaid'").await,
        0
    );
});

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
    let mail_id = db::accounts::record_mail(&mut tx, &email, &message, Some(user_id), None, "2026-11-21T10:00:00Z")
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

db_test!(
    the_catalog_keeps_serving_the_old_snapshot_while_a_rebuild_is_held_up,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let before = db.catalog().await.expect("catalog");
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
            let served = tokio::time::timeout(Duration::from_millis(500), db.catalog())
                .await
                .expect("a reader never waits for the rebuild")
                .expect("catalog");
            assert!(Arc::ptr_eq(&served, &before), "the old snapshot serves meanwhile");
        }
        hold.release().await;
        db.catalog_shows(committed.seq).await;
        let after = db.catalog().await.expect("catalog");
        assert_eq!(after.companies.len(), before.companies.len() + 1);
        assert_eq!(after.companies[0].name, "Aaa Tijdens Herbouw");
        writer.await.expect("writer");
    }
);

db_test!(a_snapshot_is_kept_while_nothing_public_changes, |db| {
    use app::domain::Role;

    seed::demo(&db).await.expect("demo seed");
    let before = db.catalog().await.expect("catalog");
    let mut changes = db.subscribe();
    insert(&db, &company("Zzz Zonder Plekken")).await.expect("company");
    let public = changes.recv().await.expect("published");
    db.catalog_shows(public.seq).await;
    let after = db.catalog().await.expect("catalog");
    assert!(!Arc::ptr_eq(&after, &before), "a public change makes a new snapshot");
    crate::common::account(&db, "nog@iemand.example", Role::Coordinator, None, None).await;
    let account = changes.recv().await.expect("published");
    assert!(!account.is_public());
    db.catalog_shows(account.seq).await;
    assert!(
        Arc::ptr_eq(&db.catalog().await.expect("catalog"), &after),
        "an account change keeps the snapshot"
    );
});

/// Appends a row to `change_log` as another process's commit would (or, with `*`,
/// `techkaart changed`).
async fn logged_elsewhere(db: &Db, changes: &str) {
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
        let before = db.catalog().await.expect("catalog").companies.len();
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
        db.catalog_shows(committed.seq).await;
        assert_eq!(db.catalog().await.expect("catalog").companies.len(), before + 1);
        eprintln!("a hand edit showed after {:?}", written.elapsed());
    }
);

db_test!(
    another_processs_changes_arrive_typed_and_only_they_are_read_again,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let before = db.catalog().await.expect("catalog");
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
        db.catalog_shows(committed.seq).await;
        let after = db.catalog().await.expect("catalog");
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
    db.catalog().await.expect("catalog");
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

/// An open placement from the demo data.
fn open_demo_placement() -> app::domain::NewPlacement {
    seed::demo_data(app::domain::Day::parse("2026-11-21").expect("a day"))
        .into_iter()
        .flat_map(|(_, placements)| placements)
        .find(|p| p.status == PlacementStatus::Open)
        .expect("an open demo placement")
}

/// What holds up the catalog's reads until it is released.
enum HoldUp {
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

async fn hold_up_catalog_reads(db: &Db) -> HoldUp {
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
    let listed = db::companies::list_catalog_companies(&db).await.expect("listed");
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

/// A database made before teachers had accounts (migrations up to 0012) keeps every row
/// that refers to an account when 0013 rebuilds `users` on SQLite: sessions and one-time
/// links (`ON DELETE CASCADE`), mail, the change log and interests (`SET NULL`). Foreign
/// keys are enforced again afterwards, and the new constraints hold.
#[tokio::test]
async fn an_sqlite_database_from_before_teachers_keeps_what_refers_to_its_accounts() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::str::FromStr;

    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/older.db", dir.path().display());
    let all = sqlx::migrate::Migrator::new(std::path::Path::new("migrations/sqlite"))
        .await
        .expect("the SQLite migrations");
    let older = sqlx::migrate::Migrator {
        migrations: all.migrations.iter().filter(|m| m.version < 13).cloned().collect(),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    assert_eq!(older.migrations.len(), 12);
    let options = SqliteConnectOptions::from_str(&url)
        .expect("url")
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("open");
    older.run(&pool).await.expect("migrations up to 0012");
    let now = "2026-11-20T10:00:00Z";
    for sql in [
        format!(
            "INSERT INTO users (id, email, role, region_id, password_hash, created_at)
             VALUES (7, 'co@kempen.example', 'coordinator', 1, 'hash', '{now}')"
        ),
        format!("INSERT INTO sessions VALUES ('session-hash', 7, '{now}', '{now}')"),
        format!(
            "INSERT INTO one_time_links (token_hash, user_id, purpose, created_at, expires_at)
             VALUES ('link-hash', 7, 'reset', '{now}', '2026-11-20T12:00:00Z')"
        ),
        format!(
            "INSERT INTO outbox (recipient, subject, body, user_id, created_at)
             VALUES ('co@kempen.example', 'Onderwerp', 'Tekst', 7, '{now}')"
        ),
    ] {
        sqlx::query(&sql)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    sqlx::query(&format!(
        "INSERT INTO audit_log (user_id, actor, region_id, subject, subject_id, action, version, changes, at)
         VALUES (7, 'co@kempen.example', 1, 'account', 7, 'invite', 1, '[]', '{now}')"
    ))
    .execute(&pool)
    .await
    .expect("an audit entry");
    pool.close().await;

    // The server opens it: 0013 runs.
    let db = server::database::open(&url).await.expect("upgraded");
    for (sql, expected) in [
        ("SELECT COUNT(*) FROM sessions WHERE user_id = 7", 1),
        ("SELECT COUNT(*) FROM one_time_links WHERE user_id = 7", 1),
        ("SELECT COUNT(*) FROM outbox WHERE user_id = 7", 1),
        ("SELECT COUNT(*) FROM audit_log WHERE user_id = 7", 1),
        (
            "SELECT COUNT(*) FROM users WHERE id = 7 AND email = 'co@kempen.example' AND password_hash = 'hash'",
            1,
        ),
        (
            "SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 13 AND success",
            1,
        ),
    ] {
        assert_eq!(count(&db, sql).await, expected, "{sql}");
    }
    // Foreign keys hold again, and a teacher needs a school and a region.
    assert!(
        execute(&db, "INSERT INTO sessions VALUES ('x', 99, 'a', 'a')")
            .await
            .is_err()
    );
    assert!(
        execute(
            &db,
            "INSERT INTO users (email, role, region_id, created_at) VALUES ('t@s.example', 'teacher', 1, 'a')"
        )
        .await
        .is_err()
    );
    assert!(
        execute(
            &db,
            "INSERT INTO users (email, role, school, created_at) VALUES ('t@s.example', 'teacher', 'Pius', 'a')"
        )
        .await
        .is_err()
    );
    execute(
        &db,
        "INSERT INTO users (email, role, region_id, school, created_at) VALUES ('t@s.example', 'teacher', 1, 'Pius', 'a')",
    )
    .await
    .expect("a teacher");
    // Deleting an account still takes its sessions along.
    execute(&db, "DELETE FROM users WHERE id = 7").await.expect("deleted");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox WHERE user_id IS NULL").await, 1);
    db.close().await;
}

/// Three instances starting at the same moment on one new PostgreSQL database: one
/// migrates while the others wait for its lock and find the schema done; all three open it,
/// and every migration is recorded once.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_on_postgresql_migrate_once() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let mut starting = tokio::task::JoinSet::new();
    for _ in 0..3 {
        let url = url.clone();
        starting.spawn(async move { server::database::open(&url).await });
    }
    let mut opened = Vec::new();
    while let Some(outcome) = starting.join_next().await {
        opened.push(outcome.expect("no panic").map_err(|e| format!("{e:#}")));
    }
    let dbs: Vec<Db> = opened
        .into_iter()
        .map(|o| o.unwrap_or_else(|e| panic!("an instance failed to start: {e}")))
        .collect();
    let known = server::database::newest_known_migration(&dbs[0]);
    assert_eq!(
        count(&dbs[0], "SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await,
        known,
        "each migration once"
    );
    assert_eq!(
        count(&dbs[0], "SELECT COUNT(DISTINCT version) FROM _sqlx_migrations").await,
        known
    );
    for db in &dbs {
        assert_eq!(db.newest_migration().await.expect("version"), known);
        db.close().await;
    }
    crate::common::drop_postgres_database(&name).await;
}

/// Two instances on one PostgreSQL database: a write through one reaches the other typed,
/// by notification (each instance has one listening connection), and when that connection
/// is killed, the next write is still noticed (the change log is read every second too)
/// and the instance listens again on a new connection.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_through_one_instance_reaches_the_other_and_a_killed_listener_is_repaired() {
    let (url, name) = crate::common::empty_postgres_database().await;
    let one = server::database::open(&url).await.expect("first instance");
    let two = server::database::open(&url).await.expect("second instance");
    seed::demo(&one).await.expect("demo seed");
    two.catalog().await.expect("catalog");
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
async fn heard_from_the_other(heard: &mut tokio::sync::broadcast::Receiver<Arc<db::changes::Committed>>) {
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

db_test!(a_catalog_patched_after_each_write_equals_one_built_anew, |db| {
    use app::domain::PlacementStatus;
    seed::demo(&db).await.expect("demo seed");
    db.catalog().await.expect("catalog");
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
    let listed = db.catalog().await.expect("catalog");
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
    db.catalog_shows(db.last_seq()).await;
    let moved = db.catalog().await.expect("catalog");
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
        db.catalog_shows(committed.seq).await;
    }
    db.catalog_shows(db.last_seq()).await;
    let patched = db.catalog().await.expect("catalog");
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
    let mut companies = db::companies::list_catalog_companies(&db).await.expect("companies");
    companies.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    assert_eq!(
        patched.companies.iter().map(|c| (**c).clone()).collect::<Vec<_>>(),
        companies
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
