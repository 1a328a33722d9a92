//! The coordinator marks a company of their region as recognised by SBB (erkend
//! leerbedrijf), or no longer. Companies cannot set this themselves.

use leptos::prelude::*;

use crate::error::AppError;

/// Sets company `company_id`'s SBB recognition, if it is still at `version`.
#[server(endpoint = "set_recognition")]
pub async fn set_recognition(company_id: i64, version: i64, recognised: bool) -> Result<(), AppError> {
    use crate::api::request::{conflict, refused, require_coordinator};
    use crate::db::Saved;
    use crate::db::audit::{NewAuditEntry, record};
    use crate::domain::{AuditAction, AuditSubject, Change};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let coordinator = require_coordinator(&db).await?;
    let Some((region, _)) = crate::db::accounts::company_region(&db, company_id).await? else {
        return Err(refused(AppError::NotFound));
    };
    if coordinator.region.is_some_and(|own| own != region) {
        return Err(refused(AppError::NotFound));
    }
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (stored, _) = crate::db::companies::lock_own_company(&mut tx, company_id)
        .await?
        .ok_or_else(|| refused(AppError::NotFound))?;
    let mut changed = stored.clone();
    changed.sbb_accredited = recognised;
    let saved = crate::db::companies::update_company(&mut tx, company_id, version, &changed, &now).await?;
    let new_version = match saved {
        Saved::Done(v) => v,
        Saved::Stale(current) => {
            drop(tx);
            return Err(conflict(&db, AuditSubject::Company, company_id, version, current, Draft::Nothing).await);
        }
        Saved::Missing => return Err(refused(AppError::NotFound)),
    };
    let flag = |on: bool| if on { "1" } else { "0" };
    let changes = [Change::new(
        "sbb_accredited",
        flag(stored.sbb_accredited),
        flag(recognised),
    )];
    let entry = NewAuditEntry {
        user_id: coordinator.id,
        actor: &coordinator.email,
        company_id,
        subject: AuditSubject::Company,
        subject_id: company_id,
        action: AuditAction::Edit,
        version: new_version,
        changes: &changes,
    };
    record(&mut tx, &entry, &now).await?;
    tx.commit().await?;
    leptos_axum::redirect("/beheer#bedrijven");
    Ok(())
}
