//! Placements: the BBL places, internships, orientation days and jobs a company offers.

use super::{Field, FieldError, Problem, code_enum};

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

/// A placement as its edit form sends it: every value as typed, so a wrong number or
/// date becomes a message at its field instead of a request the server cannot read.
/// `version` is the version the form was filled in from (0 for a new placement).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PlacementForm {
    pub version: i64,
    pub title: String,
    pub kind: String,
    pub level: String,
    pub field: String,
    pub qualification: String,
    pub crebo: String,
    pub description_nl: String,
    pub description_en: String,
    pub hours_per_week: String,
    pub days_per_week: String,
    /// Ticked school days: ISO weekday number ("1" = Monday) to the box's value.
    pub school_days: std::collections::BTreeMap<String, String>,
    pub start_date: String,
    pub duration_months: String,
    pub places: String,
    pub pay_min_eur: String,
    pub pay_max_eur: String,
}

impl PlacementForm {
    /// A form filled in with a stored placement.
    pub fn from_placement(placement: &NewPlacement, version: i64) -> PlacementForm {
        let mut form = PlacementForm {
            version,
            school_days: placement
                .school_days
                .iter()
                .map(|d| (d.to_string(), "on".to_owned()))
                .collect(),
            ..PlacementForm::default()
        };
        for (field, value) in placement.audit_fields() {
            if let Some(slot) = form.text_mut(field) {
                *slot = value;
            }
        }
        form
    }

    /// The text input of `field`, for filling in; `None` for school days and unknown names.
    fn text_mut(&mut self, field: &str) -> Option<&mut String> {
        Some(match field {
            "title" => &mut self.title,
            "kind" => &mut self.kind,
            "level" => &mut self.level,
            "field" => &mut self.field,
            "qualification" => &mut self.qualification,
            "crebo" => &mut self.crebo,
            "description_nl" => &mut self.description_nl,
            "description_en" => &mut self.description_en,
            "hours_per_week" => &mut self.hours_per_week,
            "days_per_week" => &mut self.days_per_week,
            "start_date" => &mut self.start_date,
            "duration_months" => &mut self.duration_months,
            "places" => &mut self.places,
            "pay_min_eur" => &mut self.pay_min_eur,
            "pay_max_eur" => &mut self.pay_max_eur,
            _ => return None,
        })
    }

    /// Whether the school day `day` (1 = Monday) is ticked.
    pub fn has_school_day(&self, day: u8) -> bool {
        self.school_days.contains_key(&day.to_string())
    }

    /// Reads the form into a placement with the given status and confirmation date, or
    /// says what is wrong with every field at once.
    pub fn read(
        &self,
        status: PlacementStatus,
        last_confirmed_on: super::Day,
    ) -> Result<NewPlacement, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut code = |name: &str, text: &str| -> Option<String> {
            if text.trim().is_empty() {
                errors.push(FieldError::new(name, Problem::Required));
                None
            } else {
                Some(text.trim().to_owned())
            }
        };
        let kind = code("kind", &self.kind);
        let level = code("level", &self.level);
        let field = code("field", &self.field);
        let kind = kind.and_then(|c| known(&mut errors, "kind", PlacementKind::from_code(&c)));
        let level = level.and_then(|c| known(&mut errors, "level", Level::from_code(&c)));
        let field = field.and_then(|c| known(&mut errors, "field", Field::from_code(&c)));
        let crebo = optional(&self.crebo).and_then(|text| match Crebo::parse(text) {
            Ok(crebo) => Some(crebo),
            Err(problem) => {
                errors.push(FieldError::new("crebo", problem));
                None
            }
        });
        let mut whole = |name: &str, text: &str| -> Option<i64> {
            let text = optional(text)?;
            match text.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(FieldError::new(name, Problem::Format));
                    None
                }
            }
        };
        let hours_per_week = whole("hours_per_week", &self.hours_per_week);
        let days_per_week = whole("days_per_week", &self.days_per_week);
        let duration_months = whole("duration_months", &self.duration_months);
        let pay_min_eur = whole("pay_min_eur", &self.pay_min_eur);
        let pay_max_eur = whole("pay_max_eur", &self.pay_max_eur);
        let places = if optional(&self.places).is_none() {
            errors.push(FieldError::new("places", Problem::Required));
            None
        } else {
            whole("places", &self.places)
        };
        let mut school_days = Vec::new();
        for day in self.school_days.keys() {
            match day.parse::<u8>() {
                Ok(day) if (1..=5).contains(&day) => school_days.push(day),
                _ => errors.push(FieldError::new("school_days", Problem::OutOfRange)),
            }
        }
        let start_date = optional(&self.start_date).and_then(|text| match super::Day::parse(text) {
            Some(day) => Some(day),
            None => {
                errors.push(FieldError::new("start_date", Problem::Format));
                None
            }
        });
        let (Some(kind), Some(level), Some(field), Some(places)) = (kind, level, field, places) else {
            // The rest is checked too, so every problem is told at once.
            let partial = NewPlacement {
                title: self.title.trim().to_owned(),
                kind: PlacementKind::Job,
                level: Level::Mbo2,
                field: Field::Welding,
                qualification: None,
                crebo: None,
                description_nl: self.description_nl.clone(),
                description_en: self.description_en.clone(),
                hours_per_week,
                days_per_week,
                school_days: Vec::new(),
                start_date,
                duration_months,
                places: places.unwrap_or(1),
                pay_min_eur,
                pay_max_eur,
                status,
                last_confirmed_on,
            };
            if let Err(more) = partial.validate() {
                errors.extend(more);
            }
            return Err(errors);
        };
        let placement = NewPlacement {
            title: self.title.trim().to_owned(),
            kind,
            level,
            field,
            qualification: optional(&self.qualification).map(str::to_owned),
            crebo,
            description_nl: self.description_nl.trim().to_owned(),
            description_en: self.description_en.trim().to_owned(),
            hours_per_week,
            days_per_week,
            school_days,
            start_date,
            duration_months,
            places,
            pay_min_eur,
            pay_max_eur,
            status,
            last_confirmed_on,
        };
        if let Err(more) = placement.validate() {
            errors.extend(more);
        }
        if errors.is_empty() { Ok(placement) } else { Err(errors) }
    }
}

