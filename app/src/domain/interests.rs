//! Interests: a student says "I want this placement", and the region's coordinator matches
//! students to placements from there.
//!
//! Many students are under 18, so an interest holds the least matching needs (see the
//! migration `0011_interests`), counts only once its student confirmed the e-mail address
//! (and, under 16, a parent or guardian agreed), and is deleted, not hidden, when it is
//! no longer needed (`retention`).

use super::{Crebo, EmailAddress, FieldError, Instant, Problem, code_enum};

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

code_enum! {
    /// Where an interest stands on the coordinator's board, in order.
    Stage {
        /// Said by the student; nobody looked yet.
        Interest => "interest",
        InReview => "in-review",
        /// The coordinator introduced the student to a company.
        Introduced => "introduced",
        /// Student and company meet (kennismaking).
        FirstMeeting => "first-meeting",
        /// A day of working along (meeloopdag).
        TrialDay => "trial-day",
        /// They agreed on the placement.
        Agreement => "agreement",
        Started => "started",
        /// Ended without a placement, with a reason.
        Closed => "closed",
        /// The student took it back.
        Withdrawn => "withdrawn",
    }
}

impl Stage {
    /// The stages of the way from interest to a started placement, in order.
    pub const PIPELINE: [Stage; 7] = [
        Stage::Interest,
        Stage::InReview,
        Stage::Introduced,
        Stage::FirstMeeting,
        Stage::TrialDay,
        Stage::Agreement,
        Stage::Started,
    ];

    /// Whether the interest is over: nothing moves it any more, and it is deleted four
    /// weeks later.
    pub fn is_over(self) -> bool {
        matches!(self, Stage::Closed | Stage::Withdrawn | Stage::Started)
    }

    /// The stage after this one on the way to a placement.
    pub fn next(self) -> Option<Stage> {
        let at = Stage::PIPELINE.iter().position(|s| *s == self)?;
        Stage::PIPELINE.get(at + 1).copied()
    }

    /// Whether nobody introduced the student anywhere yet ("interest", "in review"): the
    /// stages in which the coordinator looks for a placement that fits.
    pub fn is_unplaced(self) -> bool {
        matches!(self, Stage::Interest | Stage::InReview)
    }
}

/// The moments a company proposed (`meeting_times`): each line that is not empty.
pub fn proposed_moments(times: &str) -> Vec<&str> {
    times.lines().map(str::trim).filter(|line| !line.is_empty()).collect()
}

/// Whether an interest at `from` may be moved to `to` on the board: along the way (forward
/// or back, skipping allowed) while it is not over. "Closed" has its own form with a
/// reason; "withdrawn" is the student's alone; a student is introduced to a placement, so
/// from "introduced" on it needs one.
pub fn may_move(from: Stage, to: Stage, has_placement: bool) -> Result<(), Problem> {
    let on_the_way = Stage::PIPELINE.contains(&to);
    let needs_placement = !to.is_unplaced();
    if from.is_over() || !on_the_way || from == to {
        Err(Problem::Unknown)
    } else if needs_placement && !has_placement {
        Err(Problem::Required)
    } else {
        Ok(())
    }
}

code_enum! {
    /// Why an interest was closed.
    CloseReason {
        /// The placement went to someone else, or was withdrawn.
        PlacementFilled => "placement-filled",
        /// No placement fits now.
        NoMatch => "no-match",
        /// The student did not answer.
        NotReachable => "not-reachable",
        /// The student chose another placement or school.
        ChoseOther => "chose-other",
        /// Not now: maybe next season.
        NotNow => "not-now",
        Other => "other",
    }
}

code_enum! {
    /// Who declined, when an interest was closed.
    DeclinedBy {
        Student => "student",
        Company => "company",
        School => "school",
        /// Nobody declined: no placement fitted, or it went to someone else.
        Nobody => "nobody",
    }
}

/// The longest feedback to a student, in characters.
pub const FEEDBACK_MAX: usize = 1000;

/// Closing an interest as its form sends it: reason, who declined, and the feedback mailed
/// to the student (empty: the reason's standard text).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CloseForm {
    pub reason: String,
    pub declined_by: String,
    pub feedback: String,
}

