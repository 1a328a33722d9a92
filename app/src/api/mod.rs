//! Server functions, one file per resource.
//!
//! Each reads who is asking (`request`), parses input into domain types, lets `domain`
//! decide what changes, calls `db`, and ends a versioned save with `edit::finish`. No SQL
//! here; the rules of an edit live in `domain`.

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
