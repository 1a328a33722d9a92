//! Companies: who offers placements, where they are, and how they are listed.

use super::{FieldError, Problem, Region, code_enum, is_in_netherlands};
use crate::decimals::Fixed;

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

    /// This slug, or the first of `slug-2`, `slug-3`, ... up to `slug-999` that is not in
    /// `taken`; `None` when all are.
    pub fn first_free(&self, taken: &[String]) -> Option<Slug> {
        let free = |candidate: &str| !taken.iter().any(|t| t == candidate);
        if free(self.as_str()) {
            return Some(self.clone());
        }
        let base: String = self.0.chars().take(Self::MAX_LEN - 4).collect();
        let base = base.trim_end_matches('-');
        (2..1000)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| free(candidate))
            .and_then(|candidate| Slug::parse(&candidate).ok())
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
    } else if super::has_control_characters(text.trim()) {
        errors.push(FieldError::new(field, Problem::Format));
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

    #[test]
    fn the_first_free_slug_counts_on_from_two() {
        let vonk = Slug::from_name("Vonk Metaal").expect("slug");
        assert_eq!(vonk.first_free(&[]).expect("free").as_str(), "vonk-metaal");
        let taken = ["vonk-metaal".to_owned(), "vonk-metaal-2".to_owned()];
        assert_eq!(vonk.first_free(&taken).expect("free").as_str(), "vonk-metaal-3");
        let long = Slug::from_name(&"a".repeat(90)).expect("slug");
        let next = long.first_free(&[long.as_str().to_owned()]).expect("free");
        assert!(
            next.as_str().len() <= Slug::MAX_LEN && next.as_str().ends_with("-2"),
            "{}",
            next.as_str()
        );
    }

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

/// A published company with open placements, as the database lists it for the public
/// pages (the catalog makes its search entry from it).
#[derive(Clone, Debug, PartialEq)]
pub struct ListedCompany {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description_nl: String,
    pub description_en: String,
    pub town: String,
    pub municipality: super::Municipality,
    pub position: crate::map::LatLon,
    pub sbb_accredited: bool,
    /// Open placements only, newest confirmation first.
    pub placements: Vec<ListedPlacement>,
}

/// An open placement of a `ListedCompany`.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedPlacement {
    pub id: i64,
    pub title: String,
    pub kind: super::PlacementKind,
    pub level: super::Level,
    pub field: Field,
    pub start_date: Option<super::Day>,
    pub last_confirmed_on: super::Day,
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
    /// The logo's address, when the company uploaded one.
    pub logo: Option<String>,
}

impl CompanyProfile {
    /// The most recent day on which the company confirmed one of its open placements.
    pub fn last_confirmed_on(&self) -> Option<crate::domain::Day> {
        self.placements
            .iter()
            .filter(|p| p.status == crate::domain::PlacementStatus::Open)
            .map(|p| p.last_confirmed_on)
            .max()
    }
}

impl NewCompany {
    /// Every field a company edits, as (name, stored value) pairs, for the audit log and
    /// for showing what someone else changed. Names are the form's field names.
    pub fn audit_fields(&self) -> Vec<(&'static str, String)> {
        let fields: Vec<&str> = self.fields.iter().map(|f| f.code()).collect();
        vec![
            ("name", self.name.clone()),
            ("description_nl", self.description_nl.clone()),
            ("description_en", self.description_en.clone()),
            ("fields", fields.join(",")),
            ("street_address", self.street_address.clone()),
            ("postcode", self.postcode.clone()),
            ("town", self.town.clone()),
            ("municipality", self.municipality.clone()),
            ("latitude", Fixed(self.latitude, 5).to_string()),
            ("longitude", Fixed(self.longitude, 5).to_string()),
            ("website", self.website.clone().unwrap_or_default()),
            ("contact_name", self.contact_name.clone().unwrap_or_default()),
            ("contact_email", self.contact_email.clone().unwrap_or_default()),
            ("contact_phone", self.contact_phone.clone().unwrap_or_default()),
            ("size_band", self.size_band.code().to_owned()),
            ("sbb_accredited", if self.sbb_accredited { "1" } else { "0" }.to_owned()),
        ]
    }
}

/// A company's profile as its edit form sends it, every value as typed. `version` is
/// the version the form was filled in from. The SBB recognition is not in it: the
/// coordinator sets that, not the company.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub version: i64,
    pub name: String,
    pub description_nl: String,
    pub description_en: String,
    /// Ticked fields of work: code to the box's value.
    pub fields: std::collections::BTreeMap<String, String>,
    pub street_address: String,
    pub postcode: String,
    pub town: String,
    /// Code of the municipality.
    pub municipality: String,
    /// Decimal degrees, a point or a comma as the decimal sign.
    pub latitude: String,
    pub longitude: String,
    pub website: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub size_band: String,
}

impl ProfileForm {
    /// A form filled in with a stored company.
    pub fn from_company(company: &NewCompany, version: i64) -> ProfileForm {
        ProfileForm {
            version,
            name: company.name.clone(),
            description_nl: company.description_nl.clone(),
            description_en: company.description_en.clone(),
            fields: company
                .fields
                .iter()
                .map(|f| (f.code().to_owned(), "on".to_owned()))
                .collect(),
            street_address: company.street_address.clone(),
            postcode: company.postcode.clone(),
            town: company.town.clone(),
            municipality: company.municipality.clone(),
            latitude: Fixed(company.latitude, 5).to_string(),
            longitude: Fixed(company.longitude, 5).to_string(),
            website: company.website.clone().unwrap_or_default(),
            contact_name: company.contact_name.clone().unwrap_or_default(),
            contact_email: company.contact_email.clone().unwrap_or_default(),
            contact_phone: company.contact_phone.clone().unwrap_or_default(),
            size_band: company.size_band.code().to_owned(),
        }
    }

