//! Accounts: who may log in, and what makes an acceptable e-mail address and password.
//!
//! The rules here run in the browser (to say at once what is wrong) and again on the
//! server, which never trusts the browser's check.

use super::{Problem, code_enum, companies::is_plausible_email};

code_enum! {
    /// What an account may do. A coordinator runs a region (or both); a company user
    /// keeps one company's profile and placements; a teacher registers interests for the
    /// students of their school, in one region, and sees what they registered.
    Role {
        Coordinator => "coordinator",
        Company => "company",
        Teacher => "teacher",
    }
}

code_enum! {
    /// What a message is for, when it carries a one-time link that opens an account.
    MailPurpose {
        Invitation => "invite",
        PasswordReset => "reset",
        /// A class sign-up's confirmation, with the link to change or cancel it.
        SignUp => "sign-up",
        /// A student's or a guardian's link to an interest.
        Interest => "interest",
    }
}

/// A session ends after this long without a request.
pub const SESSION_IDLE_SECONDS: i64 = 8 * 3600;
/// A session ends this long after login, however busy.
pub const SESSION_MAX_SECONDS: i64 = 30 * 24 * 3600;

/// A message ready for the outbox (written in `mail`, stored by `db::accounts`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
    /// Set when the body holds a one-time link.
    pub purpose: Option<MailPurpose>,
}

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted, in characters: long enough for any passphrase, short
/// enough that nobody can make the server hash megabytes.
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Passwords attackers try first, all at least `MIN_PASSWORD_CHARS` long (shorter ones
/// are refused anyway), lower-case, one per line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// An e-mail address as accounts use it: trimmed and with A-Z lowered, so one person has
/// one account whatever capitals they type. Letters beyond ASCII are kept as typed: full
/// Unicode case tables would add about 23 KB to the browser's wasm, which checks this too.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<EmailAddress, Problem> {
        let address = text.trim().to_ascii_lowercase();
        if address.is_empty() {
            Err(Problem::Required)
        } else if address.chars().count() > MAX_EMAIL_CHARS {
            Err(Problem::TooLong)
        } else if !is_plausible_email(&address) {
            Err(Problem::Format)
        } else {
            Ok(EmailAddress(address))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A message the app sends (or has sent) by e-mail.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// The text, where the reader may see it: `None` when it holds a link that would
    /// open someone else's account and need not be shown (see `api::dashboard`).
    pub body: Option<String>,
    /// Set for a message with a one-time link.
    pub purpose: Option<MailPurpose>,
    pub created_at: super::Instant,
    pub sent_at: Option<super::Instant>,
    /// How often SMTP refused it.
    pub attempts: i64,
    /// When it was given up after too many refusals; then it is not tried again.
    pub given_up_at: Option<super::Instant>,
    /// Who was shown its live link in the outbox, and when first (for the coordinator's
    /// view; empty elsewhere).
    pub shown_to: Vec<(String, super::Instant)>,
}

/// Checks a new password and its repetition: long enough, not absurdly long, not one of
/// the common passwords (ignoring case), and typed the same twice.
pub fn check_new_password(password: &str, repeated: &str) -> Result<(), Problem> {
    let length = password.chars().count();
    if length == 0 {
        return Err(Problem::Required);
    }
    if length < MIN_PASSWORD_CHARS {
        return Err(Problem::TooShort);
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(Problem::TooLong);
    }
    if is_common_password(password) {
        return Err(Problem::TooCommon);
    }
    if password != repeated {
        return Err(Problem::Mismatch);
    }
    Ok(())
}

/// True when `password` is on the common list, or is one character repeated.
pub fn is_common_password(password: &str) -> bool {
    let lower = password.to_ascii_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_character = first.is_some() && chars.all(|c| Some(c) == first);
    one_character || COMMON_PASSWORDS.lines().any(|line| line.trim() == lower)
}

/// The coordinator's invitation form: who to invite, and for which company. `company`
/// is the id of a company that exists, or `new` with the new company's name and address
/// (its location starts at the town's centre; the company moves the pin later).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub company: String,
    pub company_name: String,
    pub street_address: String,
    pub postcode: String,
    /// Code of a town in `TOWNS`.
    pub town: String,
    pub size_band: String,
}

/// Which company an invitation is for.
#[derive(Clone, Debug, PartialEq)]
pub enum InvitedCompany {
    Existing(i64),
    New(Box<crate::domain::NewCompany>),
}

/// A readable invitation.
#[derive(Clone, Debug, PartialEq)]
pub struct Invitation {
    pub email: EmailAddress,
    pub company: InvitedCompany,
}

/// The coordinator's form that invites a teacher: their address, their school (named as
/// the interests they register will name it) and, for a coordinator of both regions, the
/// region (a region's code; a coordinator of one region invites for that one).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TeacherInviteForm {
    pub email: String,
    pub school: String,
    pub region: String,
}

