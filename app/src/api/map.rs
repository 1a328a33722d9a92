//! What the server tells the maps about its tiles.

use leptos::prelude::*;

use crate::error::AppError;

/// Settings of the tile service, provided as context on the server.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MapSettings {
    /// The credit line the tile service requires under every map.
    pub attribution: String,
}

/// The map settings; a server function so that the browser, when it takes over the page,
/// reads the same text the server rendered.
#[server]
pub async fn get_map_settings() -> Result<MapSettings, AppError> {
    use_context::<MapSettings>().ok_or_else(|| {
        tracing::error!("no map settings in the request context");
        AppError::Internal
    })
}
