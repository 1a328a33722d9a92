//! A company user's own placements: read one for editing, save (new or changed), and
//! the one-click changes (confirm, filled, close, reopen, duplicate).
//!
//! Every function finds the placement through the logged-in user's company, so an id
//! of another company's placement finds nothing, whatever is sent. Every change names
//! the version it was based on; a save over someone else's newer version is refused
//! with what they changed, and nothing is overwritten.

use leptos::prelude::*;

use crate::domain::{OwnPlacement, PlacementForm};
use crate::error::AppError;

/// One of the company's placements, for its edit form.
#[server(endpoint = "load_own_placement")]
pub async fn load_own_placement(id: i64) -> Result<OwnPlacement, AppError> {
    let db = crate::db::from_context()?;
    let (_, company_id) = crate::api::request::require_company_user(&db).await?;
    crate::db::placements::get_own_placement(&db, company_id, id)
        .await?
        .ok_or_else(|| crate::api::request::refused(AppError::NotFound))
}

/// Saves a placement of the logged-in user's company: a new one when `id` is `None`
/// (open, confirmed today), otherwise the changes to placement `id`, which keeps its
/// status. Back to the dashboard after saving.
#[server(endpoint = "save_placement")]
pub async fn save_placement(id: Option<i64>, form: PlacementForm) -> Result<(), AppError> {
    use crate::api::request::{conflict, refused, require_company_user};
    use crate::db::audit::{NewAuditEntry, record};
    use crate::db::placements::{self, Saved};
    use crate::domain::{AuditAction, AuditSubject, PlacementStatus, audit::changes_between};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let (user, company_id) = require_company_user(&db).await?;
    let now = crate::db::now_timestamp();
    let today = crate::db::today();
    let mut tx = db.begin().await?;
    let (placement_id, version, action, changes) = match id {
        None => {
            let placement = form
                .read(PlacementStatus::Open, &today)
                .map_err(|errors| refused(AppError::invalid(errors, Draft::Placement(form.clone()))))?;
            let id = placements::insert_placement(&mut tx, company_id, &placement, &now).await?;
            let empty: Vec<(&str, String)> = placement
                .audit_fields()
                .into_iter()
                .map(|(f, _)| (f, String::new()))
                .collect();
            (
                id,
                1,
                AuditAction::Create,
                changes_between(&empty, &placement.audit_fields()),
            )
        }
        Some(id) => {
            let Some(stored) = placements::lock_own_placement(&mut tx, company_id, id).await? else {
                return Err(refused(AppError::NotFound));
            };
            let placement = form
                .read(stored.placement.status, &stored.placement.last_confirmed_on)
                .map_err(|errors| refused(AppError::invalid(errors, Draft::Placement(form.clone()))))?;
            let changes = changes_between(&stored.placement.audit_fields(), &placement.audit_fields());
            match placements::update_placement(&mut tx, company_id, id, form.version, &placement, &now).await? {
                Saved::Done(version) => (id, version, AuditAction::Edit, changes),
                Saved::Stale(current) => {
                    drop(tx);
                    return Err(conflict(
                        &db,
                        AuditSubject::Placement,
                        id,
                        form.version,
                        current,
                        Draft::Placement(PlacementForm {
                            version: current,
                            ..form
                        }),
                    )
                    .await);
                }
                Saved::Missing => return Err(refused(AppError::NotFound)),
            }
        }
    };
    let entry = NewAuditEntry {
        user_id: user.id,
        actor: &user.email,
        company_id,
        subject: AuditSubject::Placement,
        subject_id: placement_id,
        action,
        version,
        changes: &changes,
    };
    record(&mut tx, &entry, &now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/beheer?opgeslagen={placement_id}#plek-{placement_id}"));
    Ok(())
}

/// A one-click change to placement `id`, based on `version`: `confirm` (still open, as
/// of today), `fill`, `close`, `reopen` (open again, confirmed today) or `duplicate` (a
/// new open copy, whose edit form opens next).
#[server(endpoint = "change_placement")]
pub async fn change_placement(id: i64, version: i64, action: String) -> Result<(), AppError> {
    use crate::api::request::{conflict, refused, require_company_user};
    use crate::db::audit::{NewAuditEntry, record};
    use crate::db::placements::{self, Saved};
    use crate::domain::{AuditAction, AuditSubject, PlacementStatus, audit::changes_between};
    use crate::error::Draft;

    let action = AuditAction::from_code(&action)
        .filter(|a| {
            matches!(
                a,
                AuditAction::Confirm
                    | AuditAction::Fill
                    | AuditAction::Close
                    | AuditAction::Reopen
                    | AuditAction::Duplicate
            )
        })
        .ok_or_else(|| refused(AppError::Request(format!("unknown action {action:?}"))))?;
    let db = crate::db::from_context()?;
    let (user, company_id) = require_company_user(&db).await?;
    let now = crate::db::now_timestamp();
    let today = crate::db::today();
    let mut tx = db.begin().await?;
    let Some(stored) = placements::lock_own_placement(&mut tx, company_id, id).await? else {
        return Err(refused(AppError::NotFound));
    };
    if stored.version != version {
        drop(tx);
        return Err(conflict(
            &db,
            AuditSubject::Placement,
            id,
            version,
            stored.version,
            Draft::Nothing,
        )
        .await);
    }
    let mut changed = stored.placement.clone();
    let (subject_id, new_version, next) = if action == AuditAction::Duplicate {
        changed.status = PlacementStatus::Open;
        changed.last_confirmed_on = today;
        let copy = placements::insert_placement(&mut tx, company_id, &changed, &now).await?;
        (copy, 1, format!("/beheer/plekken/{copy}"))
    } else {
        match action {
            AuditAction::Confirm => changed.last_confirmed_on = today,
            AuditAction::Fill => changed.status = PlacementStatus::Filled,
            AuditAction::Close => changed.status = PlacementStatus::Closed,
            _ => {
                changed.status = PlacementStatus::Open;
                changed.last_confirmed_on = today;
            }
        }
        match placements::update_placement(&mut tx, company_id, id, version, &changed, &now).await? {
            Saved::Done(new_version) => (id, new_version, format!("/beheer?opgeslagen={id}#plek-{id}")),
            Saved::Stale(current) => {
                drop(tx);
                return Err(conflict(&db, AuditSubject::Placement, id, version, current, Draft::Nothing).await);
            }
            Saved::Missing => return Err(refused(AppError::NotFound)),
        }
    };
    let status_fields = |p: &crate::domain::NewPlacement| {
        let mut fields = p.audit_fields();
        fields.push(("status", p.status.code().to_owned()));
        fields.push(("last_confirmed_on", p.last_confirmed_on.clone()));
        fields
    };
    // A copy's entry is about the copy; the original did not change.
    let changes = if action == AuditAction::Duplicate {
        Vec::new()
    } else {
        changes_between(&status_fields(&stored.placement), &status_fields(&changed))
    };
    let entry = NewAuditEntry {
        user_id: user.id,
        actor: &user.email,
        company_id,
        subject: AuditSubject::Placement,
        subject_id,
        action,
        version: new_version,
        changes: &changes,
    };
    record(&mut tx, &entry, &now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&next);
    Ok(())
}
