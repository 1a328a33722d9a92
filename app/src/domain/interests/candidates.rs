//! What a company answers about a candidate introduced to it.

use super::*;

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
