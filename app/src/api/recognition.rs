//! The coordinator marks a company of their region as recognised by SBB (erkend
//! leerbedrijf), or no longer. Companies cannot set this themselves.

use leptos::prelude::*;

use crate::error::AppError;

/// Sets company `company_id`'s SBB recognition, if it is still at `version`.
#[server(endpoint = "set_recognition")]
pub async fn set_recognition(company_id: i64, version: i64, recognised: bool) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::domain::{AuditAction, AuditSubject, Change};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let coordinator = actor.coordinator()?;
    match crate::db::accounts::company_region(&db, company_id).await? {
        Some((region, _)) if coordinator.covers(region) => {}
        // Another region's company is as unknown to this coordinator as a missing one.
        _ => return Err(AppError::NotFound),
    }
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (stored, _) = crate::db::companies::lock_own_company(&mut tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let changed = crate::domain::NewCompany {
        sbb_accredited: recognised,
        ..stored.clone()
    };
    let saved = crate::db::companies::update_company(&mut tx, company_id, version, &changed, &now).await?;
    let flag = |on: bool| if on { "1" } else { "0" };
    let changes = [Change::new(
        "sbb_accredited",
        flag(stored.sbb_accredited),
        flag(recognised),
    )];
    let edit = Edit {
        editor: (&actor).into(),
        owner: crate::domain::AuditOwner::Company(company_id),
        subject: AuditSubject::Company,
        id: company_id,
        action: AuditAction::Edit,
        based_on: version,
        changes: &changes,
    };
    finish(&db, tx, saved, edit, |_| Draft::Nothing, &now).await?;
    leptos_axum::redirect("/beheer/bedrijven");
    Ok(())
}
