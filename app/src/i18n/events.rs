//! The words of events: their list, their page, their form and their part of the dashboard.

use super::*;

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
