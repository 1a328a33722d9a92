//! Server functions about companies.

use leptos::prelude::*;

use crate::domain::CompanyProfile;
use crate::error::AppError;

/// The published company `slug` with its fields of work and placements; `NotFound` when
/// there is no such published company.
#[server]
pub async fn get_company(slug: String) -> Result<CompanyProfile, AppError> {
    let db = crate::db::from_context()?;
    crate::db::companies::get_published_company(&db, &slug)
        .await?
        .ok_or(AppError::NotFound)
}
