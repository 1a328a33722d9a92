//! `/beheer/plekken/nieuw` and `/beheer/plekken/{id}`: a company user adds or edits one
//! of their placements. The form posts to `save_placement`; a refused form comes back
//! with what was typed, the message at each wrong field, and for a stale form what
//! someone else saved in between.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::form_error;
use crate::api::own_placements::{SavePlacement, load_own_placement};
use crate::components::form_check::FormCheck;
use crate::components::form_fields::ErrorSlot;
use crate::components::{Input, Layout, RefusalNotice, SelectField, TextField};
use crate::domain::placements::NewPlacement;
use crate::domain::{Field, FieldError, Level, PlacementForm, PlacementKind};
use crate::error::AppError;
use crate::i18n::texts;

#[component]
pub fn EditPlacementPage() -> impl IntoView {
    let t = texts();
    // `nieuw` (or anything that is not a number) adds a placement.
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let error = form_error(SavePlacement::PATH);
    let draft = AppError::draft_of::<PlacementForm>(error.as_ref());
    let heading = if id.is_some() {
        t.edit.edit_placement_title
    } else {
        t.edit.new_placement_title
    };
    let stored = Resource::new(
        move || id,
        move |id| async move {
            match id {
                Some(id) => load_own_placement(id).await.map(Some),
                None => crate::api::dashboard::dashboard().await.map(|_| None),
            }
        },
    );
    view! {
        <Title text=heading />
        <Layout>
            <section class="edit-page">
                <p><a href="/beheer">{t.edit.back_to_dashboard}</a></p>
                <h1>{heading}</h1>
                <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                    {
                        let draft = draft.clone();
                        let error = error.clone();
                        move || {
                            let draft = draft.clone();
                            let error = error.clone();
                            Suspend::new(async move {
                                let form = match (stored.await, draft) {
                                    (Err(error), _) => return super::account_page_error(error),
                                    (Ok(_), Some(draft)) => draft,
                                    (Ok(Some(own)), None) => PlacementForm::from_placement(&own.placement, own.version),
                                    (Ok(None), None) => PlacementForm {
                                        places: "1".to_owned(),
                                        ..PlacementForm::default()
                                    },
                                };
                                view! { <PlacementFormView id form error /> }.into_any()
                            })
                        }
                    }
                </Suspense>
            </section>
        </Layout>
    }
}

/// The placement form, filled in with `form`.
#[component]
fn PlacementFormView(id: Option<i64>, form: PlacementForm, error: Option<AppError>) -> impl IntoView {
    let t = texts();
    let errors: Vec<FieldError> = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let kinds = PlacementKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), t.words.kind(*k).to_owned()))
        .collect::<Vec<_>>();
    let levels = Level::ALL
        .iter()
        .map(|l| (l.code().to_owned(), t.words.level(*l).to_owned()))
        .collect::<Vec<_>>();
    let fields = Field::ALL
        .iter()
        .map(|f| (f.code().to_owned(), t.words.field(*f).to_owned()))
        .collect::<Vec<_>>();
    let school_problem = crate::components::form_fields::problem_of(&errors, "school_days");
    view! {
        {error.map(|error| view! { <RefusalNotice error /> })}
        <FormCheck>
        <form method="post" action=SavePlacement::PATH class="edit-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <input type="hidden" name="form[version]" value=form.version />
            <TextField name="title" label=t.labels.placement_title_label value=form.title.clone()
                input=Input::Text(NewPlacement::TITLE_MAX as u32) required=true errors=errors.clone() />
            <div class="edit-form__row">
                <SelectField name="kind" label=t.labels.kind_label value=form.kind.clone() options=kinds required=true errors=errors.clone() />
                <SelectField name="level" label=t.labels.level_label value=form.level.clone() options=levels required=true errors=errors.clone() />
                <SelectField name="field" label=t.labels.field_label value=form.field.clone() options=fields required=true errors=errors.clone() />
            </div>
            <div class="edit-form__row">
                <TextField name="places" label=t.labels.places_label value=form.places.clone() input=Input::Number(1, 100)
                    required=true errors=errors.clone() />
                <TextField name="start_date" label=t.labels.start_label value=form.start_date.clone() input=Input::Date
                    hint=t.edit.optional_hint errors=errors.clone() />
                <TextField name="duration_months" label=t.labels.duration_months_label value=form.duration_months.clone()
                    input=Input::Number(1, 60) hint=t.edit.optional_hint errors=errors.clone() />
            </div>
            <div class="edit-form__row">
                <TextField name="qualification" label=t.labels.qualification_label value=form.qualification.clone()
                    input=Input::Text(NewPlacement::QUALIFICATION_MAX as u32) hint=t.edit.optional_hint errors=errors.clone() />
                <TextField name="crebo" label=t.labels.crebo_label value=form.crebo.clone() input=Input::Crebo
                    hint=t.edit.crebo_hint errors=errors.clone() />
            </div>
            <div class="edit-form__row">
                <TextField name="hours_per_week" label=t.labels.hours_per_week_label value=form.hours_per_week.clone()
                    input=Input::Number(1, 60) hint=t.edit.optional_hint errors=errors.clone() />
                <TextField name="days_per_week" label=t.labels.days_per_week_label value=form.days_per_week.clone()
                    input=Input::Number(1, 6) hint=t.edit.optional_hint errors=errors.clone() />
            </div>
            <fieldset class="edit-form__group" aria-describedby="school-days-hint">
                <legend>{t.labels.school_days_label}</legend>
                <p class="field-hint" id="school-days-hint">{t.edit.school_days_hint}</p>
                <div class="edit-form__days">
                    {(1u8..=5).map(|day| {
                        let id = format!("school-day-{day}");
                        let label_for = id.clone();
                        view! {
                            <label class="field--check" for=label_for>
                                <input type="checkbox" id=id name=format!("form[school_days][{day}]") value="on"
                                    checked=form.has_school_day(day) />
                                {t.words.weekday(day)}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <ErrorSlot id="field-school-days-error".to_owned() label=t.labels.school_days_label problem=school_problem />
            </fieldset>
            <div class="edit-form__row">
                <TextField name="pay_min_eur" label=t.labels.pay_min_label value=form.pay_min_eur.clone()
                    input=Input::Number(0, 20_000) hint=t.edit.optional_hint errors=errors.clone() />
                <TextField name="pay_max_eur" label=t.labels.pay_max_label value=form.pay_max_eur.clone()
                    input=Input::Number(0, 20_000) hint=t.edit.optional_hint errors=errors.clone() />
            </div>
            <TextField name="description_nl" label=t.labels.description_nl_label value=form.description_nl.clone()
                input=Input::Paragraph(NewPlacement::DESCRIPTION_MAX as u32) errors=errors.clone() />
            <TextField name="description_en" label=t.labels.description_en_label value=form.description_en.clone()
                input=Input::Paragraph(NewPlacement::DESCRIPTION_MAX as u32) hint=t.edit.optional_hint errors=errors.clone() />
            <button type="submit" class="button">{t.edit.save_button}</button>
        </form>
        </FormCheck>
    }
}
