//! Database tests: each body runs on a fresh SQLite file and a fresh PostgreSQL database.

#[macro_use]
mod common;

use app::db::{self, Db};
use app::domain::{NewCompany, PlacementStatus, Region};
use common::{company, count, execute};
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
        let data = seed::demo_data(&db::today());
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
    common::insert_company_with_open_placement(&db, "Aaa Nieuw Leerbedrijf").await;
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

db_test!(
    a_write_made_elsewhere_shows_in_the_catalog_within_its_maximum_age,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let before = db.catalog().await.expect("catalog").companies.len();
        // Raw SQL on the pool stands in for another server or a `techkaart seed` run: it does
        // not go through this Db's transactions, so nothing marks the catalog stale.
        let id = count(
            &db,
            "SELECT MIN(id) FROM companies WHERE id NOT IN (SELECT company_id FROM placements WHERE status = 'open')",
        )
        .await;
        assert!(id > 0, "the demo data has a company without open placements");
        execute(
            &db,
            &format!("UPDATE placements SET status = 'open' WHERE company_id = {id}"),
        )
        .await
        .expect("reopen");
        assert_eq!(
            db.catalog().await.expect("catalog").companies.len(),
            before,
            "served from the cache"
        );
        tokio::time::sleep(db::catalog::MAX_AGE + std::time::Duration::from_millis(200)).await;
        assert_eq!(db.catalog().await.expect("catalog").companies.len(), before + 1);
    }
);

/// The region of a municipality code, as the migrations define it.
pub fn region_of(municipality: &str) -> Region {
    match municipality {
        "velsen" | "beverwijk" | "heemskerk" => Region::Ijmond,
        _ => Region::Kempen,
    }
}

db_test!(
    a_published_company_is_read_with_its_fields_and_its_open_placements_first,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let data = seed::demo_data(&db::today());
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
