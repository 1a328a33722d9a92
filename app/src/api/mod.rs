//! Server functions, one file per resource.
//!
//! Each asks who is asking (`request::actor`: the `Actor` of `domain::actor`, resolved
//! once per request), parses input into domain types, lets `domain` decide what changes
//! and what that actor may do with what it found (`domain::policy`), and calls `db`. No
//! SQL here. Versioned saves of placements, profiles, events, SBB recognition and logos end
//! in `edit::finish`; screens and interests still end their own (issue 28 asks for one).
//! `screens.rs` also holds the TV's slides and the silent-screen check, which are no
//! server functions.

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
