//! Interests: a student says "I want this placement", and the region's coordinator matches
//! students to placements from there.
//!
//! Many students are under 18, so an interest holds the least matching needs (see the
//! migration `0011_interests`), counts only once its student confirmed the e-mail address
//! (and, under 16, a parent or guardian agreed), and is deleted, not hidden, when it is
//! no longer needed (`retention`).

use super::{Crebo, EmailAddress, FieldError, Instant, Problem, code_enum};

mod board;
mod candidates;
mod form;

pub use board::*;
pub use candidates::*;
pub use form::*;

code_enum! {
    /// How old a student is, told as a band: no birth date is ever asked.
    AgeBand {
        Under16 => "under-16",
        From16To17 => "16-17",
        Adult => "18-plus",
    }
}

code_enum! {
    /// Where a student learns now.
    Programme {
        Vmbo1 => "vmbo-1",
        Vmbo2 => "vmbo-2",
        Vmbo3 => "vmbo-3",
        Vmbo4 => "vmbo-4",
        Mbo1 => "mbo-1",
        Mbo2 => "mbo-2",
        Mbo3 => "mbo-3",
        Mbo4 => "mbo-4",
        Hbo => "hbo",
        /// Working, between schools, or a school not listed.
        Other => "other",
    }
}

/// How long things are kept, in days.
pub mod retention {
    /// An interest whose student (or, under 16, guardian) did not confirm: 72 hours.
    pub const UNCONFIRMED_HOURS: i64 = 72;
    /// An interest that was closed, withdrawn or started: four weeks after that.
    pub const OVER_DAYS: i64 = 28;
    /// An interest nobody moved out of "interest": six months.
    pub const IDLE_DAYS: i64 = 183;
    /// "Keep me for the next season": at most twelve months from when it was asked.
    pub const KEEP_DAYS: i64 = 365;
}

/// A stored interest, as its student sees it on their own page and in their download.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Interest {
    pub id: i64,
    /// `None` when the placement was removed since, or none was chosen yet.
    pub placement_id: Option<i64>,
    /// The orientation day whose page the student said it on, if they did.
    pub event: Option<InterestEvent>,
    pub first_name: String,
    pub age_band: AgeBand,
    pub school: String,
    pub programme: Programme,
    pub crebo: Option<String>,
    pub email: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    pub start_month: Option<String>,
    pub motivation: String,
    pub guardian_email: Option<String>,
    pub email_confirmed_at: Option<Instant>,
    pub guardian_confirmed_at: Option<Instant>,
    pub registered_by_staff: bool,
    /// The region whose coordinator sees it.
    pub region: super::Region,
    pub stage: Stage,
    pub keep_until: Option<Instant>,
    pub version: i64,
    pub created_at: Instant,
    pub stage_changed_at: Instant,
    /// The moments a company proposed to meet, one per line, as it wrote them.
    pub meeting_times: Option<String>,
    /// The moment the student chose of those, once they did.
    pub meeting_accepted: Option<String>,
    pub meeting_accepted_at: Option<Instant>,
}

/// The orientation day an interest was said on: what its pages and mails name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterestEvent {
    pub event_id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub starts_at: Instant,
    pub town: String,
}

/// What a student's page says of the placement an interest is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterestPlacement {
    pub placement_id: i64,
    pub title: String,
    pub kind: super::PlacementKind,
    pub field: super::Field,
    pub company_name: String,
    pub company_slug: String,
    pub town: String,
}

/// What an interest still waits for before it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Waiting {
    /// The student did not confirm the e-mail address yet.
    Student,
    /// Under 16: a parent or guardian did not agree yet.
    Guardian,
}

impl Interest {
    /// The moments a company proposed that wait for the student's choice (none when
    /// nothing waits).
    pub fn moments_to_choose(&self) -> Vec<&str> {
        match (&self.meeting_times, self.meeting_accepted_at) {
            (Some(times), None) if self.stage == Stage::FirstMeeting => proposed_moments(times),
            _ => Vec::new(),
        }
    }

    /// Without a placement, whether none was chosen yet (said on an orientation day, or
    /// registered for a school) rather than the chosen one removed since.
    pub fn placement_not_chosen_yet(&self) -> bool {
        self.registered_by_staff || self.event.is_some()
    }

    /// What the interest waits for, or `None` when it counts.
    pub fn waiting_for(&self) -> Option<Waiting> {
        if self.registered_by_staff {
            None
        } else if self.email_confirmed_at.is_none() {
            Some(Waiting::Student)
        } else if self.age_band == AgeBand::Under16 && self.guardian_confirmed_at.is_none() {
            Some(Waiting::Guardian)
        } else {
            None
        }
    }