fn optional(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

fn known<T>(errors: &mut Vec<FieldError>, name: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        errors.push(FieldError::new(name, Problem::Unknown));
    }
    value
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

#[cfg(test)]
mod form_tests {
    use super::*;

    fn filled() -> PlacementForm {
        PlacementForm {
            version: 3,
            title: " Leerling lasser ".into(),
            kind: "bbl".into(),
            level: "mbo2".into(),
            field: "welding".into(),
            crebo: "25787".into(),
            hours_per_week: "32".into(),
            school_days: [("3".to_owned(), "on".to_owned())].into(),
            start_date: "2027-02-01".into(),
            places: "2".into(),
            pay_min_eur: "1200".into(),
            pay_max_eur: "1600".into(),
            ..PlacementForm::default()
        }
    }

    fn confirmed_on() -> crate::domain::Day {
        crate::domain::Day::parse("2026-11-22").expect("a day")
    }

    #[test]
    fn a_filled_in_form_reads_into_a_placement_and_back() {
        let placement = filled().read(PlacementStatus::Open, confirmed_on()).expect("valid");
        assert_eq!(placement.title, "Leerling lasser");
        assert_eq!(placement.school_days, [3]);
        assert_eq!(placement.crebo.as_ref().map(Crebo::as_str), Some("25787"));
        let again = PlacementForm::from_placement(&placement, 3);
        assert_eq!(again.read(PlacementStatus::Open, confirmed_on()), Ok(placement));
        assert!(again.has_school_day(3) && !again.has_school_day(1));
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let form = PlacementForm {
            title: String::new(),
            kind: "apprentice".into(),
            hours_per_week: "veel".into(),
            crebo: "1234".into(),
            places: "0".into(),
            start_date: "1-2-2027".into(),
            pay_min_eur: "2000".into(),
            pay_max_eur: "1000".into(),
            ..filled()
        };
        let mut fields: Vec<String> = form
            .read(PlacementStatus::Open, confirmed_on())
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "crebo",
                "hours_per_week",
                "kind",
                "pay_max_eur",
                "places",
                "start_date",
                "title"
            ]
        );
    }

    #[test]
    fn school_days_are_refused_outside_bbl_and_outside_the_week() {
        let mut form = filled();
        form.kind = "job".into();
        let errors = form.read(PlacementStatus::Open, confirmed_on()).expect_err("invalid");
        assert_eq!(errors, [FieldError::new("school_days", Problem::Unknown)]);
        let mut form = filled();
        form.school_days.insert("7".into(), "on".into());
        let errors = form.read(PlacementStatus::Open, confirmed_on()).expect_err("invalid");
        assert_eq!(errors, [FieldError::new("school_days", Problem::OutOfRange)]);
    }
}
