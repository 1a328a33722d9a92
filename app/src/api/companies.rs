//! Server functions about companies.

use leptos::prelude::*;

use crate::domain::{CompanyList, CompanyProfile, Region};
use crate::error::AppError;

/// The furthest page anyone can ask for; beyond it the request is surely not a person's.
pub const MAX_PAGE: u32 = 10_000;

/// One page of published companies with open placements, in `region` or in both regions,
/// sorted by name. `page` is 1-based; 0 is read as 1.
#[server]
pub async fn list_companies(region: Option<Region>, page: u32) -> Result<CompanyList, AppError> {
    use crate::domain::{FieldError, Problem};

    if page > MAX_PAGE {
        return Err(AppError::Validation(vec![FieldError::new("page", Problem::OutOfRange)]));
    }
    let catalog = crate::db::from_context()?.catalog().await?;
    Ok(CompanyList::from_sorted(
        &catalog.companies,
        region,
        page,
        CompanyList::PER_PAGE,
    ))
}

/// The published company `slug` with its fields of work and placements; `NotFound` when
/// there is no such published company.
#[server]
pub async fn get_company(slug: String) -> Result<CompanyProfile, AppError> {
    let db = crate::db::from_context()?;
    crate::db::companies::get_published_company(&db, &slug)
        .await?
        .ok_or(AppError::NotFound)
}
