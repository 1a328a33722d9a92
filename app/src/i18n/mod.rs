//! The words Techkaart shows people, one file per language (`nl.rs`, `en.rs`).
//!
//! Every language is a `Texts` table of the same shape, grouped by the page (or part) that
//! shows the words: `site` (every page), `home`, `map`, `company`, `account`, `dashboard`,
//! `edit`, `labels` (what fields are called) and `words` (the names of kinds, levels,
//! fields, statuses and problems as exhaustive `match`es, plural forms, and how numbers,
//! money and dates are written). A missing, extra or misnamed text does not compile.
//! Adding a language is writing one more file and naming it in `LANGUAGES`.
//!
//! The language of a request is the `taal` cookie (set by the switch in the header), else
//! the browser's `Accept-Language`, else Dutch. The server writes it into `<html lang>`,
//! and the browser reads it back from there when it brings the islands to life, so both
//! render the same words. Islands take `browser_texts()`, only the groups they use, so the
//! browser's wasm does not carry every page's words in every language.

/// A language file's `Texts`: its code, its name in itself and what the switch is called,
/// with the group tables the file defines (`SITE`, `HOME`, …, `WORDS`).
macro_rules! texts_of_this_file {
    ($lang:literal, $name:literal, $switch:literal) => {
        Texts {
            language_name: $name,
            language_switch_label: $switch,
            lang: $lang,
            site: &SITE,
            home: &HOME,
            map: &MAP,
            company: &COMPANY,
            account: &ACCOUNT,
            dashboard: &DASHBOARD,
            edit: &EDIT,
            events: &EVENTS,
            screens: &SCREENS,
            interests: &INTERESTS,
            labels: &LABELS,
            words: &WORDS,
        }
    };
}

mod en;
mod nl;

use crate::domain::{
    Audience, AuditAction, EventKind, EventStatus, Field, Level, Participation, Period, PlacementKind, PlacementStatus,
    Problem, SizeBand,
};
use crate::map::TravelEstimate;

pub use en::EN;
pub use nl::NL;

/// Every language, the default first.
pub const LANGUAGES: &[&Texts] = &[&NL, &EN];

/// The cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "taal";

/// The singular and plural of a counted phrase; `{n}` stands for the number.
#[derive(Clone, Copy, Debug)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

/// A `Plural`, written briefly in the language tables.
pub const fn plural(one: &'static str, other: &'static str) -> Plural {
    Plural { one, other }
}

impl Plural {
    pub fn of(&self, n: impl Into<i64>) -> String {
        let n = n.into();
        let pattern = if n == 1 { self.one } else { self.other };
        pattern.replace("{n}", &n.to_string())
    }
}

/// Every fixed text of the interface in one language, grouped by the page (or part) that
/// shows it.
pub struct Texts {
    /// The language's name in itself, for the switch.
    pub language_name: &'static str,
    /// What the switch is called for screen readers.
    pub language_switch_label: &'static str,
    /// The language's code (BCP 47), as `<html lang>` and the cookie carry it.
    pub lang: &'static str,
    pub site: &'static SiteTexts,
    pub home: &'static HomeTexts,
    pub map: &'static MapTexts,
    pub company: &'static CompanyTexts,
    pub account: &'static AccountTexts,
    pub dashboard: &'static DashboardTexts,
    pub edit: &'static EditTexts,
    pub events: &'static EventTexts,
    pub screens: &'static ScreenTexts,
    pub interests: &'static InterestTexts,
    pub labels: &'static Labels,
    pub words: &'static Words,
}

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

