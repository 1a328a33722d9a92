//! The demo seed: everything stored, counts adding up, and a second seed refused.

use super::*;

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
