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
    /// ISO date `YYYY-MM-DD`.
    pub start_date: Option<String>,
    pub duration_months: Option<i64>,
    pub places: i64,
    pub pay_min_eur: Option<i64>,
    pub pay_max_eur: Option<i64>,
    pub status: PlacementStatus,
    /// ISO date on which the company last said the placement is still current.
    pub last_confirmed_on: String,
}

impl NewPlacement {
    pub const TITLE_MAX: usize = 120;

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(FieldError::new("title", Problem::Required));
        } else if self.title.chars().count() > Self::TITLE_MAX {
            errors.push(FieldError::new("title", Problem::TooLong));
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
        for (field, date) in [
            ("start_date", self.start_date.as_deref()),
            ("last_confirmed_on", Some(self.last_confirmed_on.as_str())),
        ] {
            if date.is_some_and(|d| !is_iso_date(d)) {
                errors.push(FieldError::new(field, Problem::Format));
            }
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

/// `YYYY-MM-DD` with a month 1-12 and a day that month can have.
pub fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number = |s: &str| s.parse::<u32>().ok();
    let (Some(year), Some(month), Some(day)) = (number(&text[..4]), number(&text[5..7]), number(&text[8..])) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bbl_place() -> NewPlacement {
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
            start_date: Some("2027-02-01".into()),
            duration_months: Some(24),
            places: 2,
            pay_min_eur: Some(1200),
            pay_max_eur: Some(1600),
            status: PlacementStatus::Open,
            last_confirmed_on: "2026-11-01".into(),
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

    #[test]
    fn iso_dates_know_month_lengths_and_leap_years() {
        assert!(is_iso_date("2028-02-29"));
        for bad in ["2027-02-29", "2027-13-01", "2027-04-31", "27-04-01", "2027/04/01"] {
            assert!(!is_iso_date(bad), "{bad:?}");
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
    pub start_date: Option<String>,
    pub places: i64,
    pub last_confirmed_on: String,
}

/// Everything the placement page shows, with how to reach the company.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlacementDetails {
    pub id: i64,
    pub company_slug: String,
    pub company_name: String,
    pub town: String,
    pub title: String,
    pub kind: PlacementKind,
    pub level: Level,
    pub field: Field,
    pub qualification: Option<String>,
    pub crebo: Option<String>,
    pub description_nl: String,
    pub description_en: String,
    pub hours_per_week: Option<i64>,
    pub days_per_week: Option<i64>,
    /// ISO weekday numbers, 1 = Monday.
    pub school_days: Vec<u8>,
    pub start_date: Option<String>,
    pub duration_months: Option<i64>,
    pub places: i64,
    pub pay_min_eur: Option<i64>,
    pub pay_max_eur: Option<i64>,
    pub status: PlacementStatus,
    pub last_confirmed_on: String,
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
