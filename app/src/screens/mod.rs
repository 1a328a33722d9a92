//! Kiosk screens' work that is not a server function (server only): the TV's cookie, the
//! slides a TV shows, and the minute job that mails owners when a screen goes silent.
//! `api::screens` holds the server functions and the shapes the TV's page reads.

mod cookie;
mod slides;
mod watch;

pub use cookie::ScreenCookie;
pub use slides::{pairing_view, show};
pub use watch::{alert_silent_screens, tell_owners};