/// The dashboard: placements, invitations, accounts, outbox and change log.
pub struct DashboardTexts {
    /// The coordinator's workspace navigation: its name and its pages.
    pub nav_label: &'static str,
    pub nav_overview: &'static str,
    pub nav_interests: &'static str,
    pub nav_companies: &'static str,
    pub nav_invite: &'static str,
    pub nav_events: &'static str,
    pub nav_screens: &'static str,
    pub nav_outbox: &'static str,
    pub nav_changes: &'static str,
    /// Who a student's own action is told as in the change log (they have no account).
    pub student_actor: &'static str,
    /// Who a company user is shown for a coordinator's change.
    pub coordinator_actor: &'static str,
    /// What an entry about an interest names: "interest #12".
    pub interest_subject: &'static str,
    /// What an audit entry's action is called (server only).
    pub audit_actions: fn(AuditAction) -> &'static str,
    pub dashboard_title: &'static str,
    pub logged_in_as: &'static str,
    pub role_coordinator: &'static str,
    pub role_company: &'static str,
    pub role_teacher: &'static str,
    pub log_out_button: &'static str,
    pub outbox_heading: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_empty: &'static str,
    pub mail_sent: &'static str,
    pub mail_waiting: &'static str,
    /// In place of a message whose link is for the recipient alone.
    pub mail_link_hidden: &'static str,
    /// Before who was shown a message's link: "Link getoond aan a@x (…)".
    pub mail_link_shown_to: &'static str,
    /// A message given up after the mail server refused it `{n}` times.
    pub mail_given_up: Plural,
    pub your_placements: &'static str,
    pub add_placement: &'static str,
    pub no_placements_yet: &'static str,
    pub attention_heading: &'static str,
    /// Open placements unconfirmed for 60 days.
    pub attention_count: Plural,
    /// `{date}`: the last confirmation.
    pub unconfirmed_since: &'static str,
    /// `{date}`.
    pub confirmed_on: &'static str,
    pub confirm_button: &'static str,
    pub fill_button: &'static str,
    pub close_placement_button: &'static str,
    pub reopen_button: &'static str,
    pub duplicate_button: &'static str,
    pub edit_button: &'static str,
    pub view_public_page: &'static str,
    pub saved_notice: &'static str,
    pub recent_changes: &'static str,
    pub invite_heading: &'static str,
    pub invite_intro: &'static str,
    pub choose_company: &'static str,
    pub new_company_option: &'static str,
    pub new_company_heading: &'static str,
    pub choose_town: &'static str,
    pub choose_size: &'static str,
    pub invite_button: &'static str,
    pub invited_notice: &'static str,
    pub users_heading: &'static str,
    pub no_users: &'static str,
    pub user_active: &'static str,
    pub user_invited: &'static str,
    pub invite_again_button: &'static str,
    /// Inviting a teacher, on the invitations page.
    pub teacher_invite_heading: &'static str,
    pub teacher_invite_intro: &'static str,
    pub teacher_invite_button: &'static str,
    pub teacher_invited_notice: &'static str,
    pub choose_region: &'static str,
    pub teachers_heading: &'static str,
    pub no_teachers: &'static str,
    /// A teacher's own page: registering students of their school.
    pub teacher_heading: &'static str,
    pub teacher_intro: &'static str,
    pub register_student_button: &'static str,
    pub registered_notice: &'static str,
    pub registrations_heading: &'static str,
    pub no_registrations: &'static str,
    /// `{date}`: when a teacher registered it.
    pub registered_on: &'static str,
    pub audit_heading: &'static str,
    pub edit_profile_link: &'static str,
    pub profile_saved_notice: &'static str,
    pub companies_heading: &'static str,
    pub recognised: &'static str,
    pub not_recognised: &'static str,
    pub recognise_button: &'static str,
    pub unrecognise_button: &'static str,
    /// The workspace pages' searches.
    pub search_button: &'static str,
    pub clear_search: &'static str,
    pub search_companies: &'static str,
    pub search_outbox: &'static str,
    pub companies_count: Plural,
    pub companies_found: Plural,
    /// The coordinator's overview: what waits, each a link.
    pub waiting_heading: &'static str,
    pub new_interests: Plural,
    pub invited_users: Plural,
    pub mails_waiting: Plural,
    pub recent_changes_heading: &'static str,
    pub all_changes: &'static str,
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

/// Kiosk screens: the TV's own page (pairing code, slides) and their part of the
/// dashboard.
pub struct ScreenTexts {
    pub page_title: &'static str,
    pub pairing_heading: &'static str,
    pub pairing_steps: &'static str,
    /// `{time}`: until when the code is valid.
    pub pairing_expires: &'static str,
    /// The region slide's heading: how many companies look for people.
    pub companies_looking: Plural,
    /// The lobby screen's heading: `{company}`.
    pub work_at: &'static str,
    pub open_places: Plural,
    pub upcoming_events: Plural,
    pub scan_hint: &'static str,
    /// `{time}`: when the screen last heard from the server.
    pub offline_note: &'static str,
    pub dashboard_heading: &'static str,
    pub dashboard_intro: &'static str,
    pub no_screens: &'static str,
    pub pair_link: &'static str,
    pub pair_title: &'static str,
    pub pair_hint: &'static str,
    pub edit_title: &'static str,
    pub code_label: &'static str,
    pub screen_name_label: &'static str,
    pub screen_name_hint: &'static str,
    pub orientation_label: &'static str,
    pub shows_label: &'static str,
    pub on_days_label: &'static str,
    pub on_from_label: &'static str,
    pub on_until_label: &'static str,
    pub region_label: &'static str,
    pub pair_button: &'static str,
    pub save_button: &'static str,
    pub repair_heading: &'static str,
    pub repair_hint: &'static str,
    pub repair_button: &'static str,
    pub revoke_heading: &'static str,
    pub revoke_hint: &'static str,
    pub revoke_button: &'static str,
    pub remove_hint: &'static str,
    pub remove_button: &'static str,
    pub state_label: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub revoked: &'static str,
    pub last_seen_label: &'static str,
    pub never_seen: &'static str,
    pub showing_now_label: &'static str,
    /// What a screen showed, by its slide's kind.
    pub region_slide: &'static str,
    pub event_slide: &'static str,
    pub placement_slide: &'static str,
    pub lobby_of: &'static str,
    pub settings_link: &'static str,
    pub landscape: &'static str,
    pub portrait: &'static str,
    pub shows_all: &'static str,
    pub shows_events: &'static str,
    pub shows_placements: &'static str,
    pub weekdays: &'static str,
    pub monday_to_saturday: &'static str,
    pub every_day: &'static str,
}

impl EventTexts {
    pub fn event_status(&self, status: EventStatus) -> &'static str {
        (self.event_statuses)(status)
    }

    pub fn sign_up_status(&self, status: crate::domain::SignUpStatus) -> &'static str {
        (self.sign_up_statuses)(status)
    }

    pub fn period(&self, period: Period) -> &'static str {
        (self.periods)(period)
    }

    pub fn audience(&self, audience: Audience) -> &'static str {
        (self.audiences)(audience)
    }

    pub fn participation(&self, participation: Participation) -> &'static str {
        (self.participations)(participation)
    }
}

impl DashboardTexts {
    pub fn audit_action(&self, action: AuditAction) -> &'static str {
        (self.audit_actions)(action)
    }
}

impl ScreenTexts {
    pub fn orientation(&self, orientation: crate::domain::Orientation) -> &'static str {
        match orientation {
            crate::domain::Orientation::Landscape => self.landscape,
            crate::domain::Orientation::Portrait => self.portrait,
        }
    }

    pub fn shows(&self, shows: crate::domain::ScreenShows) -> &'static str {
        match shows {
            crate::domain::ScreenShows::All => self.shows_all,
            crate::domain::ScreenShows::Events => self.shows_events,
            crate::domain::ScreenShows::Placements => self.shows_placements,
        }
    }

    pub fn on_days(&self, days: crate::domain::OnDays) -> &'static str {
        match days {
            crate::domain::OnDays::Weekdays => self.weekdays,
            crate::domain::OnDays::MondayToSaturday => self.monday_to_saturday,
            crate::domain::OnDays::EveryDay => self.every_day,
        }
    }

    pub fn state(&self, state: crate::domain::ScreenState) -> &'static str {
        match state {
            crate::domain::ScreenState::Online => self.online,
            crate::domain::ScreenState::Offline => self.offline,
            crate::domain::ScreenState::Revoked => self.revoked,
        }
    }
}

