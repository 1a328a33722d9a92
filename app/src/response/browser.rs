//! What a page tells the HTTP response it is rendered into (in the browser there is none:
//! the status was set when the server rendered the page).

/// Nothing to do in the browser.
pub fn set_not_found() {}
