//! A company user's own profile: read it for editing and save it. The company is always
//! the logged-in user's own; no id is taken from the request.

use leptos::prelude::*;

use crate::domain::ProfileForm;
use crate::error::AppError;

/// The logged-in user's company profile as its form shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OwnProfile {
    pub form: ProfileForm,
    pub slug: String,
    pub sbb_accredited: bool,
    /// Where the saved location is, for the map beside the coordinates.
    pub latitude: f64,
    pub longitude: f64,
    /// The current logo's address, if there is one.
    pub logo: Option<String>,
}

#[server(endpoint = "load_own_profile")]
pub async fn load_own_profile() -> Result<OwnProfile, AppError> {
    let db = crate::db::from_context()?;
    let (_, company_id) = crate::api::request::require_company_user(&db).await?;
    let (company, version) = crate::db::companies::get_own_company(&db, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(OwnProfile {
        logo: crate::db::companies::logo_href(&db, company_id).await?,
        form: ProfileForm::from_company(&company, version),
        slug: company.slug.as_str().to_owned(),
        sbb_accredited: company.sbb_accredited,
        latitude: company.latitude,
        longitude: company.longitude,
    })
}

/// Saves the logged-in user's company profile, if nobody saved it since `form.version`.
#[server(endpoint = "save_profile")]
pub async fn save_profile(form: ProfileForm) -> Result<(), AppError> {
    use crate::api::request::{conflict, refused, require_company_user};
    use crate::db::Saved;
    use crate::db::audit::{NewAuditEntry, record};
    use crate::domain::{AuditAction, AuditSubject, audit::changes_between};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let (user, company_id) = require_company_user(&db).await?;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (stored, _) = crate::db::companies::lock_own_company(&mut tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let company = form
        .read(&stored)
        .map_err(|errors| refused(AppError::invalid(errors, Draft::Profile(form.clone()))))?;
    let changes = changes_between(&stored.audit_fields(), &company.audit_fields());
    let version = match crate::db::companies::update_company(&mut tx, company_id, form.version, &company, &now).await? {
        Saved::Done(version) => version,
        Saved::Stale(current) => {
            drop(tx);
            let based_on = form.version;
            let draft = Draft::Profile(ProfileForm {
                version: current,
                ..form
            });
            return Err(conflict(&db, AuditSubject::Company, company_id, based_on, current, draft).await);
        }
        Saved::Missing => return Err(refused(AppError::NotFound)),
    };
    let entry = NewAuditEntry {
        user_id: user.id,
        actor: &user.email,
        company_id,
        subject: AuditSubject::Company,
        subject_id: company_id,
        action: AuditAction::Edit,
        version,
        changes: &changes,
    };
    record(&mut tx, &entry, &now).await?;
    tx.commit().await?;
    leptos_axum::redirect("/beheer?opgeslagen=profiel");
    Ok(())
}