/// A closing, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closing {
    pub reason: CloseReason,
    pub declined_by: DeclinedBy,
    /// `None`: the reason's standard text.
    pub feedback: Option<String>,
}

impl CloseForm {
    pub fn read(&self) -> Result<Closing, Vec<FieldError>> {
        let mut errors = Vec::new();
        let reason = match self.reason.as_str() {
            "" => Err(Problem::Required),
            code => CloseReason::from_code(code).ok_or(Problem::Unknown),
        }
        .map_err(|p| errors.push(FieldError::new("reason", p)));
        let declined_by = match self.declined_by.as_str() {
            "" => Err(Problem::Required),
            code => DeclinedBy::from_code(code).ok_or(Problem::Unknown),
        }
        .map_err(|p| errors.push(FieldError::new("declined_by", p)));
        let feedback = self.feedback.trim();
        if feedback.chars().count() > FEEDBACK_MAX {
            errors.push(FieldError::new("feedback", Problem::TooLong));
        }
        match (reason, declined_by) {
            (Ok(reason), Ok(declined_by)) if errors.is_empty() => Ok(Closing {
                reason,
                declined_by,
                feedback: (!feedback.is_empty()).then(|| feedback.to_owned()),
            }),
            _ => Err(errors),
        }
    }
}

/// What the coordinator's board shows of one interest: the student's details (contact
/// included: the coordinator contacts them) and the placement it is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BoardItem {
    pub interest: Interest,
    pub placement: Option<InterestPlacement>,
    pub close_reason: Option<CloseReason>,
    pub declined_by: Option<DeclinedBy>,
    /// The moments the company proposed for a first meeting.
    pub meeting_times: Option<String>,
}

/// The longest first name, school and motivation, in characters.
pub const FIRST_NAME_MAX: usize = 40;
pub const SCHOOL_MAX: usize = 120;
pub const MOTIVATION_MAX: usize = 500;
/// How many interests one e-mail address (the student's or a guardian's) gets mail for in
/// an hour: a student interested in several placements fits, a script mailing somebody
/// else's address does not get far.
pub const INTERESTS_PER_ADDRESS_PER_HOUR: i64 = 5;
/// The most interests one board shows; filters narrow it down.
pub const BOARD_LIMIT: i64 = 300;
/// How far ahead a student can say they could start, in months.
pub const START_MONTHS_AHEAD: u8 = 18;

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

/// An interest as its form sends it, every value as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct InterestForm {
    pub first_name: String,
    pub age_band: String,
    pub school: String,
    pub programme: String,
    pub crebo: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    /// `now` or a month `YYYY-MM`.
    pub start: String,
    pub motivation: String,
    /// Needed under 16.
    pub guardian_email: String,
}

/// An interest as it is stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewInterest {
    pub first_name: String,
    pub age_band: AgeBand,
    pub school: String,
    pub programme: Programme,
    pub crebo: Option<Crebo>,
    pub email: EmailAddress,
    pub phone: Option<PhoneNumber>,
    pub postcode: Option<u16>,
    pub start: Option<StartMonth>,
    pub motivation: String,
    pub guardian_email: Option<EmailAddress>,
}

impl InterestForm {
    /// The interest, or every wrong field at once. `today` bounds the start month.
    pub fn read(&self, today: super::Day) -> Result<NewInterest, Vec<FieldError>> {
        self.read_with(today, true)
    }

    /// The interest a coordinator registers on a student's behalf: the school answers for
    /// it, so no parent's address is asked or kept, even under 16.
    pub fn read_registered(&self, today: super::Day) -> Result<NewInterest, Vec<FieldError>> {
        self.read_with(today, false)
    }

