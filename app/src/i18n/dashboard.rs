//! The words of the workspace: the dashboard's pages and the kiosk screens' own page and settings.

use super::*;

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
    pub screen_subject: &'static str,
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

impl DashboardTexts {
    /// A message given up after `attempts` refusals.
    pub fn mail_given_up(&self, attempts: i64) -> String {
        self.mail_given_up.of(attempts)
    }
}

impl DashboardTexts {
    pub fn audit_action(&self, action: AuditAction) -> &'static str {
        (self.audit_actions)(action)
    }
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
