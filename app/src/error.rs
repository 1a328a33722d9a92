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
