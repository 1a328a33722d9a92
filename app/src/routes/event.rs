//! `/evenementen/{id}`: one event with when, where (with a small map), for whom, how to
//! take part, who organises it, "add to my calendar" and a QR code to this page. A
//! cancelled event says so and why; a past one says it is over.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::events::{event_href, state_badge};
use super::not_found::NotFound;
use crate::api::events::get_public_event;
use crate::api::sign_ups::SignUpClass;
use crate::components::{ErrorMessage, Layout, LocationMap};
use crate::components::{Input, RefusalNotice, TextField};
use crate::domain::{Event, Instant, Occupancy, Organiser, Participation, SignUpForm};
use crate::error::AppError;
use crate::i18n::texts;
use leptos::server_fn::ServerFn;

/// The address of an event's single-event calendar file.
pub fn calendar_href(id: i64) -> String {
    format!("{}/agenda.ics", event_href(id))
}

/// The address of the QR code that leads to an event's page.
pub fn qr_href(id: i64) -> String {
    format!("{}/qr.svg", event_href(id))
}

#[component]
pub fn EventPage() -> impl IntoView {
    let t = texts();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let event = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => {
                    let (event, now) = get_public_event(id).await?;
                    let occupancy = crate::api::sign_ups::event_occupancy(id).await?;
                    Ok((event, now, occupancy))
                }
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Layout>
            <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                {move || Suspend::new(async move { view! { <EventDetails result=event.await /> } })}
            </Suspense>
        </Layout>
    }
}

