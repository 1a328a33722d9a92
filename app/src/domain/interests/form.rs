//! The interest form: what a student (or a teacher for them) fills in, read and checked.

use super::*;

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
    pub fn read(&self, today: crate::domain::Day) -> Result<NewInterest, Vec<FieldError>> {
        self.read_with(today, true)
    }

    /// The interest a coordinator registers on a student's behalf: the school answers for
    /// it, so no parent's address is asked or kept, even under 16.
    pub fn read_registered(&self, today: crate::domain::Day) -> Result<NewInterest, Vec<FieldError>> {
        self.read_with(today, false)
    }

    fn read_with(&self, today: crate::domain::Day, guardian_asked: bool) -> Result<NewInterest, Vec<FieldError>> {
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

pub(in crate::domain) fn required_text(text: &str, max: usize) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        Err(Problem::Required)
    } else if text.chars().count() > max {
        Err(Problem::TooLong)
    } else if crate::domain::has_control_characters(text) {
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
    pub fn read(text: &str, today: crate::domain::Day) -> Result<Option<StartMonth>, Problem> {
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

    pub fn of(day: crate::domain::Day) -> StartMonth {
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
