//! `/aanmelding/{token}`: a teacher's class sign-up, opened from the link in their mail:
//! the event, whether the class has places or waits, a form to change the number of
//! pupils and a button to cancel. The link is the only key; it names no account.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::sign_ups::{ChangeSignUp, ConfirmSignUp, OwnSignUp, load_sign_up};
use crate::components::form_fields::{ErrorSlot, problem_of};
use crate::components::{Layout, Loaded, RefusalNotice};
use crate::domain::SignUpStatus;
use crate::i18n::texts;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let t = texts();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let found = Resource::new(move || token.clone(), load_sign_up);
    view! {
        <Title text=format!("{} – {}", t.events.sign_up_page_title, t.site.site_name) />
        // The address holds the key to the sign-up: no page it links to may learn it.
        <Meta name="referrer" content="no-referrer" />
        <Layout>
            <h1>{t.events.sign_up_page_title}</h1>
            <Loaded resource=found let:own>
                <SignUpDetails own />
            </Loaded>
        </Layout>
    }
}

#[component]
fn SignUpDetails(own: OwnSignUp) -> impl IntoView {
    let t = texts();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let (changed, cancelled, confirmed) = use_query_map().with_untracked(|q| {
        (
            q.get("gewijzigd").is_some(),
            q.get("afgemeld").is_some(),
            q.get("bevestigd").is_some(),
        )
    });
    let error = super::form_error(ChangeSignUp::PATH);
    let problem = error.as_ref().and_then(|e| problem_of(e.field_errors(), "head_count"));
    let e = &own.event.event;
    let s = &own.sign_up;
    let open = s.status != SignUpStatus::Cancelled && !own.event.is_cancelled();
    let unconfirmed = open && s.confirmed_at.is_none();
    let status = if s.confirmed_at.is_none() && s.status != SignUpStatus::Cancelled {
        t.events.unconfirmed_status
    } else {
        t.events.sign_up_status(s.status)
    };
    let confirmed_notice = confirmed.then_some(match s.status {
        SignUpStatus::Confirmed => t.events.signed_up_notice,
        _ => t.events.waiting_notice,
    });
    view! {
        {confirmed_notice.map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
        {changed.then(|| view! { <p class="notice" role="status">{t.events.sign_up_changed_notice}</p> })}
        {cancelled.then(|| view! { <p class="notice" role="status">{t.events.sign_up_cancelled_notice}</p> })}
        {error.clone().filter(|_| problem.is_none()).map(|error| view! { <RefusalNotice error action=true /> })}
        <div class="profile-grid">
        <section class="profile-section">
            <h2><a href=super::events::event_href(own.event.id)>{t.pick(&e.title_nl, &e.title_en).to_owned()}</a></h2>
            <p class="event-head__when">{t.words.event_time(t.events, e.times)}</p>
            <p>{format!("{}, {}", e.venue.name, e.venue.town)}</p>
            <dl class="facts">
                <dt>{t.labels.status_label}</dt>
                <dd><strong>{status}</strong></dd>
                <dt>{t.events.teacher_name_label}</dt>
                <dd>{s.teacher_name.clone()}</dd>
                <dt>{t.events.school_label}</dt>
                <dd>{s.school.clone()}</dd>
                <dt>{t.events.head_count_label}</dt>
                <dd>{s.head_count}</dd>
            </dl>
            {own.event.is_cancelled().then(|| view! {
                <p class="error-message event-cancelled">
                    <strong>{t.events.cancelled_because}</strong> " " {own.event.cancel_reason.clone().unwrap_or_default()}
                </p>
            })}
        </section>
        {unconfirmed.then(|| view! {
            <section class="profile-section">
                <p>{t.events.confirm_sign_up_text}</p>
                <form method="post" action=ConfirmSignUp::PATH>
                    <input type="hidden" name="token" value=token.clone() />
                    <button type="submit" class="button">{t.events.confirm_sign_up_button}</button>
                </form>
            </section>
        })}
        {open.then(|| view! {
            <section class="profile-section">
                <form method="post" action=ChangeSignUp::PATH class="edit-form">
                    <input type="hidden" name="token" value=token.clone() />
                    <input type="hidden" name="change" value="head-count" />
                    <div class="field">
                        <label for="field-head-count">{t.events.head_count_label}</label>
                        <input id="field-head-count" name="head_count" type="number" min="1"
                            max=crate::domain::sign_ups::MAX_HEAD_COUNT value=s.head_count required
                            aria-describedby="field-head-count-error" aria-invalid=problem.is_some().then_some("true") />
                        <ErrorSlot id="field-head-count-error".to_owned() label=t.events.head_count_label problem=problem />
                    </div>
                    <button type="submit" class="button">{t.events.change_count_button}</button>
                </form>
                <form method="post" action=ChangeSignUp::PATH class="inline-form">
                    <input type="hidden" name="token" value=token.clone() />
                    <input type="hidden" name="change" value="cancel" />
                    <button type="submit" class="button button--danger">{t.events.cancel_sign_up_button}</button>
                </form>
            </section>
        })}
        </div>
    }
}
