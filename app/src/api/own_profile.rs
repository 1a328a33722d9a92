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
    let company_id = crate::api::request::actor(&db).await?.company()?.company_id;
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
    use crate::api::edit::{Edit, finish};
    use crate::domain::{AuditAction, AuditSubject, audit::changes_between};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company_id = actor.company()?.company_id;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (stored, _) = crate::db::companies::lock_own_company(&mut tx, company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let company = form
        .read(&stored)
        .map_err(|errors| AppError::invalid(errors, Draft::Profile(form.clone())))?;
    let changes = changes_between(&stored.audit_fields(), &company.audit_fields());
    let saved = crate::db::companies::update_company(&mut tx, company_id, form.version, &company, &now).await?;
    let edit = Edit {
        editor: (&actor).into(),
        owner: crate::domain::AuditOwner::Company(company_id),
        subject: AuditSubject::Company,
        id: company_id,
        action: AuditAction::Edit,
        based_on: form.version,
        changes: &changes,
    };
    let draft = |current| {
        Draft::Profile(ProfileForm {
            version: current,
            ..form.clone()
        })
    };
    finish(&db, tx, saved, edit, draft, &now).await?;
    leptos_axum::redirect("/beheer?opgeslagen=profiel");
    Ok(())
}
