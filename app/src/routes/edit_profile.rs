//! `/beheer/profiel`: a company user edits their company's profile. The form posts to
//! `save_profile`; a refused form comes back with what was typed and the problems, and a
//! stale one with what someone else saved in between.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::form_error;
use crate::api::own_profile::{OwnProfile, SaveProfile, load_own_profile};
use crate::components::form_check::FormCheck;
use crate::components::form_fields::{ErrorSlot, problem_of};
use crate::components::location_picker::PickerStart;
use crate::components::map_attribution::attribution_text;
use crate::components::{Input, Layout, Loaded, LocationPicker, MapAttribution, RefusalNotice, SelectField, TextField};
use crate::domain::{Field, FieldError, Municipality, NewCompany, ProfileForm, SizeBand};
use crate::error::AppError;
use crate::i18n::texts;
use crate::map::LatLon;

#[component]
pub fn EditProfilePage() -> impl IntoView {
    let t = texts();
    let error = form_error(SaveProfile::PATH);
    let stored = Resource::new(|| (), |_| load_own_profile());
    view! {
        <Title text=t.edit.edit_profile_title />
        <Layout>
            <section class="edit-page">
                <p><a href="/beheer">{t.edit.back_to_dashboard}</a></p>
                <h1>{t.edit.edit_profile_title}</h1>
                <Loaded resource=stored let:profile>
                    <ProfileFormView profile error=error.clone() />
                </Loaded>
            </section>
        </Layout>
    }
}

#[component]
fn ProfileFormView(profile: OwnProfile, error: Option<AppError>) -> impl IntoView {
    let t = texts();
    let form: ProfileForm = AppError::draft_of(error.as_ref()).unwrap_or_else(|| profile.form.clone());
    let errors: Vec<FieldError> = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let municipalities = Municipality::ALL
        .iter()
        .map(|m| (m.code().to_owned(), m.name().to_owned()))
        .collect::<Vec<_>>();
    let sizes = SizeBand::ALL
        .iter()
        .map(|s| (s.code().to_owned(), t.words.size_band(*s)))
        .collect::<Vec<_>>();
    let fields_problem = problem_of(&errors, "fields");
    view! {
        {error.map(|error| view! { <RefusalNotice error /> })}
        <FormCheck>
        <form method="post" action=SaveProfile::PATH class="edit-form">
            <input type="hidden" name="form[version]" value=form.version />
            <TextField name="name" label=t.labels.company_name_label value=form.name.clone()
                input=Input::Text(NewCompany::NAME_MAX as u32) required=true errors=errors.clone() />
            <fieldset class="edit-form__group" aria-describedby="fields-hint">
                <legend>{t.labels.fields_label}</legend>
                <p class="field-hint" id="fields-hint">{t.edit.fields_hint}</p>
                <div class="edit-form__days">
                    {Field::ALL.iter().map(|field| {
                        let id = format!("field-of-work-{}", field.code());
                        let label_for = id.clone();
                        view! {
                            <label class="field--check" for=label_for>
                                <input type="checkbox" id=id name=format!("form[fields][{}]", field.code()) value="on"
                                    checked=form.has_field(*field) />
                                {t.words.field(*field)}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <ErrorSlot id="field-fields-error".to_owned() label=t.labels.fields_label problem=fields_problem />
            </fieldset>
            <TextField name="description_nl" label=t.labels.description_nl_label value=form.description_nl.clone()
                input=Input::Paragraph(NewCompany::DESCRIPTION_MAX as u32) errors=errors.clone() />
            <TextField name="description_en" label=t.labels.description_en_label value=form.description_en.clone()
                input=Input::Paragraph(NewCompany::DESCRIPTION_MAX as u32) hint=t.edit.optional_hint errors=errors.clone() />
            <div class="edit-form__row">
                <TextField name="street_address" label=t.labels.street_label value=form.street_address.clone()
                    input=Input::Text(200) required=true errors=errors.clone() />
                <TextField name="postcode" label=t.labels.postcode_label value=form.postcode.clone()
                    input=Input::Postcode required=true errors=errors.clone() />
            </div>
            <div class="edit-form__row">
                <TextField name="town" label=t.labels.town_label value=form.town.clone() input=Input::Text(80)
                    required=true errors=errors.clone() />
                <SelectField name="municipality" label=t.labels.municipality_label value=form.municipality.clone()
                    options=municipalities required=true errors=errors.clone() />
            </div>
            <fieldset class="edit-form__group" aria-describedby="location-hint">
                <legend>{t.labels.location_label}</legend>
                <p class="field-hint" id="location-hint">{t.edit.location_hint}</p>
                {PickerStart {
                    latitude: form.latitude.clone(),
                    longitude: form.longitude.clone(),
                    fallback: LatLon::new(profile.latitude, profile.longitude),
                    errors: errors.clone(),
                }
                .carrier()}
                <LocationPicker />
                <MapAttribution class="location-map__attribution" attribution=attribution_text() />
            </fieldset>
            <div class="edit-form__row">
                <TextField name="website" label=t.labels.website_label value=form.website.clone() input=Input::Text(300)
                    hint=t.edit.optional_hint errors=errors.clone() />
                <SelectField name="size_band" label=t.labels.size_label value=form.size_band.clone() options=sizes
                    required=true errors=errors.clone() />
            </div>
            <div class="edit-form__row">
                <TextField name="contact_name" label=t.labels.contact_name_label value=form.contact_name.clone()
                    input=Input::Text(120) hint=t.edit.optional_hint errors=errors.clone() />
                <TextField name="contact_email" label=t.labels.contact_email_label value=form.contact_email.clone()
                    input=Input::Email hint=t.edit.optional_hint errors=errors.clone() />
                <TextField name="contact_phone" label=t.labels.contact_phone_label value=form.contact_phone.clone()
                    input=Input::Text(40) hint=t.edit.optional_hint errors=errors.clone() />
            </div>
            <p class="field-hint">{t.edit.sbb_set_by_coordinator}</p>
            <button type="submit" class="button">{t.edit.save_button}</button>
        </form>
        </FormCheck>
        <LogoForm logo=profile.logo />
    }
}

/// The logo upload: a form of its own (a file cannot travel in the profile's form
/// encoding), posting to `/beheer/logo`, which sends the browser back here with
/// `?logo=1` or `?logo_fout={code}`.
#[component]
fn LogoForm(logo: Option<String>) -> impl IntoView {
    let t = texts();
    let (saved, refusal) =
        leptos_router::hooks::use_query_map().with_untracked(|q| (q.get("logo").is_some(), q.get("logo_fout")));
    view! {
        <section class="edit-form__group logo-form" id="logo" aria-labelledby="logo-heading">
            <h2 id="logo-heading">{t.labels.logo_heading}</h2>
            {saved.then(|| view! { <p class="notice" role="status">{t.edit.logo_saved}</p> })}
            {refusal.map(|code| view! { <p class="error-message" role="alert">{t.logo_refusal(&code)}</p> })}
            {logo.map(|src| view! { <img class="logo-form__current" src=src alt=t.edit.current_logo /> })}
            <form method="post" action="/beheer/logo" enctype="multipart/form-data" class="edit-form">
                <div class="field">
                    <label for="logo-file">{t.edit.logo_label}</label>
                    <p class="field-hint" id="logo-hint">{t.edit.logo_intro}</p>
                    <input id="logo-file" name="logo" type="file" accept="image/png,image/jpeg,image/webp"
                        required aria-describedby="logo-hint" />
                </div>
                <button type="submit" class="button">{t.edit.logo_button}</button>
            </form>
        </section>
    }
}
