//! The words of the public pages and forms: every page's header and footer (`SiteTexts`), the
//! home page, the map islands, a company's page, logging in and the placement and profile forms.

use super::*;

/// On every page: the header and footer, errors, and what pages share.
pub struct SiteTexts {
    pub site_name: &'static str,
    pub tagline: &'static str,
    /// The header's link to the dashboard (or the login, when logged out).
    pub for_companies: &'static str,
    pub footer: &'static str,
    /// The footer's link to `/privacy`.
    pub privacy_link: &'static str,
    pub skip_to_content: &'static str,
    pub loading: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub error_internal: &'static str,
    pub error_request: &'static str,
    pub error_invalid: &'static str,
    pub forbidden: &'static str,
    /// Too many failed logins: "wait {n} minutes".
    pub too_many_attempts: Plural,
    /// The server has too much work queued (password checks): try again in a moment.
    pub busy: &'static str,
    pub login_failed: &'static str,
    pub not_logged_in: &'static str,
    pub link_invalid: &'static str,
    pub form_refused: &'static str,
    pub sbb_badge: &'static str,
    pub sbb_badge_title: &'static str,
    pub empty_value: &'static str,
}

/// The home page: search form, results and pages (the map has its own).
pub struct HomeTexts {
    pub home_title: &'static str,
    pub home_description: &'static str,
    pub home_heading: &'static str,
    pub home_intro: &'static str,
    pub all_regions: &'static str,
    /// After "more filters": how many of the folded filters are in use.
    pub filters_in_use: Plural,
    pub page_past_the_end: &'static str,
    pub first_page: &'static str,
    pub pagination_label: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub page_of: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub filters_heading: &'static str,
    pub more_filters: &'static str,
    pub all_municipalities: &'static str,
    pub any_kind: &'static str,
    pub any_level: &'static str,
    pub any_field: &'static str,
    pub sbb_only_label: &'static str,
    pub no_origin: &'static str,
    pub any_distance: &'static str,
    pub clear_filters: &'static str,
    /// Names the map/list switch of phones.
    pub show_as: &'static str,
    pub show_map: &'static str,
    pub show_list: &'static str,
    pub results_heading: &'static str,
    pub no_results: &'static str,
    pub widen_search: &'static str,
    pub search_invalid: &'static str,
    pub companies_found: Plural,
    pub more_placements: Plural,
}

/// What the islands with maps show: the home page's map, the search form's location button
/// and the profile form's location pin.
pub struct MapTexts {
    pub map_label: &'static str,
    pub map_help: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub whole_region: &'static str,
    pub search_this_area: &'static str,
    pub area_active: &'static str,
    pub drop_area: &'static str,
    pub close: &'static str,
    pub view_company: &'static str,
    pub map_label_short: &'static str,
    pub cluster_label: Plural,
    pub use_my_location: &'static str,
    pub my_location: &'static str,
    pub location_unavailable: &'static str,
    pub pin_map_label: &'static str,
    /// The map's choice of both regions at once.
    pub all_regions: &'static str,
    /// An event's pin: `{title}` and `{when}`.
    pub event_pin_label: &'static str,
    pub show_events: &'static str,
    /// A pin for several events at one place: how many, `{first}` the soonest's title.
    pub events_at_place: Plural,
    /// Pins of events close together at this zoom, shown as one.
    pub events_here: Plural,
    pub hide_events: &'static str,
}

/// A company's page and a placement's page.
pub struct CompanyTexts {
    pub company_not_found: &'static str,
    pub placement_not_found: &'static str,
    pub open_placements_heading: &'static str,
    pub no_open_placements: &'static str,
    pub earlier_placements_heading: &'static str,
    pub contact_heading: &'static str,
    pub about_heading: &'static str,
    pub address_label: &'static str,
    pub back_to_list: &'static str,
    pub hours_label: &'static str,
    pub duration_label: &'static str,
    /// The duration of an orientation day.
    pub duration_one_day: &'static str,
    /// The duration of a job without an end.
    pub duration_permanent: &'static str,
    /// Between a placement's title and its company in the page title: "Lasser bij Van Dijk".
    pub placement_at: &'static str,
    pub pay_label: &'static str,
    pub details_heading: &'static str,
    pub apply_heading: &'static str,
    pub apply_text: &'static str,
    pub not_open_notice: &'static str,
    pub to_company: &'static str,
    pub logo_of: &'static str,
}

/// Logging in, choosing a password, a forgotten password.
pub struct AccountTexts {
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub log_in_button: &'static str,
    pub forgot_password_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub forgot_button: &'static str,
    pub forgot_sent: &'static str,
    pub set_password_title: &'static str,
    pub set_password_intro: &'static str,
    pub set_password_button: &'static str,
}

/// The placement and profile forms, with the logo upload.
pub struct EditTexts {
    pub new_placement_title: &'static str,
    pub edit_placement_title: &'static str,
    pub crebo_hint: &'static str,
    pub school_days_hint: &'static str,
    pub optional_hint: &'static str,
    pub save_button: &'static str,
    pub back_to_dashboard: &'static str,
    pub choose_option: &'static str,
    pub edit_profile_title: &'static str,
    pub location_hint: &'static str,
    pub fields_hint: &'static str,
    pub sbb_set_by_coordinator: &'static str,
    pub logo_intro: &'static str,
    pub logo_label: &'static str,
    pub logo_button: &'static str,
    pub logo_saved: &'static str,
    pub logo_no_file: &'static str,
    pub logo_not_image: &'static str,
    pub logo_too_large: &'static str,
    pub logo_too_many_pixels: &'static str,
    pub current_logo: &'static str,
    pub stale_heading: &'static str,
    pub stale_form_text: &'static str,
    pub stale_action_text: &'static str,
    pub no_changes: &'static str,
}

impl SiteTexts {
    /// Too many failed logins; `seconds` until the next attempt, said in whole minutes.
    pub fn too_many_attempts(&self, seconds: u64) -> String {
        self.too_many_attempts
            .of(i64::try_from(seconds.div_ceil(60).max(1)).unwrap_or(i64::MAX))
    }
}

impl HomeTexts {
    /// "Pagina 2 van 5".
    pub fn page_of(&self, page: u32, pages: u32) -> String {
        self.page_of
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    }

    /// "12 bedrijven gevonden".
    pub fn companies_found(&self, total: u32) -> String {
        self.companies_found.of(total)
    }

    /// "en nog 3 plekken".
    pub fn more_placements(&self, count: u32) -> String {
        self.more_placements.of(count)
    }
}

impl MapTexts {
    /// A cluster marker's name: "5 bedrijven hier, zoom in".
    pub fn cluster_label(&self, count: u32) -> String {
        self.cluster_label.of(count)
    }
}
