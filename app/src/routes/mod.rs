//! Pages, one component per file; each ends in `Page`.

pub mod home;
pub mod not_found;

pub use home::HomePage;
pub use not_found::NotFoundPage;
