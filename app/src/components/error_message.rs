//! Telling a person that something went wrong.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::texts;

/// Says in the person's language what went wrong, without technical detail.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let t = texts();
    let message = match error {
        AppError::TooManyAttempts(seconds) => {
            return view! { <p class="error-message" role="alert">{t.too_many_attempts(seconds)}</p> }.into_any();
        }
        AppError::Busy(_) => t.busy,
        AppError::Request(_) => t.error_request,
        AppError::Validation(_) | AppError::NotFound => t.error_invalid,
        AppError::Internal => t.error_internal,
        AppError::LoginFailed => t.login_failed,
        AppError::NotLoggedIn => t.not_logged_in,
        AppError::LinkInvalid => t.link_invalid,
        AppError::Refused(_) => t.form_refused,
        AppError::Forbidden => t.forbidden,
    };
    view! { <p class="error-message" role="alert">{message}</p> }.into_any()
}