/// A readable invitation for a teacher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeacherInvitation {
    pub email: EmailAddress,
    pub school: String,
    /// `None` when the form named none.
    pub region: Option<super::Region>,
}

impl TeacherInviteForm {
    /// Reads the form, or says what is wrong with every field at once.
    pub fn read(&self) -> Result<TeacherInvitation, Vec<super::FieldError>> {
        use super::FieldError;
        use super::interests::{SCHOOL_MAX, required_text};

        let mut errors = Vec::new();
        let email = EmailAddress::parse(&self.email)
            .map_err(|problem| errors.push(FieldError::new("email", problem)))
            .ok();
        let school = required_text(&self.school, SCHOOL_MAX)
            .map_err(|problem| errors.push(FieldError::new("school", problem)))
            .ok();
        let region = match self.region.trim() {
            "" => None,
            code => {
                let region = super::Region::from_code(code);
                if region.is_none() {
                    errors.push(FieldError::new("region", Problem::Unknown));
                }
                region
            }
        };
        match (email, school) {
            (Some(email), Some(school)) if errors.is_empty() => Ok(TeacherInvitation { email, school, region }),
            _ => Err(errors),
        }
    }
}

/// A teacher's account as the coordinator sees it: who, for which school and region, and
/// whether they have set a password yet.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TeacherAccount {
    pub email: String,
    pub school: String,
    pub region: super::Region,
    pub has_password: bool,
}

/// The value of `InviteForm::company` that asks for a new company.
pub const NEW_COMPANY: &str = "new";

impl InviteForm {
    /// Reads the form, or says what is wrong with every field at once.
    pub fn read(&self) -> Result<Invitation, Vec<super::FieldError>> {
        use super::{FieldError, NewCompany, SizeBand, Slug, TOWNS};

        let mut errors = Vec::new();
        let email = EmailAddress::parse(&self.email)
            .map_err(|problem| errors.push(FieldError::new("email", problem)))
            .ok();
        let company = match self.company.trim() {
            "" => {
                errors.push(FieldError::new("company", Problem::Required));
                None
            }
            NEW_COMPANY => {
                let town = TOWNS.iter().find(|t| t.code == self.town.trim());
                let size_band = SizeBand::from_code(self.size_band.trim());
                if town.is_none() {
                    errors.push(FieldError::new("town", Problem::Required));
                }
                if size_band.is_none() {
                    errors.push(FieldError::new("size_band", Problem::Required));
                }
                let slug = Slug::from_name(&self.company_name);
                let company = NewCompany {
                    name: self.company_name.trim().to_owned(),
                    slug: slug
                        .clone()
                        .unwrap_or_else(|_| Slug::from_name("bedrijf").expect("a valid slug")),
                    description_nl: String::new(),
                    description_en: String::new(),
                    fields: Vec::new(),
                    street_address: self.street_address.trim().to_owned(),
                    postcode: self.postcode.trim().to_ascii_uppercase(),
                    town: town.map(|t| t.name.to_owned()).unwrap_or_default(),
                    municipality: town.map(|t| t.municipality.code().to_owned()).unwrap_or_default(),
                    latitude: town.map_or(52.0, |t| t.latitude),
                    longitude: town.map_or(5.0, |t| t.longitude),
                    website: None,
                    contact_name: None,
                    contact_email: None,
                    contact_phone: None,
                    size_band: size_band.unwrap_or(SizeBand::Micro),
                    sbb_accredited: false,
                    published: true,
                };
                if let Err(more) = company.validate() {
                    // The company fills in its fields of work itself; the town field
                    // already said it is missing.
                    errors.extend(more.into_iter().filter(|e| {
                        e.field != "fields" && !(e.field == "town" && town.is_none()) && e.field != "location"
                    }));
                }
                if slug.is_err() && !self.company_name.trim().is_empty() {
                    errors.push(FieldError::new("company_name", Problem::Format));
                }
                for error in &mut errors {
                    if error.field == "name" {
                        error.field = "company_name".to_owned();
                    }
                }
                Some(InvitedCompany::New(Box::new(company)))
            }
            id => match id.parse::<i64>() {
                Ok(id) => Some(InvitedCompany::Existing(id)),
                Err(_) => {
                    errors.push(FieldError::new("company", Problem::Unknown));
                    None
                }
            },
        };
        match (email, company) {
            (Some(email), Some(company)) if errors.is_empty() => Ok(Invitation { email, company }),
            _ => Err(errors),
        }
    }
}

/// A company as the coordinator's invitation form offers it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CompanyChoice {
    pub id: i64,
    pub name: String,
    pub town: String,
    /// Recognised by SBB as a training company (the coordinator sets it).
    pub sbb_accredited: bool,
    /// The company's version, for the recognition switch.
    pub version: i64,
}