/// A student's interest: the form on a placement's page, the student's own page, a
/// guardian's consent and the privacy page. Server only.
pub struct InterestTexts {
    pub age_bands: fn(crate::domain::AgeBand) -> &'static str,
    pub programmes: fn(crate::domain::Programme) -> &'static str,
    /// Where an interest stands, in words for the student.
    pub stages: fn(crate::domain::Stage) -> &'static str,
    pub form_heading: &'static str,
    pub form_intro: &'static str,
    /// The same on an orientation day's page.
    pub event_form_heading: &'static str,
    pub event_form_intro: &'static str,
    pub open_form: &'static str,
    /// The labels that address the student, as a coordinator reads them when filling
    /// in the form for a school.
    pub for_school: ForSchoolLabels,
    pub first_name_label: &'static str,
    pub age_label: &'static str,
    pub school_label: &'static str,
    pub programme_label: &'static str,
    pub crebo_label: &'static str,
    pub crebo_hint: &'static str,
    pub email_hint: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub start_label: &'static str,
    pub start_now: &'static str,
    pub postcode_label: &'static str,
    pub postcode_hint: &'static str,
    pub motivation_label: &'static str,
    pub guardian_label: &'static str,
    pub guardian_hint: &'static str,
    /// The guardian's address as a stored fact is labelled.
    pub guardian_short: &'static str,
    pub privacy_note: &'static str,
    pub send_button: &'static str,
    pub sent_notice: &'static str,
    pub too_many: &'static str,
    pub page_title: &'static str,
    pub page_intro: &'static str,
    pub confirm_heading: &'static str,
    pub confirm_text: &'static str,
    pub confirm_button: &'static str,
    pub confirmed_notice: &'static str,
    pub waiting_for_you: &'static str,
    pub waiting_for_guardian: &'static str,
    pub placement_gone: &'static str,
    pub sent_on: &'static str,
    pub stored_heading: &'static str,
    pub withdraw_button: &'static str,
    pub withdrawn_notice: &'static str,
    /// A company proposed moments to meet: the student chooses one.
    pub meeting_heading: &'static str,
    /// What choosing a moment means ({company}).
    pub meeting_text: &'static str,
    pub meeting_choose_button: &'static str,
    /// What to do when no moment suits.
    pub meeting_none_suits: &'static str,
    /// The chosen moment ({moment}, {company}).
    pub meeting_accepted_line: &'static str,
    pub meeting_accepted_notice: &'static str,
    pub moved_meanwhile: &'static str,
    pub keep_heading: &'static str,
    /// `{date}`: until when.
    pub keep_text: &'static str,
    pub keep_button: &'static str,
    /// `{date}`: until when.
    pub kept_until: &'static str,
    pub stop_keeping_button: &'static str,
    pub download_heading: &'static str,
    pub download_text: &'static str,
    pub download_link: &'static str,
    pub delete_heading: &'static str,
    pub delete_text: &'static str,
    pub delete_button: &'static str,
    pub delete_sure: &'static str,
    pub delete_sure_button: &'static str,
    pub delete_cancel: &'static str,
    pub guardian_title: &'static str,
    /// `{name}`: the student's first name.
    pub guardian_intro: &'static str,
    pub agree_button: &'static str,
    pub refuse_button: &'static str,
    /// `{name}`: the student's first name.
    pub agreed_notice: &'static str,
    pub privacy_title: &'static str,
    pub privacy_intro: &'static str,
    /// Headings and their paragraphs.
    pub privacy_sections: &'static [(&'static str, &'static str)],
    pub deleted_notice: &'static str,
    /// The stages as the coordinator's board names them.
    pub board_stages: fn(crate::domain::Stage) -> &'static str,
    pub close_reasons: fn(crate::domain::CloseReason) -> &'static str,
    pub declined_bys: fn(crate::domain::DeclinedBy) -> &'static str,
    /// The standard answer to a student whose interest was closed for that reason.
    pub feedback_templates: fn(crate::domain::CloseReason) -> &'static str,
    pub board_title: &'static str,
    pub board_intro: &'static str,
    pub all_stages: &'static str,
    /// A filter's "any" choice.
    pub any_option: &'static str,
    pub stage_label: &'static str,
    pub age_filter: &'static str,
    pub waiting_filter: &'static str,
    /// `{n}`: days.
    pub waiting_option: &'static str,
    pub filter_button: &'static str,
    pub clear_filters: &'static str,
    pub no_interests: &'static str,
    pub days_in_stage: Plural,
    /// `{stage}`: the next stage.
    pub move_to: &'static str,
    pub other_stage: &'static str,
    pub move_button: &'static str,
    pub close_heading: &'static str,
    pub reason_label: &'static str,
    pub declined_by_label: &'static str,
    pub feedback_label: &'static str,
    pub feedback_hint: &'static str,
    pub close_button: &'static str,
    pub board_motivation: &'static str,
    pub board_start: &'static str,
    pub board_stale: &'static str,
    pub board_refused: &'static str,
    pub more_than_shown: &'static str,
    /// What a company's buttons about a candidate say.
    pub candidate_answers: fn(crate::domain::CandidateAnswer) -> &'static str,
    pub candidates_heading: &'static str,
    pub candidates_intro: &'static str,
    pub no_candidates: &'static str,
    pub contact_later: &'static str,
    pub candidate_for: &'static str,
    pub meeting_times_label: &'static str,
    pub meeting_times_hint: &'static str,
    pub proposed_times: &'static str,
    /// The moment the student chose, on the company's card.
    pub chosen_moment: &'static str,
    pub decline_reason_label: &'static str,
    /// The board's download: its heading, the contact tick and its hint, the button, and
    /// what the change log calls the number of rows exported.
    pub export_heading: &'static str,
    pub export_contact: &'static str,
    pub export_contact_hint: &'static str,
    pub export_button: &'static str,
    pub rows_label: &'static str,
    /// Suggestions: why a placement fits a student, and what speaks against it.
    /// Before a travel estimate on a suggestion.
    pub travel_from_home: &'static str,
    pub fit_reasons: fn(crate::domain::fit::FitReason) -> &'static str,
    pub doubts: fn(crate::domain::fit::Doubt) -> &'static str,
    /// The board card's link to an interest's suggestions, and that page.
    pub match_link: &'static str,
    pub match_title: &'static str,
    pub match_intro: &'static str,
    pub no_suggestions: &'static str,
    /// Suggestions are for interests nobody was introduced to yet.
    pub already_introduced: &'static str,
    /// Suggestions for an interest that is over (closed, withdrawn or started).
    pub no_suggestions_over: &'static str,
    pub fits_because: &'static str,
    pub doubts_heading: &'static str,
    /// "Introduce to {company}".
    pub introduce_to: &'static str,
    /// The board card's link to who else fits the placement, and that page.
    pub who_fits_link: &'static str,
    pub who_fits_title: &'static str,
    pub who_fits_intro: &'static str,
    pub nobody_fits: &'static str,
    /// "Introduce {name} here".
    pub introduce_here: &'static str,
    pub back_to_board: &'static str,
    /// A refused introduction: the placement is no longer open.
    pub placement_not_open: &'static str,
    /// Registering an interest on a student's behalf: the board's link, the page.
    pub register_link: &'static str,
    pub register_title: &'static str,
    pub register_intro: &'static str,
    pub register_placement_label: &'static str,
    pub register_placement_hint: &'static str,
    pub no_placement_yet: &'static str,
    /// What the board, the CSV and the student's page call the orientation day an interest
    /// was said on (the events' own word for it is also a stage's, "meeloopdag").
    pub orientation_day: &'static str,
    pub register_button: &'static str,
    /// The registration form as a teacher sees it: their school is fixed.
    pub teacher_register_intro: &'static str,
    pub teacher_placement_hint: &'static str,
    pub back_to_registrations: &'static str,
}

/// The interest form's labels that speak to the student, for whoever fills it in for them.
pub struct ForSchoolLabels {
    pub age_label: &'static str,
    pub crebo_label: &'static str,
    pub crebo_hint: &'static str,
    pub email_hint: &'static str,
    pub phone_hint: &'static str,
    pub start_label: &'static str,
    pub motivation_label: &'static str,
}

