//! `/wachtwoord-vergeten`: ask for a link to choose a new password. The page says the
//! same thing afterwards whether or not the address has an account.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form_error;
use crate::api::accounts::ForgotPassword;
use crate::components::{ErrorMessage, Layout};
use crate::error::AppError;
use crate::i18n::texts;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = texts();
    let sent = use_query_map().with_untracked(|q| q.get("verstuurd").is_some());
    let error = form_error(ForgotPassword::PATH);
    let email_problem = error
        .as_ref()
        .and_then(|e| crate::components::form_fields::problem_of(e.field_errors(), "email"));
    let general = error.filter(|e| !matches!(e, AppError::Validation(_)));
    view! {
        <Title text=t.account.forgot_title />
        <Layout>
            <section class="account-form">
                <h1>{t.account.forgot_title}</h1>
                {if sent {
                    view! { <p class="notice" role="status">{t.account.forgot_sent}</p> }.into_any()
                } else {
                    view! {
                        <p id="forgot-intro">{t.account.forgot_intro}</p>
                        {general.map(|error| view! { <ErrorMessage error /> })}
                        <form method="post" action=ForgotPassword::PATH>
                            <div class="field">
                                <label for="forgot-email">{t.labels.email_label}</label>
                                <input id="forgot-email" name="email" type="email" autocomplete="username" required
                                    aria-describedby="forgot-intro"
                                    aria-invalid=email_problem.is_some().then_some("true") />
                                {email_problem.map(|p| view! { <p class="field-error" role="alert">{t.labels.email_label} " " {t.words.problem(p)}</p> })}
                            </div>
                            <button type="submit" class="button">{t.account.forgot_button}</button>
                        </form>
                    }.into_any()
                }}
            </section>
        </Layout>
    }
}