/// A company user as the coordinator sees them: who, for which company, and whether
/// they have set a password yet.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CompanyUser {
    pub id: i64,
    pub email: String,
    pub company_id: i64,
    pub company_name: String,
    pub has_password: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_teachers_invitation_needs_an_address_and_a_school() {
        let form = TeacherInviteForm {
            email: " M.deWit@Pius.Example ".into(),
            school: "  Pius X College ".into(),
            region: String::new(),
        };
        let read = form.read().expect("readable");
        assert_eq!(read.email.as_str(), "m.dewit@pius.example");
        assert_eq!(read.school, "Pius X College");
        assert_eq!(read.region, None);
        let named = TeacherInviteForm {
            region: "ijmond".into(),
            ..form.clone()
        };
        assert_eq!(
            named.read().expect("readable").region,
            Some(super::super::Region::Ijmond)
        );

        let wrong = TeacherInviteForm {
            email: "m.dewit-at-pius".into(),
            school: " ".into(),
            region: "brabant".into(),
        };
        let problems: Vec<(String, Problem)> = wrong
            .read()
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.field.to_string(), e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("email".to_owned(), Problem::Format),
                ("school".to_owned(), Problem::Required),
                ("region".to_owned(), Problem::Unknown)
            ]
        );
        let long = TeacherInviteForm {
            school: "S".repeat(121),
            ..form
        };
        let errors = long.read().expect_err("too long");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].problem, Problem::TooLong);
    }

    #[test]
    fn addresses_are_trimmed_and_lower_case() {
        let address = EmailAddress::parse("  Jan.DeVries@Vonkwerk.Example ").expect("valid");
        assert_eq!(address.as_str(), "jan.devries@vonkwerk.example");
        assert_eq!(EmailAddress::parse(" "), Err(Problem::Required));
        assert_eq!(EmailAddress::parse("jan@"), Err(Problem::Format));
        let long = format!("{}@vonkwerk.example", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(Problem::TooLong));
    }

    #[test]
    fn a_new_password_must_be_long_uncommon_and_repeated_exactly() {
        assert_eq!(check_new_password("", ""), Err(Problem::Required));
        assert_eq!(check_new_password("kort-maar1", "kort-maar1"), Err(Problem::TooShort));
        // Twelve characters, counted as characters, not bytes.
        assert_eq!(check_new_password("ééééééééééé", "ééééééééééé"), Err(Problem::TooShort));
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(check_new_password(&long, &long), Err(Problem::TooLong));
        assert_eq!(
            check_new_password("Wachtwoord123", "Wachtwoord123"),
            Err(Problem::TooCommon)
        );
        assert_eq!(
            check_new_password("zzzzzzzzzzzzzz", "zzzzzzzzzzzzzz"),
            Err(Problem::TooCommon)
        );
        assert_eq!(
            check_new_password("draaibank-op-dinsdag", "draaibank-op-woensdag"),
            Err(Problem::Mismatch)
        );
        assert_eq!(
            check_new_password("draaibank-op-dinsdag", "draaibank-op-dinsdag"),
            Ok(())
        );
    }

    #[test]
    fn an_invitation_names_an_existing_company_or_a_complete_new_one() {
        let existing = InviteForm {
            email: "Jan@Vonkwerk.Example".into(),
            company: "7".into(),
            ..InviteForm::default()
        };
        let invitation = existing.read().expect("valid");
        assert_eq!(invitation.email.as_str(), "jan@vonkwerk.example");
        assert_eq!(invitation.company, InvitedCompany::Existing(7));
        let new = InviteForm {
            email: "an@kempenlas.example".into(),
            company: NEW_COMPANY.into(),
            company_name: "Kempen Las B.V.".into(),
            street_address: "De Run 4000".into(),
            postcode: "5531 ab".into(),
            town: "hapert".into(),
            size_band: "10-49".into(),
        };
        match new.read().expect("valid").company {
            InvitedCompany::New(company) => {
                assert_eq!(company.slug.as_str(), "kempen-las-b-v");
                assert_eq!(
                    (company.town.as_str(), company.municipality.as_str()),
                    ("Hapert", "bladel")
                );
                assert_eq!(company.postcode, "5531 AB");
            }
            other => panic!("expected a new company, got {other:?}"),
        }
    }

    #[test]
    fn an_incomplete_invitation_names_every_missing_field() {
        let form = InviteForm {
            email: "jan@".into(),
            company: NEW_COMPANY.into(),
            postcode: "5531".into(),
            ..InviteForm::default()
        };
        let mut fields: Vec<String> = form.read().expect_err("invalid").into_iter().map(|e| e.field).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "company_name",
                "email",
                "postcode",
                "size_band",
                "street_address",
                "town"
            ]
        );
        let nothing = InviteForm::default().read().expect_err("invalid");
        let fields: Vec<&str> = nothing.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "company"]);
    }

    #[test]
    fn the_common_list_holds_only_passwords_the_length_rule_lets_through() {
        for line in COMMON_PASSWORDS.lines() {
            assert!(
                line.chars().count() >= MIN_PASSWORD_CHARS,
                "{line:?} is refused as too short anyway"
            );
            assert_eq!(line, line.to_lowercase(), "{line:?} must be lower-case");
        }
    }
}