impl InterestTexts {
    pub fn board_stage(&self, stage: crate::domain::Stage) -> &'static str {
        (self.board_stages)(stage)
    }

    pub fn close_reason(&self, reason: crate::domain::CloseReason) -> &'static str {
        (self.close_reasons)(reason)
    }

    pub fn declined_by(&self, who: crate::domain::DeclinedBy) -> &'static str {
        (self.declined_bys)(who)
    }

    pub fn feedback_template(&self, reason: crate::domain::CloseReason) -> &'static str {
        (self.feedback_templates)(reason)
    }

    pub fn fit_reason(&self, reason: crate::domain::fit::FitReason) -> &'static str {
        (self.fit_reasons)(reason)
    }

    pub fn doubt(&self, doubt: crate::domain::fit::Doubt) -> &'static str {
        (self.doubts)(doubt)
    }

    pub fn candidate_answer(&self, answer: crate::domain::CandidateAnswer) -> &'static str {
        (self.candidate_answers)(answer)
    }

    pub fn age_band(&self, band: crate::domain::AgeBand) -> &'static str {
        (self.age_bands)(band)
    }

    pub fn programme(&self, programme: crate::domain::Programme) -> &'static str {
        (self.programmes)(programme)
    }

    pub fn stage(&self, stage: crate::domain::Stage) -> &'static str {
        (self.stages)(stage)
    }
}

/// Events: their list, their page, their form and their part of the dashboard.
pub struct EventTexts {
    /// Server only, like the rest of this group (not in the browser's `words`).
    pub event_statuses: fn(EventStatus) -> &'static str,
    pub sign_up_statuses: fn(crate::domain::SignUpStatus) -> &'static str,
    pub periods: fn(Period) -> &'static str,
    pub audiences: fn(Audience) -> &'static str,
    pub participations: fn(Participation) -> &'static str,
    /// The header's link to the list.
    pub nav_link: &'static str,
    pub list_title: &'static str,
    pub list_description: &'static str,
    pub list_intro: &'static str,
    pub no_events: &'static str,
    pub any_kind: &'static str,
    pub anyone: &'static str,
    pub filter_button: &'static str,
    /// How many events the list holds.
    pub events_found: Plural,
    pub subscribe_heading: &'static str,
    pub subscribe_text: &'static str,
    pub subscribe_link: &'static str,
    pub cancelled_badge: &'static str,
    pub past_badge: &'static str,
    pub running_badge: &'static str,
    pub hidden_badge: &'static str,
    /// Before a cancelled event's reason.
    pub cancelled_because: &'static str,
    pub when_heading: &'static str,
    pub where_heading: &'static str,
    pub for_whom_heading: &'static str,
    pub how_to_join_heading: &'static str,
    pub organised_by: &'static str,
    /// An event of the region itself: `{region}`.
    pub region_organiser: &'static str,
    pub sign_up_link: &'static str,
    /// How many people fit.
    pub capacity: Plural,
    pub add_to_calendar: &'static str,
    pub qr_caption: &'static str,
    pub back_to_events: &'static str,
    pub event_not_found: &'static str,
    /// On a company's page.
    pub company_events_heading: &'static str,
    /// `{from}` and `{to}` are clock times on one day.
    pub same_day_times: &'static str,
    /// `{from}` and `{to}` are a day with a clock time each.
    pub across_days: &'static str,
    pub dashboard_heading: &'static str,
    pub add_event: &'static str,
    pub no_managed_events: &'static str,
    pub new_event_title: &'static str,
    pub edit_event_title: &'static str,
    pub place_at_company: &'static str,
    pub place_at_venue: &'static str,
    pub venue_hint: &'static str,
    pub times_hint: &'static str,
    pub audiences_hint: &'static str,
    pub capacity_hint: &'static str,
    pub sign_up_url_hint: &'static str,
    pub english_hint: &'static str,
    pub cancel_button: &'static str,
    pub reason_hint: &'static str,
    pub reinstate_button: &'static str,
    pub hide_button: &'static str,
    pub show_button: &'static str,
    pub state_heading: &'static str,
    pub sign_up_heading: &'static str,
    pub sign_up_intro: &'static str,
    /// Free places of an event with class sign-up.
    pub places_left: Plural,
    pub full_note: &'static str,
    /// One address signed up the most classes an hour allows.
    pub sign_up_limit: &'static str,
    pub sign_up_button: &'static str,
    pub signed_up_notice: &'static str,
    pub waiting_notice: &'static str,
    /// After a sign-up is sent: it counts once confirmed by the mail's link.
    pub confirm_mail_notice: &'static str,
    /// A sign-up not confirmed yet, on its page: status, why, and the button.
    pub unconfirmed_status: &'static str,
    pub confirm_sign_up_text: &'static str,
    pub confirm_sign_up_button: &'static str,
    pub sign_up_page_title: &'static str,
    pub change_count_button: &'static str,
    pub cancel_sign_up_button: &'static str,
    pub sign_up_cancelled_notice: &'static str,
    pub sign_up_changed_notice: &'static str,
    pub sign_ups_heading: &'static str,
    pub no_sign_ups: &'static str,
    pub export_csv: &'static str,
    /// Removing a class's sign-up as the organiser, with a reason the teacher is mailed.
    pub remove_sign_up: &'static str,
    pub remove_reason_label: &'static str,
    pub remove_reason_hint: &'static str,
    /// `{taken}` of `{capacity}` places taken, `{waiting}` classes waiting.
    pub occupancy: &'static str,
    /// The CSV column of when a class signed up.
    pub signed_up_at: &'static str,
    // What the fields of events and sign-ups are called (here rather than in `labels`,
    // which the browser carries: its form check reads a field's name from the page).
    pub event_kind_label: &'static str,
    pub title_nl_label: &'static str,
    pub title_en_label: &'static str,
    pub start_day_label: &'static str,
    pub start_time_label: &'static str,
    pub end_day_label: &'static str,
    pub end_time_label: &'static str,
    pub place_label: &'static str,
    pub venue_name_label: &'static str,
    pub audiences_label: &'static str,
    pub participation_label: &'static str,
    pub sign_up_url_label: &'static str,
    pub capacity_label: &'static str,
    pub reason_label: &'static str,
    pub hidden_label: &'static str,
    pub period_label: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub audience_label: &'static str,
    pub teacher_name_label: &'static str,
    pub school_label: &'static str,
    pub head_count_label: &'static str,
}

