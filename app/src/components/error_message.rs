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
            return view! { <p class="error-message" role="alert">{t.site.too_many_attempts(seconds)}</p> }.into_any();
        }
        AppError::Busy(_) => t.site.busy,
        AppError::Request(_) => t.site.error_request,
        AppError::Validation(_) | AppError::NotFound => t.site.error_invalid,
        AppError::Internal => t.site.error_internal,
        AppError::LoginFailed => t.site.login_failed,
        AppError::NotLoggedIn => t.site.not_logged_in,
        AppError::LinkInvalid => t.site.link_invalid,
        AppError::Refused(_) => t.site.form_refused,
        AppError::Forbidden => t.site.forbidden,
    };
    view! { <p class="error-message" role="alert">{message}</p> }.into_any()
}
