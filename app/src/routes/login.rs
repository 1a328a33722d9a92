//! `/inloggen`: log in with e-mail address and password.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::form_error;
use crate::api::accounts::LogIn;
use crate::components::{ErrorMessage, Layout};
use crate::i18n::texts;

/// The login form. It posts straight to the `log_in` server function, which sends the
/// browser on to the dashboard, or back here with the error in the address.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = texts();
    let error = form_error(LogIn::PATH);
    view! {
        <Title text=t.account.login_title />
        <Layout>
            <section class="account-form">
                <h1>{t.account.login_title}</h1>
                <p>{t.account.login_intro}</p>
                {error.map(|error| view! { <ErrorMessage error /> })}
                <form method="post" action=LogIn::PATH>
                    <div class="field">
                        <label for="login-email">{t.labels.email_label}</label>
                        <input id="login-email" name="email" type="email" autocomplete="username" required />
                    </div>
                    <div class="field">
                        <label for="login-password">{t.labels.password_label}</label>
                        <input id="login-password" name="password" type="password" autocomplete="current-password" required />
                    </div>
                    <button type="submit" class="button">{t.account.log_in_button}</button>
                </form>
                <p class="account-form__more"><a href="/wachtwoord-vergeten">{t.account.forgot_password_link}</a></p>
            </section>
        </Layout>
    }
}
