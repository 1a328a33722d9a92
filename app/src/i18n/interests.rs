//! The words of a student's interest: the form, the student's own page, a guardian's consent,
//! the coordinator's board and the privacy page.

use super::*;

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
