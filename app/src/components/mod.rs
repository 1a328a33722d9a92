//! Reusable pieces of the interface. They render what they are given; the one that
//! calls the server itself is the map island (`explore_map`), for the markers of a new
//! zoom.

pub mod error_message;
pub mod explore_map;
pub mod form_check;
pub mod form_fields;
pub mod geolocation;
pub mod hit_card;
pub mod island_start;
pub mod kept_html;
pub mod layout;
pub mod loaded;
pub mod location_map;
pub mod location_picker;
pub mod map_attribution;
pub mod screen_rotator;
pub mod search_form;
pub mod workspace_nav;

pub use error_message::ErrorMessage;
pub use explore_map::ExploreMap;
pub use form_fields::{AuditList, Input, RefusalNotice, SelectField, TextField};
pub use hit_card::HitCard;
pub use layout::Layout;
pub use loaded::Loaded;
pub use location_map::LocationMap;
pub use location_picker::LocationPicker;
pub use map_attribution::MapAttribution;
pub use search_form::{Choice, SearchForm};
pub use workspace_nav::{Workspace, WorkspaceNav};

/// The address of a company's page.
pub fn company_href(slug: &str) -> String {
    format!("/bedrijven/{slug}")
}

/// The address of a placement's page.
pub fn placement_href(slug: &str, id: i64) -> String {
    format!("/bedrijven/{slug}/plekken/{id}")
}
