//! What the database itself refuses, and that a refused write leaves nothing half written.

use super::*;

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
