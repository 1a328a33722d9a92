//! `GET /beheer/evenementen/{id}/aanmeldingen.csv`: an event's class sign-ups as a
//! spreadsheet, for whoever may manage the event (its company's users, the coordinator of
//! its region). Anyone else gets what a missing event gets.
//!
//! `GET /beheer/interesses.csv`: the coordinator's board with the same filters as the page
//! (`fase`, `bedrijf`, `soort`, `leeftijd`, `wacht`), without contact details. The board's
//! export form POSTs the same fields; with `contact=1` that answer holds the students'
//! contact details, and the change log records who took them. A GET writes nothing (it
//! may be repeated, and is not guarded against other sites), so it never carries them.
//!
//! `GET /mijn-interesse/{token}/gegevens.json`: everything stored about the student of
//! that link, as a file to keep.

use app::db::Db;
use app::domain::Actor;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// What the export needs.
#[derive(Clone)]
pub struct ExportState {
    pub db: Db,
    pub sessions: app::auth::SessionSettings,
}

/// The actor of the request's session and the language its spreadsheet is written in.
async fn signed_in(state: &ExportState, headers: &HeaderMap) -> Result<(Actor, &'static app::i18n::Texts), AppError> {
    let cookies = headers.get(COOKIE).and_then(|v| v.to_str().ok());
    let actor = app::api::request::resolve_actor(&state.db, state.sessions, cookies).await?;
    actor.signed_in()?;
    let accepted = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Ok((actor, app::i18n::negotiate(cookies, accepted)))
}

pub async fn sign_ups_csv(
    State(state): State<ExportState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (actor, language) = signed_in(&state, &headers).await?;
    let event = app::api::events::managed_by(&state.db, &actor, id).await?;
    let sign_ups = app::db::sign_ups::list_for_event(&state.db, event.id).await?;
    // A byte-order mark, so spreadsheets read the names' accents as UTF-8.
    let body = format!(
        "{}{}",
        app::spreadsheet::BOM,
        app::api::sign_ups::sign_ups_csv(&sign_ups, language)
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(name) = HeaderValue::from_str(&format!("attachment; filename=\"aanmeldingen-evenement-{id}.csv\"")) {
        headers.insert(CONTENT_DISPOSITION, name);
    }
    Ok(response)
}

pub async fn student_data(State(db): State<Db>, Path(token): Path<String>) -> Result<Response, AppError> {
    let body = app::api::interests::student_data_json(&db, &token).await?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"techkaart-mijn-gegevens.json\""),
    );
    Ok(response)
}

/// `GET /beheer/interesses.csv`: the board as a spreadsheet, never with contact details.
pub async fn board_csv(
    State(state): State<ExportState>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    board_csv_answer(&state, &headers, &query, false).await
}

/// `POST /beheer/interesses.csv`: the board's export form; `contact=1` adds the contact
/// details and records the export.
pub async fn board_csv_posted(
    State(state): State<ExportState>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let with_contact = form.get("contact").is_some_and(|v| v == "1");
    board_csv_answer(&state, &headers, &form, with_contact).await
}

async fn board_csv_answer(
    state: &ExportState,
    headers: &HeaderMap,
    fields: &std::collections::HashMap<String, String>,
    with_contact: bool,
) -> Result<Response, AppError> {
    let (actor, language) = signed_in(state, headers).await?;
    let coordinator = actor.coordinator()?;
    let value = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let filters = app::api::board::BoardFilters {
        stage: value("fase"),
        company: value("bedrijf"),
        kind: value("soort"),
        age: value("leeftijd"),
        waiting: value("wacht"),
    };
    let csv = app::api::board::board_csv(&state.db, coordinator, &filters, with_contact, language).await?;
    let mut response = format!("{}{csv}", app::spreadsheet::BOM).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"interesses.csv\""),
    );
    Ok(response)
}
