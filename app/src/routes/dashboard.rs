//! `/beheer`: the logged-in person's page. Without a live session it sends the browser
//! to the login page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::api::accounts::{DashboardData, LogOut, dashboard};
use crate::components::{ErrorMessage, Layout};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::texts;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = texts();
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <Title text=t.dashboard_title />
        <Layout>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(dashboard) => view! { <DashboardView dashboard /> }.into_any(),
                        Err(AppError::NotLoggedIn) => {
                            #[cfg(feature = "ssr")]
                            leptos_axum::redirect("/inloggen");
                            view! { <ErrorMessage error=AppError::NotLoggedIn /> }.into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Layout>
    }
}

#[component]
fn DashboardView(dashboard: DashboardData) -> impl IntoView {
    let t = texts();
    let role = match dashboard.role {
        Role::Coordinator => t.role_coordinator,
        Role::Company => t.role_company,
    };
    let coordinator = dashboard.role == Role::Coordinator;
    view! {
        <section class="dashboard">
            <h1>{t.dashboard_title}</h1>
            <p class="dashboard__who">
                {t.logged_in_as} " " <strong>{dashboard.email}</strong> " (" {role} ")"
            </p>
            <form method="post" action=LogOut::PATH>
                <button type="submit" class="button button--quiet">{t.log_out_button}</button>
            </form>
            {coordinator.then(|| view! {
                <section class="outbox" aria-labelledby="outbox-heading">
                    <h2 id="outbox-heading">{t.outbox_heading}</h2>
                    <p>{t.outbox_intro}</p>
                    {if dashboard.outbox.is_empty() {
                        view! { <p class="empty">{t.outbox_empty}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="outbox__list">
                                {dashboard.outbox.into_iter().map(|mail| view! {
                                    <li class="outbox__mail">
                                        <p class="outbox__subject"><strong>{mail.subject}</strong> " → " {mail.recipient}</p>
                                        <p class="outbox__when">{mail.created_at}</p>
                                        <pre class="outbox__body">{mail.body}</pre>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            })}
        </section>
    }
}
