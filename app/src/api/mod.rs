//! Server functions, one file per resource.
//!
//! Each asks who is asking (`request::actor`: the `Actor` of `domain::actor`, resolved
//! once per request), parses input into domain types, lets `domain` decide what changes
//! and what that actor may do with what it found (`domain::policy`), and calls `db`. No
//! SQL here. Every versioned save (placements, profiles, events, SBB recognition, logos,
//! screens, interests) ends in `edit::settle` or `edit::finish`: audit entry, or the
//! refusal with what others saved since. Work that is no server function lives elsewhere:
//! the TV's slides and the silent-screen watch in `crate::screens`, mail in `crate::mail`.

pub mod accounts;
pub mod board;
pub mod candidates;
pub mod companies;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod edit;
pub mod events;
pub mod interests;
pub mod own_placements;
pub mod own_profile;
pub mod placements;
pub mod recognition;
pub mod regions;
pub mod registrations;
#[cfg(feature = "ssr")]
pub mod request;
pub mod screens;
pub mod search;
pub mod sign_ups;
pub mod suggestions;
