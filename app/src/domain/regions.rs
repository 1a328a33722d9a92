//! The two regions Techkaart serves, and what the home page says about each.

use super::code_enum;

code_enum! {
    /// A region served by Techkaart.
    Region {
        Kempen => "kempen",
        Ijmond => "ijmond",
    }
}

impl Region {
    /// The region's proper name; the same in Dutch and English.
    pub fn name(self) -> &'static str {
        match self {
            Region::Kempen => "Kempen",
            Region::Ijmond => "IJmond",
        }
    }
}

impl Region {
    /// Whether this region lies within `scope`: one region, or both when `None` (as a
    /// coordinator's work covers one region or both).
    pub fn within(self, scope: Option<Region>) -> bool {
        scope.is_none_or(|own| own == self)
    }
}

/// How many open placements a region has, and at how many companies.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegionSummary {
    pub region: Region,
    pub open_placements: i64,
    pub companies_with_open_placements: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_round_trip_and_unknown_codes_are_refused() {
        for region in Region::ALL {
            assert_eq!(Region::from_code(region.code()), Some(*region));
        }
        assert_eq!(Region::from_code("Kempen"), None);
        assert_eq!(Region::from_code("utrecht"), None);
    }
}
