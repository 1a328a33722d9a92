//! Accounts: who may log in, and what makes an acceptable e-mail address and password.
//!
//! The rules here run in the browser (to say at once what is wrong) and again on the
//! server, which never trusts the browser's check.

use super::{Problem, code_enum, companies::is_plausible_email};

code_enum! {
    /// What an account may do. A coordinator runs a region (or both); a company user
    /// keeps one company's profile and placements.
    Role {
        Coordinator => "coordinator",
        Company => "company",
    }
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

/// An e-mail address as accounts use it: trimmed and lower-case, so one person has one
/// account whatever capitals they type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<EmailAddress, Problem> {
        let address = text.trim().to_lowercase();
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
    pub body: String,
    pub created_at: String,
    pub sent_at: Option<String>,
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
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_character = first.is_some() && chars.all(|c| Some(c) == first);
    one_character || COMMON_PASSWORDS.lines().any(|line| line.trim() == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

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