/// What the fields of forms, pages, searches and the change log are called.
pub struct Labels {
    pub email_label: &'static str,
    pub password_label: &'static str,
    pub new_password_label: &'static str,
    pub repeat_password_label: &'static str,
    pub company_label: &'static str,
    pub company_name_label: &'static str,
    pub street_label: &'static str,
    pub postcode_label: &'static str,
    pub town_label: &'static str,
    pub placement_title_label: &'static str,
    pub description_nl_label: &'static str,
    pub description_en_label: &'static str,
    pub crebo_label: &'static str,
    pub hours_per_week_label: &'static str,
    pub days_per_week_label: &'static str,
    pub duration_months_label: &'static str,
    pub pay_min_label: &'static str,
    pub pay_max_label: &'static str,
    pub latitude_label: &'static str,
    pub longitude_label: &'static str,
    pub contact_name_label: &'static str,
    pub contact_email_label: &'static str,
    pub contact_phone_label: &'static str,
    pub logo_heading: &'static str,
    pub fields_label: &'static str,
    pub size_label: &'static str,
    pub website_label: &'static str,
    pub last_confirmed_label: &'static str,
    pub location_label: &'static str,
    pub kind_label: &'static str,
    pub level_label: &'static str,
    pub field_label: &'static str,
    pub qualification_label: &'static str,
    pub school_days_label: &'static str,
    pub start_label: &'static str,
    pub places_label: &'static str,
    pub status_label: &'static str,
    pub search_label: &'static str,
    pub region_label: &'static str,
    pub municipality_label: &'static str,
    pub start_from_label: &'static str,
    pub distance_from_label: &'static str,
    pub radius_label: &'static str,
    /// The SBB recognition as a field of the change log.
    pub sbb_label: &'static str,
    /// The map's view or chosen area, as a search parameter.
    pub map_area_label: &'static str,
    /// The page number, as a search parameter.
    pub page_label: &'static str,
    /// A field this table has no name for.
    pub unknown_field: &'static str,
}

/// The names of closed sets of values, and how numbers, money, dates and counts are written.
pub struct Words {
    pub kinds: fn(PlacementKind) -> &'static str,
    pub event_kinds: fn(EventKind) -> &'static str,
    /// Who an event is for.
    /// How people take part in an event.
    /// The periods the event list offers.
    pub kind_counts: fn(PlacementKind) -> Plural,
    pub levels: fn(Level) -> &'static str,
    pub fields: fn(Field) -> &'static str,
    pub statuses: fn(PlacementStatus) -> &'static str,
    /// How a field's problem is put after the field's name ("moet ingevuld zijn").
    pub problems: fn(Problem) -> &'static str,
    /// What an audit entry says the person did.
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
    /// `{d}`, `{month}` and `{y}`.
    pub date_pattern: &'static str,
    pub thousands_separator: char,
    pub decimal_separator: char,
    /// `{amount}` is the number with thousands separators.
    pub euro_pattern: &'static str,
    /// Monthly pay: `{min}` and `{max}`, `{amount}` for one figure.
    pub pay_range: &'static str,
    pub pay_exact: &'static str,
    pub pay_from: &'static str,
    pub pay_up_to: &'static str,
    /// `{h}` hours, `{days}` from `days`.
    pub hours_and_days: &'static str,
    pub hours_only: &'static str,
    pub days_only: &'static str,
    pub days: Plural,
    pub month_count: Plural,
    pub place_count: Plural,
    /// `{range}` is the band with `size_range_word` between its numbers.
    pub size_pattern: &'static str,
    pub size_range_word: &'static str,
    /// `{km}`, `{bike}` and `{car}` minutes.
    pub travel: &'static str,
    pub measured_from_town: &'static str,
    pub measured_from_here: &'static str,
    pub not_stated: &'static str,
}

/// The language of the current page, provided by `App`.
#[derive(Clone, Copy)]
pub struct Language(pub &'static Texts);

/// The texts of the current page's language (on the server; islands take `browser_texts`).
pub fn texts() -> &'static Texts {
    leptos::prelude::use_context::<Language>().map_or_else(request_language, |language| language.0)
}

/// The groups of texts the islands use, in one language.
#[derive(Clone, Copy)]
pub struct BrowserTexts {
    pub lang: &'static str,
    pub map: &'static MapTexts,
    pub words: &'static Words,
    pub labels: &'static Labels,
}

impl BrowserTexts {
    const fn of(texts: &'static Texts) -> BrowserTexts {
        BrowserTexts {
            lang: texts.lang,
            map: texts.map,
            words: texts.words,
            labels: texts.labels,
        }
    }
}

/// Every language's `BrowserTexts`, in the order of `LANGUAGES`, worked out while
/// compiling: the browser's wasm holds these groups and no whole `Texts`.
#[cfg_attr(feature = "ssr", allow(dead_code))]
const BROWSER_TEXTS: [BrowserTexts; LANGUAGES.len()] = {
    let mut all = [BrowserTexts::of(LANGUAGES[0]); LANGUAGES.len()];
    let mut i = 1;
    while i < LANGUAGES.len() {
        all[i] = BrowserTexts::of(LANGUAGES[i]);
        i += 1;
    }
    all
};

/// The texts an island uses, in the page's language: from the request on the server, from
/// `<html lang>` in the browser.
pub fn browser_texts() -> BrowserTexts {
    #[cfg(feature = "ssr")]
    {
        BrowserTexts::of(texts())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let lang = leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .unwrap_or_default();
        BROWSER_TEXTS
            .iter()
            .copied()
            .find(|texts| texts.lang.eq_ignore_ascii_case(&lang))
            .unwrap_or(BROWSER_TEXTS[0])
    }
}

/// The language with this code.
pub fn by_code(code: &str) -> Option<&'static Texts> {
    LANGUAGES.iter().copied().find(|t| t.lang.eq_ignore_ascii_case(code))
}

/// Picks the language from the `taal` cookie, else the best of `Accept-Language`, else
/// the default.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> &'static Texts {
    let chosen = cookie_header.and_then(|header| {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANGUAGE_COOKIE)
            .and_then(|(_, value)| by_code(value.trim()))
    });
    chosen
        .or_else(|| accept_language.and_then(best_accepted))
        .unwrap_or(LANGUAGES[0])
}

/// The supported language the `Accept-Language` header ranks highest.
fn best_accepted(header: &str) -> Option<&'static Texts> {
    let mut best: Option<(f32, &'static Texts)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(texts) = by_code(primary)
            && quality > 0.0
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, texts));
        }
    }
    best.map(|(_, texts)| texts)
}

/// The language of the request being rendered (server) or of the page (browser).
pub fn request_language() -> &'static Texts {
    #[cfg(feature = "ssr")]
    {
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        let header = |name| {
            parts
                .as_ref()
                .and_then(|p| p.headers.get(name))
                .and_then(|v| v.to_str().ok())
        };
        negotiate(header(http::header::COOKIE), header(http::header::ACCEPT_LANGUAGE))
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| by_code(&lang))
            .unwrap_or(LANGUAGES[0])
    }
}

