//! Students' interests through the real server on SQLite and PostgreSQL: a 15-year-old
//! says she is interested, confirms by her link, her parent agrees by theirs; her page
//! shows only what she confirmed; she withdraws, downloads and deletes everything; wrong
//! input and other people's links change nothing; the retention rules delete on time.

use crate::common::{TestApp, browser, count, execute, insert_company_with_open_placement, page, post_form};
use app::api::interests::{
    AcceptMeeting, AnswerGuardianRequest, ConfirmInterest, DeleteMyData, ExpressInterest, KeepMyInterests,
    LoadConsentRequest, LoadOwnInterests, WithdrawInterest,
};
use app::domain::interests::Waiting;
use app::domain::{InterestForm, Problem, Stage};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

mod board;
mod companies;
mod matching;
mod refusals;
mod registration;
mod retention;
mod student;

/// The token of the newest link under `path` (`/mijn-interesse/`, `/toestemming/`) mailed
/// to `email`.
pub(crate) async fn mailed_token(db: &app::db::Db, email: &str, path: &str) -> String {
    let sql = format!(
        "SELECT body FROM outbox WHERE recipient = '{email}' AND body LIKE '%{path}%' ORDER BY id DESC LIMIT 1"
    );
    let (body,): (String,) = match db.pools() {
        app::db::Pools::Sqlite { read, .. } => sqlx::query_as(&sql).fetch_one(read).await,
        app::db::Pools::Postgres(pool) => sqlx::query_as(&sql).fetch_one(pool).await,
    }
    .unwrap_or_else(|e| panic!("a mail with {path} to {email}: {e}"));
    let start = body.find(path).expect("a link") + path.len();
    body[start..start + 64].to_owned()
}

/// Sanne, 15, in vmbo 4, interested in starting next August.
pub(crate) fn sanne() -> InterestForm {
    InterestForm {
        first_name: "Sanne".into(),
        age_band: "under-16".into(),
        school: "Pius X College".into(),
        programme: "vmbo-4".into(),
        email: "sanne@mail.example".into(),
        phone: "06-12345678".into(),
        postcode: "5531 AB".into(),
        start: "now".into(),
        motivation: "Ik sleutel graag aan brommers.".into(),
        guardian_email: "ouder@mail.example".into(),
        ..InterestForm::default()
    }
}

pub(crate) async fn open_placement(db: &app::db::Db) -> i64 {
    insert_company_with_open_placement(db, "Vonk Metaal").await;
    count(
        db,
        "SELECT id FROM placements WHERE status = 'open' ORDER BY id LIMIT 1",
    )
    .await
}

pub(crate) fn problem(error: &AppError, field: &str) -> Option<Problem> {
    error
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem)
}

/// An open placement of a company in IJmuiden (the IJmond); returns its id.
pub(crate) async fn ijmond_placement(db: &app::db::Db) -> i64 {
    let velsen = crate::common::insert_company(db, &crate::common::company_in_velsen("Staal IJmuiden")).await;
    let placement = server::seed::demo_data(app::domain::Day::parse("2026-11-21").expect("day"))
        .into_iter()
        .flat_map(|(_, placements)| placements)
        .find(|p| p.status == app::domain::PlacementStatus::Open)
        .expect("an open placement");
    let mut tx = db.begin().await.expect("begin");
    app::db::placements::insert_placement(&mut tx, velsen, &placement, "2026-11-21T10:00:00Z")
        .await
        .expect("placement");
    tx.commit().await.expect("commit");
    count(db, &format!("SELECT id FROM placements WHERE company_id = {velsen}")).await
}

/// The whole board `client` (a coordinator) sees.
pub(crate) async fn board_of(app: &TestApp, client: &reqwest::Client) -> app::api::board::Board {
    app.call_as(
        client,
        &app::api::board::InterestBoard {
            filters: Default::default(),
        },
    )
    .await
    .expect("board")
}

/// An adult's interest in `placement_id` from `email`, confirmed by its link.
pub(crate) async fn confirmed_interest(
    app: &TestApp,
    db: &app::db::Db,
    placement_id: i64,
    email: &str,
    first_name: &str,
) {
    app.call(&ExpressInterest {
        placement_id,
        form: InterestForm {
            first_name: first_name.into(),
            age_band: "18-plus".into(),
            guardian_email: "".into(),
            email: email.into(),
            ..sanne()
        },
    })
    .await
    .expect("sent");
    let token = mailed_token(db, email, "/mijn-interesse/").await;
    app.call(&ConfirmInterest { token }).await.expect("confirmed");
}