    /// Whether the student may still withdraw it.
    pub fn can_withdraw(&self) -> bool {
        !self.stage.is_over()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Day;

    #[test]
    fn the_board_moves_along_the_way_and_not_past_its_end() {
        assert_eq!(Stage::Interest.next(), Some(Stage::InReview));
        assert_eq!(Stage::Agreement.next(), Some(Stage::Started));
        assert_eq!(Stage::Started.next(), None);
        assert_eq!(Stage::Closed.next(), None);
        assert_eq!(may_move(Stage::Interest, Stage::InReview, false), Ok(()));
        assert_eq!(
            may_move(Stage::InReview, Stage::Introduced, false),
            Err(Problem::Required)
        );
        assert_eq!(may_move(Stage::InReview, Stage::Introduced, true), Ok(()));
        assert_eq!(
            may_move(Stage::TrialDay, Stage::Introduced, true),
            Ok(()),
            "back a step"
        );
        for (from, to) in [
            (Stage::Interest, Stage::Closed),
            (Stage::Interest, Stage::Withdrawn),
            (Stage::Closed, Stage::InReview),
            (Stage::Withdrawn, Stage::InReview),
            (Stage::Started, Stage::Agreement),
            (Stage::InReview, Stage::InReview),
        ] {
            assert_eq!(may_move(from, to, true), Err(Problem::Unknown), "{from} → {to}");
        }
    }

    #[test]
    fn proposed_moments_are_the_lines_that_say_something() {
        assert_eq!(
            proposed_moments("di 3 december 15:00\n\n  do 5 december 10:00  \n"),
            ["di 3 december 15:00", "do 5 december 10:00"]
        );
        assert!(proposed_moments(" \n").is_empty());
    }

    #[test]
    fn a_company_answers_what_fits_where_the_candidate_stands() {
        assert_eq!(
            CandidateAnswer::fitting(Stage::Introduced),
            [CandidateAnswer::Meet, CandidateAnswer::Decline]
        );
        assert_eq!(
            CandidateAnswer::fitting(Stage::FirstMeeting),
            [
                CandidateAnswer::TrialDay,
                CandidateAnswer::Agreement,
                CandidateAnswer::Decline
            ]
        );
        assert_eq!(
            CandidateAnswer::Agreement.moves(Stage::TrialDay),
            Some(Stage::Agreement)
        );
        assert_eq!(CandidateAnswer::Started.moves(Stage::Agreement), Some(Stage::Started));
        for stage in [
            Stage::Interest,
            Stage::InReview,
            Stage::Started,
            Stage::Closed,
            Stage::Withdrawn,
        ] {
            assert_eq!(CandidateAnswer::Decline.moves(stage), None, "{stage}");
            assert_eq!(CandidateAnswer::Meet.moves(stage), None, "{stage}");
        }
    }

    #[test]
    fn a_closing_needs_a_reason_and_who_declined() {
        let wrong = CloseForm {
            reason: "".into(),
            declined_by: "teacher".into(),
            feedback: "x".repeat(1001),
        };
        let problems: Vec<(String, Problem)> = wrong
            .read()
            .expect_err("invalid")
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("reason".to_owned(), Problem::Required),
                ("declined_by".to_owned(), Problem::Unknown),
                ("feedback".to_owned(), Problem::TooLong),
            ]
        );
        let closing = CloseForm {
            reason: "no-match".into(),
            declined_by: "nobody".into(),
            feedback: "  ".into(),
        }
        .read()
        .expect("valid");
        assert_eq!(
            (closing.reason, closing.declined_by, closing.feedback),
            (CloseReason::NoMatch, DeclinedBy::Nobody, None)
        );
    }

    fn today() -> Day {
        Day::parse("2026-11-30").expect("day")
    }

    fn filled() -> InterestForm {
        InterestForm {
            first_name: " Sanne ".into(),
            age_band: "under-16".into(),
            school: "Pius X College".into(),
            programme: "vmbo-4".into(),
            crebo: "".into(),
            email: "Sanne@Mail.example".into(),
            phone: "".into(),
            postcode: "5531 ab".into(),
            start: "2027-08".into(),
            motivation: "Ik sleutel graag.".into(),
            guardian_email: "ouder@mail.example".into(),
        }
    }

    fn problems(form: &InterestForm) -> Vec<(String, Problem)> {
        form.read(today())
            .expect_err("invalid")
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_filled_in_form_keeps_only_what_matching_needs() {
        let interest = filled().read(today()).expect("valid");
        assert_eq!(interest.first_name, "Sanne");
        assert_eq!(interest.email.as_str(), "sanne@mail.example");
        assert_eq!(interest.postcode, Some(5531));
        assert_eq!(interest.start, Some(StartMonth { year: 2027, month: 8 }));
        assert_eq!(
            interest.guardian_email.as_ref().map(|e| e.as_str()),
            Some("ouder@mail.example")
        );
        let now = InterestForm {
            start: "now".into(),
            age_band: "18-plus".into(),
            ..filled()
        }
        .read(today())
        .expect("valid");
        // An adult's guardian address is not kept even when one was typed.
        assert_eq!((now.start, now.guardian_email), (None, None));
    }

    #[test]
    fn a_coordinator_registers_an_under_16_without_a_parents_address() {
        let form = InterestForm {
            guardian_email: "".into(),
            ..filled()
        };
        assert_eq!(problems(&form), [("guardian_email".to_owned(), Problem::Required)]);
        let registered = form.read_registered(today()).expect("the school answers for it");
        assert_eq!(registered.age_band, AgeBand::Under16);
        // Nor is one kept when typed; the other rules still hold.
        let typed = filled().read_registered(today()).expect("valid");
        assert_eq!(typed.guardian_email, None);
        let wrong = InterestForm {
            school: "".into(),
            ..filled()
        };
        let errors = wrong.read_registered(today()).expect_err("no school");
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].problem),
            ("school", Problem::Required)
        );
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let form = InterestForm {
            first_name: "".into(),
            age_band: "15".into(),
            programme: "mavo".into(),
            crebo: "1234".into(),
            email: "sanne@".into(),
            phone: "12345".into(),
            postcode: "553".into(),
            start: "2030-01".into(),
            motivation: "x".repeat(501),
            ..filled()
        };
        assert_eq!(
            problems(&form),
            [
                ("first_name".to_owned(), Problem::Required),
                ("age_band".to_owned(), Problem::Unknown),
                ("programme".to_owned(), Problem::Unknown),
                ("crebo".to_owned(), Problem::Format),
                ("email".to_owned(), Problem::Format),
                ("phone".to_owned(), Problem::Format),
                ("postcode".to_owned(), Problem::Format),
                ("start".to_owned(), Problem::OutOfRange),
                ("motivation".to_owned(), Problem::TooLong),
            ]
        );
    }

    #[test]
    fn under_sixteen_needs_a_guardian_address_other_than_the_students_own() {
        let without = InterestForm {
            guardian_email: " ".into(),
            ..filled()
        };
        assert_eq!(problems(&without), [("guardian_email".to_owned(), Problem::Required)]);
        let own = InterestForm {
            guardian_email: "SANNE@mail.example".into(),
            ..filled()
        };
        assert_eq!(problems(&own), [("guardian_email".to_owned(), Problem::SameAsStudent)]);
    }

    #[test]
    fn phone_numbers_are_kept_in_international_form() {
        for typed in [
            "06-12345678",
            "06 1234 5678",
            "+31 6 12345678",
            "0031612345678",
            "(06) 12.34.56.78",
        ] {
            assert_eq!(
                PhoneNumber::parse(typed).map(|p| p.as_str().to_owned()),
                Ok("+31612345678".to_owned()),
                "{typed}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("+32 470 12 34 56").map(|p| p.as_str().to_owned()),
            Ok("+32470123456".to_owned())
        );
        for wrong in [
            "0612345",
            "612345678",
            "+31 6 1234 5678 9999 1",
            "06-1234567a",
            "+0612345678",
        ] {
            assert_eq!(PhoneNumber::parse(wrong), Err(Problem::Format), "{wrong}");
        }
    }

    #[test]
    fn postcodes_keep_four_digits_and_drop_the_letters() {
        assert_eq!(read_postcode(""), Ok(None));
        assert_eq!(read_postcode("5531"), Ok(Some(5531)));
        assert_eq!(read_postcode("5531AB"), Ok(Some(5531)));
        for wrong in ["0531", "55311", "5531 ABC", "abcd", "5531-AB"] {
            assert_eq!(read_postcode(wrong), Err(Problem::Format), "{wrong}");
        }
    }

    #[test]
    fn a_start_month_lies_between_this_month_and_eighteen_months_ahead() {
        assert_eq!(StartMonth::read("now", today()), Ok(None));
        assert_eq!(StartMonth::read("", today()), Err(Problem::Required));
        assert_eq!(
            StartMonth::read("2026-11", today()),
            Ok(Some(StartMonth { year: 2026, month: 11 }))
        );
        assert_eq!(StartMonth::read("2026-10", today()), Err(Problem::OutOfRange));
        assert_eq!(
            StartMonth::read("2028-05", today()),
            Ok(Some(StartMonth { year: 2028, month: 5 }))
        );
        assert_eq!(StartMonth::read("2028-06", today()), Err(Problem::OutOfRange));
        assert_eq!(StartMonth::read("2027-13", today()), Err(Problem::Format));
        assert_eq!(StartMonth { year: 2026, month: 12 }.plus(1).code(), "2027-01");
    }
}
