//! Server functions about companies.

use leptos::prelude::*;

use crate::domain::{CompanyPage, Region};
use crate::error::AppError;

/// The furthest page anyone can ask for; beyond it the offset would be meaningless.
pub const MAX_PAGE: u32 = 10_000;

/// One page of published companies with open placements, in `region` or in both regions,
/// sorted by name. `page` is 1-based; 0 is read as 1.
#[server]
pub async fn list_companies(region: Option<Region>, page: u32) -> Result<CompanyPage, AppError> {
    use crate::db::companies::{count_companies_with_open_placements, list_companies_with_open_placements};
    use crate::domain::{FieldError, Problem};

    if page > MAX_PAGE {
        return Err(AppError::Validation(vec![FieldError::new("page", Problem::OutOfRange)]));
    }
    let page = page.max(1);
    let db = crate::db::from_context()?;
    let per_page = CompanyPage::PER_PAGE;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let total = count_companies_with_open_placements(&db, region).await?;
    let companies = list_companies_with_open_placements(&db, region, i64::from(per_page), offset).await?;
    Ok(CompanyPage {
        region,
        companies,
        total,
        page,
        per_page,
    })
}