    /// Whether the field of work `field` is ticked.
    pub fn has_field(&self, field: Field) -> bool {
        self.fields.contains_key(field.code())
    }

    /// Reads the form into the company `stored` becomes (its slug, SBB recognition and
    /// publication stay as they are), or says what is wrong with every field at once.
    /// The location must lie in the region of the chosen municipality.
    pub fn read(&self, stored: &NewCompany) -> Result<NewCompany, Vec<FieldError>> {
        use super::Municipality;

        let mut errors = Vec::new();
        let mut fields = Vec::new();
        for code in self.fields.keys() {
            match Field::from_code(code) {
                Some(field) => fields.push(field),
                None => errors.push(FieldError::new("fields", Problem::Unknown)),
            }
        }
        fields.sort();
        let municipality = Municipality::from_code(self.municipality.trim());
        if municipality.is_none() {
            errors.push(FieldError::new("municipality", Problem::Required));
        }
        let size_band = SizeBand::from_code(self.size_band.trim());
        if size_band.is_none() {
            errors.push(FieldError::new("size_band", Problem::Required));
        }
        let mut degrees = |name: &str, text: &str| -> Option<f64> {
            match crate::decimals::parse(&text.trim().replace(',', ".")) {
                Some(value) => Some(value),
                _ if text.trim().is_empty() => {
                    errors.push(FieldError::new(name, Problem::Required));
                    None
                }
                _ => {
                    errors.push(FieldError::new(name, Problem::Format));
                    None
                }
            }
        };
        let latitude = degrees("latitude", &self.latitude);
        let longitude = degrees("longitude", &self.longitude);
        if let (Some(lat), Some(lon), Some(municipality)) = (latitude, longitude, municipality)
            && !crate::map::region_bounds(municipality.region()).contains(crate::map::LatLon::new(lat, lon))
        {
            errors.push(FieldError::new("location", Problem::OutOfRange));
        }
        let optional = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_owned())
        };
        for (name, text, max) in [
            ("contact_name", &self.contact_name, 120),
            ("contact_phone", &self.contact_phone, 40),
            ("website", &self.website, 300),
        ] {
            if text.trim().chars().count() > max {
                errors.push(FieldError::new(name, Problem::TooLong));
            }
        }
        if optional(&self.contact_phone)
            .is_some_and(|phone| !phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)))
        {
            errors.push(FieldError::new("contact_phone", Problem::Format));
        }
        let company = NewCompany {
            name: self.name.trim().to_owned(),
            slug: stored.slug.clone(),
            description_nl: self.description_nl.trim().to_owned(),
            description_en: self.description_en.trim().to_owned(),
            fields,
            street_address: self.street_address.trim().to_owned(),
            postcode: self.postcode.trim().to_ascii_uppercase(),
            town: self.town.trim().to_owned(),
            municipality: municipality.map(|m| m.code().to_owned()).unwrap_or_default(),
            latitude: latitude.unwrap_or(stored.latitude),
            longitude: longitude.unwrap_or(stored.longitude),
            website: optional(&self.website),
            contact_name: optional(&self.contact_name),
            contact_email: optional(&self.contact_email).map(|e| e.to_ascii_lowercase()),
            contact_phone: optional(&self.contact_phone),
            size_band: size_band.unwrap_or(stored.size_band),
            sbb_accredited: stored.sbb_accredited,
            published: stored.published,
        };
        if let Err(more) = company.validate() {
            // A location outside the country is also outside the region: said once.
            let said_location = errors.iter().any(|e| e.field == "location");
            errors.extend(more.into_iter().filter(|e| !(e.field == "location" && said_location)));
        }
        if errors.is_empty() { Ok(company) } else { Err(errors) }
    }
}

#[cfg(test)]
mod profile_tests {
    use super::*;

    fn stored() -> NewCompany {
        NewCompany {
            name: "Vonk Metaal".into(),
            slug: Slug::from_name("Vonk Metaal").expect("slug"),
            description_nl: "Plaatwerk.".into(),
            description_en: String::new(),
            fields: vec![Field::Welding, Field::SheetMetal],
            street_address: "Industrieweg 1".into(),
            postcode: "5531 AA".into(),
            town: "Bladel".into(),
            municipality: "bladel".into(),
            latitude: 51.3686,
            longitude: 5.2203,
            website: Some("https://vonk.example".into()),
            contact_name: None,
            contact_email: Some("info@vonk.example".into()),
            contact_phone: None,
            size_band: SizeBand::Small,
            sbb_accredited: true,
            published: true,
        }
    }

    #[test]
    fn a_stored_profile_reads_back_unchanged_and_keeps_its_sbb_recognition() {
        let form = ProfileForm::from_company(&stored(), 4);
        assert!(form.has_field(Field::Welding) && !form.has_field(Field::Automation));
        let read = form.read(&stored()).expect("valid");
        assert_eq!(read.audit_fields(), stored().audit_fields());
        assert!(read.sbb_accredited, "a company cannot change its own recognition");
    }

    #[test]
    fn a_location_outside_the_municipalitys_region_and_other_mistakes_are_named() {
        let form = ProfileForm {
            name: " ".into(),
            // IJmuiden, while the municipality is Bladel in the Kempen.
            latitude: "52,4580".into(),
            longitude: "4.6200".into(),
            postcode: "5531AA".into(),
            contact_email: "info@".into(),
            contact_phone: "bel me".into(),
            fields: Default::default(),
            ..ProfileForm::from_company(&stored(), 1)
        };
        let mut fields: Vec<String> = form
            .read(&stored())
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "contact_email",
                "contact_phone",
                "fields",
                "location",
                "name",
                "postcode"
            ]
        );
    }
}
