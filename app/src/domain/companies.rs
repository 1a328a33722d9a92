//! Companies: who offers placements, where they are, and how they are listed.

use super::{FieldError, Problem, Region, code_enum, is_in_netherlands};

code_enum! {
    /// A field of technical work. Companies have several; a placement has one.
    Field {
        Welding => "welding",
        Machining => "machining",
        SheetMetal => "sheet_metal",
        SteelConstruction => "steel_construction",
        Mechatronics => "mechatronics",
        Electrical => "electrical",
        Installation => "installation",
        Maintenance => "maintenance",
        ProcessTechnology => "process_technology",
        Automation => "automation",
    }
}

code_enum! {
    /// How many people a company employs, in the bands the Dutch Chamber of Commerce uses.
    SizeBand {
        Micro => "1-9",
        Small => "10-49",
        Medium => "50-249",
        Large => "250+",
    }
}

/// A company's address in URLs: lower-case letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 80;

    /// Accepts an already well-formed slug.
    pub fn parse(text: &str) -> Result<Self, Problem> {
        let well_formed = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if well_formed {
            Ok(Slug(text.to_owned()))
        } else {
            Err(Problem::Format)
        }
    }

    /// Makes a slug from a company name: "Vonk & Zonen B.V." becomes "vonk-zonen-b-v".
    pub fn from_name(name: &str) -> Result<Self, Problem> {
        let mut slug = String::with_capacity(name.len());
        for c in name.chars().flat_map(fold_accent) {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let cut = slug.char_indices().nth(Self::MAX_LEN).map_or(slug.len(), |(i, _)| i);
        Self::parse(slug[..cut].trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Folds the accented letters of Dutch names to their plain letter ("ë" to "e").
pub(crate) fn fold_accent(c: char) -> Option<char> {
    let plain = match c {
        'á' | 'à' | 'â' | 'ä' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        other => other,
    };
    Some(plain)
}

/// A company as it is first stored. `validate` says what a person must correct.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewCompany {
    pub name: String,
    pub slug: Slug,
    pub description_nl: String,
    pub description_en: String,
    pub fields: Vec<Field>,
    pub street_address: String,
    pub postcode: String,
    pub town: String,
    /// Code of the municipality, such as `bladel` or `velsen`.
    pub municipality: String,
    pub latitude: f64,
    pub longitude: f64,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub size_band: SizeBand,
    pub sbb_accredited: bool,
    pub published: bool,
}

impl NewCompany {
    pub const NAME_MAX: usize = 120;
    pub const DESCRIPTION_MAX: usize = 4000;

    /// Every problem with this company at once, so a form can show them all.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        require_text(&mut errors, "name", &self.name, Self::NAME_MAX);
        require_text(&mut errors, "street_address", &self.street_address, 200);
        require_text(&mut errors, "town", &self.town, 80);
        for (field, text) in [
            ("description_nl", &self.description_nl),
            ("description_en", &self.description_en),
        ] {
            if text.chars().count() > Self::DESCRIPTION_MAX {
                errors.push(FieldError::new(field, Problem::TooLong));
            }
        }
        if !is_dutch_postcode(&self.postcode) {
            errors.push(FieldError::new("postcode", Problem::Format));
        }
        if !is_in_netherlands(self.latitude, self.longitude) {
            errors.push(FieldError::new("location", Problem::OutOfRange));
        }
        if self.fields.is_empty() {
            errors.push(FieldError::new("fields", Problem::Required));
        }
        if let Some(email) = &self.contact_email
            && !is_plausible_email(email)
        {
            errors.push(FieldError::new("contact_email", Problem::Format));
        }
        if let Some(website) = &self.website
            && !(website.starts_with("https://") || website.starts_with("http://"))
        {
            errors.push(FieldError::new("website", Problem::Format));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

fn require_text(errors: &mut Vec<FieldError>, field: &str, text: &str, max: usize) {
    if text.trim().is_empty() {
        errors.push(FieldError::new(field, Problem::Required));
    } else if text.chars().count() > max {
        errors.push(FieldError::new(field, Problem::TooLong));
    }
}

/// A Dutch postcode as written on letters: four digits (not starting with 0), a space, two capitals.
pub fn is_dutch_postcode(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 7
        && (b'1'..=b'9').contains(&b[0])
        && b[1..4].iter().all(u8::is_ascii_digit)
        && b[4] == b' '
        && b[5..].iter().all(u8::is_ascii_uppercase)
}

/// One `@` with something on both sides and a dot in the domain; mail delivery decides the rest.
pub fn is_plausible_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
                && !domain.contains('@')
                && text.len() <= 254
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_from_dutch_names_without_accents_or_punctuation() {
        assert_eq!(
            Slug::from_name("Vonk & Zonen B.V.").map(|s| s.0),
            Ok("vonk-zonen-b-v".into())
        );
        assert_eq!(
            Slug::from_name("Café Één Techniek").map(|s| s.0),
            Ok("cafe-een-techniek".into())
        );
        assert_eq!(Slug::from_name("***"), Err(Problem::Format));
    }

    #[test]
    fn slug_parse_refuses_capitals_spaces_and_double_hyphens() {
        assert!(Slug::parse("kempen-las-2").is_ok());
        for bad in ["", "Kempen", "kempen las", "kempen--las", "-kempen", "kempen-"] {
            assert_eq!(Slug::parse(bad), Err(Problem::Format), "{bad:?}");
        }
    }

    #[test]
    fn postcodes_need_four_digits_a_space_and_two_capitals() {
        assert!(is_dutch_postcode("5531 AB"));
        for bad in ["5531AB", "0531 AB", "5531 ab", "553 ABC", ""] {
            assert!(!is_dutch_postcode(bad), "{bad:?}");
        }
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_plausible_email("info@vonkwerk.example"));
        for bad in ["info", "@vonkwerk.nl", "info@vonkwerk", "in fo@vonkwerk.nl", "a@b@c.nl"] {
            assert!(!is_plausible_email(bad), "{bad:?}");
        }
    }
}

/// Everything the public company page shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompanyProfile {
    pub slug: String,
    pub name: String,
    pub description_nl: String,
    pub description_en: String,
    pub fields: Vec<Field>,
    pub street_address: String,
    pub postcode: String,
    pub town: String,
    pub municipality: String,
    pub region: Region,
    pub latitude: f64,
    pub longitude: f64,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub size_band: SizeBand,
    pub sbb_accredited: bool,
    /// Open placements first, then filled and closed ones.
    pub placements: Vec<crate::domain::PlacementSummary>,
}

impl CompanyProfile {
    /// The most recent day on which the company confirmed one of its open placements.
    pub fn last_confirmed_on(&self) -> Option<&str> {
        self.placements
            .iter()
            .filter(|p| p.status == crate::domain::PlacementStatus::Open)
            .map(|p| p.last_confirmed_on.as_str())
            .max()
    }
}
