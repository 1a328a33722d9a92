//! `/beheer/schermen/koppel?code=…`: a coordinator or company user pairs the TV that
//! shows this code and names it. The TV's QR code opens this page with the code filled
//! in; typed by hand, case, spaces and dashes do not matter. Posts to `pair_screen`.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form_error;
use crate::api::screens::PairScreen;
use crate::components::{Input, Layout, Loaded, RefusalNotice, TextField};
use crate::domain::{FieldError, ScreenForm};
use crate::error::AppError;
use crate::i18n::texts;

#[component]
pub fn PairScreenPage() -> impl IntoView {
    let t = texts();
    let error = form_error(PairScreen::PATH);
    let code = use_query_map().with_untracked(|q| q.get("code")).unwrap_or_default();
    let form = AppError::draft_of(error.as_ref()).unwrap_or_else(|| ScreenForm {
        code,
        ..ScreenForm::new_screen()
    });
    let errors: Vec<FieldError> = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let chooses_region = Resource::new(|| (), |_| crate::api::screens::screen_region_is_chosen());
    view! {
        <Title text=t.screens.pair_title />
        <Layout>
            <section class="edit-page">
                <p><a href="/beheer/schermen">{t.edit.back_to_dashboard}</a></p>
                <h1>{t.screens.pair_title}</h1>
                <p class="field-hint">{t.screens.pair_hint}</p>
                {error.clone().map(|error| view! { <RefusalNotice error /> })}
                <Loaded resource=chooses_region let:with_region>
                    <form method="post" action=PairScreen::PATH class="edit-form">
                        <TextField name="code" label=t.screens.code_label value=form.code.clone()
                            input=Input::Text(12) required=true errors=errors.clone() />
                        <ScreenSettingsFields form=form.clone() errors=errors.clone() with_region />
                        <button type="submit" class="button">{t.screens.pair_button}</button>
                    </form>
                </Loaded>
            </section>
        </Layout>
    }
}

/// The settings of a screen as form fields of the struct argument `form` (also on the
/// screen's edit page). `with_region` offers the region, which only a coordinator of both
/// regions chooses (the server ignores it for everyone else).
#[component]
pub fn ScreenSettingsFields(
    form: ScreenForm,
    errors: Vec<FieldError>,
    #[prop(optional)] with_region: bool,
) -> impl IntoView {
    use crate::components::SelectField;
    use crate::domain::{OnDays, Orientation, Region, ScreenSettings, ScreenShows};

    let t = texts();
    let s = t.screens;
    let orientations: Vec<(String, String)> = Orientation::ALL
        .iter()
        .map(|o| (o.code().to_owned(), s.orientation(*o).to_owned()))
        .collect();
    let shows: Vec<(String, String)> = ScreenShows::ALL
        .iter()
        .map(|o| (o.code().to_owned(), s.shows(*o).to_owned()))
        .collect();
    let days: Vec<(String, String)> = OnDays::ALL
        .iter()
        .map(|o| (o.code().to_owned(), s.on_days(*o).to_owned()))
        .collect();
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.code().to_owned(), r.name().to_owned()))
        .collect();
    let region = with_region.then(|| {
        view! {
            <SelectField name="region" label=s.region_label value=form.region.clone() options=regions errors=errors.clone() />
        }
    });
    view! {
        <input type="hidden" name="form[version]" value=form.version />
        <TextField name="screen_name" label=s.screen_name_label value=form.screen_name.clone()
            input=Input::Text(ScreenSettings::NAME_MAX as u32) hint=s.screen_name_hint required=true errors=errors.clone() />
        {region}
        <SelectField name="orientation" label=s.orientation_label value=form.orientation.clone() options=orientations
            required=true errors=errors.clone() />
        <SelectField name="shows" label=s.shows_label value=form.shows.clone() options=shows required=true errors=errors.clone() />
        <SelectField name="on_days" label=s.on_days_label value=form.on_days.clone() options=days required=true errors=errors.clone() />
        <div class="edit-form__row">
            <TextField name="on_from" label=s.on_from_label value=form.on_from.clone() input=Input::Time required=true
                errors=errors.clone() />
            <TextField name="on_until" label=s.on_until_label value=form.on_until.clone() input=Input::Time required=true
                errors=errors />
        </div>
    }
}
