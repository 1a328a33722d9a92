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
        <Title text=t.account.set_password_title />
        // The address holds a secret: it goes along only to this site (whose form answer
        // needs it to come back here), never to others.
        <Meta name="referrer" content="same-origin" />
        <Layout>
            <section class="account-form">
                <h1>{t.account.set_password_title}</h1>
                <p id="password-rules">{t.account.set_password_intro}</p>
                {general.map(|error| view! { <ErrorMessage error /> })}
                <form method="post" action=SetPassword::PATH>
                    <input type="hidden" name="token" value=token />
                    <PasswordField id="new-password" name="password" label=t.labels.new_password_label problem=password_problem rules=true />
                    <PasswordField id="repeat-password" name="repeated" label=t.labels.repeat_password_label problem=repeated_problem rules=false />
                    <button type="submit" class="button">{t.account.set_password_button}</button>
                </form>
            </section>
        </Layout>
    }
}

/// A labelled new-password input with its problem, if the server found one. With
/// `rules`, the browser checks the length too and the input points at the rules above.
#[component]
fn PasswordField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    problem: Option<crate::domain::Problem>,
    rules: bool,
) -> impl IntoView {
    let t = texts();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type="password"
                autocomplete="new-password"
                minlength=rules.then_some(MIN_PASSWORD_CHARS)
                maxlength=rules.then_some(MAX_PASSWORD_CHARS)
                required
                aria-describedby=rules.then_some("password-rules")
                aria-invalid=problem.is_some().then_some("true")
            />
            {problem.map(|p| view! { <p class="field-error" role="alert">{label} " " {t.words.problem(p)}</p> })}
        </div>
    }
}
