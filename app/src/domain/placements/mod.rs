//! Placements: the BBL places, internships, orientation days and jobs a company offers.

use super::{Field, FieldError, Problem, code_enum};

mod form;

pub use form::*;

code_enum! {
    /// What kind of place it is.
    PlacementKind {
        /// Work-study: a job with a contract, one school day a week.
        Bbl => "bbl",
        /// An internship (stage) in the school-based pathway.
        BolInternship => "bol_internship",
        /// A day to look around, for vmbo pupils (snuffelstage).
        OrientationDay => "orientation_day",
        Job => "job",
    }
}

code_enum! {
    /// The education level a placement is meant for.
    Level {
        Vmbo => "vmbo",
        Mbo1 => "mbo1",
        Mbo2 => "mbo2",
        Mbo3 => "mbo3",
        Mbo4 => "mbo4",
        Hbo => "hbo",
    }
}

code_enum! {
    /// Whether a placement can still be applied for. Closing keeps the placement's history.
    PlacementStatus {
        Open => "open",
        Filled => "filled",
        Closed => "closed",
    }
}

code_enum! {
    /// A one-click change a company makes to one of its placements on the dashboard.
    PlacementAction {
        /// Still open, as of today.
        Confirm => "confirm",
        Fill => "fill",
        Close => "close",
        /// Open again, confirmed today.
        Reopen => "reopen",
        /// A new open copy, confirmed today; the original stays as it is.
        Duplicate => "duplicate",
    }
}

impl PlacementAction {
    /// The placement as this action leaves it on `today` (for `Duplicate`: the copy).
    pub fn apply(self, placement: &NewPlacement, today: super::Day) -> NewPlacement {
        let mut changed = placement.clone();
        match self {
            PlacementAction::Confirm => changed.last_confirmed_on = today,
            PlacementAction::Fill => changed.status = PlacementStatus::Filled,
            PlacementAction::Close => changed.status = PlacementStatus::Closed,
            PlacementAction::Reopen | PlacementAction::Duplicate => {
                changed.status = PlacementStatus::Open;
                changed.last_confirmed_on = today;
            }
        }
        changed
    }

    /// How the audit log names this action.
    pub fn audit_action(self) -> super::AuditAction {
        use super::AuditAction;
        match self {
            PlacementAction::Confirm => AuditAction::Confirm,
            PlacementAction::Fill => AuditAction::Fill,
            PlacementAction::Close => AuditAction::Close,
            PlacementAction::Reopen => AuditAction::Reopen,
            PlacementAction::Duplicate => AuditAction::Duplicate,
        }
    }
}

impl PlacementStatus {
    /// Whether a person can still apply.
    pub fn is_open(self) -> bool {
        self == PlacementStatus::Open
    }
}

/// A CREBO code: the five digits that identify a Dutch vocational qualification.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Crebo(String);

