//! Server functions about regions.

use leptos::prelude::*;

use crate::domain::RegionSummary;
use crate::error::AppError;

/// Every region with its count of open placements and of companies offering them.
#[server]
pub async fn list_region_summaries() -> Result<Vec<RegionSummary>, AppError> {
    let catalog = crate::catalog::current(&crate::db::from_context()?).await?;
    Ok(catalog.regions.clone())
}