impl Words {
    pub fn kind(&self, kind: PlacementKind) -> &'static str {
        (self.kinds)(kind)
    }

    pub fn event_kind(&self, kind: EventKind) -> &'static str {
        (self.event_kinds)(kind)
    }

    /// When an event takes place, on Dutch clocks: "vrijdag 4 december 2026, 13:00–16:00",
    /// or with both days when it runs over midnight.
    pub fn event_time(&self, events: &EventTexts, times: crate::domain::EventTimes) -> String {
        let (start, end) = (times.start.in_amsterdam(), times.end.in_amsterdam());
        let day = |at: time::OffsetDateTime| {
            format!(
                "{} {}",
                self.weekday(at.weekday().number_from_monday()),
                self.date(&at.date().to_string())
            )
        };
        let clock = |at: time::OffsetDateTime| format!("{:02}:{:02}", at.hour(), at.minute());
        if start.date() == end.date() {
            events
                .same_day_times
                .replace("{day}", &day(start))
                .replace("{from}", &clock(start))
                .replace("{to}", &clock(end))
        } else {
            events
                .across_days
                .replace("{from}", &format!("{} {}", day(start), clock(start)))
                .replace("{to}", &format!("{} {}", day(end), clock(end)))
        }
    }

    /// "2 BBL-plekken", "1 internship".
    pub fn kind_count(&self, kind: PlacementKind, count: i64) -> String {
        (self.kind_counts)(kind).of(count)
    }

    pub fn level(&self, level: Level) -> &'static str {
        (self.levels)(level)
    }

    pub fn field(&self, field: Field) -> &'static str {
        (self.fields)(field)
    }

    pub fn status(&self, status: PlacementStatus) -> &'static str {
        (self.statuses)(status)
    }

    pub fn problem(&self, problem: Problem) -> &'static str {
        (self.problems)(problem)
    }

    pub fn size_band(&self, size: SizeBand) -> String {
        self.size_pattern
            .replace("{range}", &size.code().replace('-', self.size_range_word))
    }

    /// ISO weekday (1 = Monday) as a word.
    pub fn weekday(&self, day: u8) -> &'static str {
        self.weekdays.get(usize::from(day.max(1)) - 1).copied().unwrap_or("?")
    }

    /// A day as "1 februari 2027".
    pub fn day(&self, day: crate::domain::Day) -> String {
        self.date(&day.stored())
    }

    /// A stored date (`2027-02-01`, as the change log keeps it) as `day`; other text as it is.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        match (parts.as_slice(), parts.get(1).and_then(|m| m.parse::<usize>().ok())) {
            ([year, _, day], Some(month)) if (1..=12).contains(&month) => self
                .date_pattern
                .replace("{d}", day.trim_start_matches('0'))
                .replace("{month}", self.months[month - 1])
                .replace("{y}", year),
            _ => iso.to_owned(),
        }
    }

    /// An instant as a person in the Netherlands reads it: the date and the time on
    /// Dutch clocks, "29 november 2026 21:53".
    pub fn moment(&self, at: crate::domain::Instant) -> String {
        let local = at.in_amsterdam();
        format!(
            "{} {:02}:{:02}",
            self.date(&local.date().to_string()),
            local.hour(),
            local.minute()
        )
    }

    /// Whole euros with the language's thousands separator: "€ 1.250", "€1,250".
    pub fn euros(&self, amount: i64) -> String {
        let digits = amount.unsigned_abs().to_string();
        let mut grouped = String::new();
        if amount < 0 {
            grouped.push('-');
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(self.thousands_separator);
            }
            grouped.push(digit);
        }
        self.euro_pattern.replace("{amount}", &grouped)
    }

    /// A monthly pay range: "€ 1.100 tot € 1.500 per maand".
    pub fn pay(&self, min: Option<i64>, max: Option<i64>) -> String {
        match (min, max) {
            (Some(min), Some(max)) if min == max => self.pay_exact.replace("{amount}", &self.euros(min)),
            (Some(min), Some(max)) => self
                .pay_range
                .replace("{min}", &self.euros(min))
                .replace("{max}", &self.euros(max)),
            (Some(min), None) => self.pay_from.replace("{amount}", &self.euros(min)),
            (None, Some(max)) => self.pay_up_to.replace("{amount}", &self.euros(max)),
            (None, None) => self.not_stated.to_owned(),
        }
    }

    /// "32 uur, 4 dagen per week".
    pub fn hours(&self, hours: Option<i64>, days: Option<i64>) -> String {
        let days_text = days.map(|d| self.days.of(d)).unwrap_or_default();
        let pattern = match (hours, days) {
            (Some(_), Some(_)) => self.hours_and_days,
            (Some(_), None) => self.hours_only,
            (None, Some(_)) => self.days_only,
            (None, None) => return self.not_stated.to_owned(),
        };
        pattern
            .replace("{h}", &hours.unwrap_or_default().to_string())
            .replace("{days}", &days_text)
    }

    /// "24 maanden".
    pub fn months(&self, months: i64) -> String {
        self.month_count.of(months)
    }

    /// "2 plekken".
    pub fn places(&self, places: i64) -> String {
        self.place_count.of(places)
    }

    /// "ca. 4,2 km · 18 min fietsen · 7 min met de auto".
    pub fn travel(&self, travel: &TravelEstimate) -> String {
        let km = if travel.distance_km < 10.0 {
            crate::decimals::Fixed(travel.distance_km, 1)
                .to_string()
                .replace('.', &self.decimal_separator.to_string())
        } else {
            crate::decimals::Fixed(travel.distance_km, 0).to_string()
        };
        self.travel
            .replace("{km}", &km)
            .replace("{bike}", &travel.bike_minutes.to_string())
            .replace("{car}", &travel.car_minutes.to_string())
    }

    /// "Afstanden vanaf Hapert", or from the browser's location.
    pub fn measured_from(&self, town: Option<&str>) -> String {
        match town {
            Some(town) => self.measured_from_town.replace("{town}", town),
            None => self.measured_from_here.to_owned(),
        }
    }

    /// "5 km".
    pub fn kilometres(&self, km: u32) -> String {
        format!("{km} km")
    }
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

impl DashboardTexts {
    /// A message given up after `attempts` refusals.
    pub fn mail_given_up(&self, attempts: i64) -> String {
        self.mail_given_up.of(attempts)
    }
}

