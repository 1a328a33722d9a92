//! Server functions about placements.

use leptos::prelude::*;

use crate::domain::PlacementDetails;
use crate::error::AppError;

/// Placement `id` of the published company `slug`, with how to contact the company.
/// `NotFound` when that company has no such placement.
#[server]
pub async fn get_placement(slug: String, id: i64) -> Result<PlacementDetails, AppError> {
    let db = crate::db::from_context()?;
    crate::db::placements::get_published_placement(&db, &slug, id)
        .await?
        .ok_or(AppError::NotFound)
}
