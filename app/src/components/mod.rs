//! Reusable pieces of the interface. They render what they are given and make no
//! server calls themselves.

pub mod company_card;
pub mod error_message;
pub mod layout;
pub mod location_map;
pub mod pagination;
pub mod region_filter;

pub use company_card::CompanyCard;
pub use error_message::ErrorMessage;
pub use layout::Layout;
pub use location_map::LocationMap;
pub use pagination::Pagination;
pub use region_filter::RegionFilter;

/// The address of a company's page.
pub fn company_href(slug: &str) -> String {
    format!("/bedrijven/{slug}")
}

/// The address of a placement's page.
pub fn placement_href(slug: &str, id: i64) -> String {
    format!("/bedrijven/{slug}/plekken/{id}")
}

use crate::domain::Region;

/// The address of the home page's list for a region and page, as shared links carry it.
/// Page 1 and "both regions" are left out so the plainest view has the plainest URL.
pub fn home_href(region: Option<Region>, page: u32) -> String {
    let mut params = Vec::new();
    if let Some(region) = region {
        params.push(format!("regio={}", region.code()));
    }
    if page > 1 {
        params.push(format!("pagina={page}"));
    }
    if params.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", params.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_links_leave_out_defaults() {
        assert_eq!(home_href(None, 1), "/");
        assert_eq!(home_href(Some(Region::Kempen), 1), "/?regio=kempen");
        assert_eq!(home_href(Some(Region::Ijmond), 3), "/?regio=ijmond&pagina=3");
        assert_eq!(home_href(None, 2), "/?pagina=2");
    }
}
