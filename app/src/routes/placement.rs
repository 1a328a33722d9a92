//! `/bedrijven/{slug}/plekken/{id}`: one placement with every detail.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::company::ContactDetails;
use super::not_found::NotFound;
use crate::api::placements::get_placement;
use crate::components::{ErrorMessage, Layout, company_href};
use crate::domain::{Day, PlacementDetails, PlacementKind};
use crate::error::AppError;
use crate::i18n::texts;

/// Kind, level, qualification, hours, school day, start, duration, places, pay, and how
/// to contact the company.
#[component]
pub fn PlacementPage() -> impl IntoView {
    let t = texts();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("slug").unwrap_or_default(),
                p.get("id").and_then(|id| id.parse::<i64>().ok()),
            )
        })
    });
    let placement = Resource::new(
        move || key.get(),
        |(slug, id)| async move {
            match id {
                Some(id) => get_placement(slug, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Layout>
            <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                {move || Suspend::new(async move { view! { <PlacementView result=placement.await /> } })}
            </Suspense>
        </Layout>
    }
}

#[component]
fn PlacementView(result: Result<(PlacementDetails, Day), AppError>) -> impl IntoView {
    let t = texts();
    let (details, today) = match result {
        Ok(found) => found,
        Err(AppError::NotFound) => return view! { <NotFound text=t.company.placement_not_found /> }.into_any(),
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let p = &details.placement;
    let qualification = match (&p.qualification, &p.crebo) {
        (Some(name), Some(crebo)) => format!("{name} (crebo {})", crebo.as_str()),
        (Some(name), None) => name.clone(),
        (None, _) => t.words.not_stated.to_owned(),
    };
    let school_days = (p.kind == PlacementKind::Bbl).then(|| {
        let days: Vec<&str> = p.school_days.iter().map(|d| t.words.weekday(*d)).collect();
        if days.is_empty() {
            t.words.not_stated.to_owned()
        } else {
            days.join(", ")
        }
    });
    let start = p
        .start_date
        .map_or_else(|| t.words.not_stated.to_owned(), |day| t.words.day(day));
    let duration = match (p.kind, p.duration_months) {
        (PlacementKind::OrientationDay, _) => t.company.duration_one_day.to_owned(),
        (_, Some(months)) => t.words.months(months),
        (PlacementKind::Job, None) => t.company.duration_permanent.to_owned(),
        (_, None) => t.words.not_stated.to_owned(),
    };
    let summary: String = t.pick(&p.description_nl, &p.description_en).chars().take(160).collect();
    view! {
        <Title text=format!("{} {} {} – {}", p.title, t.company.placement_at, details.company_name, t.site.site_name) />
        <Meta name="description" content=summary />
        <p class="back-link">
            <a href=company_href(&details.company_slug)>"← " {details.company_name.clone()}</a>
        </p>
        <header class="profile-head">
            <h1>{p.title.clone()}</h1>
            <p class="profile-head__place">
                <a href=company_href(&details.company_slug)>{details.company_name.clone()}</a> ", " {details.town.clone()}
            </p>
            <p>
                <span class=format!("kind kind--{}", p.kind.code())>{t.words.kind(p.kind)}</span>
            </p>
        </header>
        {(!p.status.is_open()).then(|| view! { <p class="notice" role="status">{t.company.not_open_notice}</p> })}
        <div class="profile-grid">
            <section class="profile-section" aria-labelledby="details-heading">
                <h2 id="details-heading">{t.company.details_heading}</h2>
                <p>{t.pick(&p.description_nl, &p.description_en).to_owned()}</p>
                <dl class="facts">
                    <dt>{t.labels.kind_label}</dt>
                    <dd>{t.words.kind(p.kind)}</dd>
                    <dt>{t.labels.level_label}</dt>
                    <dd>{t.words.level(p.level)}</dd>
                    <dt>{t.labels.field_label}</dt>
                    <dd>{t.words.field(p.field)}</dd>
                    <dt>{t.labels.qualification_label}</dt>
                    <dd>{qualification}</dd>
                    <dt>{t.company.hours_label}</dt>
                    <dd>{t.words.hours(p.hours_per_week, p.days_per_week)}</dd>
                    {school_days.map(|days| view! {
                        <dt>{t.labels.school_days_label}</dt>
                        <dd>{days}</dd>
                    })}
                    <dt>{t.labels.start_label}</dt>
                    <dd>{start}</dd>
                    <dt>{t.company.duration_label}</dt>
                    <dd>{duration}</dd>
                    <dt>{t.labels.places_label}</dt>
                    <dd>{t.words.places(p.places)}</dd>
                    <dt>{t.company.pay_label}</dt>
                    <dd>{t.words.pay(p.pay_min_eur, p.pay_max_eur)}</dd>
                    <dt>{t.labels.status_label}</dt>
                    <dd>{t.words.status(p.status)}</dd>
                    <dt>{t.labels.last_confirmed_label}</dt>
                    <dd>{t.words.day(p.last_confirmed_on)}</dd>
                </dl>
            </section>
            {p.status.is_open().then(|| view! { <InterestSection about=InterestAboutField::Placement(details.id) today /> })}
            <section class="profile-section" aria-labelledby="apply-heading">
                <h2 id="apply-heading">{t.company.apply_heading}</h2>
                <p>{t.company.apply_text}</p>
                <ContactDetails
                    name=details.contact_name.clone()
                    email=details.contact_email.clone()
                    phone=details.contact_phone.clone()
                    website=details.website.clone()
                />
                <p>
                    <a class="button" href=company_href(&details.company_slug)>{t.company.to_company}</a>
                </p>
            </section>
        </div>
    }
    .into_any()
}

/// What an "I'm interested" form is about: the hidden field it sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterestAboutField {
    Placement(i64),
    OrientationDay(i64),
}

/// "I'm interested": a short form, folded away until asked for (no script needed), that
/// comes back open with what was typed when the server refused it. On a placement's page
/// and on an orientation day's.
#[component]
pub(crate) fn InterestSection(about: InterestAboutField, today: Day) -> impl IntoView {
    use crate::api::interests::{ExpressEventInterest, ExpressInterest};
    use crate::components::RefusalNotice;
    use leptos::server_fn::ServerFn;

    let t = texts();
    let i = t.interests;
    let (action, field, id, heading, intro) = match about {
        InterestAboutField::Placement(id) => (ExpressInterest::PATH, "placement_id", id, i.form_heading, i.form_intro),
        InterestAboutField::OrientationDay(id) => (
            ExpressEventInterest::PATH,
            "event_id",
            id,
            i.event_form_heading,
            i.event_form_intro,
        ),
    };
    let error = super::form_error(action);
    let sent = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("interesse").is_some());
    let draft = interest_draft(error.as_ref());
    let errors = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let open = error.is_some();
    view! {
        <leptos_meta::Stylesheet href=super::WORKSPACE_CSS />
        <section class="profile-section profile-section--wide interest" id="interesse" aria-labelledby="interest-heading">
            <h2 id="interest-heading">{heading}</h2>
            {sent.then(|| view! { <p class="notice" role="status">{i.sent_notice}</p> })}
            <p>{intro}</p>
            {error.map(|error| match error {
                AppError::TooManyAttempts(_) => view! { <p class="error-message" role="alert">{i.too_many}</p> }.into_any(),
                error => view! { <RefusalNotice error /> }.into_any(),
            })}
            <details class="interest__fold" open=open>
                <summary class="button">{i.open_form}</summary>
                <form method="post" action=action class="edit-form interest__form">
                    <input type="hidden" name=field value=id />
                    <InterestFields draft errors today student=true />
                    <p class="field-hint">{i.privacy_note} " " <a href="/privacy">{t.site.privacy_link}</a></p>
                    <button type="submit" class="button">{i.send_button}</button>
                </form>
            </details>
        </section>
    }
}

/// The orientation day an interest was said on, as a line under what it is about.
#[component]
pub(crate) fn OrientationDayLine(event: crate::domain::interests::InterestEvent) -> impl IntoView {
    let t = texts();
    view! {
        <p class="interest-event">
            {t.interests.orientation_day} ": "
            <a href=super::events::event_href(event.event_id)>{t.pick(&event.title_nl, &event.title_en).to_owned()}</a>
            {format!(" · {}, {}", t.words.moment(event.starts_at), event.town)}
        </p>
    }
}

/// What a refused interest form sent back to fill it in again; empty without one.
pub(crate) fn interest_draft(error: Option<&AppError>) -> crate::domain::InterestForm {
    AppError::draft_of(error).unwrap_or_default()
}

/// The fields of an interest form, filled with `draft` and marked with `errors`; the
/// parent's address only for a `student` (a coordinator or teacher registering for a
/// school does not ask it). A teacher's `school` is shown, not asked: the server takes it
/// from their account. Shared by the placement page and the registration form.
#[component]
pub(crate) fn InterestFields(
    draft: crate::domain::InterestForm,
    errors: Vec<crate::domain::FieldError>,
    today: Day,
    student: bool,
    #[prop(default = None)] school: Option<String>,
) -> impl IntoView {
    use crate::components::{Input, SelectField, TextField};
    use crate::domain::interests::{FIRST_NAME_MAX, MOTIVATION_MAX, SCHOOL_MAX, START_MONTHS_AHEAD};
    use crate::domain::{AgeBand, Programme, StartMonth};

    let t = texts();
    let i = t.interests;
    // The student reads "you"; a coordinator filling it in for a school reads "the student".
    let (age_label, crebo_label, crebo_hint, email_hint, phone_hint, start_label, motivation_label) = if student {
        (
            i.age_label,
            i.crebo_label,
            i.crebo_hint,
            i.email_hint,
            i.phone_hint,
            i.start_label,
            i.motivation_label,
        )
    } else {
        let s = &i.for_school;
        (
            s.age_label,
            s.crebo_label,
            s.crebo_hint,
            s.email_hint,
            s.phone_hint,
            s.start_label,
            s.motivation_label,
        )
    };
    let age_problem = crate::components::form_fields::problem_of(&errors, "age_band");
    let first_month = StartMonth::of(today);
    let months: Vec<(String, String)> = std::iter::once(("now".to_owned(), i.start_now.to_owned()))
        .chain((0..=START_MONTHS_AHEAD).map(|ahead| {
            let month = first_month.plus(ahead);
            (
                month.code(),
                format!("{} {}", t.words.months[usize::from(month.month) - 1], month.year),
            )
        }))
        .collect();
    let programmes = Programme::ALL
        .iter()
        .map(|p| (p.code().to_owned(), i.programme(*p).to_owned()))
        .collect();
    view! {
        <TextField name="first_name" label=i.first_name_label value=draft.first_name.clone()
            input=Input::Text(FIRST_NAME_MAX as u32) required=true errors=errors.clone() />
        <fieldset class="edit-form__group" aria-describedby="field-age-band-error">
            <legend>{age_label}</legend>
            <div class="edit-form__choices">
                {AgeBand::ALL.iter().map(|band| {
                    let id = format!("age-{}", band.code());
                    let label_for = id.clone();
                    view! {
                        <label class="field--check" for=label_for>
                            <input type="radio" id=id name="form[age_band]" value=band.code()
                                checked=draft.age_band == band.code() required=true />
                            {i.age_band(*band)}
                        </label>
                    }
                }).collect_view()}
            </div>
            <crate::components::form_fields::ErrorSlot id="field-age-band-error".to_owned() label=age_label problem=age_problem />
        </fieldset>
        {match school {
            Some(school) => view! {
                <p class="fixed-field"><strong>{i.school_label}</strong> ": " {school}</p>
            }
            .into_any(),
            None => view! {
                <TextField name="school" label=i.school_label value=draft.school.clone()
                    input=Input::Text(SCHOOL_MAX as u32) required=true errors=errors.clone() />
            }
            .into_any(),
        }}
        <div class="edit-form__row">
            <SelectField name="programme" label=i.programme_label value=draft.programme.clone()
                options=programmes required=true errors=errors.clone() />
            <TextField name="crebo" label=crebo_label hint=crebo_hint value=draft.crebo.clone()
                input=Input::Crebo errors=errors.clone() />
        </div>
        <div class="edit-form__row">
            <TextField name="email" label=t.labels.email_label hint=email_hint value=draft.email.clone()
                input=Input::Email required=true errors=errors.clone() />
            <TextField name="phone" label=i.phone_label hint=phone_hint value=draft.phone.clone()
                input=Input::Phone errors=errors.clone() />
        </div>
        <div class="edit-form__row">
            <SelectField name="start" label=start_label value=draft.start.clone()
                options=months required=true errors=errors.clone() />
            <TextField name="postcode" label=i.postcode_label hint=i.postcode_hint value=draft.postcode.clone()
                input=Input::PostcodeDigits errors=errors.clone() />
        </div>
        <TextField name="motivation" label=motivation_label value=draft.motivation.clone()
            input=Input::Paragraph(MOTIVATION_MAX as u32) errors=errors.clone() />
        {student.then(|| view! {
            <TextField name="guardian_email" label=i.guardian_label hint=i.guardian_hint
                value=draft.guardian_email.clone() input=Input::Email errors=errors.clone() />
        })}
    }
}
