//! Company self-service and the coordinator's invitations, through the real server on
//! SQLite and PostgreSQL: invite, accept, keep placements current, conflicts, the audit
//! log, "forgot password", and the refusals (anonymous, wrong company, cross-site).

use crate::common::{TestApp, account, browser, count, insert_company, logged_in, page, post_form, snapshot};
use app::api::accounts::{ForgotPassword, Invite, LogIn, SetPassword};
use app::api::dashboard::Dashboard;
use app::api::own_placements::{ChangePlacement, LoadOwnPlacement, SavePlacement};
use app::domain::{InviteForm, PlacementForm, Problem, Region, Role};
use app::error::{AppError, Draft};
use app::i18n::NL;
use leptos::server_fn::ServerFn as _;

mod accounts;
mod pages;
mod placements;
mod profile;
mod refusals;

/// A filled-in BBL placement form.
pub(crate) fn bbl_form(title: &str) -> PlacementForm {
    PlacementForm {
        title: title.to_owned(),
        kind: "bbl".into(),
        level: "mbo2".into(),
        field: "welding".into(),
        crebo: "25787".into(),
        hours_per_week: "32".into(),
        school_days: [("3".to_owned(), "on".to_owned())].into(),
        places: "2".into(),
        description_nl: "Je leert lassen op de werkvloer.".into(),
        ..PlacementForm::default()
    }
}

/// The form fields a browser sends for `form`.
fn form_fields(form: &PlacementForm) -> Vec<(String, String)> {
    let encoded = serde_qs::to_string(&SavePlacement {
        id: None,
        form: form.clone(),
    })
    .expect("encode");
    form_urlencoded::parse(encoded.as_bytes()).into_owned().collect()
}

/// The `AppError` a refused form post was sent back with: kept on the server under the
/// id in its redirect (the address itself carries no error).
async fn error_in(db: &app::db::Db, location: &str) -> AppError {
    let query = location.split_once('?').map_or("", |(_, q)| q);
    assert!(!query.contains("__err"), "no error in the address: {location}");
    let id = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == server::form_errors::DRAFT)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no draft in {location}"));
    // The key is a SHA-256 in hex: nothing to escape.
    let key = app::auth::token_hash(&id);
    let error = crate::common::text(db, &format!("SELECT error FROM form_drafts WHERE key = '{key}'")).await;
    leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&error)
}

/// The one-time link in the newest mail to `email`.
async fn link_in_mail(db: &app::db::Db, email: &str) -> String {
    let outbox = app::db::outbox::list_outbox(db, None, 0, None, 50)
        .await
        .expect("outbox");
    let mail = outbox
        .iter()
        .find(|m| m.recipient == email)
        .expect("a mail to the address");
    let body = mail.body.as_deref().expect("the stored text");
    let start = body.find("/wachtwoord/").expect("a link in the mail");
    body[start..start + "/wachtwoord/".len() + 64].to_owned()
}