impl Labels {
    /// What a form field (or an audit entry's field) is called.
    pub fn field_name(&self, field: &str) -> &'static str {
        match field {
            "title" => self.placement_title_label,
            "kind" => self.kind_label,
            "level" => self.level_label,
            "field" => self.field_label,
            "qualification" => self.qualification_label,
            "crebo" => self.crebo_label,
            "description_nl" | "description" => self.description_nl_label,
            "description_en" => self.description_en_label,
            "hours_per_week" => self.hours_per_week_label,
            "days_per_week" => self.days_per_week_label,
            "school_days" => self.school_days_label,
            "start_date" => self.start_label,
            "duration_months" => self.duration_months_label,
            "places" => self.places_label,
            "pay_min_eur" => self.pay_min_label,
            "pay_max_eur" => self.pay_max_label,
            "status" => self.status_label,
            "last_confirmed_on" => self.last_confirmed_label,
            "email" => self.email_label,
            "company" => self.company_label,
            "company_name" | "name" => self.company_name_label,
            "street_address" => self.street_label,
            "postcode" => self.postcode_label,
            "town" => self.town_label,
            "size_band" => self.size_label,
            "password" => self.new_password_label,
            "fields" => self.fields_label,
            "municipality" => self.municipality_label,
            "latitude" => self.latitude_label,
            "longitude" => self.longitude_label,
            "location" => self.location_label,
            "website" => self.website_label,
            "contact_name" => self.contact_name_label,
            "contact_email" => self.contact_email_label,
            "contact_phone" => self.contact_phone_label,
            "sbb_accredited" => self.sbb_label,
            "logo" => self.logo_heading,
            "repeated" => self.repeat_password_label,
            _ => self.unknown_field,
        }
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
            "gebied" | "kaart" => self.map_area_label,
            "pagina" => self.page_label,
            "bedrijf" => self.company_label,
            _ => self.unknown_field,
        }
    }
}

