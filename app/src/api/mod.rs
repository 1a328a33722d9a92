//! Server functions, one file per resource.
//!
//! Thin by design: read the context, parse input into domain types, call `db`, map
//! errors. No SQL and no business rules here.

pub mod accounts;
pub mod companies;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod edit;
pub mod own_placements;
pub mod own_profile;
pub mod placements;
pub mod recognition;
pub mod regions;
#[cfg(feature = "ssr")]
pub mod request;
pub mod search;
