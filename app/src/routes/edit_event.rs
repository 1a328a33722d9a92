//! `/beheer/evenementen/nieuw` and `/beheer/evenementen/{id}`: a company user or a
//! coordinator adds or edits an event, and cancels, reinstates, hides or shows it. The
//! form posts to `save_event`; a refused form comes back with what was typed, the
//! message at each wrong field, and for a stale form what someone else saved between.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::form_error;
use crate::api::events::{ChangeEvent, EditableEvent, SaveEvent, load_editable_event};
use crate::components::form_check::FormCheck;
use crate::components::form_fields::{ErrorSlot, problem_of};
use crate::components::location_picker::PickerStart;
use crate::components::map_attribution::attribution_text;
use crate::components::{Input, Layout, Loaded, LocationPicker, MapAttribution, RefusalNotice, SelectField, TextField};
use crate::domain::events::{AT_COMPANY, AT_VENUE};
use crate::domain::{Audience, Event, EventChange, EventKind, FieldError, Municipality, NewEvent, Participation};
use crate::error::AppError;
use crate::i18n::texts;

#[component]
pub fn EditEventPage() -> impl IntoView {
    let t = texts();
    // `nieuw` (or anything that is not a number) adds an event.
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let error = form_error(SaveEvent::PATH);
    let draft = AppError::draft_of::<crate::domain::EventForm>(error.as_ref());
    let heading = if id.is_some() {
        t.events.edit_event_title
    } else {
        t.events.new_event_title
    };
    let stored = Resource::new(move || id, load_editable_event);
    view! {
        <Title text=heading />
        <Layout>
            <section class="edit-page">
                <p><a href="/beheer/evenementen">{t.edit.back_to_dashboard}</a></p>
                <h1>{heading}</h1>
                <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                    {
                        let draft = draft.clone();
                        let error = error.clone();
                        move || {
                            let draft = draft.clone();
                            let error = error.clone();
                            Suspend::new(async move {
                                match stored.await {
                                    Err(error) => super::account_page_error(error),
                                    Ok(mut editable) => {
                                        if let Some(draft) = draft {
                                            editable.form = draft;
                                        }
                                        let state = editable.stored.clone().map(|event| {
                                            let coordinator = editable.company_name.is_none();
                                            let sign_ups = (event.event.participation
                                                == crate::domain::Participation::ClassSignUp)
                                                .then(|| view! { <EventSignUps event=event.clone() /> });
                                            view! { <EventState event coordinator /> {sign_ups} }
                                        });
                                        let form = if editable.may_edit {
                                            view! { <EventFormView editable error /> }.into_any()
                                        } else {
                                            let id = editable.id.unwrap_or_default();
                                            view! {
                                                <p>
                                                    <a href=super::events::event_href(id)>{t.dashboard.view_public_page}</a>
                                                </p>
                                            }
                                            .into_any()
                                        };
                                        view! { {form} {state} }.into_any()
                                    }
                                }
                            })
                        }
                    }
                </Suspense>
            </section>
        </Layout>
    }
}

