//! Server functions about placements.

use leptos::prelude::*;

use crate::domain::{Day, PlacementDetails};
use crate::error::AppError;

/// Placement `id` of the published company `slug`, with how to contact the company.
/// `NotFound` when that company has no such placement. With today's date in the
/// Netherlands, from which the interest form's start months count.
#[server]
pub async fn get_placement(slug: String, id: i64) -> Result<(PlacementDetails, Day), AppError> {
    let db = crate::db::from_context()?;
    let details = crate::db::placements::get_published_placement(&db, &slug, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((details, crate::db::today()))
}
