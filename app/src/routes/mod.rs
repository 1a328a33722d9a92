//! Pages, one component per file; each ends in `Page`.

pub mod company;
pub mod home;
pub mod not_found;
pub mod placement;

pub use company::CompanyPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use placement::PlacementPage;
