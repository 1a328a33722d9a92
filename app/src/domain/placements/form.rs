//! The placement form: what a company types, read and checked field by field.

use super::*;

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
        last_confirmed_on: crate::domain::Day,
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
        let start_date = optional(&self.start_date).and_then(|text| match crate::domain::Day::parse(text) {
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

pub(super) fn optional(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

pub(super) fn known<T>(errors: &mut Vec<FieldError>, name: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        errors.push(FieldError::new(name, Problem::Unknown));
    }
    value
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
