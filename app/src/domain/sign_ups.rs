//! Class sign-ups for events: a teacher signs up a class by name, school, e-mail address
//! and head count, and nothing about the pupils. The places of an event go to sign-ups
//! in the order they came; what does not fit waits, and moves up when places come free.

use super::{EmailAddress, FieldError, Problem, code_enum};

code_enum! {
    /// Where a sign-up stands.
    SignUpStatus {
        /// The class has its places.
        Confirmed => "confirmed",
        /// On the waiting list, in order of signing up.
        Waiting => "waiting",
        /// Cancelled by the teacher; the places went to others.
        Cancelled => "cancelled",
    }
}

/// The largest class one sign-up takes.
pub const MAX_HEAD_COUNT: i64 = 200;
/// How many classes one e-mail address signs up in an hour at most: a school's teacher
/// signing up several classes fits, a script sending mail to somebody else's address
/// does not get far.
pub const SIGN_UPS_PER_ADDRESS_PER_HOUR: i64 = 10;

/// The longest name and school, in characters.
pub const NAME_MAX: usize = 120;

/// A sign-up as its form sends it, every value as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    pub teacher_name: String,
    pub school: String,
    pub email: String,
    pub head_count: String,
}

/// A sign-up as it is stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewSignUp {
    pub teacher_name: String,
    pub school: String,
    pub email: EmailAddress,
    pub head_count: i64,
}

impl SignUpForm {
    /// The sign-up, or every wrong field at once.
    pub fn read(&self) -> Result<NewSignUp, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str| {
            let value = value.trim();
            if value.is_empty() {
                errors.push(FieldError::new(field, Problem::Required));
            } else if value.chars().count() > NAME_MAX {
                errors.push(FieldError::new(field, Problem::TooLong));
            } else if super::has_control_characters(value) {
                errors.push(FieldError::new(field, Problem::Format));
            }
            value.to_owned()
        };
        let teacher_name = text("teacher_name", &self.teacher_name);
        let school = text("school", &self.school);
        let email = match EmailAddress::parse(&self.email) {
            Ok(email) => Some(email),
            Err(problem) => {
                errors.push(FieldError::new("email", problem));
                None
            }
        };
        let head_count = read_head_count(&self.head_count)
            .map_err(|problem| errors.push(FieldError::new("head_count", problem)))
            .ok();
        match (email, head_count) {
            (Some(email), Some(head_count)) if errors.is_empty() => Ok(NewSignUp {
                teacher_name,
                school,
                email,
                head_count,
            }),
            _ => Err(errors),
        }
    }
}

/// A head count as typed: a whole number from 1 to `MAX_HEAD_COUNT`.
pub fn read_head_count(text: &str) -> Result<i64, Problem> {
    match text.trim() {
        "" => Err(Problem::Required),
        digits => match digits.parse::<i64>() {
            Ok(n) if (1..=MAX_HEAD_COUNT).contains(&n) => Ok(n),
            Ok(_) => Err(Problem::OutOfRange),
            Err(_) => Err(Problem::Format),
        },
    }
}

/// A stored sign-up, as its teacher and the organiser see it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignUp {
    pub id: i64,
    pub event_id: i64,
    pub teacher_name: String,
    pub school: String,
    pub email: String,
    pub head_count: i64,
    pub status: SignUpStatus,
    pub created_at: super::Instant,
    /// When the teacher confirmed the address; until then the sign-up holds no places.
    pub confirmed_at: Option<super::Instant>,
}

/// How full an event is: places taken by confirmed classes, and how many wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Occupancy {
    pub confirmed: i64,
    pub waiting: i64,
}

impl Occupancy {
    /// Places still free of `capacity`.
    pub fn free(self, capacity: i64) -> i64 {
        (capacity - self.confirmed).max(0)
    }
}

/// Whether a new sign-up of `head_count` gets places now: it fits, and nobody waits
/// before it (a smaller class does not pass a waiting larger one).
pub fn gets_places(occupancy: Occupancy, capacity: i64, head_count: i64) -> bool {
    occupancy.waiting == 0 && occupancy.confirmed + head_count <= capacity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_goes_into_a_mail_holds_no_line_break_or_control_character() {
        for (teacher_name, school) in [
            ("Eva\r\nBcc: iedereen@school.example", "Kempenhorst"),
            ("Eva", "Kempen\thorst"),
            ("Eva\u{7}", "Kempenhorst"),
        ] {
            let form = SignUpForm {
                teacher_name: teacher_name.into(),
                school: school.into(),
                email: "eva@school.example".into(),
                head_count: "12".into(),
            };
            let errors = form.read().expect_err("refused");
            assert!(errors.iter().all(|e| e.problem == Problem::Format), "{errors:?}");
        }
        // Accents, apostrophes and hyphens are names.
        let form = SignUpForm {
            teacher_name: "Eva van 't Hoff-Ünal".into(),
            school: "Sint-Joris".into(),
            email: "eva@school.example".into(),
            head_count: "12".into(),
        };
        assert!(form.read().is_ok());
    }

    #[test]
    fn a_sign_up_names_every_wrong_field_and_a_class_of_one_to_two_hundred() {
        let form = SignUpForm {
            teacher_name: " ".into(),
            school: "Kempenhorst College".into(),
            email: "docent@".into(),
            head_count: "0".into(),
        };
        let fields: Vec<(String, Problem)> = form
            .read()
            .expect_err("invalid")
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("teacher_name".to_owned(), Problem::Required),
                ("email".to_owned(), Problem::Format),
                ("head_count".to_owned(), Problem::OutOfRange),
            ]
        );
        let ok = SignUpForm {
            teacher_name: "Mevr. De Wit".into(),
            head_count: " 24 ".into(),
            email: "DeWit@School.example".into(),
            ..form
        }
        .read()
        .expect("valid");
        assert_eq!((ok.head_count, ok.email.as_str()), (24, "dewit@school.example"));
        assert_eq!(read_head_count("201"), Err(Problem::OutOfRange));
        assert_eq!(read_head_count("twintig"), Err(Problem::Format));
    }

    #[test]
    fn places_go_in_order_and_a_small_class_does_not_pass_a_waiting_one() {
        let half_full = Occupancy {
            confirmed: 10,
            waiting: 0,
        };
        assert!(gets_places(half_full, 20, 10));
        assert!(!gets_places(half_full, 20, 11));
        assert!(!gets_places(
            Occupancy {
                confirmed: 10,
                waiting: 1
            },
            20,
            1
        ));
        assert_eq!(
            Occupancy {
                confirmed: 25,
                waiting: 0
            }
            .free(20),
            0
        );
    }
}