    fn read_with(&self, today: super::Day, guardian_asked: bool) -> Result<NewInterest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, problem: Problem| errors.push(FieldError::new(field, problem));
        let first_name = required_text(&self.first_name, FIRST_NAME_MAX).map_err(|p| fail("first_name", p));
        let age_band = match self.age_band.as_str() {
            "" => Err(Problem::Required),
            code => AgeBand::from_code(code).ok_or(Problem::Unknown),
        }
        .map_err(|p| fail("age_band", p));
        let school = required_text(&self.school, SCHOOL_MAX).map_err(|p| fail("school", p));
        let programme = match self.programme.as_str() {
            "" => Err(Problem::Required),
            code => Programme::from_code(code).ok_or(Problem::Unknown),
        }
        .map_err(|p| fail("programme", p));
        let crebo = match self.crebo.trim() {
            "" => Ok(None),
            text => Crebo::parse(text).map(Some),
        }
        .map_err(|p| fail("crebo", p));
        let email = EmailAddress::parse(&self.email).map_err(|p| fail("email", p));
        let phone = match self.phone.trim() {
            "" => Ok(None),
            text => PhoneNumber::parse(text).map(Some),
        }
        .map_err(|p| fail("phone", p));
        let postcode = read_postcode(&self.postcode).map_err(|p| fail("postcode", p));
        let start = StartMonth::read(&self.start, today).map_err(|p| fail("start", p));
        let motivation = self.motivation.trim();
        let motivation = if motivation.chars().count() > MOTIVATION_MAX {
            fail("motivation", Problem::TooLong);
            Err(())
        } else {
            Ok(motivation.to_owned())
        };
        let guardian_email = match (self.guardian_email.trim(), age_band) {
            _ if !guardian_asked => Ok(None),
            ("", Ok(AgeBand::Under16)) => Err(Problem::Required),
            ("", _) | (_, Ok(AgeBand::From16To17 | AgeBand::Adult)) => Ok(None),
            (text, _) => match (EmailAddress::parse(text), &email) {
                (Ok(guardian), Ok(own)) if guardian == *own => Err(Problem::SameAsStudent),
                (parsed, _) => parsed.map(Some),
            },
        }
        .map_err(|p| fail("guardian_email", p));
        let all = || {
            Some(NewInterest {
                first_name: first_name.ok()?,
                age_band: age_band.ok()?,
                school: school.ok()?,
                programme: programme.ok()?,
                crebo: crebo.ok()?,
                email: email.ok()?,
                phone: phone.ok()?,
                postcode: postcode.ok()?,
                start: start.ok()?,
                motivation: motivation.ok()?,
                guardian_email: guardian_email.ok()?,
            })
        };
        match all() {
            Some(interest) if errors.is_empty() => Ok(interest),
            _ => Err(errors),
        }
    }
}

pub(super) fn required_text(text: &str, max: usize) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        Err(Problem::Required)
    } else if text.chars().count() > max {
        Err(Problem::TooLong)
    } else if super::has_control_characters(text) {
        Err(Problem::Format)
    } else {
        Ok(text.to_owned())
    }
}

/// The four digits of a Dutch postcode (the letters are never asked), or nothing.
pub fn read_postcode(text: &str) -> Result<Option<u16>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = text[digits.len()..].trim();
    // "5531 AB" is accepted and its letters dropped: they point to a street.
    let letters_only = rest.is_empty() || (rest.len() == 2 && rest.chars().all(|c| c.is_ascii_alphabetic()));
    match digits.parse::<u16>() {
        Ok(n) if digits.len() == 4 && (1000..=9999).contains(&n) && letters_only => Ok(Some(n)),
        _ => Err(Problem::Format),
    }
}

