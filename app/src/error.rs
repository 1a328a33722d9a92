//! The one error type that crosses the server-function boundary.
//!
//! Variants say what a person can do about the failure. Database and I/O details are
//! logged on the server and never travel to the browser: they become `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::domain::FieldError;

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
    /// The request did not reach the server function or its answer could not be read.
    #[error("request failed: {0}")]
    Request(String),
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
            AppError::LoginFailed | AppError::NotLoggedIn => 401,
            AppError::LinkInvalid => 410,
            AppError::TooManyAttempts(_) => 429,
            AppError::Internal => 500,
        }
    }
}