/// The event form, filled in with `editable.form`.
#[component]
fn EventFormView(editable: EditableEvent, error: Option<AppError>) -> impl IntoView {
    let t = texts();
    let form = editable.form;
    let errors: Vec<FieldError> = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let kinds = EventKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), t.words.event_kind(*k).to_owned()))
        .collect::<Vec<_>>();
    let participations = Participation::ALL
        .iter()
        .map(|p| (p.code().to_owned(), t.events.participation(*p).to_owned()))
        .collect::<Vec<_>>();
    let municipalities = Municipality::ALL
        .iter()
        .map(|m| (m.code().to_owned(), m.name().to_owned()))
        .collect::<Vec<_>>();
    let audience_problem = problem_of(&errors, "audiences");
    let place_problem = problem_of(&errors, "place");
    let at_company = form.place == AT_COMPANY && editable.company_name.is_some();
    let fallback = crate::map::LatLon::new(editable.map_centre.0, editable.map_centre.1);
    let picker = PickerStart {
        latitude: form.latitude.clone(),
        longitude: form.longitude.clone(),
        fallback,
        errors: errors.clone(),
    };
    view! {
        {error.map(|error| view! { <RefusalNotice error /> })}
        <FormCheck>
        <form method="post" action=SaveEvent::PATH class="edit-form">
            {editable.id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <input type="hidden" name="form[version]" value=form.version />
            <SelectField name="kind" label=t.events.event_kind_label value=form.kind.clone() options=kinds required=true errors=errors.clone() />
            <TextField name="title_nl" label=t.events.title_nl_label value=form.title_nl.clone()
                input=Input::Text(NewEvent::TITLE_MAX as u32) required=true errors=errors.clone() />
            <TextField name="title_en" label=t.events.title_en_label value=form.title_en.clone()
                input=Input::Text(NewEvent::TITLE_MAX as u32) hint=t.events.english_hint errors=errors.clone() />
            <p class="field-hint">{t.events.times_hint}</p>
            <div class="edit-form__row">
                <TextField name="start_day" label=t.events.start_day_label value=form.start_day.clone() input=Input::Date
                    required=true errors=errors.clone() />
                <TextField name="start_time" label=t.events.start_time_label value=form.start_time.clone() input=Input::Time
                    required=true errors=errors.clone() />
                <TextField name="end_day" label=t.events.end_day_label value=form.end_day.clone() input=Input::Date
                    required=true errors=errors.clone() />
                <TextField name="end_time" label=t.events.end_time_label value=form.end_time.clone() input=Input::Time
                    required=true errors=errors.clone() />
            </div>
            <fieldset class="edit-form__group">
                <legend>{t.events.place_label}</legend>
                {editable.company_name.clone().map(|name| view! {
                    <div class="edit-form__choices">
                        <label class="field--check" for="place-company">
                            <input type="radio" id="place-company" name="form[place]" value=AT_COMPANY checked=at_company />
                            {format!("{} ({name})", t.events.place_at_company)}
                        </label>
                        <label class="field--check" for="place-venue">
                            <input type="radio" id="place-venue" name="form[place]" value=AT_VENUE checked=!at_company />
                            {t.events.place_at_venue}
                        </label>
                    </div>
                })}
                {editable.company_name.is_none().then(|| view! { <input type="hidden" name="form[place]" value=AT_VENUE /> })}
                <ErrorSlot id="field-place-error".to_owned() label=t.events.place_label problem=place_problem />
                <p class="field-hint">{t.events.venue_hint}</p>
                <TextField name="venue_name" label=t.events.venue_name_label value=form.venue_name.clone()
                    input=Input::Text(NewEvent::VENUE_NAME_MAX as u32) errors=errors.clone() />
                <div class="edit-form__row">
                    <TextField name="street_address" label=t.labels.street_label value=form.street_address.clone()
                        input=Input::Text(200) errors=errors.clone() />
                    <TextField name="postcode" label=t.labels.postcode_label value=form.postcode.clone()
                        input=Input::Postcode errors=errors.clone() />
                </div>
                <div class="edit-form__row">
                    <TextField name="town" label=t.labels.town_label value=form.town.clone() input=Input::Text(80)
                        errors=errors.clone() />
                    <SelectField name="municipality" label=t.labels.municipality_label value=form.municipality.clone()
                        options=municipalities errors=errors.clone() />
                </div>
                <fieldset class="edit-form__group" aria-describedby="location-hint">
                    <legend>{t.labels.location_label}</legend>
                    <p class="field-hint" id="location-hint">{t.edit.location_hint}</p>
                    {picker.carrier()}
                    <LocationPicker />
                    <MapAttribution class="location-map__attribution" attribution=attribution_text() />
                </fieldset>
            </fieldset>
            <fieldset class="edit-form__group" aria-describedby="audiences-hint">
                <legend>{t.events.audiences_label}</legend>
                <p class="field-hint" id="audiences-hint">{t.events.audiences_hint}</p>
                <div class="edit-form__days">
                    {Audience::ALL.iter().map(|audience| {
                        let id = format!("audience-{}", audience.code());
                        let label_for = id.clone();
                        view! {
                            <label class="field--check" for=label_for>
                                <input type="checkbox" id=id name=format!("form[audiences][{}]", audience.code()) value="on"
                                    checked=form.has_audience(*audience) />
                                {t.events.audience(*audience)}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <ErrorSlot id="field-audiences-error".to_owned() label=t.events.audiences_label problem=audience_problem />
            </fieldset>
            <div class="edit-form__row">
                <SelectField name="participation" label=t.events.participation_label value=form.participation.clone()
                    options=participations required=true errors=errors.clone() />
                <TextField name="capacity" label=t.events.capacity_label value=form.capacity.clone()
                    input=Input::Number(1, NewEvent::CAPACITY_MAX) hint=t.events.capacity_hint errors=errors.clone() />
            </div>
            <TextField name="sign_up_url" label=t.events.sign_up_url_label value=form.sign_up_url.clone()
                input=Input::Text(NewEvent::URL_MAX as u32) hint=t.events.sign_up_url_hint errors=errors.clone() />
            <TextField name="description_nl" label=t.labels.description_nl_label value=form.description_nl.clone()
                input=Input::Paragraph(NewEvent::DESCRIPTION_MAX as u32) errors=errors.clone() />
            <TextField name="description_en" label=t.labels.description_en_label value=form.description_en.clone()
                input=Input::Paragraph(NewEvent::DESCRIPTION_MAX as u32) hint=t.events.english_hint errors=errors.clone() />
            <button type="submit" class="button">{t.edit.save_button}</button>
        </form>
        </FormCheck>
    }
}

/// Cancel (with a reason) or reinstate a stored event; a coordinator also hides or shows it.
#[component]
fn EventState(event: Event, coordinator: bool) -> impl IntoView {
    let t = texts();
    let error = form_error(ChangeEvent::PATH);
    let reason_problem = error.as_ref().and_then(|e| problem_of(e.field_errors(), "reason"));
    let (id, version) = (event.id, event.version);
    let change_form = move |change: EventChange, label: &'static str| {
        view! {
            <form method="post" action=ChangeEvent::PATH class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="change" value=change.code() />
                <button type="submit" class="button button--quiet">{label}</button>
            </form>
        }
    };
    view! {
        <section class="edit-form__group event-state" aria-labelledby="state-heading">
            <h2 id="state-heading">{t.events.state_heading}</h2>
            <p>
                <strong>{t.pick(&event.event.title_nl, &event.event.title_en).to_owned()}</strong>
                " · " {t.words.event_time(t.events, event.event.times)}
            </p>
            <p>
                {t.labels.status_label} ": " <strong>{t.events.event_status(event.status)}</strong>
                {event.cancel_reason.clone().map(|reason| format!(" ({reason})"))}
                {event.hidden.then(|| view! { " · " <span class="badge badge--past">{t.events.hidden_badge}</span> })}
            </p>
            {error.clone().filter(|_| reason_problem.is_none()).map(|error| view! { <RefusalNotice error action=true /> })}
            {if event.is_cancelled() {
                change_form(EventChange::Reinstate, t.events.reinstate_button).into_any()
            } else {
                view! {
                    <form method="post" action=ChangeEvent::PATH class="edit-form">
                        <input type="hidden" name="id" value=event.id />
                        <input type="hidden" name="version" value=event.version />
                        <input type="hidden" name="change" value=EventChange::Cancel.code() />
                        <div class="field">
                            <label for="field-reason">{t.events.reason_label}</label>
                            <p class="field-hint" id="field-reason-hint">{t.events.reason_hint}</p>
                            <input id="field-reason" name="reason" type="text" required maxlength=NewEvent::REASON_MAX
                                aria-describedby="field-reason-hint field-reason-error"
                                aria-invalid=reason_problem.is_some().then_some("true") />
                            <ErrorSlot id="field-reason-error".to_owned() label=t.events.reason_label problem=reason_problem />
                        </div>
                        <button type="submit" class="button button--danger">{t.events.cancel_button}</button>
                    </form>
                }.into_any()
            }}
            {coordinator.then(|| if event.hidden {
                change_form(EventChange::Show, t.events.show_button).into_any()
            } else {
                change_form(EventChange::Hide, t.events.hide_button).into_any()
            })}
        </section>
    }
}

/// The classes signed up for the event, in the order they came, with the CSV export.
#[component]
fn EventSignUps(event: Event) -> impl IntoView {
    let t = texts();
    let id = event.id;
    let capacity = event.event.capacity.unwrap_or(0);
    let found = Resource::new(move || id, crate::api::sign_ups::event_sign_ups);
    view! {
        <section class="edit-form__group" aria-labelledby="sign-ups-heading">
            <h2 id="sign-ups-heading">{t.events.sign_ups_heading}</h2>
            <Loaded resource=found let:found>
                {
                    let (sign_ups, occupancy) = found;
                    let summary = t
                        .events
                        .occupancy
                        .replace("{taken}", &occupancy.confirmed.to_string())
                        .replace("{capacity}", &capacity.to_string())
                        .replace("{waiting}", &occupancy.waiting.to_string());
                    view! {
                        <p>{summary}</p>
                        {if sign_ups.is_empty() {
                            view! { <p class="empty">{t.events.no_sign_ups}</p> }.into_any()
                        } else {
                            view! {
                                <table class="sign-ups">
                                    <thead><tr>
                                        <th scope="col">{t.labels.status_label}</th>
                                        <th scope="col">{t.events.teacher_name_label}</th>
                                        <th scope="col">{t.events.school_label}</th>
                                        <th scope="col">{t.labels.email_label}</th>
                                        <th scope="col">{t.events.head_count_label}</th>
                                        <th scope="col"><span class="visually-hidden">{t.events.remove_sign_up}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {sign_ups.into_iter().map(|s| view! {
                                            <tr>
                                                <td>{t.events.sign_up_status(s.status)}</td>
                                                <td>{s.teacher_name}</td>
                                                <td>{s.school}</td>
                                                <td>{s.email}</td>
                                                <td>{s.head_count}</td>
                                                <td>{(s.status != crate::domain::SignUpStatus::Cancelled).then(|| view! {
                                                    <RemoveSignUp event_id=id sign_up_id=s.id />
                                                })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        <p><a class="button button--secondary" href=format!("/beheer/evenementen/{id}/aanmeldingen.csv") rel="external" download>{t.events.export_csv}</a></p>
                    }.into_any()
                }
            </Loaded>
        </section>
    }
}

/// The organiser's form that removes one class's sign-up, with the reason the teacher is
/// mailed.
#[component]
fn RemoveSignUp(event_id: i64, sign_up_id: i64) -> impl IntoView {
    let t = texts();
    let field = format!("remove-reason-{sign_up_id}");
    view! {
        <details class="sign-ups__remove">
            <summary>{t.events.remove_sign_up}</summary>
            <form method="post" action=crate::api::sign_ups::RemoveSignUp::PATH class="board-card__form">
                <input type="hidden" name="event_id" value=event_id />
                <input type="hidden" name="id" value=sign_up_id />
                <label for=field.clone()>{t.events.remove_reason_label}</label>
                <p class="field-hint" id=format!("{field}-hint")>{t.events.remove_reason_hint}</p>
                <textarea id=field.clone() name="reason" rows="2" required=true
                    maxlength=crate::api::sign_ups::REMOVE_REASON_MAX as u32 aria-describedby=format!("{field}-hint")></textarea>
                <button type="submit" class="button button--danger">{t.events.remove_sign_up}</button>
            </form>
        </details>
    }
}
