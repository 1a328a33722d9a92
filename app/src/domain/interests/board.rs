//! The coordinator's board: the stages an interest moves through, and closing one with a reason.

use super::*;

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
