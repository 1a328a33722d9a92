//! The words Techkaart shows people. Dutch is the default and, for now, the only language;
//! every label lives here so that another language is one more table of the same shape.

use crate::domain::{Field, Level, PlacementKind, PlacementStatus, Region, SizeBand};

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
    pub company_not_found: &'static str,
    pub placement_not_found: &'static str,
    pub open_placements_heading: &'static str,
    pub no_open_placements: &'static str,
    pub earlier_placements_heading: &'static str,
    pub contact_heading: &'static str,
    pub about_heading: &'static str,
    pub fields_label: &'static str,
    pub size_label: &'static str,
    pub address_label: &'static str,
    pub website_label: &'static str,
    pub last_confirmed_label: &'static str,
    pub location_label: &'static str,
    pub map_label_short: &'static str,
    pub back_to_list: &'static str,
    pub kind_label: &'static str,
    pub level_label: &'static str,
    pub field_label: &'static str,
    pub qualification_label: &'static str,
    pub hours_label: &'static str,
    pub school_days_label: &'static str,
    pub start_label: &'static str,
    pub duration_label: &'static str,
    pub places_label: &'static str,
    pub pay_label: &'static str,
    pub status_label: &'static str,
    pub details_heading: &'static str,
    pub apply_heading: &'static str,
    pub apply_text: &'static str,
    pub not_open_notice: &'static str,
    pub to_company: &'static str,
    pub not_stated: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub filters_heading: &'static str,
    pub more_filters: &'static str,
    pub region_label: &'static str,
    pub municipality_label: &'static str,
    pub all_municipalities: &'static str,
    pub any_kind: &'static str,
    pub any_level: &'static str,
    pub any_field: &'static str,
    pub start_from_label: &'static str,
    pub sbb_only_label: &'static str,
    pub distance_from_label: &'static str,
    pub no_origin: &'static str,
    pub radius_label: &'static str,
    pub any_distance: &'static str,
    pub use_my_location: &'static str,
    pub my_location: &'static str,
    pub location_unavailable: &'static str,
    pub clear_filters: &'static str,
    pub map_label: &'static str,
    pub map_help: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub whole_region: &'static str,
    pub search_this_area: &'static str,
    pub area_active: &'static str,
    pub drop_area: &'static str,
    pub show_map: &'static str,
    pub show_list: &'static str,
    pub results_heading: &'static str,
    pub no_results: &'static str,
    pub widen_search: &'static str,
    pub close: &'static str,
    pub view_company: &'static str,
    pub search_invalid: &'static str,
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
    company_not_found: "Dit bedrijf staat niet (meer) op Techkaart. Misschien is de link verouderd.",
    placement_not_found: "Deze plek staat niet (meer) op Techkaart. Misschien is de link verouderd.",
    open_placements_heading: "Open plekken",
    no_open_placements: "Dit bedrijf heeft nu geen open plekken.",
    earlier_placements_heading: "Niet meer open",
    contact_heading: "Contact",
    about_heading: "Over het bedrijf",
    fields_label: "Vakgebieden",
    size_label: "Grootte",
    address_label: "Adres",
    website_label: "Website",
    last_confirmed_label: "Laatst bevestigd",
    location_label: "Ligging",
    map_label_short: "Kaart",
    back_to_list: "Terug naar de bedrijven",
    kind_label: "Soort plek",
    level_label: "Niveau",
    field_label: "Vakgebied",
    qualification_label: "Opleiding",
    hours_label: "Werktijd",
    school_days_label: "Schooldag",
    start_label: "Start",
    duration_label: "Duur",
    places_label: "Aantal plekken",
    pay_label: "Vergoeding",
    status_label: "Status",
    details_heading: "Wat houdt het in?",
    apply_heading: "Interesse?",
    apply_text: "Neem contact op met het bedrijf en noem deze plek.",
    not_open_notice: "Deze plek is niet meer open. Kijk bij het bedrijf of er andere plekken zijn.",
    to_company: "Naar het bedrijf",
    not_stated: "niet vermeld",
    search_label: "Zoeken",
    search_placeholder: "Bijvoorbeeld: lassen, monteur of Hapert",
    search_button: "Zoeken",
    filters_heading: "Zoek een plek",
    more_filters: "Meer filters",
    region_label: "Regio",
    municipality_label: "Gemeente",
    all_municipalities: "Alle gemeenten",
    any_kind: "Alle soorten",
    any_level: "Alle niveaus",
    any_field: "Alle vakgebieden",
    start_from_label: "Start vanaf",
    sbb_only_label: "Alleen erkende leerbedrijven (SBB)",
    distance_from_label: "Afstand vanaf",
    no_origin: "Kies een plaats",
    radius_label: "Binnen",
    any_distance: "Elke afstand",
    use_my_location: "Gebruik mijn locatie",
    my_location: "Mijn locatie",
    location_unavailable: "Je locatie is niet beschikbaar. Kies een plaats uit de lijst.",
    clear_filters: "Alle filters wissen",
    map_label: "Kaart met bedrijven",
    map_help: "Sleep om de kaart te verschuiven, scroll of knijp om te zoomen. Met het toetsenbord: pijltjes verschuiven, plus en min zoomen.",
    zoom_in: "Inzoomen",
    zoom_out: "Uitzoomen",
    whole_region: "Hele regio tonen",
    search_this_area: "Zoek in dit gebied",
    area_active: "Alleen bedrijven in het gekozen kaartgebied.",
    drop_area: "Overal zoeken",
    show_map: "Kaart",
    show_list: "Lijst",
    results_heading: "Bedrijven met open plekken",
    no_results: "Geen bedrijven gevonden die bij alle filters passen.",
    widen_search: "Zoek breder: wis alle filters",
    close: "Sluiten",
    view_company: "Bekijk het bedrijf",
    search_invalid: "Een deel van deze zoekopdracht klopt niet en is weggelaten:",
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

    pub fn kind(&self, kind: PlacementKind) -> &'static str {
        match kind {
            PlacementKind::Bbl => "BBL (werken en leren)",
            PlacementKind::BolInternship => "Stage (BOL)",
            PlacementKind::OrientationDay => "Snuffeldag",
            PlacementKind::Job => "Baan",
        }
    }

    pub fn level(&self, level: Level) -> &'static str {
        match level {
            Level::Vmbo => "vmbo",
            Level::Mbo1 => "mbo niveau 1",
            Level::Mbo2 => "mbo niveau 2",
            Level::Mbo3 => "mbo niveau 3",
            Level::Mbo4 => "mbo niveau 4",
            Level::Hbo => "hbo",
        }
    }

    pub fn field(&self, field: Field) -> &'static str {
        match field {
            Field::Welding => "Lassen",
            Field::Machining => "Verspanen (CNC)",
            Field::SheetMetal => "Plaatbewerking",
            Field::SteelConstruction => "Staalbouw",
            Field::Mechatronics => "Mechatronica",
            Field::Electrical => "Elektrotechniek",
            Field::Installation => "Installatietechniek",
            Field::Maintenance => "Onderhoud",
            Field::ProcessTechnology => "Procestechniek",
            Field::Automation => "Automatisering",
        }
    }

    pub fn size_band(&self, size: SizeBand) -> String {
        format!("{} medewerkers", size.code().replace('-', " tot "))
    }

    pub fn status(&self, status: PlacementStatus) -> &'static str {
        match status {
            PlacementStatus::Open => "Open",
            PlacementStatus::Filled => "Vervuld",
            PlacementStatus::Closed => "Gesloten",
        }
    }

    /// ISO weekday (1 = Monday) as a word.
    pub fn weekday(&self, day: u8) -> &'static str {
        [
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ]
        .get(usize::from(day.max(1)) - 1)
        .copied()
        .unwrap_or("?")
    }

    /// `2027-02-01` as "1 februari 2027"; anything else as it is.
    pub fn date(&self, iso: &str) -> String {
        const MONTHS: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        let parts: Vec<&str> = iso.split('-').collect();
        match (parts.as_slice(), parts.get(1).and_then(|m| m.parse::<usize>().ok())) {
            ([year, _, day], Some(month)) if (1..=12).contains(&month) => {
                format!("{} {} {year}", day.trim_start_matches('0'), MONTHS[month - 1])
            }
            _ => iso.to_owned(),
        }
    }

    /// Whole euros with Dutch thousands separators: "€ 1.250".
    pub fn euros(&self, amount: i64) -> String {
        let digits = amount.unsigned_abs().to_string();
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        format!("€ {}{grouped}", if amount < 0 { "-" } else { "" })
    }

    /// A monthly pay range: "€ 1.100 tot € 1.500 per maand".
    pub fn pay(&self, min: Option<i64>, max: Option<i64>) -> String {
        match (min, max) {
            (Some(min), Some(max)) if min == max => format!("{} per maand", self.euros(min)),
            (Some(min), Some(max)) => format!("{} tot {} per maand", self.euros(min), self.euros(max)),
            (Some(min), None) => format!("vanaf {} per maand", self.euros(min)),
            (None, Some(max)) => format!("tot {} per maand", self.euros(max)),
            (None, None) => self.not_stated.to_owned(),
        }
    }

    /// "32 uur, 4 dagen per week".
    pub fn hours(&self, hours: Option<i64>, days: Option<i64>) -> String {
        match (hours, days) {
            (Some(h), Some(d)) => format!("{h} uur, {d} {} per week", if d == 1 { "dag" } else { "dagen" }),
            (Some(h), None) => format!("{h} uur per week"),
            (None, Some(d)) => format!("{d} {} per week", if d == 1 { "dag" } else { "dagen" }),
            (None, None) => self.not_stated.to_owned(),
        }
    }

    /// "24 maanden", "1 maand".
    pub fn months(&self, months: i64) -> String {
        format!("{months} {}", if months == 1 { "maand" } else { "maanden" })
    }

    /// "2 plekken".
    pub fn places(&self, places: i64) -> String {
        format!("{places} {}", if places == 1 { "plek" } else { "plekken" })
    }

    /// "12 bedrijven" as the results heading counts them.
    pub fn companies_found(&self, total: u32) -> String {
        format!("{total} {} gevonden", if total == 1 { "bedrijf" } else { "bedrijven" })
    }

    /// A cluster marker's name: "5 bedrijven hier, zoom in".
    pub fn cluster_label(&self, count: u32) -> String {
        format!("{count} bedrijven hier, zoom in")
    }

    /// "ca. 4 km · 18 min fietsen · 7 min met de auto".
    pub fn travel(&self, travel: &crate::map::TravelEstimate) -> String {
        let km = if travel.distance_km < 10.0 {
            format!("{:.1}", travel.distance_km).replace('.', ",")
        } else {
            format!("{:.0}", travel.distance_km)
        };
        format!(
            "ca. {km} km · {} min fietsen · {} min met de auto",
            travel.bike_minutes, travel.car_minutes
        )
    }

    /// "vanaf Hapert" or "vanaf je locatie".
    pub fn measured_from(&self, town: Option<&str>) -> String {
        match town {
            Some(town) => format!("Afstanden vanaf {town}"),
            None => "Afstanden vanaf je locatie".to_owned(),
        }
    }

    /// "5 km".
    pub fn kilometres(&self, km: u32) -> String {
        format!("{km} km")
    }

    /// "en nog 3 plekken".
    pub fn more_placements(&self, count: u32) -> String {
        format!("en nog {count} {}", if count == 1 { "plek" } else { "plekken" })
    }

    /// What a search parameter is called, for the message about a wrong one.
    pub fn search_key(&self, key: &str) -> &'static str {
        match key {
            "regio" => self.region_label,
            "gemeente" => self.municipality_label,
            "soort" => self.kind_label,
            "niveau" => self.level_label,
            "vakgebied" => self.field_label,
            "start" => self.start_from_label,
            "zoek" => self.search_label,
            "vanaf" | "hier" => self.distance_from_label,
            "straal" => self.radius_label,
            "gebied" | "kaart" => self.map_label,
            "pagina" => self.pagination_label,
            _ => self.not_stated,
        }
    }

    /// What is wrong with a value, in words.
    pub fn problem(&self, problem: crate::domain::Problem) -> &'static str {
        use crate::domain::Problem;
        match problem {
            Problem::Required => "moet ingevuld zijn",
            Problem::TooLong => "is te lang",
            Problem::Format => "heeft een onleesbare vorm",
            Problem::OutOfRange => "ligt buiten het toegestane bereik",
            Problem::Unknown => "is onbekend",
        }
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
    fn dates_money_and_hours_read_the_dutch_way() {
        assert_eq!(NL.date("2027-02-01"), "1 februari 2027");
        assert_eq!(NL.date("2027-13-01"), "2027-13-01");
        assert_eq!(NL.euros(1250), "€ 1.250");
        assert_eq!(NL.euros(125), "€ 125");
        assert_eq!(NL.euros(1_234_567), "€ 1.234.567");
        assert_eq!(NL.pay(Some(1100), Some(1500)), "€ 1.100 tot € 1.500 per maand");
        assert_eq!(NL.pay(None, None), "niet vermeld");
        assert_eq!(NL.hours(Some(32), Some(4)), "32 uur, 4 dagen per week");
        assert_eq!(NL.weekday(3), "woensdag");
        assert_eq!(NL.size_band(SizeBand::Small), "10 tot 49 medewerkers");
    }

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