/// A phone number in international form (`+31612345678`), from what people type:
/// `06-12345678`, `06 1234 5678`, `+31 6 12345678`, `0031 …`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<PhoneNumber, Problem> {
        let kept: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let international = if let Some(rest) = kept.strip_prefix('+') {
            rest.to_owned()
        } else if let Some(rest) = kept.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = kept.strip_prefix('0') {
            // A Dutch number: ten digits with the leading 0.
            if rest.len() != 9 {
                return Err(Problem::Format);
            }
            format!("31{rest}")
        } else {
            return Err(Problem::Format);
        };
        let digits_only = international.chars().all(|c| c.is_ascii_digit());
        if digits_only && (10..=15).contains(&international.len()) && !international.starts_with('0') {
            Ok(PhoneNumber(format!("+{international}")))
        } else {
            Err(Problem::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The month a student could start: year and month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct StartMonth {
    pub year: i32,
    pub month: u8,
}

impl StartMonth {
    /// `now` (as soon as possible: `None`) or a month from this one up to
    /// `START_MONTHS_AHEAD` ahead of `today`.
    pub fn read(text: &str, today: super::Day) -> Result<Option<StartMonth>, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        if text == "now" {
            return Ok(None);
        }
        let month = StartMonth::parse(text).ok_or(Problem::Format)?;
        let first = StartMonth::of(today);
        if month < first || month > first.plus(START_MONTHS_AHEAD) {
            return Err(Problem::OutOfRange);
        }
        Ok(Some(month))
    }

    /// `2027-02`.
    pub fn parse(text: &str) -> Option<StartMonth> {
        let (year, month) = text.split_once('-')?;
        let (year, month) = (year.parse::<i32>().ok()?, month.parse::<u8>().ok()?);
        (year >= 2000 && (1..=12).contains(&month) && text.len() == 7).then_some(StartMonth { year, month })
    }

    pub fn of(day: super::Day) -> StartMonth {
        let date = day.date();
        StartMonth {
            year: date.year(),
            month: u8::from(date.month()),
        }
    }

    /// The month `months` later.
    pub fn plus(self, months: u8) -> StartMonth {
        let index = self.year * 12 + i32::from(self.month) - 1 + i32::from(months);
        StartMonth {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u8,
        }
    }

    /// `2027-02`, as stored and as the form's options carry it.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
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

code_enum! {
    /// What a company answers about a candidate the coordinator introduced.
    CandidateAnswer {
        /// "Let's meet": proposes moments for a first meeting.
        Meet => "meet",
        TrialDay => "trial-day",
        Agreement => "agreement",
        Started => "started",
        /// Not this candidate, with a reason.
        Decline => "decline",
    }
}

impl CandidateAnswer {
    /// The stage an interest at `stage` moves to with this answer; `None` when the answer
    /// does not fit where it stands.
    pub fn moves(self, stage: Stage) -> Option<Stage> {
        use Stage::{Agreement, FirstMeeting, Introduced, Started, TrialDay};
        match (self, stage) {
            (CandidateAnswer::Meet, Introduced) => Some(FirstMeeting),
            (CandidateAnswer::TrialDay, FirstMeeting) => Some(TrialDay),
            (CandidateAnswer::Agreement, FirstMeeting | TrialDay) => Some(Agreement),
            (CandidateAnswer::Started, Agreement) => Some(Started),
            (CandidateAnswer::Decline, Introduced | FirstMeeting | TrialDay | Agreement) => Some(Stage::Closed),
            _ => None,
        }
    }

    /// The answers that fit an interest at `stage`, in the order the company sees them.
    pub fn fitting(stage: Stage) -> Vec<CandidateAnswer> {
        CandidateAnswer::ALL
            .iter()
            .copied()
            .filter(|a| a.moves(stage).is_some())
            .collect()
    }
}

/// The reasons a company gives when it declines a candidate.
pub const COMPANY_DECLINE_REASONS: [CloseReason; 3] =
    [CloseReason::PlacementFilled, CloseReason::NoMatch, CloseReason::Other];

/// The longest proposal of meeting moments, in characters.
pub const MEETING_TIMES_MAX: usize = 200;

/// A candidate as the company sees them: what the coordinator introduced, and contact
/// details only from the first meeting on.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub id: i64,
    pub version: i64,
    pub placement_id: i64,
    pub placement_title: String,
    pub first_name: String,
    pub age_band: AgeBand,
    pub school: String,
    pub programme: Programme,
    pub crebo: Option<String>,
    pub start_month: Option<String>,
    pub motivation: String,
    pub stage: Stage,
    pub meeting_times: Option<String>,
    /// E-mail address and phone number, once the student chose a moment to meet.
    pub contact: Option<(String, Option<String>)>,
    pub stage_changed_at: Instant,
    /// The moment the student chose, once they did.
    pub meeting_accepted: Option<String>,
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
                PhoneNumber::parse(typed).map(|p| p.0),
                Ok("+31612345678".to_owned()),
                "{typed}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("+32 470 12 34 56").map(|p| p.0),
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
