//! What tests store: regions, companies, placements, accounts and teachers.

use super::*;

/// The region of a municipality code, as the migrations define it (written out here, not
/// taken from `app::domain`, so the tests check the app against the schema).
pub fn region_of(municipality: &str) -> app::domain::Region {
    match municipality {
        "velsen" | "beverwijk" | "heemskerk" => app::domain::Region::Ijmond,
        _ => app::domain::Region::Kempen,
    }
}

/// A valid company in Bladel named `name`, for tests to store or to spoil.
pub fn company(name: &str) -> app::domain::NewCompany {
    use app::domain::{Field, NewCompany, SizeBand, Slug};
    NewCompany {
        name: name.to_owned(),
        slug: Slug::from_name(name).expect("slug"),
        description_nl: String::new(),
        description_en: String::new(),
        fields: vec![Field::Welding],
        street_address: "Industrieweg 1".to_owned(),
        postcode: "5531 AA".to_owned(),
        town: "Bladel".to_owned(),
        municipality: "bladel".to_owned(),
        latitude: 51.3686,
        longitude: 5.2203,
        website: None,
        contact_name: None,
        contact_email: None,
        contact_phone: None,
        size_band: SizeBand::Small,
        sbb_accredited: false,
        published: true,
    }
}

/// A valid company in IJmuiden (Velsen, the IJmond) named `name`.
pub fn company_in_velsen(name: &str) -> app::domain::NewCompany {
    let mut velsen = company(name);
    velsen.municipality = "velsen".to_owned();
    velsen.town = "IJmuiden".to_owned();
    velsen.postcode = "1971 AA".to_owned();
    velsen.latitude = 52.458;
    velsen.longitude = 4.62;
    velsen
}

/// Stores `company(name)` with one open placement, through a committed transaction as
/// the app's own writes go.
pub async fn insert_company_with_open_placement(db: &Db, name: &str) {
    use app::domain::PlacementStatus;
    let placement = server::seed::demo_data(app::domain::Day::parse("2026-11-21").expect("a day"))
        .into_iter()
        .flat_map(|(_, placements)| placements)
        .find(|p| p.status == PlacementStatus::Open)
        .expect("an open demo placement");
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::companies::insert_company(&mut tx, &company(name), "2026-11-21T10:00:00Z")
        .await
        .expect("company");
    app::db::placements::insert_placement(&mut tx, id, &placement, "2026-11-21T10:00:00Z")
        .await
        .expect("placement");
    tx.commit().await.expect("commit");
}

/// The password every account made by `account` has.
pub const PASSWORD: &str = "draaibank-op-dinsdag";

/// Stores an account with `PASSWORD`; returns its id.
pub async fn account(
    db: &Db,
    email: &str,
    role: app::domain::Role,
    company_id: Option<i64>,
    region: Option<app::domain::Region>,
) -> i64 {
    let email = app::domain::EmailAddress::parse(email).expect("valid address");
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::accounts::insert_user(&mut tx, &email, role, company_id, region, &app::db::now_timestamp())
        .await
        .expect("user");
    tx.commit().await.expect("commit");
    with_password(db, id).await;
    id
}

/// Stores a teacher of `school` in `region` with `PASSWORD`; returns the account's id.
pub async fn teacher(db: &Db, email: &str, school: &str, region: app::domain::Region) -> i64 {
    let email = app::domain::EmailAddress::parse(email).expect("valid address");
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::accounts::insert_teacher(&mut tx, &email, region, school, &app::db::now_timestamp())
        .await
        .expect("a teacher");
    tx.commit().await.expect("commit");
    with_password(db, id).await;
    id
}

/// Gives account `id` the password `PASSWORD`.
pub(super) async fn with_password(db: &Db, id: i64) {
    let hash = app::auth::hash_password(PASSWORD.to_owned()).await.expect("hash");
    let mut tx = db.begin().await.expect("begin");
    app::db::accounts::set_password(&mut tx, id, &hash, &app::db::now_timestamp())
        .await
        .expect("password");
    tx.commit().await.expect("commit");
}

/// Stores `company(name)` without placements; returns its id.
pub async fn insert_company(db: &Db, company: &app::domain::NewCompany) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = app::db::companies::insert_company(&mut tx, company, "2026-11-21T10:00:00Z")
        .await
        .expect("company");
    tx.commit().await.expect("commit");
    id
}