impl Crebo {
    pub fn parse(text: &str) -> Result<Self, Problem> {
        let text = text.trim();
        if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Crebo(text.to_owned()))
        } else {
            Err(Problem::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A placement as it is first stored.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewPlacement {
    pub title: String,
    pub kind: PlacementKind,
    pub level: Level,
    pub field: Field,
    pub qualification: Option<String>,
    pub crebo: Option<Crebo>,
    pub description_nl: String,
    pub description_en: String,
    pub hours_per_week: Option<i64>,
    pub days_per_week: Option<i64>,
    /// School days for BBL, as ISO weekday numbers (1 = Monday).
    pub school_days: Vec<u8>,
    pub start_date: Option<super::Day>,
    pub duration_months: Option<i64>,
    pub places: i64,
    pub pay_min_eur: Option<i64>,
    pub pay_max_eur: Option<i64>,
    pub status: PlacementStatus,
    /// The day the company last said the placement is still current.
    pub last_confirmed_on: super::Day,
}

impl NewPlacement {
    pub const TITLE_MAX: usize = 120;
    /// The longest qualification name ("Machinebouwer mechatronica" and the like).
    pub const QUALIFICATION_MAX: usize = 120;
    /// The longest description in either language, as for a company's.
    pub const DESCRIPTION_MAX: usize = crate::domain::NewCompany::DESCRIPTION_MAX;

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(FieldError::new("title", Problem::Required));
        } else if self.title.chars().count() > Self::TITLE_MAX {
            errors.push(FieldError::new("title", Problem::TooLong));
        }
        for (field, text, max) in [
            (
                "qualification",
                self.qualification.as_deref().unwrap_or_default(),
                Self::QUALIFICATION_MAX,
            ),
            ("description_nl", self.description_nl.as_str(), Self::DESCRIPTION_MAX),
            ("description_en", self.description_en.as_str(), Self::DESCRIPTION_MAX),
        ] {
            if text.chars().count() > max {
                errors.push(FieldError::new(field, Problem::TooLong));
            }
        }
        let out_of = |value: Option<i64>, lo: i64, hi: i64| value.is_some_and(|v| !(lo..=hi).contains(&v));
        for (field, bad) in [
            ("hours_per_week", out_of(self.hours_per_week, 1, 60)),
            ("days_per_week", out_of(self.days_per_week, 1, 6)),
            ("duration_months", out_of(self.duration_months, 1, 60)),
            ("places", !(1..=100).contains(&self.places)),
            ("pay_min_eur", out_of(self.pay_min_eur, 0, 20_000)),
            ("pay_max_eur", out_of(self.pay_max_eur, 0, 20_000)),
        ] {
            if bad {
                errors.push(FieldError::new(field, Problem::OutOfRange));
            }
        }
        if let (Some(min), Some(max)) = (self.pay_min_eur, self.pay_max_eur)
            && min > max
        {
            errors.push(FieldError::new("pay_max_eur", Problem::OutOfRange));
        }
        if self.school_days.iter().any(|d| !(1..=5).contains(d)) {
            errors.push(FieldError::new("school_days", Problem::OutOfRange));
        }
        if !self.school_days.is_empty() && self.kind != PlacementKind::Bbl {
            errors.push(FieldError::new("school_days", Problem::Unknown));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// School days as stored: ISO weekday numbers joined by commas, such as `1,3`.
    pub fn school_days_code(&self) -> Option<String> {
        if self.school_days.is_empty() {
            return None;
        }
        let days: Vec<String> = self.school_days.iter().map(u8::to_string).collect();
        Some(days.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn bbl_place() -> NewPlacement {
        NewPlacement {
            title: "Leerling lasser".into(),
            kind: PlacementKind::Bbl,
            level: Level::Mbo2,
            field: Field::Welding,
            qualification: Some("Lasser".into()),
            crebo: Crebo::parse("25787").ok(),
            description_nl: String::new(),
            description_en: String::new(),
            hours_per_week: Some(32),
            days_per_week: Some(4),
            school_days: vec![3],
            start_date: crate::domain::Day::parse("2027-02-01"),
            duration_months: Some(24),
            places: 2,
            pay_min_eur: Some(1200),
            pay_max_eur: Some(1600),
            status: PlacementStatus::Open,
            last_confirmed_on: crate::domain::Day::parse("2026-11-01").expect("a day"),
        }
    }

    #[test]
    fn a_complete_bbl_place_is_valid() {
        assert_eq!(bbl_place().validate(), Ok(()));
        assert_eq!(bbl_place().school_days_code().as_deref(), Some("3"));
    }

    #[test]
    fn pay_range_upside_down_and_school_days_outside_bbl_are_refused() {
        let mut place = bbl_place();
        place.pay_min_eur = Some(2000);
        place.kind = PlacementKind::Job;
        let fields: Vec<String> = place
            .validate()
            .expect_err("the placement is invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["pay_max_eur", "school_days"]);
    }

    #[test]
    fn crebo_codes_have_exactly_five_digits() {
        assert!(Crebo::parse("25787").is_ok());
        for bad in ["2578", "257870", "2578a", ""] {
            assert_eq!(Crebo::parse(bad), Err(Problem::Format), "{bad:?}");
        }
    }
}

/// A placement as a company page lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlacementSummary {
    pub id: i64,
    pub title: String,
    pub kind: PlacementKind,
    pub level: Level,
    pub field: Field,
    pub status: PlacementStatus,
    pub start_date: Option<super::Day>,
    pub places: i64,
    pub last_confirmed_on: super::Day,
}

/// Everything the placement page shows, with how to reach the company.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlacementDetails {
    pub id: i64,
    pub company_slug: String,
    pub company_name: String,
    pub town: String,
    pub placement: NewPlacement,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub website: Option<String>,
}

/// Reads stored school days (`1,3`) back into weekday numbers, skipping anything else.
pub fn parse_school_days(code: Option<&str>) -> Vec<u8> {
    code.unwrap_or_default()
        .split(',')
        .filter_map(|d| d.trim().parse().ok())
        .filter(|d| (1..=5).contains(d))
        .collect()
}

impl NewPlacement {
    /// Every field a company edits, as (name, stored value) pairs, for the audit log and
    /// for showing what someone else changed. Names are the form's field names.
    pub fn audit_fields(&self) -> Vec<(&'static str, String)> {
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        vec![
            ("title", self.title.clone()),
            ("kind", self.kind.code().to_owned()),
            ("level", self.level.code().to_owned()),
            ("field", self.field.code().to_owned()),
            ("qualification", self.qualification.clone().unwrap_or_default()),
            (
                "crebo",
                self.crebo.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            ),
            ("description_nl", self.description_nl.clone()),
            ("description_en", self.description_en.clone()),
            ("hours_per_week", number(self.hours_per_week)),
            ("days_per_week", number(self.days_per_week)),
            ("school_days", self.school_days_code().unwrap_or_default()),
            (
                "start_date",
                self.start_date.map(super::Day::stored).unwrap_or_default(),
            ),
            ("duration_months", number(self.duration_months)),
            ("places", self.places.to_string()),
            ("pay_min_eur", number(self.pay_min_eur)),
            ("pay_max_eur", number(self.pay_max_eur)),
        ]
    }
}

/// A company's own placement as its dashboard shows and edits it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OwnPlacement {
    pub id: i64,
    pub version: i64,
    pub placement: NewPlacement,
    pub updated_at: String,
}

/// After this many days without confirmation a placement needs attention.
pub const CONFIRM_AFTER_DAYS: i64 = 60;

#[cfg(test)]
mod action_tests {
    use super::*;

    /// A filled placement last confirmed in January.
    fn filled_placement() -> NewPlacement {
        NewPlacement {
            status: PlacementStatus::Filled,
            last_confirmed_on: crate::domain::Day::parse("2026-01-10").expect("a day"),
            ..super::tests::bbl_place()
        }
    }

    #[test]
    fn each_action_changes_only_what_it_says() {
        let today = crate::domain::Day::parse("2026-11-29").expect("a day");
        let january = crate::domain::Day::parse("2026-01-10").expect("a day");
        let before = filled_placement();
        let confirmed = PlacementAction::Confirm.apply(&before, today);
        assert_eq!(
            (confirmed.status, confirmed.last_confirmed_on),
            (PlacementStatus::Filled, today)
        );
        let closed = PlacementAction::Close.apply(&before, today);
        assert_eq!(
            (closed.status, closed.last_confirmed_on),
            (PlacementStatus::Closed, january)
        );
        let open = PlacementStatus::Open;
        for action in [PlacementAction::Reopen, PlacementAction::Duplicate] {
            let after = action.apply(&before, today);
            assert_eq!((after.status, after.last_confirmed_on), (open, today), "{action}");
            assert_eq!(after.title, before.title);
        }
        let reopened = PlacementAction::Reopen.apply(&before, today);
        assert_eq!(
            PlacementAction::Fill.apply(&reopened, today).status,
            PlacementStatus::Filled
        );
    }

    #[test]
    fn every_action_is_audited_under_its_own_code() {
        for &action in PlacementAction::ALL {
            assert_eq!(action.audit_action().code(), action.code());
        }
    }
}