#[component]
fn EventDetails(result: Result<(Event, Instant, Occupancy), AppError>) -> impl IntoView {
    let t = texts();
    let (event, now, occupancy) = match result {
        Ok(found) => found,
        Err(AppError::NotFound) => return view! { <NotFound text=t.events.event_not_found /> }.into_any(),
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let e = &event.event;
    let title = t.pick(&e.title_nl, &e.title_en).to_owned();
    let description = t.pick(&e.description_nl, &e.description_en).to_owned();
    let summary: String = description.chars().take(160).collect();
    let v = &e.venue;
    let address = format!("{}, {} {}", v.street_address, v.postcode, v.town);
    let map_label = format!("{}: {}, {}", t.labels.location_label, v.name, address);
    let organiser = match &event.organiser {
        Organiser::Company { slug, name, .. } => {
            view! { <a href=format!("/bedrijven/{slug}")>{name.clone()}</a> }.into_any()
        }
        Organiser::Region(region) => t.events.region_organiser.replace("{region}", region.name()).into_any(),
    };
    let audiences: Vec<&str> = e.audiences.iter().map(|a| t.events.audience(*a)).collect();
    let taking_part = match (e.participation, &e.sign_up_url) {
        (Participation::ExternalLink, Some(url)) => view! {
            <p>{t.events.participation(e.participation)}</p>
            <p><a class="button" href=url.clone() rel="noopener external">{t.events.sign_up_link}</a></p>
        }
        .into_any(),
        (Participation::ClassSignUp, _) => view! { <p>{t.events.participation(e.participation)}</p> }.into_any(),
        _ => view! { <p>{t.events.participation(e.participation)}</p> }.into_any(),
    };
    let past = event.is_past(now);
    let interest = event
        .takes_interest(now)
        .then(|| (event.id, crate::domain::Day::in_amsterdam_at(now)));
    view! {
        <Title text=format!("{} – {}", title, t.site.site_name) />
        <Meta name="description" content=summary />
        <p class="back-link"><a href="/evenementen">"← " {t.events.back_to_events}</a></p>
        <header class="profile-head event-head">
            <p class="event-head__kind">
                <span class=format!("kind kind--event kind--{}", e.kind.code())>{t.words.event_kind(e.kind)}</span>
                " " {state_badge(&event, now)}
            </p>
            <h1>{title}</h1>
            <p class="event-head__when">{t.words.event_time(t.events, e.times)}</p>
        </header>
        {event.cancel_reason.clone().filter(|_| event.is_cancelled()).map(|reason| view! {
            <p class="error-message event-cancelled" role="status"><strong>{t.events.cancelled_because}</strong> " " {reason}</p>
        })}
        <div class="profile-grid">
            <section class="profile-section profile-section--wide" aria-labelledby="about-heading">
                <h2 id="about-heading" class="visually-hidden">{t.company.about_heading}</h2>
                {(!description.is_empty()).then(|| view! { <p class="event-description">{description.clone()}</p> })}
                <dl class="facts event-facts">
                    <dt>{t.events.when_heading}</dt>
                    <dd>{t.words.event_time(t.events, e.times)}</dd>
                    <dt>{t.events.where_heading}</dt>
                    <dd>{v.name.clone()} <br /> {address.clone()}</dd>
                    <dt>{t.events.for_whom_heading}</dt>
                    <dd>{audiences.join(", ")}</dd>
                    <dt>{t.events.organised_by}</dt>
                    <dd>{organiser}</dd>
                    {e.capacity.map(|n| view! { <dt>{t.events.capacity_label}</dt> <dd>{t.events.capacity.of(n)}</dd> })}
                </dl>
            </section>
            {(!past && !event.is_cancelled()).then(|| view! {
                <section class="profile-section" aria-labelledby="join-heading">
                    <h2 id="join-heading">{t.events.how_to_join_heading}</h2>
                    {taking_part}
                    <p><a class="button button--secondary" href=calendar_href(event.id) rel="external" download>{t.events.add_to_calendar}</a></p>
                </section>
            })}
            {interest.map(|(id, today)| view! {
                <super::placement::InterestSection about=super::placement::InterestAboutField::OrientationDay(id) today />
            })}
            {(!past && !event.is_cancelled() && e.participation == Participation::ClassSignUp)
                .then_some(e.capacity)
                .flatten()
                .map(|capacity| view! { <ClassSignUp event_id=event.id capacity occupancy /> })}
            <section class="profile-section" aria-labelledby="qr-heading">
                <h2 id="qr-heading" class="visually-hidden">{t.events.qr_caption}</h2>
                <figure class="event-qr">
                    <img src=qr_href(event.id) alt="" width="160" height="160" />
                    <figcaption>{t.events.qr_caption}</figcaption>
                </figure>
            </section>
            <section class="profile-section profile-section--wide" aria-labelledby="location-heading">
                <h2 id="location-heading">{t.labels.location_label}</h2>
                <LocationMap latitude=v.latitude longitude=v.longitude label=map_label />
            </section>
        </div>
    }
    .into_any()
}

/// The class sign-up form: places left (or the waiting list), and what became of a
/// sign-up just sent.
#[component]
fn ClassSignUp(event_id: i64, capacity: i64, occupancy: Occupancy) -> impl IntoView {
    let t = texts();
    let error = super::form_error(SignUpClass::PATH);
    let done = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("aangemeld"));
    let draft: SignUpForm = AppError::draft_of(error.as_ref()).unwrap_or_default();
    let errors = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let free = occupancy.free(capacity);
    let full = free == 0 || occupancy.waiting > 0;
    let notice = done.map(|_| t.events.confirm_mail_notice);
    view! {
        <section class="profile-section profile-section--wide sign-up" id="aanmelden" aria-labelledby="sign-up-heading">
            <h2 id="sign-up-heading">{t.events.sign_up_heading}</h2>
            {notice.map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
            <p>{t.events.sign_up_intro}</p>
            <p class="sign-up__places"><strong>{if full { t.events.full_note.to_owned() } else { t.events.places_left.of(free) }}</strong></p>
            {error.map(|error| match error {
                AppError::TooManyAttempts(_) => view! { <p class="error-message" role="alert">{t.events.sign_up_limit}</p> }.into_any(),
                error => view! { <RefusalNotice error /> }.into_any(),
            })}
            <form method="post" action=SignUpClass::PATH class="edit-form sign-up__form">
                <input type="hidden" name="event_id" value=event_id />
                <div class="edit-form__row">
                    <TextField scope="sign-up" name="teacher_name" label=t.events.teacher_name_label value=draft.teacher_name.clone()
                        input=Input::Text(crate::domain::sign_ups::NAME_MAX as u32) required=true errors=errors.clone() />
                    <TextField scope="sign-up" name="school" label=t.events.school_label value=draft.school.clone()
                        input=Input::Text(crate::domain::sign_ups::NAME_MAX as u32) required=true errors=errors.clone() />
                </div>
                <div class="edit-form__row">
                    <TextField scope="sign-up" name="email" label=t.labels.email_label value=draft.email.clone() input=Input::Email
                        required=true errors=errors.clone() />
                    <TextField scope="sign-up" name="head_count" label=t.events.head_count_label value=draft.head_count.clone()
                        input=Input::Number(1, capacity.min(crate::domain::sign_ups::MAX_HEAD_COUNT)) required=true errors=errors.clone() />
                </div>
                <button type="submit" class="button">{t.events.sign_up_button}</button>
            </form>
        </section>
    }
}
