//! The error type of every server function but `search_markers`, whose own small
//! `NoMarkers` keeps this type's decoders out of the map island's wasm.
//!
//! Variants say what a person can do about the failure. Database and I/O details are
//! logged on the server and never travel to the browser: they become `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::domain::{AuditEntry, EventForm, FieldError, InviteForm, PlacementForm, ProfileForm};

#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("internal error")]
    Internal,
    /// The e-mail address and password do not belong together (which of the two is
    /// wrong is not said).
    #[error("login failed")]
    LoginFailed,
    /// The page or action needs a logged-in person.
    #[error("not logged in")]
    NotLoggedIn,
    /// A one-time link that is unknown, used or expired.
    #[error("link no longer valid")]
    LinkInvalid,
    /// Too many failed attempts: the next one is possible after this many seconds.
    #[error("too many attempts, retry after {0} s")]
    TooManyAttempts(u64),
    /// The server has more of this work queued than it takes on (password checks): the
    /// request changed nothing and may be tried again after this many seconds.
    #[error("busy, retry after {0} s")]
    Busy(u64),
    /// The request did not reach the server function or its answer could not be read.
    #[error("request failed: {0}")]
    Request(String),
    /// A form was refused and nothing was saved: what is wrong, or what others saved
    /// since the form was filled in, with what the person typed so nothing is lost.
    /// Read only on the server (forms are answered with a page); the browser's islands
    /// never read it, so its decoders, those of every form, stay out of the wasm.
    #[error("form refused")]
    #[cfg_attr(not(feature = "ssr"), serde(skip_deserializing))]
    Refused(Box<Refusal>),
    /// The logged-in person may not do this (a company user asking for another
    /// company's data, or for the coordinator's pages).
    #[error("not allowed")]
    Forbidden,
}

/// Why a form was refused, with what was typed in it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Refusal {
    /// Field-specific problems.
    pub errors: Vec<FieldError>,
    /// Refused because someone saved a newer version after the form was filled in.
    pub stale: bool,
    /// What others saved after the version the form started from, oldest first (for a
    /// stale form, whose `draft` then carries the current version).
    pub saved_since: Vec<AuditEntry>,
    pub draft: Draft,
}

/// The values of a refused form, to fill it in again.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Draft {
    #[default]
    Nothing,
    Placement(PlacementForm),
    Invite(InviteForm),
    TeacherInvite(crate::domain::accounts::TeacherInviteForm),
    Profile(ProfileForm),
    Event(EventForm),
    SignUp(crate::domain::SignUpForm),
    Screen(crate::domain::ScreenForm),
    Interest(crate::domain::InterestForm),
    /// An interest registered for a student, with the placement chosen for it.
    Registration {
        placement: String,
        form: crate::domain::InterestForm,
    },
}

/// A form whose values a refusal carries back (`Draft`), to fill it in again.
pub trait Drafted: Sized {
    fn from_draft(draft: &Draft) -> Option<Self>;
}

/// `Drafted` for the forms a `Draft` variant holds as they are.
macro_rules! drafted {
    ($($variant:ident($form:ty)),+ $(,)?) => {
        $(impl Drafted for $form {
            fn from_draft(draft: &Draft) -> Option<Self> {
                match draft {
                    Draft::$variant(form) => Some(form.clone()),
                    _ => None,
                }
            }
        })+
    };
}

drafted!(
    Placement(PlacementForm),
    Invite(InviteForm),
    TeacherInvite(crate::domain::accounts::TeacherInviteForm),
    Profile(ProfileForm),
    Event(EventForm),
    SignUp(crate::domain::SignUpForm),
    Screen(crate::domain::ScreenForm),
);

/// An interest form comes back from the student's own form and from a registration alike.
impl Drafted for crate::domain::InterestForm {
    fn from_draft(draft: &Draft) -> Option<Self> {
        match draft {
            Draft::Interest(form) | Draft::Registration { form, .. } => Some(form.clone()),
            _ => None,
        }
    }
}

impl AppError {
    /// What was typed in a refused form of type `F`, to fill it in again; `None` for
    /// another error, or a refusal of another form.
    pub fn draft_of<F: Drafted>(error: Option<&AppError>) -> Option<F> {
        match error {
            Some(AppError::Refused(refusal)) => F::from_draft(&refusal.draft),
            _ => None,
        }
    }

    /// A form refused for the problems in `errors`.
    pub fn invalid(errors: Vec<FieldError>, draft: Draft) -> AppError {
        AppError::Refused(Box::new(Refusal {
            errors,
            stale: false,
            saved_since: Vec::new(),
            draft,
        }))
    }

    /// The field problems of a refused form, if it was refused for them.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Refused(refusal) => &refusal.errors,
            AppError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

/// A call meant for someone else: "log in" to a visitor, "not allowed" to anyone else.
impl From<crate::domain::Denied> for AppError {
    fn from(denied: crate::domain::Denied) -> Self {
        match denied {
            crate::domain::Denied::NotSignedIn => AppError::NotLoggedIn,
            crate::domain::Denied::NotAllowed => AppError::Forbidden,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::ServerError(_) => AppError::Internal,
            other => AppError::Request(other.to_string()),
        }
    }
}

impl AppError {
    /// The HTTP status a script's call should get for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Validation(_) | AppError::Request(_) => 400,
            AppError::Refused(refusal) if refusal.stale => 409,
            AppError::Refused(_) => 400,
            AppError::Forbidden => 403,
            AppError::LoginFailed | AppError::NotLoggedIn => 401,
            AppError::LinkInvalid => 410,
            AppError::TooManyAttempts(_) => 429,
            AppError::Busy(_) => 503,
            AppError::Internal => 500,
        }
    }

    /// The seconds after which the same request may succeed, for a `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts(seconds) | AppError::Busy(seconds) => Some(*seconds),
            _ => None,
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    /// For axum handlers: the status `AppError::status` gives, with the error in words.
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.to_string()).into_response();
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}
