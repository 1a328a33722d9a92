//! What a page tells the HTTP response it is rendered into (server side).

use leptos::prelude::use_context;

/// Makes the response a 404, for pages that found nothing to show.
pub fn set_not_found() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}
