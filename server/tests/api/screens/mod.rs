//! Kiosk screens through the real server on SQLite and PostgreSQL: a TV at `/scherm`
//! pairs by its code, shows its region's slides, reports a heartbeat, goes back to a code
//! when revoked; who may manage which screen; the live stream tells a screen about changes
//! in its region (and not about others) and ends when the server shuts down; owners hear
//! once about a screen gone silent in its on-hours, and once when it is back.

use std::time::Duration;

use crate::common::{TestApp, account, browser, count, insert_company_with_open_placement, logged_in};
use app::api::screens::{ChangeScreen, ManagedScreens, PairScreen, SaveScreen, ScreenHeartbeat};
use app::domain::{Instant, Problem, Region, Role, ScreenChange, ScreenForm, ScreenState};
use app::error::AppError;
use leptos::server_fn::ServerFn as _;

/// The code the TV's page shows, from its `data-code`; `None` on a page of slides.
mod pairing;
mod silence;
mod streams;

/// The code the TV's page shows, from its `data-code`; `None` on a page of slides.
pub(crate) fn code_on(page: &str) -> Option<String> {
    let start = page.find("data-code=\"")? + "data-code=\"".len();
    Some(page[start..start + 6].to_owned())
}

/// Sends `beat` as the TV's page does: a POST with the fields URL-encoded as plain text.
async fn heartbeat(app: &TestApp, client: &reqwest::Client, beat: &ScreenHeartbeat) -> Result<(), AppError> {
    let form = serde_qs::to_string(beat).expect("encode");
    let response = client
        .post(app.url(<ScreenHeartbeat as leptos::server_fn::ServerFn>::PATH))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(form)
        .send()
        .await
        .expect("heartbeat request");
    let ok = response.status().is_success();
    let text = response.text().await.expect("body");
    if ok {
        Ok(())
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode error {text:?}: {e}")))
    }
}

pub(crate) async fn tv_page(app: &TestApp, tv: &reqwest::Client) -> (u16, String, String) {
    let response = tv.get(app.url("/scherm")).send().await.expect("GET /scherm");
    let status = response.status().as_u16();
    let cache = response
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().expect("ASCII").to_owned())
        .unwrap_or_default();
    (status, cache, response.text().await.expect("body"))
}

/// The form that pairs the TV showing `code` as "Aula Kempenhorst".
pub(crate) fn pairing(code: &str) -> ScreenForm {
    ScreenForm {
        code: code.to_owned(),
        screen_name: "Aula Kempenhorst".to_owned(),
        ..ScreenForm::new_screen()
    }
}

pub(crate) fn field_problem(error: &AppError, field: &str) -> Option<Problem> {
    error
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.problem)
}

/// A TV paired by `owner` as a screen of its region; returns the TV and the screen's id.
pub(crate) async fn paired_tv(app: &TestApp, db: &app::db::Db, owner: &reqwest::Client) -> (reqwest::Client, i64) {
    let tv = browser();
    let (_, _, page) = tv_page(app, &tv).await;
    let code = code_on(&page).expect("a pairing code");
    app.call_as(
        owner,
        &PairScreen {
            id: None,
            form: pairing(&code),
        },
    )
    .await
    .expect("paired");
    (tv, count(db, "SELECT MAX(id) FROM screens").await)
}
