//! `/wachtwoord/{token}`: the page a one-time link opens, where a person chooses their
//! password (first time, or after "forgot password").

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::form_error;
use crate::api::accounts::SetPassword;
use crate::components::{ErrorMessage, Layout};
use crate::domain::accounts::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::error::AppError;
use crate::i18n::texts;

/// The password form; the token travels along as a hidden field. The server checks the
/// link when the form is sent, so an old link says so then.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let t = texts();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let error = form_error(SetPassword::PATH);
    let problem_of = |field: &str| match &error {
        Some(AppError::Validation(errors)) => errors.iter().find(|e| e.field == field).map(|e| e.problem),
        _ => None,
    };
    let (password_problem, repeated_problem) = (problem_of("password"), problem_of("repeated"));
    let general = error.filter(|e| !matches!(e, AppError::Validation(_)));
    view! {
        <Title text=t.set_password_title />
        // The address holds a secret: it goes along only to this site (whose form answer
        // needs it to come back here), never to others.
        <Meta name="referrer" content="same-origin" />
        <Layout>
            <section class="account-form">
                <h1>{t.set_password_title}</h1>
                <p id="password-rules">{t.set_password_intro}</p>
                {general.map(|error| view! { <ErrorMessage error /> })}
                <form method="post" action=SetPassword::PATH>
                    <input type="hidden" name="token" value=token />
                    <div class="field">
                        <label for="new-password">{t.new_password_label}</label>
                        <input
                            id="new-password"
                            name="password"
                            type="password"
                            autocomplete="new-password"
                            minlength=MIN_PASSWORD_CHARS
                            maxlength=MAX_PASSWORD_CHARS
                            required
                            aria-describedby="password-rules"
                            aria-invalid=password_problem.is_some().then_some("true")
                        />
                        {password_problem.map(|p| view! {
                            <p class="field-error" role="alert">{t.new_password_label} " " {t.problem(p)}</p>
                        })}
                    </div>
                    <div class="field">
                        <label for="repeat-password">{t.repeat_password_label}</label>
                        <input
                            id="repeat-password"
                            name="repeated"
                            type="password"
                            autocomplete="new-password"
                            required
                            aria-invalid=repeated_problem.is_some().then_some("true")
                        />
                        {repeated_problem.map(|p| view! {
                            <p class="field-error" role="alert">{t.repeat_password_label} " " {t.problem(p)}</p>
                        })}
                    </div>
                    <button type="submit" class="button">{t.set_password_button}</button>
                </form>
            </section>
        </Layout>
    }
}