impl Texts {
    /// What a form field (or an audit entry's field) is called, events' fields included.
    pub fn field_name(&self, field: &str) -> &'static str {
        let e = self.events;
        match field {
            "title_nl" => e.title_nl_label,
            "title_en" => e.title_en_label,
            "start_day" | "starts_at" => e.start_day_label,
            "start_time" => e.start_time_label,
            "end_day" | "ends_at" => e.end_day_label,
            "end_time" => e.end_time_label,
            "place" | "at_company" => e.place_label,
            "venue_name" => e.venue_name_label,
            "audiences" => e.audiences_label,
            "participation" => e.participation_label,
            "sign_up_url" => e.sign_up_url_label,
            "capacity" => e.capacity_label,
            "reason" | "cancel_reason" => e.reason_label,
            "hidden" => e.hidden_label,
            "teacher_name" => e.teacher_name_label,
            "school" => e.school_label,
            "head_count" => e.head_count_label,
            "stage" => self.interests.stage_label,
            "rows" => self.interests.rows_label,
            "close_reason" => self.interests.reason_label,
            "declined_by" => self.interests.declined_by_label,
            "code" => self.screens.code_label,
            "screen_name" => self.screens.screen_name_label,
            "orientation" => self.screens.orientation_label,
            "shows" => self.screens.shows_label,
            "on_days" => self.screens.on_days_label,
            "on_from" => self.screens.on_from_label,
            "on_until" => self.screens.on_until_label,
            other => self.labels.field_name(other),
        }
    }

    /// What a search parameter is called (the event list's included).
    pub fn search_key(&self, key: &str) -> &'static str {
        let e = self.events;
        match key {
            "periode" => e.period_label,
            "van" => e.from_label,
            "tot" => e.to_label,
            "voor" => e.audience_label,
            other => self.labels.search_key(other),
        }
    }

    /// A company's or placement's own text in this language: the English one when the
    /// page is in English and the company wrote one, otherwise the Dutch one.
    pub fn pick<'a>(&self, dutch: &'a str, english: &'a str) -> &'a str {
        if self.lang == "en" && !english.trim().is_empty() {
            english
        } else {
            dutch
        }
    }

    /// A stored value (a code, an ISO date, school days) as people read it; an empty
    /// value as "(leeg)".
    pub fn stored_value(&self, field: &str, value: &str) -> String {
        let words = self.words;
        if value.is_empty() {
            return self.site.empty_value.to_owned();
        }
        let label = match field {
            "kind" => PlacementKind::from_code(value)
                .map(|k| words.kind(k))
                .or_else(|| EventKind::from_code(value).map(|k| words.event_kind(k))),
            "level" => Level::from_code(value).map(|l| words.level(l)),
            "field" => Field::from_code(value).map(|f| words.field(f)),
            "status" => PlacementStatus::from_code(value)
                .map(|s| words.status(s))
                .or_else(|| EventStatus::from_code(value).map(|s| self.events.event_status(s))),
            "participation" => Participation::from_code(value).map(|p| self.events.participation(p)),
            "audiences" => {
                let names: Vec<&str> = value
                    .split(',')
                    .filter_map(Audience::from_code)
                    .map(|a| self.events.audience(a))
                    .collect();
                return names.join(", ");
            }
            "starts_at" | "ends_at" => {
                return crate::domain::Instant::parse(value).map_or_else(|| value.to_owned(), |at| words.moment(at));
            }
            "hidden" | "at_company" => Some(if value == "1" { "✓" } else { "–" }),
            "sbb_accredited" => Some(if value == "1" {
                self.dashboard.recognised
            } else {
                self.dashboard.not_recognised
            }),
            "size_band" => return SizeBand::from_code(value).map_or_else(|| value.to_owned(), |s| words.size_band(s)),
            "municipality" => crate::domain::Municipality::from_code(value).map(|m| m.name()),
            "fields" => {
                let names: Vec<&str> = value
                    .split(',')
                    .filter_map(Field::from_code)
                    .map(|f| words.field(f))
                    .collect();
                return names.join(", ");
            }
            "start_date" | "last_confirmed_on" => return words.date(value),
            "stage" => crate::domain::Stage::from_code(value).map(|s| self.interests.board_stage(s)),
            "close_reason" => crate::domain::CloseReason::from_code(value).map(|r| self.interests.close_reason(r)),
            "declined_by" => crate::domain::DeclinedBy::from_code(value).map(|d| self.interests.declined_by(d)),
            "school_days" => {
                let days: Vec<&str> = crate::domain::parse_school_days(Some(value))
                    .into_iter()
                    .map(|d| words.weekday(d))
                    .collect();
                return days.join(", ");
            }
            _ => None,
        };
        label.map_or_else(|| value.to_owned(), str::to_owned)
    }

    /// The message for a refused logo upload, by the code the server sent back.
    pub fn logo_refusal(&self, code: &str) -> &'static str {
        match code {
            "geen-bestand" => self.edit.logo_no_file,
            "te-groot" => self.edit.logo_too_large,
            "te-veel-pixels" => self.edit.logo_too_many_pixels,
            "bezet" => self.site.busy,
            _ => self.edit.logo_not_image,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_money_and_hours_read_the_dutch_way() {
        assert_eq!(NL.words.date("2027-02-01"), "1 februari 2027");
        assert_eq!(NL.words.date("2027-13-01"), "2027-13-01");
        assert_eq!(NL.words.euros(1250), "€ 1.250");
        assert_eq!(NL.words.euros(125), "€ 125");
        assert_eq!(NL.words.euros(1_234_567), "€ 1.234.567");
        assert_eq!(NL.words.pay(Some(1100), Some(1500)), "€ 1.100 tot € 1.500 per maand");
        assert_eq!(NL.words.pay(None, None), "niet vermeld");
        assert_eq!(NL.words.hours(Some(32), Some(4)), "32 uur, 4 dagen per week");
        assert_eq!(NL.words.weekday(3), "woensdag");
        assert_eq!(NL.words.size_band(SizeBand::Small), "10 tot 49 medewerkers");
    }

    #[test]
    fn dates_money_and_hours_read_the_english_way() {
        assert_eq!(EN.words.date("2027-02-01"), "1 February 2027");
        assert_eq!(EN.words.euros(1_234_567), "€1,234,567");
        assert_eq!(EN.words.pay(Some(1100), Some(1500)), "€1,100 to €1,500 a month");
        assert_eq!(EN.words.hours(Some(32), Some(1)), "32 hours, 1 day a week");
        assert_eq!(EN.words.weekday(3), "Wednesday");
        assert_eq!(EN.words.size_band(SizeBand::Large), "250+ employees");
        let travel = crate::map::estimate(
            crate::map::LatLon::new(51.3655, 5.2602),
            crate::map::LatLon::new(51.3686, 5.2203),
        );
        assert!(
            EN.words.travel(&travel).starts_with("about 2.8 km"),
            "{}",
            EN.words.travel(&travel)
        );
        assert!(
            NL.words.travel(&travel).starts_with("ca. 2,8 km"),
            "{}",
            NL.words.travel(&travel)
        );
    }

    #[test]
    fn counts_use_singular_for_one_and_plural_otherwise() {
        assert_eq!(NL.words.kind_count(PlacementKind::OrientationDay, 2), "2 snuffeldagen");
        assert_eq!(NL.home.companies_found(1), "1 bedrijf gevonden");
        assert_eq!(EN.home.companies_found(1), "1 company found");
        assert_eq!(EN.home.companies_found(0), "0 companies found");
        assert_eq!(EN.words.kind_count(PlacementKind::Bbl, 1), "1 work-study place");
    }

    #[test]
    fn the_cookie_wins_then_accept_language_then_dutch() {
        assert_eq!(negotiate(None, None).lang, "nl");
        assert_eq!(negotiate(None, Some("en-GB,en;q=0.9")).lang, "en");
        assert_eq!(negotiate(None, Some("de-DE,en;q=0.5,nl;q=0.8")).lang, "nl");
        assert_eq!(negotiate(None, Some("fr, de")).lang, "nl");
        assert_eq!(negotiate(Some("a=1; taal=en"), Some("nl")).lang, "en");
        assert_eq!(
            negotiate(Some("taal=xx"), Some("en")).lang,
            "en",
            "an unknown cookie is ignored"
        );
    }

    /// Every label of one closed set in one language: none empty, no two the same.
    fn assert_distinct_labels(lang: &str, set: &str, labels: Vec<String>) {
        for label in &labels {
            assert!(!label.trim().is_empty(), "{lang}: an empty {set} label");
        }
        let distinct: std::collections::HashSet<&String> = labels.iter().collect();
        assert_eq!(
            distinct.len(),
            labels.len(),
            "{lang}: two {set} values share a label: {labels:?}"
        );
    }

    #[test]
    fn every_language_names_every_value_of_every_set_distinctly() {
        for texts in LANGUAGES {
            let lang = texts.lang;
            let labels = |all: Vec<&str>| all.into_iter().map(str::to_owned).collect::<Vec<_>>();
            assert_distinct_labels(
                lang,
                "kind",
                labels(PlacementKind::ALL.iter().map(|&k| texts.words.kind(k)).collect()),
            );
            assert_distinct_labels(
                lang,
                "kind count",
                PlacementKind::ALL
                    .iter()
                    .map(|&k| texts.words.kind_count(k, 2))
                    .collect(),
            );
            assert_distinct_labels(
                lang,
                "level",
                labels(Level::ALL.iter().map(|&l| texts.words.level(l)).collect()),
            );
            assert_distinct_labels(
                lang,
                "field",
                labels(Field::ALL.iter().map(|&f| texts.words.field(f)).collect()),
            );
            assert_distinct_labels(
                lang,
                "status",
                labels(PlacementStatus::ALL.iter().map(|&s| texts.words.status(s)).collect()),
            );
            assert_distinct_labels(
                lang,
                "audit action",
                labels(
                    AuditAction::ALL
                        .iter()
                        .map(|&a| texts.dashboard.audit_action(a))
                        .collect(),
                ),
            );
            assert_distinct_labels(
                lang,
                "event kind",
                labels(EventKind::ALL.iter().map(|&k| texts.words.event_kind(k)).collect()),
            );
            assert_distinct_labels(
                lang,
                "audience",
                labels(Audience::ALL.iter().map(|&a| texts.events.audience(a)).collect()),
            );
            assert_distinct_labels(
                lang,
                "participation",
                labels(
                    Participation::ALL
                        .iter()
                        .map(|&p| texts.events.participation(p))
                        .collect(),
                ),
            );
            assert_distinct_labels(
                lang,
                "problem",
                labels(Problem::ALL.iter().map(|&p| texts.words.problem(p)).collect()),
            );
            assert_eq!(by_code(texts.lang).map(|t| t.lang), Some(texts.lang));
        }
    }

    #[test]
    fn moments_are_read_on_dutch_clocks_in_both_languages() {
        let winter = crate::domain::Instant::parse("2026-11-29T20:53:00Z").expect("instant");
        assert_eq!(NL.words.moment(winter), "29 november 2026 21:53");
        let summer = crate::domain::Instant::parse("2026-07-01T22:30:00Z").expect("instant");
        assert_eq!(EN.words.moment(summer), EN.words.date("2026-07-02") + " 00:30");
    }

    #[test]
    fn the_browser_gets_each_languages_own_groups() {
        assert_eq!(BROWSER_TEXTS.len(), LANGUAGES.len());
        for (browser, texts) in BROWSER_TEXTS.iter().zip(LANGUAGES) {
            assert_eq!(browser.lang, texts.lang);
            assert!(std::ptr::eq(browser.map, texts.map) && std::ptr::eq(browser.words, texts.words));
            assert!(std::ptr::eq(browser.labels, texts.labels));
        }
        assert_ne!(BROWSER_TEXTS[0].map.map_label, BROWSER_TEXTS[1].map.map_label);
    }

    #[test]
    fn the_languages_differ_where_the_words_do() {
        // Catches a table copied from another language and not translated.
        assert_ne!(NL.words.kind(PlacementKind::Job), EN.words.kind(PlacementKind::Job));
        assert_ne!(
            NL.words.status(PlacementStatus::Filled),
            EN.words.status(PlacementStatus::Filled)
        );
        assert_ne!(NL.words.problem(Problem::Required), EN.words.problem(Problem::Required));
        assert_ne!(
            NL.dashboard.audit_action(AuditAction::Invite),
            EN.dashboard.audit_action(AuditAction::Invite)
        );
    }
}
