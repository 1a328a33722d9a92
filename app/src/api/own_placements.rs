//! A company user's own placements: read one for editing, save (new or changed), and
//! the one-click changes (`PlacementAction`: confirm, filled, close, reopen, duplicate).
//!
//! Every function finds the placement through the logged-in user's company, so an id
//! of another company's placement finds nothing, whatever is sent. Every change names
//! the version it was based on; a save over someone else's newer version is refused
//! with what they changed, and nothing is overwritten.

use leptos::prelude::*;

use crate::domain::{OwnPlacement, PlacementAction, PlacementForm};
use crate::error::AppError;

/// One of the company's placements, for its edit form.
#[server(endpoint = "load_own_placement")]
pub async fn load_own_placement(id: i64) -> Result<OwnPlacement, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company = actor.company()?;
    crate::db::placements::get_own_placement(&db, company.company_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Saves a placement of the logged-in user's company: a new one when `id` is `None`
/// (open, confirmed today), otherwise the changes to placement `id`, which keeps its
/// status. Back to the dashboard after saving.
#[server(endpoint = "save_placement")]
pub async fn save_placement(id: Option<i64>, form: PlacementForm) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::db::placements::{self, Saved};
    use crate::domain::{AuditAction, AuditSubject, PlacementStatus, audit::changes_between};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company_id = actor.company()?.company_id;
    let now = crate::db::now_timestamp();
    let today = crate::db::today();
    let invalid = |errors| AppError::invalid(errors, Draft::Placement(form.clone()));
    let mut tx = db.begin().await?;
    let (placement_id, saved, action, changes) = match id {
        None => {
            let placement = form.read(PlacementStatus::Open, today).map_err(invalid)?;
            let id = placements::insert_placement(&mut tx, company_id, &placement, &now).await?;
            let fields = placement.audit_fields();
            let empty: Vec<(&str, String)> = fields.iter().map(|(f, _)| (*f, String::new())).collect();
            (
                id,
                Saved::Done(1),
                AuditAction::Create,
                changes_between(&empty, &fields),
            )
        }
        Some(id) => {
            let stored = placements::lock_own_placement(&mut tx, company_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let placement = form
                .read(stored.placement.status, stored.placement.last_confirmed_on)
                .map_err(invalid)?;
            let changes = changes_between(&stored.placement.audit_fields(), &placement.audit_fields());
            let saved = placements::update_placement(&mut tx, company_id, id, form.version, &placement, &now).await?;
            (id, saved, AuditAction::Edit, changes)
        }
    };
    let edit = Edit {
        editor: (&actor).into(),
        owner: crate::domain::AuditOwner::Company(company_id),
        subject: AuditSubject::Placement,
        id: placement_id,
        action,
        based_on: form.version,
        changes: &changes,
    };
    let draft = |current| {
        Draft::Placement(PlacementForm {
            version: current,
            ..form.clone()
        })
    };
    finish(&db, tx, saved, edit, draft, &now).await?;
    leptos_axum::redirect(&format!("/beheer?opgeslagen={placement_id}#plek-{placement_id}"));
    Ok(())
}

/// A one-click change to placement `id`, based on `version`; a duplicate's edit form
/// opens next.
#[server(endpoint = "change_placement")]
pub async fn change_placement(id: i64, version: i64, action: PlacementAction) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::db::placements::{self, Saved};
    use crate::domain::{AuditSubject, NewPlacement, audit::changes_between};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company_id = actor.company()?.company_id;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let stored = placements::lock_own_placement(&mut tx, company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let changed = action.apply(&stored.placement, crate::db::today());
    let (subject_id, saved, changes, next) = if action == PlacementAction::Duplicate {
        if stored.version != version {
            // A copy of something that changed since is not what the person chose.
            let saved = Saved::Stale(stored.version);
            (id, saved, Vec::new(), String::new())
        } else {
            let copy = placements::insert_placement(&mut tx, company_id, &changed, &now).await?;
            // A copy's entry is about the copy; the original did not change.
            (copy, Saved::Done(1), Vec::new(), format!("/beheer/plekken/{copy}"))
        }
    } else {
        let status_fields = |p: &NewPlacement| {
            let mut fields = p.audit_fields();
            fields.push(("status", p.status.code().to_owned()));
            fields.push(("last_confirmed_on", p.last_confirmed_on.stored()));
            fields
        };
        let changes = changes_between(&status_fields(&stored.placement), &status_fields(&changed));
        let saved = placements::update_placement(&mut tx, company_id, id, version, &changed, &now).await?;
        (id, saved, changes, format!("/beheer?opgeslagen={id}#plek-{id}"))
    };
    let edit = Edit {
        editor: (&actor).into(),
        owner: crate::domain::AuditOwner::Company(company_id),
        subject: AuditSubject::Placement,
        id: subject_id,
        action: action.audit_action(),
        based_on: version,
        changes: &changes,
    };
    finish(&db, tx, saved, edit, |_| Draft::Nothing, &now).await?;
    leptos_axum::redirect(&next);
    Ok(())
}
