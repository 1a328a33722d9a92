//! The words Techkaart shows people. Dutch is the default and, for now, the only language;
//! every label lives here so that another language is one more table of the same shape.

use crate::domain::{PlacementKind, Region};

/// Every fixed text of the interface in one language.
pub struct Texts {
    pub lang: &'static str,
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub home_title: &'static str,
    pub home_description: &'static str,
    pub home_heading: &'static str,
    pub home_intro: &'static str,
    pub regions_heading: &'static str,
    pub filter_label: &'static str,
    pub all_regions: &'static str,
    pub loading: &'static str,
    pub no_companies: &'static str,
    pub page_past_the_end: &'static str,
    pub first_page: &'static str,
    pub error_internal: &'static str,
    pub error_request: &'static str,
    pub error_invalid: &'static str,
    pub sbb_badge: &'static str,
    pub sbb_badge_title: &'static str,
    pub pagination_label: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub footer: &'static str,
    pub skip_to_content: &'static str,
}

pub const NL: Texts = Texts {
    lang: "nl",
    site_name: "Techkaart",
    tagline: "Leren en werken in de techniek, in de Kempen en de IJmond",
    home_title: "Techkaart – technische leerplekken in de Kempen en de IJmond",
    home_description: "Vind technische bedrijven met open BBL-plekken, stages, snuffeldagen en banen in de Kempen en de IJmond.",
    home_heading: "Waar kun je leren en werken in de techniek?",
    home_intro: "Metaal, mechatronica, elektro en onderhoud: deze bedrijven zoeken nu leerlingen en collega's. Kies een regio om te zien wie er plek heeft.",
    regions_heading: "Open plekken per regio",
    filter_label: "Toon bedrijven in",
    all_regions: "Beide regio's",
    loading: "Bedrijven laden…",
    no_companies: "Hier zijn nu geen bedrijven met open plekken. Kijk in de andere regio of kom later terug.",
    page_past_the_end: "Zo veel pagina's zijn er niet.",
    first_page: "Naar de eerste pagina",
    error_internal: "Er ging iets mis bij het ophalen van de bedrijven. Probeer het over een paar minuten opnieuw.",
    error_request: "De server is niet bereikbaar. Controleer je internetverbinding en probeer het opnieuw.",
    error_invalid: "Deze pagina bestaat niet. Begin bij de eerste pagina.",
    sbb_badge: "Erkend leerbedrijf",
    sbb_badge_title: "Door SBB erkend als leerbedrijf",
    pagination_label: "Pagina's",
    previous_page: "Vorige",
    next_page: "Volgende",
    not_found_title: "Pagina niet gevonden",
    not_found_text: "Deze pagina bestaat niet (meer). Misschien is de link verouderd.",
    back_home: "Naar de bedrijven",
    footer: "Techkaart is open source en wordt gemaakt voor de Kempen en de IJmond. De bedrijven in deze demo zijn verzonnen.",
    skip_to_content: "Naar de inhoud",
};

/// The texts for the current language.
pub fn texts() -> &'static Texts {
    &NL
}

impl Texts {
    /// "12 open plekken bij 5 bedrijven".
    pub fn region_counts(&self, open_placements: i64, companies: i64) -> String {
        let places = if open_placements == 1 {
            "open plek"
        } else {
            "open plekken"
        };
        let firms = if companies == 1 { "bedrijf" } else { "bedrijven" };
        format!("{open_placements} {places} bij {companies} {firms}")
    }

    /// "38 bedrijven met open plekken in de Kempen".
    pub fn result_count(&self, total: i64, region: Option<Region>) -> String {
        let firms = if total == 1 { "bedrijf" } else { "bedrijven" };
        match region {
            Some(region) => format!("{total} {firms} met open plekken in de {}", region.name()),
            None => format!("{total} {firms} met open plekken"),
        }
    }

    /// "Pagina 2 van 5".
    pub fn page_of(&self, page: u32, pages: u32) -> String {
        format!("Pagina {page} van {pages}")
    }

    /// "2 BBL-plekken", "1 stage".
    pub fn kind_count(&self, kind: PlacementKind, count: i64) -> String {
        let (one, many) = match kind {
            PlacementKind::Bbl => ("BBL-plek", "BBL-plekken"),
            PlacementKind::BolInternship => ("stage", "stages"),
            PlacementKind::OrientationDay => ("snuffeldag", "snuffeldagen"),
            PlacementKind::Job => ("baan", "banen"),
        };
        format!("{count} {}", if count == 1 { one } else { many })
    }

    /// "Kempen", with the region's own article where Dutch uses one.
    pub fn in_region(&self, region: Region) -> String {
        format!("in de {}", region.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_use_singular_for_one_and_plural_otherwise() {
        assert_eq!(NL.region_counts(1, 1), "1 open plek bij 1 bedrijf");
        assert_eq!(NL.region_counts(0, 0), "0 open plekken bij 0 bedrijven");
        assert_eq!(NL.kind_count(PlacementKind::OrientationDay, 2), "2 snuffeldagen");
        assert_eq!(
            NL.result_count(1, Some(Region::Ijmond)),
            "1 bedrijf met open plekken in de IJmond"
        );
    }
}
